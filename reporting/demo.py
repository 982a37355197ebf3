"""The demo's reporting rounds: 2025, in which every state of the round page shows, now history, and the round of
the year the demo is loaded in, open, in which the demo officer of a unit that exists today has a report to write."""
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partners.models import NGO, Organisation
from projects.models import Programme
from reporting import services
from reporting.models import ReportingRound
from reporting.models.rounds import PROVINCE_TZ, default_deadline

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
        "ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "ubnd-tp-soc-trang", "so-nn-ptnt-soc-trang", "ubnd-huyen-cu-lao-dung",
    ])}

    ngos = {ngo.code: ngo for ngo in NGO.objects.filter(code__in=["demo-mekong-green-futures", "demo-children-first-foundation"])}

    def submitted(code, by, when):
        start = when - datetime.timedelta(days=2)
        report = services.report_start(round_=round_, organisation=units[code], by=by, now=start)
        report = services.report_save(
            report=report, by=by, expected_version=report.version, now=start,
            lines=_demo_lines(report, year), ngos=_demo_ngos(code, ngos), **TEXT,
        )
        return services.report_submit(report=report, by=by, now=when)

    submitted("ubnd-huyen-chau-thanh", officer, at(year, 12, 15, 10))  # on time
    submitted("hoi-nong-dan-soc-trang", farmers, at(year, 12, 22, 9))  # late, within the grace days
    returned = submitted("ubnd-tp-soc-trang", coordinator, at(year, 12, 18, 16))
    services.report_return(report=returned, by=coordinator, comment="Bổ sung số liệu giải ngân của từng dự án.", now=at(year, 12, 19, 8))
    accepted = submitted("so-nn-ptnt-soc-trang", coordinator, at(year, 12, 10, 9))
    services.report_accept(report=accepted, by=coordinator, now=at(year, 12, 12, 9))
    late_accepted = submitted("ubnd-huyen-cu-lao-dung", coordinator, at(year, 12, 23, 15))  # late, then accepted
    services.report_accept(report=late_accepted, by=coordinator, now=at(year, 12, 26, 9))
    # Sở Khoa học và Công nghệ and the rest send nothing: missing.
    return round_


# The round of the current year is due on 20 December; loaded later than this many days before, the demo gives the
# officers OPEN_FOR_DAYS days from the day it is loaded instead, so that a report can still be written and sent.
SHORTEST_NOTICE = 7
OPEN_FOR_DAYS = 30


@transaction.atomic
def load_current_round(programme, now=None):
    """The round of the current year of ``programme`` (the one covering it), in which the demo officer (cantho, UBND
    thành phố Cần Thơ) has a report to start and send. Created once; None when the round exists already (running
    twice changes nothing)."""
    today = (now or timezone.now()).astimezone(PROVINCE_TZ).date()
    if programme is None or ReportingRound.objects.filter(programme=programme, year=today.year).exists():
        return None
    deadline = default_deadline(today.year)
    if (deadline.astimezone(PROVINCE_TZ).date() - today).days < SHORTEST_NOTICE:
        deadline = datetime.datetime.combine(today + datetime.timedelta(days=OPEN_FOR_DAYS), datetime.time.max, tzinfo=PROVINCE_TZ)
    coordinator = get_user_model().objects.get(username="dieuphoi")
    return services.round_open(programme=programme, year=today.year, by=coordinator, deadline=deadline, grace_days=3)


# Per project, in turn: currency, rate to VND, committed and disbursed in the year, counterpart spent (million VND),
# beneficiaries. Foreign amounts are the agreements' own; the rate is a selling rate of the time.
DEMO_FIGURES = [
    ("USD", Decimal("25420"), Decimal("120000"), Decimal("80000"), Decimal("350"), 1200),
    ("VND", None, Decimal("1500000000"), Decimal("900000000"), Decimal("150"), 450),
    ("EUR", Decimal("29650"), Decimal("40000"), Decimal("40000"), Decimal("0"), 300),
]


def _demo_lines(report, year):
    lines = {}
    for index, line in enumerate(report.lines.order_by("project__sector__position", "project__position")):
        if index >= len(DEMO_FIGURES):
            break
        currency, rate, committed, disbursed, counterpart, people = DEMO_FIGURES[index]
        lines[line.pk] = {
            "status": "implementing", "currency": currency, "rate_to_vnd": rate,
            "rate_date": datetime.date(year, 12, 1) if rate else None, "rate_source": "Vietcombank, tỷ giá bán" if rate else "",
            "committed_year": committed, "disbursed_year": disbursed, "committed_total": committed, "disbursed_total": disbursed,
            "counterpart_spent": counterpart, "beneficiaries": people,
            "results": "Hoàn thành các hạng mục của năm theo kế hoạch.", "difficulties": "",
        }
    return lines


def _demo_ngos(code, ngos):
    entries = []
    if code in ("so-nn-ptnt-soc-trang", "ubnd-huyen-chau-thanh") and "demo-mekong-green-futures" in ngos:
        entries.append({"ngo": ngos["demo-mekong-green-futures"], "activities": "Tài trợ mô hình sinh kế thích ứng biến đổi khí hậu."})
    if code == "ubnd-huyen-cu-lao-dung":
        entries.append({"proposed_name": "Helvetas Swiss Intercooperation", "proposed_country": "CH", "activities": "Khảo sát nhu cầu nước sạch tại cù lao."})
    return entries
