"""The annual report form as an officer fills it in: units beside amounts, statuses a project can have in a year,
days as dd/mm/yyyy in either language, NGO rows added without saving, a confirmation before sending, and the
figures that do not square with the project bank flagged, never refused."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from projects.models import Project
from reporting import services
from reporting.models import AnnualReport, ReportLine, ReportNGO
from reporting.plausibility import points_to_check
from tests.support.report_forms import report_post, started
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db
SMART = "03-2020-i-01"


@pytest.fixture
def round_open(programme, users):
    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang"])
    return open_round(programme, users["coordinator"], units)


@pytest.fixture
def page(client, users, round_open):
    client.force_login(users["officer"])
    url = reverse("reporting:report", args=[round_open.pk, Organisation.objects.get(code="ubnd-huyen-chau-thanh").pk])
    return url, started(client, url)


def prefix_of(response, code=SMART):
    return next(form.prefix for form in response.context["lines"].forms if form.instance.project.code == code)


def units_beside(html, name):
    """The unit printed beside the input named ``name``."""
    match = re.search(rf'name="{re.escape(name)}"[^>]*>\s*<span class="unit"[^>]*>([^<]*)</span>', html)
    return match and match.group(1)


def smart_budget():
    return Project.objects.with_totals().get(code=SMART)


def test_every_amount_shows_its_unit_and_a_vnd_line_is_in_dong(client, page):
    url, response = page
    line = prefix_of(response)
    html = response.content.decode()
    assert units_beside(html, f"{line}-committed_year") == "đồng"  # a VND line: đồng, not million
    assert units_beside(html, f"{line}-counterpart_spent") == "triệu đồng"
    assert units_beside(html, f"{line}-beneficiaries") == "người"
    data = report_post(response, **{f"{line}-currency": "USD", f"{line}-rate_to_vnd": "25.000", f"{line}-committed_year": "40.000"})
    assert client.post(url, data).status_code == 302
    html = client.get(url).content.decode()
    assert units_beside(html, f"{line}-committed_year") == "USD" and units_beside(html, f"{line}-disbursed_total") == "USD"
    assert units_beside(html, f"{line}-rate_to_vnd") == "đồng/USD"


def test_the_status_in_the_year_offers_only_what_a_project_in_the_bank_can_be(client, page, round_open):
    url, response = page
    line = prefix_of(response)
    offered = [value for value, _label in response.context["lines"].forms[0].fields["status"].choices if value]
    assert "draft" not in offered and "proposed" not in offered and "returned" not in offered
    assert {"published", "implementing", "completed", "withdrawn"} <= set(offered)
    answer = client.post(url, report_post(response, **{f"{line}-status": "draft"}))
    assert answer.status_code == 400
    assert ReportLine.objects.get(report__round=round_open, project__code=SMART).status == "published"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rate_date_is_dd_mm_yyyy_whatever_the_language(client, page, round_open, language):
    url, response = page
    client.cookies["django_language"] = language
    response = client.get(url)
    line = prefix_of(response)
    data = report_post(response, **{f"{line}-currency": "USD", f"{line}-rate_to_vnd": "25000", f"{line}-rate_date": "01/12/2025"})
    assert client.post(url, data).status_code == 302
    assert ReportLine.objects.get(report__round=round_open, project__code=SMART).rate_date == datetime.date(2025, 12, 1)
    html = client.get(url).content.decode()
    assert re.search(rf'name="{line}-rate_date"[^>]*value="01/12/2025"', html) or re.search(rf'value="01/12/2025"[^>]*name="{line}-rate_date"', html)
    assert f'name="{line}-rate_date"' in html and 'type="date"' not in html


def test_ngo_rows_added_in_the_page_are_saved_together(client, page, round_open):
    url, response = page
    html = response.content.decode()
    assert "<template>" in html and "ngo-__prefix__-proposed_name" in html and "Thêm tổ chức PCPNN khác" in html
    # What the page sends after "Add another NGO" was pressed once: two new rows, TOTAL_FORMS 2.
    data = report_post(response, **{
        "ngo-TOTAL_FORMS": "2",
        "ngo-0-proposed_name": "Helvetas", "ngo-0-proposed_country": "CH", "ngo-0-activities": "Khảo sát nước sạch",
        "ngo-1-proposed_name": "Oxfam", "ngo-1-proposed_country": "GB", "ngo-1-activities": "Sinh kế",
    })
    assert client.post(url, data).status_code == 302
    assert sorted(ReportNGO.objects.filter(report__round=round_open).values_list("proposed_name", flat=True)) == ["Helvetas", "Oxfam"]


def test_implausible_figures_are_flagged_on_the_report_and_still_submit(client, page, round_open, django_assert_max_num_queries):
    url, response = page
    line = prefix_of(response)
    budget = smart_budget()
    assert budget.status == "published"
    data = report_post(response, results="Kết quả", difficulties="Khó khăn", proposals="Kiến nghị", submit="1", **{
        f"{line}-status": "implementing",
        # in đồng: a million đồng more than the project's total in million đồng
        f"{line}-committed_year": f"{int(budget.total + 1) * 1_000_000}", f"{line}-committed_total": f"{int(budget.total + 1) * 1_000_000}",
        f"{line}-counterpart_spent": f"{int(budget.counterpart + 5)}",
    })
    confirm = client.post(url, data, follow=True)
    text = confirm.content.decode()
    assert "Số liệu cần kiểm tra" in text and "Xác nhận và gửi" in text
    assert "lớn hơn tổng vốn của dự án trong ngân hàng dự án" in text
    assert "lớn hơn vốn đối ứng dự kiến cho cả dự án" in text
    assert "báo cáo tình trạng “đang thực hiện” trong khi ngân hàng dự án ghi “đã công bố cho các tổ chức PCPNN”" in text
    report = AnnualReport.objects.get(round=round_open, organisation__code="ubnd-huyen-chau-thanh")
    with django_assert_max_num_queries(14):
        client.get(url + "submit/")
    html = client.get(url).content.decode()
    assert html.count('class="notice warning plausibility"') == 1  # on the line itself
    client.post(url + "submit/", {"version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted"  # flagged, never blocked


def test_points_to_check_read_in_a_constant_number_of_queries(round_open, users, django_assert_num_queries):
    report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    ReportLine.objects.filter(report=report).update(status="completed", committed_total=Decimal("1e15"), disbursed_total=Decimal("2e15"))
    lines = list(report.lines.select_related("project"))
    with django_assert_num_queries(2):  # the projects' budgets, the rounds' years
        points = points_to_check(lines)
    assert len(points) == 3 * len(lines)


def test_a_project_reported_under_way_after_its_period_is_flagged(round_open, users):
    report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    line = report.lines.select_related("project").first()
    Project.objects.filter(pk=line.project_id).update(start_year=round_open.year - 3, end_year=round_open.year - 1)
    line.status = "implementing"
    points = [point.text for point in points_to_check([line])]
    assert f"báo cáo đang thực hiện năm {round_open.year} trong khi thời gian thực hiện dự án kết thúc năm {round_open.year - 1}" in points
    line.status = "completed"
    assert not [text for text in (point.text for point in points_to_check([line])) if "kết thúc năm" in text]


def test_a_read_only_report_without_ngos_says_so(client, users, page):
    """The read-only list skipped the form's empty row and showed nothing at all."""
    url, _response = page
    AnnualReport.objects.filter(organisation__code="ubnd-huyen-chau-thanh").update(
        status=AnnualReport.Status.SUBMITTED, submitted_at=timezone.now(), first_submitted_at=timezone.now()
    )
    html = client.get(url).content.decode()
    ngos = html[html.index("Các tổ chức PCPNN đã phối hợp trong năm"):]
    ngos = ngos[:ngos.index("</section>")]
    assert "Không có." in ngos


