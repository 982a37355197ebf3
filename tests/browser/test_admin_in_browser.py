"""A coordinator signs in on the portal, goes to the admin in a real browser and finds the seed programme."""
import pytest
from playwright.sync_api import expect

from projects.seed import load_programme_fixture
from tests.browser.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator(transactional_db):
    # The live server needs committed data, so the seed is loaded here rather than per session.
    load_programme_fixture()
    return make_member("dieuphoi", "socaid-demo-2026", role="coordinator", organisation="so-tai-chinh-can-tho", first_name="Lan", staff=True)


def test_coordinator_finds_the_programme_in_the_admin(page, live_server, coordinator, sign_in, screenshot):
    sign_in(page, "dieuphoi", "socaid-demo-2026")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Dự án", exact=True).first.click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator("#changelist-form .paginator")).to_contain_text("25 dự án")
    lake = rows.filter(has_text="Hồ điều hòa diện tích 23.529m²")
    expect(lake.locator("td.field-total_amount")).to_have_text("97.666")
    screenshot(page, "admin-projects")

    page.goto(f"{live_server.url}/admin/projects/plantask/")
    expect(rows).to_have_count(9)

    page.goto(f"{live_server.url}/admin/partners/administrativeunit/?level__exact=2")
    expect(rows).to_have_count(11)

    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.get_by_role("heading", name="Select administrative unit to change")).to_be_visible()
    expect(rows).to_have_count(11)


def test_wrong_password_is_refused(page, live_server, coordinator, sign_in):
    sign_in(page, "dieuphoi", "wrong", lands_on_bank=False)
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
