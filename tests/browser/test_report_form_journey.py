"""The annual report form in a real browser: an officer under an English-locale browser fills in a line with its
units beside the amounts and a day typed dd/mm/yyyy, adds a second NGO without saving, sees the figures that do
not square with the bank and confirms before sending; a coordinator returns a report after the round froze and
reopens it in the same step, and the officer, told why the report was read-only, corrects it."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import Organisation
from projects.models import Project
from reporting import services
from reporting.models import AnnualReport, ReportLine, ReportNGO
from tests.browser.test_round_journey import PASSWORD, SMART_FIELDS, people  # noqa: F401  (the same two people)
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db(transaction=True)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def english_browser_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    return context, context.new_page()


def test_an_officer_fills_the_form_under_an_english_browser_and_confirms(people, browser, sign_in, live_server, screenshot):
    programme = Project.objects.get(name=SMART_FIELDS).programme
    chau_thanh = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    round_ = open_round(programme, people["coordinator"], [chau_thanh])
    context, page = english_browser_page(browser)
    try:
        sign_in(page, "chauthanh", PASSWORD)
        page.goto(f"{live_server.url}/reports/rounds/{round_.pk}/unit/{chau_thanh.pk}/")
        page.get_by_role("button", name="Bắt đầu báo cáo").click()
        line = page.locator("fieldset.report-line", has_text=SMART_FIELDS)

        # Every amount shows its unit; a VND line is typed in đồng, the counterpart in million đồng.
        committed_unit = line.locator(".with-unit", has=page.locator("[name$=-committed_year]")).locator(".unit")
        expect(committed_unit).to_have_text("đồng")
        expect(line.locator(".with-unit", has=page.locator("[name$=-counterpart_spent]")).locator(".unit")).to_have_text("triệu đồng")
        # The form's script has run once its "add a row" button shows; a change made before would go unheard.
        expect(page.get_by_role("button", name="Thêm tổ chức PCPNN khác")).to_be_visible()
        line.locator("[name$=-currency]").select_option("USD")
        expect(committed_unit).to_have_text("USD")
        expect(line.locator(".with-unit", has=page.locator("[name$=-rate_to_vnd]")).locator(".unit")).to_have_text("đồng/USD")

        # Only the statuses a project can have in a year; the bank has this one "published", the unit says implementing.
        status = line.locator("[name$=-status]")
        assert "draft" not in status.locator("option").evaluate_all("options => options.map(o => o.value)")
        status.select_option("implementing")
        # The date as dd/mm/yyyy in a text box, whatever the browser's locale.
        rate_date = line.locator("[name$=-rate_date]")
        assert rate_date.get_attribute("type") == "text"
        rate_date.fill("01/12/2025")
        line.locator("[name$=-rate_to_vnd]").fill("25.000")
        line.locator("[name$=-rate_source]").fill("Vietcombank, tỷ giá bán")
        line.locator("[name$=-committed_year]").fill("4.000.000")  # 100.000 million VND: above the project's total
        line.locator("[name$=-committed_total]").fill("4.000.000")

        # A second NGO row without saving.
        page.locator("[name=ngo-0-proposed_name]").fill("Helvetas Swiss Intercooperation")
        page.locator("[name=ngo-0-proposed_country]").select_option("CH")
        page.locator("[name=ngo-0-activities]").fill("Khảo sát nhu cầu nước sạch.")
        page.get_by_role("button", name="Thêm tổ chức PCPNN khác").click()
        expect(page.locator("fieldset.report-ngo")).to_have_count(2)
        page.locator("[name=ngo-1-proposed_name]").fill("Oxfam")
        page.locator("[name=ngo-1-proposed_country]").select_option("GB")
        page.locator("[name=ngo-1-activities]").fill("Tập huấn sinh kế.")
        page.locator("[name=results]").fill("Triển khai mô hình cánh đồng thông minh.")
        page.locator("[name=difficulties]").fill("Địa bàn sáp nhập.")
        page.locator("[name=proposals]").fill("Bố trí vốn đối ứng kịp thời.")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()

        # The figures that do not square with the bank are flagged on the line, and again before sending.
        warning = page.locator("fieldset.report-line", has_text=SMART_FIELDS).locator(".plausibility")
        expect(warning).to_contain_text("lớn hơn tổng vốn của dự án trong ngân hàng dự án")
        expect(warning).to_contain_text("trong khi ngân hàng dự án ghi")
        expect(page.locator("[name$=-rate_date]").first).to_have_value("01/12/2025")
        screenshot(page, "report-form-warnings")
        page.get_by_role("button", name="Gửi báo cáo").click()
        expect(page.get_by_role("heading", name="Gửi báo cáo", level=1)).to_be_visible()
        expect(page.locator(".plausibility")).to_contain_text("lớn hơn tổng vốn của dự án")
        report = AnnualReport.objects.get(round=round_, organisation=chau_thanh)
        assert report.status == "draft"  # nothing is sent before the confirmation
        screenshot(page, "report-confirm-submit")
        page.get_by_role("button", name="Xác nhận và gửi").click()
        expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    finally:
        context.close()
    report.refresh_from_db()
    assert report.status == "submitted"
    saved = ReportLine.objects.get(report=report, project__name=SMART_FIELDS)
    assert (saved.currency, saved.rate_date, saved.committed_year) == ("USD", datetime.date(2025, 12, 1), 4_000_000)
    assert sorted(ReportNGO.objects.filter(report=report).values_list("proposed_name", flat=True)) == ["Helvetas Swiss Intercooperation", "Oxfam"]


def test_a_report_returned_after_the_round_froze_is_reopened_in_the_same_step(people, new_page, sign_in, live_server):
    programme = Project.objects.get(name=SMART_FIELDS).programme
    chau_thanh = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    round_ = services.round_open(programme=programme, year=2024, by=people["coordinator"], units=[chau_thanh], grace_days=3)  # due 20/12/2024, frozen after 23/12
    late = datetime.datetime(2024, 12, 21, 9, tzinfo=HCM)
    report = services.report_start(round_=round_, organisation=chau_thanh, by=people["officer"], now=late)
    report = services.report_save(
        report=report, by=people["officer"], expected_version=report.version, now=late,
        results="Kết quả", difficulties="Khó khăn", proposals="Kiến nghị",
    )
    services.report_submit(report=report, by=people["officer"], now=late)
    url = f"{live_server.url}/reports/rounds/{round_.pk}/unit/{chau_thanh.pk}/"

    # The officer sees a read-only report, and why.
    officer = new_page()
    sign_in(officer, "chauthanh", PASSWORD)
    officer.goto(url)
    expect(officer.locator("#read-only")).to_contain_text("đang chờ cán bộ đầu mối xem xét")
    expect(officer.locator("#read-only")).to_contain_text("Lan")

    # The coordinator returns it and, the round being closed, reopens it until a day in the same step.
    coordinator = new_page()
    sign_in(coordinator, "dieuphoi", PASSWORD)
    coordinator.goto(url)
    coordinator.locator("#return-comment").fill("Bổ sung số liệu giải ngân của dự án.")
    until = timezone.now().astimezone(HCM).date() + datetime.timedelta(days=5)
    coordinator.locator("[name=until]").fill(until.strftime("%d/%m/%Y"))
    coordinator.get_by_role("button", name="Trả lại và mở lại").click()
    expect(coordinator.get_by_text("mở lại đến")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "returned" and report.reopened_until.astimezone(HCM).date() == until

    # The officer can now correct it and send it again.
    officer.goto(url)
    expect(officer.locator("#read-only")).to_have_count(0)
    expect(officer.get_by_text("Bổ sung số liệu giải ngân của dự án.")).to_be_visible()
    officer.locator("[name=results]").fill("Kết quả đã bổ sung số liệu giải ngân.")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_role("button", name="Xác nhận và gửi").click()
    expect(officer.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    report.refresh_from_db()
    assert (report.status, report.results) == ("submitted", "Kết quả đã bổ sung số liệu giải ngân.")
