"""Issue 15's journey in a real browser: an NGO's expression of interest, sent in English from a project's public
page, becomes in the coordinator's browser a pledge, an aid agreement in USD and its approval under Decree
313/2025, then disbursements in two years; the project's status follows, the dashboard and the year-end summary
count the money in million VND (each entry at its own rate), and the host agency's officer finds the next annual
report's line prefilled from the pipeline."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import Organisation
from projects.models import Interest, Project
from projects.seed import load_programme_fixture
from tests.browser.conftest import DESKTOP, make_member
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-demo-2026"
CODE = "03-2020-ii-06"


@pytest.fixture
def people(transactional_db, settings):
    settings.INTEREST_MIN_FILL_SECONDS = 1  # a person types for longer; the default would only slow the test
    load_programme_fixture()
    project = Project.objects.get(code=CODE)
    coordinator = make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")
    make_member("canbo", PASSWORD, role="officer", organisation=project.host_agency.code)
    return {"coordinator": coordinator, "project": project}


def record(page, step, fields, selects=None):
    """Open the pipeline's step from the project page, fill its form (names prefixed by the step) and send it."""
    page.locator(f"#pipeline-{step}").click()
    for name, value in (selects or {}).items():
        page.locator(f"[name={step}-{name}]").select_option(index=1) if value is None else page.locator(f"[name={step}-{name}]").select_option(label=value)
    for name, value in fields.items():
        page.locator(f"[name={step}-{name}]").fill(value)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("#pipeline-title")).to_be_visible()


