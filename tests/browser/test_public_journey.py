"""Issue 14's journey in a real browser: an NGO reader whose browser prefers English finds a project in the
catalogue, downloads the English appendix and says it is interested; the coordinator follows it up."""
import io

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from projects.models import Interest, Project
from projects.seed import load_programme_fixture
from tests.browser.conftest import CHROMIUM_ARGS, DESKTOP, make_member  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-demo-2026"
CODE = "03-2020-ii-06"


@pytest.fixture
def coordinator(transactional_db, settings):
    # A person types for longer than this; the default (5 s) would only slow the test down.
    settings.INTEREST_MIN_FILL_SECONDS = 1
    load_programme_fixture()
    return make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho", first_name="Lan")


@pytest.fixture
def reader(browser):
    context = browser.new_context(locale="en-US", viewport=DESKTOP, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_an_ngo_finds_a_project_and_says_it_is_interested(coordinator, reader, new_page, sign_in, live_server, screenshot):
    project = Project.objects.get(code=CODE)
    page = reader

    # English by default for a browser that prefers it; the language is in the address.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/en/")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="The projects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects for foreign NGO aid")

    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Sector").select_option(label="II. Social welfare (2020–2025)")
    page.get_by_role("button", name="Apply filters").click()
    in_sector = Project.objects.public().filter(sector=project.sector).count()
    expect(page.locator("#results-title")).to_contain_text(f"{in_sector} projects")
    expect(page.locator("li.result")).to_have_count(in_sector)
    screenshot(page, "public-journey-catalogue-en")
    page.get_by_role("link", name=project.name_en).click()
    expect(page).to_have_url(f"{live_server.url}/en/projects/{CODE}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.name_en)
    expect(page.locator("table.budget tfoot")).to_contain_text("1,135")

    # The English appendix of the programme, from the catalogue.
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="the list of programme 03/CTr-UBND as PDF").click()
    assert download.value.suggested_filename.startswith("list-of-proposed-projects")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages).split())
    assert "LIST OF PROJECTS PROPOSED FOR FOREIGN NON-GOVERNMENTAL AID" in text and "367,902" in text and project.name_en in text

    # A wrong e-mail address is refused, and nothing typed is lost.
    page.goto(f"{live_server.url}/en/projects/{CODE}/")
    page.get_by_role("link", name="Express interest").first.click()
    page.get_by_label("Organisation").fill("Save the Children Sweden")
    page.get_by_label("Country").select_option(label="Sweden")
    page.get_by_label("Contact person").fill("Anna Lindqvist")
    page.get_by_label("E-mail").fill("anna.lindqvist@example")  # the browser lets it through; the portal does not
    page.get_by_label("Funding").check()
    page.get_by_label("Message").fill("We fund child protection in the Mekong delta and would like to discuss the swimming pools.")
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("E-mail")
    expect(page.get_by_label("Organisation")).to_have_value("Save the Children Sweden")
    expect(page.get_by_label("Country")).to_have_value("SE")
    expect(page.get_by_label("Funding")).to_be_checked()
    expect(page.get_by_label("Message")).to_have_value("We fund child protection in the Mekong delta and would like to discuss the swimming pools.")
    assert not Interest.objects.exists()
    screenshot(page, "public-journey-interest-refused-en")

    page.get_by_label("E-mail").fill("anna.lindqvist@example.org")
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    interest = Interest.objects.get()
    assert (interest.project_id, interest.email, interest.language, interest.state) == (project.pk, "anna.lindqvist@example.org", "en", "new")
    assert {tuple(message.to) for message in mail.outbox} >= {("anna.lindqvist@example.org",)}

    # The coordinator sees it, contacts the NGO and links it to the registry (a new partner there).
    staff = new_page()
    sign_in(staff, "dieuphoi", PASSWORD)
    staff.locator(f"a[href='/bank/interests/']").click()
    staff.get_by_role("link", name="Save the Children Sweden").click()
    expect(staff.get_by_text("anna.lindqvist@example.org").first).to_be_visible()
    staff.locator("select[name=state]").select_option("contacted")
    staff.locator("textarea[name=note]").fill("Đã gửi thư mời họp trực tuyến ngày 05/12.")
    staff.locator("form:has(input[name=action][value=mark]) button[type=submit]").click()
    staff.locator("form:has(input[name=create]) button[type=submit]").click()
    expect(staff.locator("select[name=state]")).to_have_value("contacted")
    screenshot(staff, "public-journey-coordinator")
    interest.refresh_from_db()
    assert interest.state == Interest.State.CONTACTED and interest.state_note.startswith("Đã gửi thư mời")
    assert interest.ngo is not None and interest.ngo.name_original == "Save the Children Sweden" and interest.ngo.country.code == "SE"
