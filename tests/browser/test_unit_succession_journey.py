"""The coordinator completes what the loaded data could not tell: a former ward's successor, recorded from the
ward's page with the resolution as its basis."""
import datetime

import pytest
from playwright.sync_api import expect

from partners.models import AdministrativeUnit, UnitSuccession
from partners.unit_data import load_units
from projects.seed import load_programme_fixture
from tests.browser.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "socaid-demo-2026"
ACT = "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"


def test_the_coordinator_records_a_successor_from_the_unit_page(transactional_db, page, sign_in, live_server, screenshot):
    load_programme_fixture()
    load_units()
    coordinator = make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")

    sign_in(page, "dieuphoi", PASSWORD)
    page.get_by_role("link", name="Đơn vị hành chính").click()
    page.get_by_text("Bộ lọc", exact=True).click()
    page.get_by_role("checkbox", name="Đã hết hiệu lực, chưa ghi nhận đơn vị kế thừa").check()
    page.get_by_label("Tìm kiếm").fill("phuong 3")
    page.get_by_role("button", name="Tìm kiếm").click()
    screenshot(page, "units-without-successor")
    page.get_by_role("link", name="Phường 3 (đến 30/06/2025)").first.click()
    expect(page.get_by_text("Chưa ghi nhận đơn vị kế thừa.")).to_be_visible()

    page.get_by_role("link", name="Thêm đơn vị kế thừa").click()
    expect(page.get_by_label("Ngày có hiệu lực")).to_have_value("01/07/2025")
    page.get_by_label("Đơn vị kế thừa").select_option(label="Phường Phú Lợi")
    page.get_by_label("Văn bản pháp lý").fill(ACT)
    page.get_by_role("button", name="Lưu").click()
    # The act's date was left out: refused, with what was typed still there.
    expect(page.get_by_text("Vui lòng nhập ngày ban hành văn bản.")).to_be_visible()
    expect(page.get_by_label("Văn bản pháp lý")).to_have_value(ACT)
    page.get_by_label("Ngày ban hành văn bản").fill("16/06/2025")
    screenshot(page, "succession-form")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã ghi nhận việc kế thừa.")).to_be_visible()
    expect(page.get_by_role("link", name="Phường Phú Lợi")).to_be_visible()
    expect(page.get_by_text("Đã thêm: Phường 3 (đến 30/06/2025) → Phường Phú Lợi")).to_be_visible()
    screenshot(page, "unit-page")
    ward = AdministrativeUnit.objects.get(code="soc-trang-tp-soc-trang-phuong-3")
    succession = UnitSuccession.objects.get(predecessor=ward)
    assert (succession.successor.gso_code, succession.act_date, succession.legal_act) == ("31510", datetime.date(2025, 6, 16), ACT)
    assert succession.history.get().history_user == coordinator
