"""The yearly round in a real browser: the coordinator opens it, a unit reports, is returned, corrects, is accepted,
and the year-end summary's PDF carries the accepted figures."""
import datetime
import subprocess

import pytest
from playwright.sync_api import expect

from projects.seed import load_programme_fixture
from reporting.models import AnnualReport, ReportLine
from tests.browser.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-demo-2026"
SMART_FIELDS = "Dự án cánh đồng sản xuất thông minh"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def people(transactional_db):
    load_programme_fixture()
    return {
        "coordinator": make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho", first_name="Lan"),
        "officer": make_member("chauthanh", PASSWORD, role="officer", organisation="ubnd-huyen-chau-thanh", first_name="Minh"),
    }


def open_report(page, live_server):
    page.goto(f"{live_server.url}/reports/rounds/")
    page.get_by_role("link", name="Báo cáo của Ủy ban nhân dân huyện Châu Thành").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Châu Thành · 2025")
    start = page.get_by_role("button", name="Bắt đầu báo cáo")
    if start.count():  # the first visit: looking starts nothing until the officer asks
        start.click()
        expect(page.locator("fieldset.report-line").first).to_be_visible()


def smart_fields_line(page):
    return page.locator("fieldset.report-line", has_text=SMART_FIELDS)


def test_a_round_from_opening_to_the_summary(people, new_page, sign_in, live_server, screenshot, tmp_path):
    # The coordinator opens the 2025 round, late, with a deadline a month from today.
    coordinator = new_page()
    sign_in(coordinator, "dieuphoi", PASSWORD)
    coordinator.goto(f"{live_server.url}/reports/rounds/")
    coordinator.locator("[name=year]").fill("2025")
    coordinator.locator("[name=deadline]").fill((datetime.date.today() + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
    coordinator.get_by_role("button", name="Mở đợt").click()
    expect(coordinator.get_by_text("Ủy ban nhân dân huyện Châu Thành").first).to_be_visible()

    # The officer of UBND huyện Châu Thành fills in a project line, attaches a file and submits.
    officer = new_page()
    sign_in(officer, "chauthanh", PASSWORD)
    open_report(officer, live_server)
    line = smart_fields_line(officer)
    line.locator("[name$=-status]").select_option("implementing")
    line.locator("[name$=-currency]").select_option("USD")
    line.locator("[name$=-rate_to_vnd]").fill("25.000")
    line.locator("[name$=-rate_date]").fill("01/12/2025")
    line.locator("[name$=-rate_source]").fill("Vietcombank, tỷ giá bán")
    line.locator("[name$=-committed_year]").fill("40.000")
    line.locator("[name$=-disbursed_year]").fill("20.000")
    line.locator("[name$=-committed_total]").fill("40.000")
    line.locator("[name$=-disbursed_total]").fill("20.000")
    line.locator("[name$=-counterpart_spent]").fill("120")
    line.locator("[name$=-beneficiaries]").fill("300")
    officer.locator("[name=results]").fill("Triển khai mô hình cánh đồng thông minh tại xã Phú Tân.")
    officer.locator("[name=difficulties]").fill("Địa bàn sáp nhập từ 01/7/2025.")
    officer.locator("[name=proposals]").fill("Bố trí vốn đối ứng kịp thời.")
    officer.locator("[name=attachment]").set_input_files({"name": "bao-cao-2025.pdf", "mimeType": "application/pdf", "buffer": PDF})
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_role("button", name="Xác nhận và gửi").click()
    expect(officer.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    expect(officer.get_by_role("link", name="bao-cao-2025.pdf")).to_be_visible()
    screenshot(officer, "round-report-submitted")

    # The coordinator sees it on time on the round page, and returns it with a comment.
    coordinator.goto(f"{live_server.url}/reports/rounds/")
    coordinator.get_by_role("link", name="Theo dõi các đơn vị").click()
    row = coordinator.locator("tr", has_text="Ủy ban nhân dân huyện Châu Thành")
    expect(row).to_contain_text("đúng hạn")
    row.get_by_role("link").first.click()
    coordinator.locator("#return-comment").fill("Số giải ngân trong năm chưa khớp chứng từ; đề nghị kiểm tra lại.")
    coordinator.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(coordinator.get_by_text("Số giải ngân trong năm chưa khớp chứng từ")).to_be_visible()

    # The officer corrects the disbursement and submits again.
    open_report(officer, live_server)
    expect(officer.get_by_text("Số giải ngân trong năm chưa khớp chứng từ")).to_be_visible()
    line = smart_fields_line(officer)
    line.locator("[name$=-disbursed_year]").fill("24.000")
    line.locator("[name$=-disbursed_total]").fill("24.000")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_role("button", name="Xác nhận và gửi").click()
    expect(officer.get_by_text("Đã gửi báo cáo.")).to_be_visible()

    # The coordinator accepts; the report is locked.
    coordinator.reload()
    coordinator.get_by_role("button", name="Tiếp nhận").click()
    expect(coordinator.locator(".page-head .badge").first).to_have_text("Đã tiếp nhận")
    report = AnnualReport.objects.get(organisation__code="ubnd-huyen-chau-thanh", round__year=2025)
    assert report.status == "accepted" and [e.action for e in report.events.all()].count("submit") == 2
    saved = ReportLine.objects.get(report=report, project__name=SMART_FIELDS)
    assert saved.million_vnd("disbursed_year") == 600

    # The year-end summary's PDF lists the accepted figures: 40,000 USD x 25,000 = 1,000 million VND committed,
    # 24,000 USD = 600 million disbursed, 120 million counterpart.
    coordinator.goto(f"{live_server.url}/reports/summary/?year=2025")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="PDF").first.click()
    pdf = tmp_path / "tong-hop-2025.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Châu Thành" in text
    smart_row = next(row for row in text.splitlines() if "cánh đồng sản xuất" in row)
    assert "1.000" in smart_row and "600" in smart_row and "120" in smart_row
    assert "Triển khai mô hình cánh đồng thông minh" in text
