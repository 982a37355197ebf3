"""The implementation plan's yearly progress in a real browser: the Finance department (whose task 5 the 2025
reform carried into Sở Tài chính Cần Thơ) sees only the tasks its unit leads, cannot submit an empty year, submits
task 5's 2025; the coordinator cannot return it without a note, returns it with one; the unit reads the note,
changes the text and submits again; the coordinator accepts; the leadership's office finds the accepted state on the
dashboard, and an officer of another unit is refused the page. Screenshots at an office screen and on a phone.

The UI's translations of the plan's strings may not exist yet: elements are found by name, role, CSS and address,
or by the text the test itself typed."""
import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from partners.unit_data import load_units
from projects.models import PlanTask, Programme, TaskProgress
from projects.plan_progress import recordable_years
from projects.seed import load_programme_fixture
from tests.browser.conftest import PHONE, SCREENSHOTS, make_member, scrolls_sideways

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-plan-2026"
YEAR = 2025
State = TaskProgress.State

FIRST_TEXT = "Bố trí 1.200 triệu đồng trong dự toán 2025 cho hoạt động vận động viện trợ."
CHANGED_TEXT = "Bố trí 1.200 triệu đồng trong dự toán 2025; đã giải ngân 950 triệu đồng cho ba hội thảo vận động viện trợ."
NOTE = "Ghi rõ số tiền đã giải ngân trong năm, không chỉ số bố trí."


@pytest.fixture
def plan(transactional_db):
    load_programme_fixture()
    load_units()
    programme = Programme.objects.get(number="03/CTr-UBND")
    make_member("taichinh", PASSWORD, role="reviewer", organisation="so-tai-chinh-soc-trang")
    make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")
    make_member("lanhdao", PASSWORD, role="viewer", organisation="vp-ubnd-soc-trang")
    make_member("chauthanh", PASSWORD, role="officer", organisation="ubnd-huyen-chau-thanh")
    tasks = {task.position: task for task in PlanTask.objects.filter(programme=programme)}
    return programme, tasks


