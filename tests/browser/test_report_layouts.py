"""The yearly round's pages on a phone (390 px) and the report form's choices at any width: nothing wider than the
screen, nothing cut off."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Programme
from reporting import services
from tests.browser.conftest import DESKTOP, PHONE, scrolls_sideways, within_the_screen
from tests.browser.test_round_journey import PASSWORD, open_report, people  # noqa: F401  (the same two people)

pytestmark = pytest.mark.django_db(transaction=True)

# The longest status a unit reports for a project in its year.
LONGEST_STATUS = "Đã công bố cho các tổ chức PCPNN"
LAPTOP = {"width": 1280, "height": 800}  # where a tester found the NGO names cut


@pytest.fixture
def round_2025(people):
    deadline = timezone.now() + datetime.timedelta(days=30)
    return services.round_open(programme=Programme.objects.get(), year=2025, by=people["coordinator"], deadline=deadline)


def test_the_round_page_shows_each_unit_as_a_card_on_a_phone(round_2025, new_page, sign_in, live_server, screenshot):
    phone = new_page(viewport=PHONE)
    sign_in(phone, "dieuphoi", PASSWORD)
    phone.goto(f"{live_server.url}/reports/rounds/{round_2025.pk}/")
    assert not scrolls_sideways(phone)
    # Each unit is a card: its name on a line or two (not a word a line), its state, the time left, its two actions.
    card = phone.locator("table.round-units tbody tr", has_text="Ủy ban nhân dân huyện Châu Thành")
    assert within_the_screen(phone, card)
    name = card.locator("td.name")
    assert name.bounding_box()["height"] < 3 * 24
    expect(card.locator("td.state")).to_contain_text("Chưa bắt đầu")
    expect(card.locator("td.timing")).to_contain_text("Còn 30 ngày")
    for action in (card.get_by_role("link", name="Mở"), card.get_by_role("button", name="Bỏ khỏi đợt báo cáo")):
        expect(action).to_be_visible()
        assert within_the_screen(phone, action)
    screenshot(phone, "round-phone")

    # The other pages of the yearly round fit the phone too.
    for path in ["/reports/rounds/", f"/reports/rounds/{round_2025.pk}/unit/{round_2025.units.get(code='ubnd-huyen-chau-thanh').pk}/",
                 "/reports/summary/?year=2025", "/reports/appendix/"]:
        phone.goto(f"{live_server.url}{path}")
        assert not scrolls_sideways(phone), path


def longest_choice_and_room(select):
    """The width of the select's longest choice in its own font, and the room for it between padding and arrow:
    a select cannot wrap."""
    return select.evaluate(
        """select => {
          const style = getComputedStyle(select);
          const context = document.createElement('canvas').getContext('2d');
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const longest = Math.max(...[...select.options].map(option => context.measureText(option.text).width));
          const arrow = 20;
          return [longest, select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow];
        }"""
    )


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_ngo_choice_shows_the_registrys_longest_name_whole(round_2025, new_page, sign_in, live_server, viewport, screenshot):
    """The two consulates, "Tổng Lãnh sự quán Cộng hòa …", were cut to the same first words at 1280 px."""
    officer = new_page(viewport=viewport)
    sign_in(officer, "chauthanh", PASSWORD)
    open_report(officer, live_server)
    ngo = officer.locator("fieldset.report-ngo select[name$=-ngo]").first
    consulates = [o for o in ngo.locator("option").all_inner_texts() if o.startswith("Tổng Lãnh sự quán")]
    assert len(consulates) >= 2
    ngo.select_option(label=consulates[0])
    text, room = longest_choice_and_room(ngo)
    if viewport == LAPTOP:
        assert text <= room, (text, room)
    else:  # no screen this narrow holds the longest name: the select takes the whole row
        row = officer.locator("fieldset.report-ngo .grid").first.bounding_box()
        assert ngo.bounding_box()["width"] >= row["width"] - 1
    assert not scrolls_sideways(officer)
    ngo.scroll_into_view_if_needed()
    screenshot(officer, f"ngo-choice-{viewport['width']}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_status_in_the_year_shows_its_longest_choice_whole(round_2025, new_page, sign_in, live_server, viewport):
    officer = new_page(viewport=viewport)
    sign_in(officer, "chauthanh", PASSWORD)
    open_report(officer, live_server)
    status = officer.locator("fieldset.report-line select[name$=-status]").first
    status.select_option(label=LONGEST_STATUS)
    text, room = longest_choice_and_room(status)
    assert text <= room, (text, room)
    assert [o for o in status.locator("option").all_inner_texts() if len(o) > len(LONGEST_STATUS)] == []
    assert not scrolls_sideways(officer)
