"""A 2025 reporting round for the demo, in which every state of the round page shows."""
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from partners.models import Organisation
from projects.models import Programme
from reporting import services
from reporting.models import ReportingRound
from reporting.models.rounds import PROVINCE_TZ

TEXT = {
    "results": "Đã triển khai các hoạt động vận động viện trợ theo kế hoạch năm.",
    "difficulties": "Vốn đối ứng bố trí chậm; địa bàn sáp nhập từ 01/7/2025.",
    "proposals": "Đề nghị bố trí vốn đối ứng kịp thời cho các dự án đã được cam kết.",
}


def at(*args):
    return datetime.datetime(*args, tzinfo=PROVINCE_TZ)


@transaction.atomic
def load_demo_round(year=2025):
    """Create the round once; return it, or None when it exists already (running twice changes nothing)."""
    programme = Programme.objects.filter(code="03-ctr-ubnd-2020").first()
    if programme is None or ReportingRound.objects.filter(programme=programme, year=year).exists():
        return None
    User = get_user_model()
    coordinator = User.objects.get(username="dieuphoi")
    officer = User.objects.get(username="chauthanh")
    farmers = User.objects.get(username="hoinongdan")
    round_ = services.round_open(programme=programme, year=year, by=coordinator, grace_days=3)
    units = {org.code: org for org in Organisation.objects.filter(code__in=[
        "ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "ubnd-tp-soc-trang", "so-nn-ptnt-soc-trang", "so-kh-cn-soc-trang",
    ])}

    def submitted(code, by, when):
        report = services.report_start(round_=round_, organisation=units[code], by=by)
        report = services.report_save(report=report, by=by, expected_version=report.version, now=when - datetime.timedelta(days=2), **TEXT)
        return services.report_submit(report=report, by=by, now=when)

    submitted("ubnd-huyen-chau-thanh", officer, at(year, 12, 15, 10))  # on time
    submitted("hoi-nong-dan-soc-trang", farmers, at(year, 12, 22, 9))  # late, within the grace days
    returned = submitted("ubnd-tp-soc-trang", coordinator, at(year, 12, 18, 16))
    services.report_return(report=returned, by=coordinator, comment="Bổ sung số liệu giải ngân của từng dự án.", now=at(year, 12, 19, 8))
    accepted = submitted("so-nn-ptnt-soc-trang", coordinator, at(year, 12, 10, 9))
    services.report_accept(report=accepted, by=coordinator, now=at(year, 12, 12, 9))
    # Sở Khoa học và Công nghệ and the rest send nothing: missing.
    return round_
