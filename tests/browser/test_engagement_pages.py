"""The coordinator at an office screen and on a phone: the engagements' list with the overdue follow-up on top,
a workshop's page, marking the follow-up done there; screenshots for people to look at."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import NGO
from partners.unit_data import load_units
from projects.models import Engagement, FollowUp, Programme, Project
from projects.seed import load_programme_fixture
from tests.browser.conftest import DESKTOP, PHONE, make_member, scrolls_sideways

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workshop(transactional_db):
    load_programme_fixture()
    load_units()
    programme = Programme.objects.get(number="03/CTr-UBND")
    engagement = Engagement.objects.create(kind="workshop", date=timezone.localdate() - datetime.timedelta(days=20),
                                           organiser=programme.coordinator, title="Hội thảo giới thiệu dự án năm 2026", place="Cần Thơ")
    engagement.ngos.set([NGO.objects.create(code="mgf", name_original="Mekong Green Futures e.V.", country="DE")])
    engagement.projects.set(Project.objects.filter(code__in=["03-2020-i-01", "03-2020-ii-06", "03-2020-iii-01"]))
    FollowUp.objects.create(engagement=engagement, action="Gửi báo cáo khả thi dự án I.1", responsible_organisation=programme.coordinator,
                            due_date=timezone.localdate() - datetime.timedelta(days=2))
    make_member("dieuphoi-b", "mat-khau-b", role="coordinator", organisation="so-tai-chinh-can-tho")
    return engagement


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["office", "phone"])
def test_the_coordinator_sees_the_overdue_follow_up_and_marks_it_done(new_page, live_server, sign_in, workshop, viewport, screenshot):
    page = new_page(viewport=viewport)
    width = "phone" if viewport == PHONE else "office"
    sign_in(page, "dieuphoi-b", "mat-khau-b")
    page.goto(f"{live_server.url}/bank/engagements/")
    expect(page.locator(".follow-ups-due li.follow-up-overdue")).to_contain_text("Gửi báo cáo khả thi dự án I.1")
    assert not scrolls_sideways(page)
    screenshot(page, f"engagements-list-{width}")
    page.locator("table.engagements").get_by_role("link", name="Hội thảo giới thiệu dự án năm 2026").click()
    expect(page.locator("tr.follow-up-overdue")).to_have_count(1)
    expect(page.locator("form.pack-form input[name=projects]")).to_have_count(3)
    assert not scrolls_sideways(page)
    screenshot(page, f"engagement-{width}")
    page.locator("tr.follow-up-overdue button[type=submit]").click()
    expect(page.locator("tr.follow-up-done")).to_have_count(1)
    assert FollowUp.objects.get().done_on == timezone.localdate()
