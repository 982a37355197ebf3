"""A coordinator signs in to the admin in a real browser and finds the seed programme."""
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from partners.models import Membership, Organisation
from partners.roles import ensure_role_groups
from projects.seed import load_programme_fixture

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "data" / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def coordinator(transactional_db):
    # The live server needs committed data, so the seed is loaded here rather than per session.
    load_programme_fixture()
    user = get_user_model().objects.create_user("dieuphoi", password="socaid-demo-2026", is_staff=True)
    Membership.objects.create(user=user, organisation=Organisation.objects.get(code="so-tai-chinh-can-tho"), role="coordinator")
    user.groups.add(ensure_role_groups()["coordinator"])
    return user


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_coordinator_finds_the_programme_in_the_admin(page, live_server, coordinator):
    sign_in(page, live_server, "dieuphoi", "socaid-demo-2026")
    page.get_by_role("link", name="Dự án", exact=True).first.click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator("#changelist-form .paginator")).to_contain_text("25 dự án")
    lake = rows.filter(has_text="Hồ điều hòa diện tích 23.529m²")
    expect(lake.locator("td.field-total_amount")).to_have_text("97.666")
    page.screenshot(path=str(SCREENSHOTS / "admin-projects.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/projects/plantask/")
    expect(rows).to_have_count(9)

    page.goto(f"{live_server.url}/admin/partners/administrativeunit/?level__exact=2")
    expect(rows).to_have_count(11)

    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.get_by_role("heading", name="Select administrative unit to change")).to_be_visible()
    expect(rows).to_have_count(11)


def test_wrong_password_is_refused(page, live_server, coordinator):
    sign_in(page, live_server, "dieuphoi", "wrong")
    expect(page.locator(".errornote")).to_be_visible()
    assert "/admin/login/" in page.url