def test_a_unit_with_many_projects_reports_on_them_a_page_at_a_time(client, page, round_open, settings, django_assert_max_num_queries):
    url, response = page
    report = AnnualReport.objects.get(round=round_open, organisation__code="ubnd-huyen-chau-thanh")
    in_order = list(report.lines.order_by("project__sector__position", "project__position").values_list("project__code", flat=True))
    assert len(in_order) == 2 and "?page=" not in response.content.decode()  # a page each, below: no pages before
    settings.REPORT_LINES_PER_PAGE = 1
    shown = []
    for number in (1, 2):
        with django_assert_max_num_queries(25):
            response = client.get(url, {"page": number})
        shown += [form.instance.project.code for form in response.context["lines"].forms]
    assert shown == in_order  # every line once, in the bank's order
    second = client.get(url, {"page": 2})
    html = second.content.decode()
    assert "Dự án 2–2 trên 2." in html and "hãy bấm “Lưu nháp” trước khi sang trang" in html
    assert 'href="?page=1"' in html and '<input type="hidden" name="page" value="2">' in html
    # Saving the second page changes its line only, and comes back to it.
    (line,) = second.context["lines"].forms
    saved = client.post(url, {**report_post(second, **{f"{line.prefix}-beneficiaries": "1.200"}), "page": "2"})
    assert saved.status_code == 302 and saved["Location"] == f"{url}?page=2"
    assert dict(report.lines.values_list("project__code", "beneficiaries")) == {in_order[0]: None, in_order[1]: 1200}
    # A line of another page slipped into this page's form is refused, and nothing is saved.
    first_line = report.lines.get(project__code=in_order[0])
    data = {**report_post(second, **{f"{line.prefix}-id": str(first_line.pk), f"{line.prefix}-beneficiaries": "7"}), "page": "2"}
    assert client.post(url, data).status_code == 400
    assert dict(report.lines.values_list("project__code", "beneficiaries")) == {in_order[0]: None, in_order[1]: 1200}