def test_an_interest_becomes_money_counted_everywhere(people, browser, new_page, sign_in, live_server, screenshot):
    # Last year and this one while the seed programme's years allow a round for last year (2026: 2025 and 2026);
    # later, the programme's last year and the one after, so that the journey can be walked on any day.
    project = people["project"]
    last_year = min(timezone.localdate().year - 1, project.programme.end_year)
    this_year = last_year + 1

    # The NGO says it is interested, in English, from the project's public page.
    context = browser.new_context(locale="en-US", viewport=DESKTOP)
    reader = context.new_page()
    reader.goto(f"{live_server.url}/en/projects/{CODE}/")
    reader.get_by_role("link", name="Express interest").first.click()
    reader.get_by_label("Organisation").fill("Save the Children Sweden")
    reader.get_by_label("Country").select_option(label="Sweden")
    reader.get_by_label("Contact person").fill("Anna Lindqvist")
    reader.get_by_label("E-mail").fill("anna.lindqvist@example.org")
    reader.get_by_label("Funding").check()
    reader.get_by_label("Message").fill("We would like to fund the swimming pools.")
    reader.wait_for_timeout(1200)
    reader.get_by_role("button", name="Send").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Thank you")
    context.close()
    interest = Interest.objects.get()

    # The coordinator links it to the registry, as a pledge needs the NGO.
    staff = new_page()
    sign_in(staff, "dieuphoi", PASSWORD)
    staff.locator("a[href='/bank/interests/']").click()
    staff.get_by_role("link", name="Save the Children Sweden").click()
    staff.locator("form:has(input[name=create]) button[type=submit]").click()
    expect(staff.locator("form:has(input[name=create])")).to_have_count(0)
    interest.refresh_from_db()
    assert interest.ngo is not None

    # The pledge from the interest, the agreement that commits the money, its approval, two years' disbursements.
    staff.goto(f"{live_server.url}/bank/{project.pk}/")
    record(staff, "pledge", {"pledged_on": f"10/02/{last_year}", "amount": "100000", "currency": "USD",
                             "rate_to_vnd": "24000", "rate_date": f"10/02/{last_year}"}, {"interest": None})
    expect(staff.locator("table.pipeline-pledges")).to_contain_text("Save the Children Sweden")
    record(staff, "agreement", {"signed_on": f"15/03/{last_year}", "amount": "100000", "currency": "USD",
                                "rate_to_vnd": "25000", "rate_date": f"15/03/{last_year}"}, {"ngo": "Save the Children Sweden", "pledge": None})
    badge = staff.locator(".badge[class*=status-]").first  # the header's, above the timeline's
    expect(badge).to_have_class(re.compile("status-committed"))
    record(staff, "approval", {"decision_number": "45/QĐ-UBND", "decision_date": f"20/04/{last_year}",
                               "approval_reference": "Quyết định 45/QĐ-UBND phê duyệt khoản viện trợ theo Nghị định 313/2025/NĐ-CP"},
           {"agreement": None})
    expect(badge).to_have_class(re.compile("status-approved"))
    expect(staff.locator("table.pipeline-agreements")).to_contain_text("45/QĐ-UBND")
    record(staff, "disbursement", {"year": str(last_year), "amount": "20000", "currency": "USD",
                                   "rate_to_vnd": "25000", "rate_date": f"31/12/{last_year}"}, {"agreement": None})
    expect(badge).to_have_class(re.compile("status-implementing"))
    record(staff, "disbursement", {"year": str(this_year), "amount": "30000", "currency": "USD",
                                   "rate_to_vnd": "26000", "rate_date": f"15/11/{this_year}"}, {"agreement": None})
    # 100.000 USD × 25.000 = 2.500 million VND committed; 20.000 × 25.000 + 30.000 × 26.000 = 500 + 780 = 1.280 disbursed.
    totals = staff.locator("table.pipeline-totals tfoot")
    expect(totals).to_contain_text("2.500")
    expect(totals).to_contain_text("1.280")
    screenshot(staff, "aid-cycle-pipeline")

    # The dashboard and the year-end summary count it.
    staff.goto(f"{live_server.url}/reports/dashboard/?programme={project.programme_id}")
    expect(staff.locator("main")).to_contain_text("2.500")
    expect(staff.locator("main")).to_contain_text("1.280")
    # By year, each disbursement at its own rate: 500 last year, 780 this year.
    expect(staff.locator("tr").filter(has_text=str(last_year)).filter(has_text="2.500").filter(has_text="500").first).to_be_visible()
    expect(staff.locator("tr").filter(has_text=str(this_year)).filter(has_text="780").first).to_be_visible()
    screenshot(staff, "aid-cycle-dashboard")
    staff.goto(f"{live_server.url}/reports/summary/?year={last_year}")
    summary = staff.frame_locator("iframe").first
    # The pipeline by year: pledged 2.400 (at the pledge's own rate), signed 2.500 and disbursed 500 last year.
    expect(summary.locator("tr").filter(has_text="2.400").filter(has_text="2.500").first).to_contain_text(f"{last_year}")
    expect(summary.locator("tr").filter(has_text="2.500").filter(has_text="1.280").first).to_be_visible()

    # The host agency's officer starts the next annual report: the line is prefilled from the pipeline.
    host = Organisation.objects.get(pk=project.host_agency_id)
    round_ = open_round(project.programme, people["coordinator"], [host], year=last_year)
    officer = new_page()
    sign_in(officer, "canbo", PASSWORD)
    officer.goto(f"{live_server.url}/reports/rounds/{round_.pk}/unit/{host.pk}/")
    officer.get_by_role("button", name="Bắt đầu báo cáo").click()
    line = officer.locator("fieldset.report-line", has_text=project.name)
    expect(line.locator("[name$=-status]")).to_have_value("implementing")
    expect(line.locator("[name$=-currency]")).to_have_value("USD")
    expect(line.locator("[name$=-disbursed_year]")).to_have_value(re.compile(r"^20[.,]?000([.,]00)?$"))
    expect(line.locator("[name$=-disbursed_total]")).to_have_value(re.compile(r"^20[.,]?000([.,]00)?$"))
    expect(line.locator("[name$=-committed_total]")).to_have_value(re.compile(r"^100[.,]?000([.,]00)?$"))
    screenshot(officer, "aid-cycle-annual-report")
