"""The coordinator's step form sits at the foot of a long report page: a refused day brings the browser back to it."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from partners.models import Organisation
from projects.models import Programme
from reporting import services
from tests.browser.conftest import within_the_screen
from tests.browser.test_round_journey import PASSWORD, people  # noqa: F401  (the same two people)

pytestmark = pytest.mark.django_db(transaction=True)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def sent_in_a_closed_round(people):
    round_ = services.round_open(programme=Programme.objects.get(), year=2024, by=people["coordinator"])
    unit = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    report = services.report_start(round_=round_, organisation=unit, by=people["officer"])
    sent = datetime.datetime(2024, 12, 10, 9, tzinfo=HCM)
    report = services.report_save(
        report=report, by=people["officer"], expected_version=report.version, now=sent,
        results="Hoàn thành", difficulties="Thiếu vốn", proposals="Bổ sung vốn",
    )
    return services.report_submit(report=report, by=people["officer"], now=sent)


def test_a_past_day_brings_the_coordinator_back_to_the_field(sent_in_a_closed_round, page, sign_in, live_server, screenshot):
    report = sent_in_a_closed_round
    sign_in(page, "dieuphoi", PASSWORD)
    page.goto(f"{live_server.url}/reports/rounds/{report.round_id}/unit/{report.organisation_id}/")
    page.get_by_label("Ghi chú").fill("Bổ sung số liệu giải ngân")
    page.get_by_label("Đơn vị được sửa đến hết ngày").fill("01/01/2025")
    page.get_by_role("button", name="Trả lại và mở lại").click()
    until = page.get_by_label("Đơn vị được sửa đến hết ngày")
    expect(until).to_be_focused()
    expect(until).to_have_attribute("aria-invalid", "true")
    assert within_the_screen(page, until)
    expect(page.locator(".field.invalid", has=until)).to_contain_text("Hãy chọn hôm nay hoặc một ngày sau đó.")
    expect(page.get_by_label("Ghi chú")).to_have_value("Bổ sung số liệu giải ngân")
    screenshot(page, "step-refused-day")