def page_scrolls_sideways(page):
    """Whether the page itself is wider than the screen (a table may scroll inside its .table-wrap)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def overflowing(page):
    """What reaches past the screen's right edge with no scrolling box to hold it (an absolutely positioned element
    escapes the boxes between it and its positioned ancestor): the elements that make the page scroll sideways."""
    return page.evaluate("""() => {
        const clipped = e => {
            let absolute = getComputedStyle(e).position === 'absolute';
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                const style = getComputedStyle(a);
                if (absolute && style.position !== 'static') absolute = false;
                if (!absolute && style.overflowX !== 'visible') return true;
            }
            return false;
        };
        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
        const found = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
            .map(e => `${name(e)} in ${name(e.parentElement)} in ${name(e.closest('.table-wrap') || document.body)}`
                      + ` (right edge ${Math.round(e.getBoundingClientRect().right)}px)`);
        return `${found.length} element(s), the first: ${found.slice(0, 3).join('; ')}`;
    }""")


def shoot(page, screenshot, name, sideways, *, table_may_scroll=False):
    """Office and phone screenshots of the page; on the phone the page itself must not scroll sideways (the
    grid's table may, inside its .table-wrap). A page that does is noted in ``sideways``, for the test to fail
    at its end, once the journey has been walked."""
    office = page.viewport_size
    screenshot(page, f"{name}-office")
    page.set_viewport_size(PHONE)
    page.reload()
    if page_scrolls_sideways(page) if table_may_scroll else scrolls_sideways(page):
        sideways.append(f"{name}: {page.evaluate('document.documentElement.scrollWidth')}px wide, {overflowing(page)}")
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(office)
    page.reload()


def test_the_lead_unit_records_task_5_and_the_coordinator_reviews_it(plan, new_page, sign_in, live_server, screenshot):
    programme, tasks = plan
    task = tasks[5]
    grid_address = f"{live_server.url}/bank/plan/?programme={programme.pk}"
    progress_address = f"{live_server.url}/bank/plan/{task.pk}/{YEAR}/"
    sideways = []  # the pages wider than a phone's screen

    def cell(page, position, year=YEAR):
        return page.locator(f"table.plan-progress a[href='/bank/plan/{tasks[position].pk}/{year}/']")

    # 1. The Finance department of Sóc Trăng sees the tasks its unit leads: its own task 5 and those of Sở Kế hoạch
    # và Đầu tư, which the reform also merged into Sở Tài chính Cần Thơ; not task 3 (Sở TT&TT) nor 7 (the office).
    unit = new_page()
    sign_in(unit, "taichinh", PASSWORD)
    unit.goto(grid_address)
    expect(cell(unit, 5)).to_have_count(1)
    for position in (1, 2, 4, 6, 8, 9):
        expect(cell(unit, position)).to_have_count(1)
    for position in (3, 7):
        expect(unit.locator(f"table.plan-progress a[href^='/bank/plan/{tasks[position].pk}/']")).to_have_count(0)
    expect(unit.locator("table.plan-progress tbody tr")).to_have_count(7)
    shoot(unit, screenshot, "plan-grid-unit", sideways, table_may_scroll=True)

    cell(unit, 5).click()
    expect(unit).to_have_url(progress_address)
    # Submitting with nothing written: the form says so and nothing is saved.
    unit.locator("button[name=submit]").click()
    expect(unit.locator(".field.invalid textarea[name=done]")).to_have_count(1)
    expect(unit.locator("#id_done_error")).to_be_visible()
    assert TaskProgress.objects.count() == 0
    screenshot(unit, "plan-progress-empty-error")
    unit.locator("textarea[name=done]").fill(FIRST_TEXT)
    unit.locator("textarea[name=difficulties]").fill("Nguồn ngân sách địa phương còn hạn chế.")
    unit.locator("button[name=submit]").click()
    expect(unit).to_have_url(progress_address)
    expect(unit.locator(".page-head .badge.status-submitted")).to_be_visible()
    expect(unit.locator("main")).to_contain_text(FIRST_TEXT)
    expect(unit.locator("button[name=submit]")).to_have_count(0)  # with the coordinator now
    progress = TaskProgress.objects.get()
    assert (progress.task, progress.year, progress.state, progress.done) == (task, YEAR, State.SUBMITTED, FIRST_TEXT)
    assert progress.organisation.code == "so-tai-chinh-can-tho"  # the unit that carries task 5 on today

    # 2. The coordinator cannot return it without saying what to change; returns it with a note.
    coordinator = new_page()
    sign_in(coordinator, "dieuphoi", PASSWORD)
    coordinator.goto(grid_address)
    expect(cell(coordinator, 5).locator(".badge.status-submitted")).to_be_visible()
    expect(coordinator.locator("table.plan-progress tbody tr")).to_have_count(9)
    cell(coordinator, 5).click()
    expect(coordinator).to_have_url(progress_address)
    expect(coordinator.locator("main")).to_contain_text(FIRST_TEXT)
    shoot(coordinator, screenshot, "plan-progress-review", sideways)
    coordinator.locator("button[name=return]").click()
    expect(coordinator.locator("#id_review_note_error")).to_be_visible()
    progress.refresh_from_db()
    assert (progress.state, progress.review_note) == (State.SUBMITTED, "")
    coordinator.locator("textarea[name=review_note]").fill(NOTE)
    coordinator.locator("button[name=return]").click()
    expect(coordinator).to_have_url(progress_address)
    expect(coordinator.locator(".page-head .badge.status-returned")).to_be_visible()
    progress.refresh_from_db()
    assert (progress.state, progress.review_note) == (State.RETURNED, NOTE)

    # 3. The unit reads the note, changes its text and submits again; the coordinator accepts.
    unit.goto(progress_address)
    expect(unit.locator("section.notice.warning")).to_contain_text(NOTE)
    expect(unit.locator("textarea[name=done]")).to_have_value(FIRST_TEXT)
    shoot(unit, screenshot, "plan-progress-returned", sideways)
    unit.locator("textarea[name=done]").fill(CHANGED_TEXT)
    unit.locator("button[name=submit]").click()
    expect(unit.locator(".page-head .badge.status-submitted")).to_be_visible()
    expect(unit.locator("main")).to_contain_text(CHANGED_TEXT)
    coordinator.goto(progress_address)
    expect(coordinator.locator("main")).to_contain_text(CHANGED_TEXT)
    coordinator.locator("button[name=accept]").click()
    expect(coordinator.locator(".page-head .badge.status-accepted")).to_be_visible()
    progress.refresh_from_db()
    assert (progress.state, progress.done) == (State.ACCEPTED, CHANGED_TEXT)
    assert progress.history.count() == 4  # submitted, returned, submitted again, accepted
    coordinator.goto(grid_address)
    expect(cell(coordinator, 5).locator(".badge.status-accepted")).to_be_visible()
    shoot(coordinator, screenshot, "plan-grid-coordinator", sideways, table_may_scroll=True)

    # 4. The leadership's office reads the dashboard: task 5's 2025 accepted, one year accepted, linked to the plan.
    leadership = new_page()
    sign_in(leadership, "lanhdao", PASSWORD)
    leadership.goto(f"{live_server.url}/reports/dashboard/?programme={programme.pk}")
    years = recordable_years(programme)
    row = leadership.locator("#table-tasks table tbody tr").filter(has=leadership.locator("td:first-child", has_text=re.compile(r"^\s*5\s*$")))
    expect(row).to_have_count(1)
    with translation.override("vi"):
        accepted_label = capfirst(str(State.ACCEPTED.label))
    year_cell = row.locator("td").nth(4 + years.index(YEAR))  # No., task, lead unit, timing, then the years
    expect(year_cell).to_have_text(accepted_label)
    # The dashboard lists the accepted text of the latest year begun: 2025 for the seed programme.
    assert YEAR == years[-1]
    expect(leadership.locator("#table-task_progress h3")).to_contain_text(str(YEAR))
    expect(leadership.locator("#table-task_progress")).to_contain_text(CHANGED_TEXT)
    leadership.locator("section#tasks").screenshot(path=str(SCREENSHOTS / "plan-dashboard-tasks.png"))  # the section, not the long page
    count = row.locator("td").last.locator("a")
    expect(count).to_have_text("1")
    expect(count).to_have_attribute("href", f"/bank/plan/?programme={programme.pk}&state=accepted&task=5")
    count.click()
    expect(leadership).to_have_url(f"{grid_address}&state=accepted&task=5")
    expect(leadership.locator("table.plan-progress tbody tr")).to_have_count(1)
    expect(cell(leadership, 5).locator(".badge.status-accepted")).to_be_visible()
    cell(leadership, 5).click()
    expect(leadership.locator("main")).to_contain_text(CHANGED_TEXT)
    expect(leadership.locator("form button[name=accept], form button[name=submit]")).to_have_count(0)

    # 5. An officer of another unit may not open task 5's year.
    other = new_page()
    sign_in(other, "chauthanh", PASSWORD)
    assert other.goto(progress_address).status == 403

    assert not sideways, "pages that scroll sideways on a phone: " + "; ".join(sideways)
