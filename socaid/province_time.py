"""The province's clock: deadlines and days received are the province's, whatever time zone the server runs in."""
from zoneinfo import ZoneInfo

PROVINCE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
