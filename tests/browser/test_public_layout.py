"""The public pages on a phone (390 px) and an office screen, in both languages: nothing wider than the screen, each
project a card whose figures stay inside it; screenshots for people to look at."""
import pytest
from playwright.sync_api import expect

from partners.unit_data import load_units
from projects.seed import load_programme_fixture
from tests.browser.conftest import DESKTOP, PHONE, scrolls_sideways, within_the_screen

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def seed(transactional_db):
    # The live server needs committed data, so the seed is loaded here rather than per session.
    load_programme_fixture()
    load_units()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["office", "phone"])
def test_the_catalogue_and_the_programme_fit_the_screen(new_page, live_server, viewport, screenshot):
    page = new_page(viewport=viewport)
    width = "phone" if viewport == PHONE else "office"
    for language in ("vi", "en"):
        page.goto(f"{live_server.url}/{language}/projects/?sort=-aid")
        expect(page.locator("li.result")).to_have_count(20)
        assert not scrolls_sideways(page)
        card = page.locator("li.result").first
        assert within_the_screen(page, card)
        assert within_the_screen(page, card.locator(".result-amounts dd").last)
        screenshot(page, f"public-catalogue-{language}-{width}")
        page.goto(f"{live_server.url}/{language}/")
        assert not scrolls_sideways(page)
        screenshot(page, f"public-home-{language}-{width}")


def test_keyboard_reaches_the_content_first(new_page, live_server):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/en/projects/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert within_the_screen(page, skip)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search")).to_be_focused()
