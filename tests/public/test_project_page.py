"""A project's public page: the figures an NGO reads in its language, their USD equivalent, whom to write to, what
has been funded already; nothing that is not public; the same few queries however long the project."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html

from partners.models import NGO, Membership, Organisation
from projects.lifecycle import PUBLIC
from projects.models import BudgetLine, Project, UsdRate
from reporting.models import AnnualReport, ReportingRound, ReportLine
from reporting.models.rounds import default_deadline
from tests.support.translated import translated

pytestmark = pytest.mark.django_db
CHILDREN = "03-2020-ii-06"  # four budget lines: 475 + 120 + 240 + 300 = 1,135 million VND, all aid sought
SMART_FIELDS = "03-2020-i-01"  # one line: 12,000 = 5,000 aid sought + 7,000 counterpart


def url(code, language):
    return reverse("public:project", kwargs={"lang": language, "code": code})



def page(client, code, language):
    response = client.get(url(code, language))
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def klass(name):
    """An XPath test for an element of the class ``name`` (lxml's CSS selectors need a package we do not install)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text(element):
    return " ".join(element.text_content().split())


def budget_rows(tree):
    """Each row of the budget table as the reader sees it: its cells' text."""
    table = tree.xpath(f"//table[{klass('budget')}]")[0]
    return [[text(cell) for cell in row.xpath("./th | ./td")] for row in table.xpath("./tbody/tr | ./tfoot/tr")]


def facts(tree, section="sheet-facts"):
    dl = tree.xpath(f"//*[{klass(section)}]/descendant-or-self::dl")[0]
    return dict(zip((text(dt) for dt in dl.xpath("./dt")), (text(dd) for dd in dl.xpath("./dd")), strict=True))


def one(tree, name):
    return tree.xpath(f"//*[{klass(name)}]")[0]


@pytest.fixture
def rate():
    return UsdRate.objects.create(vnd_per_usd=Decimal("25450.00"), valid_on=datetime.date(2026, 11, 2), source="Vietcombank")


def test_figures_in_vietnamese_with_the_usd_equivalent(client, rate):
    tree = page(client, CHILDREN, "vi")
    assert budget_rows(tree)[0][2:] == ["475", "475", "0", "18.664", "18.664", "0"]  # 475,000,000 / 25,450 = 18,664.05
    assert budget_rows(tree)[3][2:] == ["300", "300", "0", "11.788", "11.788", "0"]  # 11,787.82
    assert budget_rows(tree)[-1] == [translated("vi", "Project total"), "1.135", "1.135", "0", "44.597", "44.597", "0"]
    assert text(tree.xpath("//h1")[0]) == "Bảo vệ chăm sóc trẻ em"
    note = text(one(tree, "rate-note"))
    assert "25.450" in note and "02/11/2026" in note and "Vietcombank" in note


def test_figures_in_english_with_the_usd_equivalent(client, rate):
    tree = page(client, SMART_FIELDS, "en")
    assert budget_rows(tree) == [
        ["1", "—", "12,000", "5,000", "7,000", "471,513", "196,464", "275,049"],
        ["Project total", "12,000", "5,000", "7,000", "471,513", "196,464", "275,049"],
    ]
    shown = facts(tree)
    assert shown["Aid sought"] == "5,000 million VND (≈ 196,464 USD)"
    assert shown["Host agency"] == "People's Committee of Châu Thành district"
    assert shown["Period"] == "2020-2022"
    assert "Phú Tân commune, Châu Thành district" in shown["Location"]
    assert shown["Programme"].startswith("03/CTr-UBND — ")
    assert text(tree.xpath("//h1")[0]) == "Smart rice-field production project"
    assert "25,450" in text(one(tree, "rate-note"))


def test_without_a_rate_no_usd_column_and_no_error(client):
    assert UsdRate.objects.current() is None
    tree = page(client, CHILDREN, "en")
    assert budget_rows(tree)[-1] == ["Project total", "1,135", "1,135", "0"]
    assert not tree.xpath(f"//*[{klass('usd')} or {klass('rate-note')}]")
    assert facts(tree)["Aid sought"] == "1,135 million VND"


def test_the_latest_rate_is_the_one_shown(client, rate):
    UsdRate.objects.create(vnd_per_usd=Decimal("26000"), valid_on=datetime.date(2026, 11, 20), source="SBV")
    tree = page(client, SMART_FIELDS, "en")
    assert budget_rows(tree)[-1][-3:] == ["461,538", "192,308", "269,231"]  # 12,000,000,000 / 26,000 = 461,538.46


def test_english_missing_falls_back_to_the_vietnamese_marked(client):
    Project.objects.filter(code=SMART_FIELDS).update(name_en="", content_en="")
    tree = page(client, SMART_FIELDS, "en")
    heading = tree.xpath("//h1")[0]
    assert text(heading) == "Dự án cánh đồng sản xuất thông minh [VI]" and heading.get("lang") == "vi"
    content = tree.xpath(f"//*[{klass('sheet-content')}]//*[{klass('text')}]")[0]
    assert content.get("lang") == "vi" and text(content).endswith("[VI]")
    assert "[VI]: no English translation yet" in text(tree)
    vietnamese = page(client, SMART_FIELDS, "vi")
    assert "[VI]" not in text(vietnamese) and not vietnamese.xpath("//h1[@lang]")


def test_status_in_the_readers_words(client):
    Project.objects.filter(code=CHILDREN).update(status=Project.Status.IMPLEMENTING)
    for language in ("vi", "en"):
        status = text(page(client, CHILDREN, language).xpath(f"//*[{klass('sheet-status')}]/*[{klass('badge')}]")[0])
        assert status == translated(language, "Being carried out")


def contact_text(client, code, language="en"):
    return text(one(page(client, code, language), "sheet-contact"))


@pytest.fixture
def officer_with_email():
    """An officer of the project's host agency: their address is never the public's to read."""
    user = get_user_model().objects.create_user("officer-tp", email="officer.tp@example.invalid")
    Membership.objects.create(user=user, organisation=Organisation.objects.get(code="ubnd-tp-soc-trang"), role=Membership.Role.OFFICER)
    return user


def test_contact_the_project_names(client, officer_with_email):
    Organisation.objects.filter(code="ubnd-tp-soc-trang").update(email="ubnd@soctrang.gov.vn", phone="0299 3821 111")
    Project.objects.filter(code=CHILDREN).update(contact_name="Trần Thị Bích", contact_email="bich.tran@soctrang.gov.vn", contact_phone="0912 345 678")
    shown = contact_text(client, CHILDREN)
    assert "Trần Thị Bích" in shown and "bich.tran@soctrang.gov.vn" in shown and "0912 345 678" in shown
    assert "ubnd@soctrang.gov.vn" not in shown and "officer.tp@example.invalid" not in text(page(client, CHILDREN, "en"))


def test_contact_falls_back_to_the_host_agency(client, officer_with_email):
    Organisation.objects.filter(code="ubnd-tp-soc-trang").update(email="ubnd@soctrang.gov.vn", phone="0299 3821 111", address="18 Hùng Vương")
    shown = contact_text(client, CHILDREN)
    assert "People's Committee of Sóc Trăng city" in shown
    assert "ubnd@soctrang.gov.vn" in shown and "0299 3821 111" in shown and "18 Hùng Vương" in shown
    assert "officer.tp@example.invalid" not in text(page(client, CHILDREN, "en"))


def test_contact_falls_back_to_the_coordinating_department(client, officer_with_email):
    project = Project.objects.select_related("programme__coordinator", "host_agency").get(code=CHILDREN)
    host = project.host_agency
    assert not (host.email or host.phone or host.address)
    Organisation.objects.filter(pk=project.programme.coordinator_id).update(email="sokhdt@soctrang.gov.vn", phone="0299 3822 222")
    shown = contact_text(client, CHILDREN, "vi")
    assert project.programme.coordinator.name in shown
    assert "sokhdt@soctrang.gov.vn" in shown and "0299 3822 222" in shown
    assert "officer.tp@example.invalid" not in text(page(client, CHILDREN, "vi"))


def test_a_department_merged_away_hands_the_contact_to_todays(client, make_programme):
    """Sở Kế hoạch và Đầu tư Sóc Trăng, the 2020–2025 programme's department, ended in 2025: an NGO reading one of
    its projects today is sent to the department of the programme running now."""
    today = Organisation.objects.get(code="so-tai-chinh-can-tho")
    Organisation.objects.filter(pk=today.pk).update(email="sotaichinh@cantho.gov.vn")
    year = timezone.localdate().year
    make_programme(coordinator=today, start_year=year, end_year=year + 4)
    shown = contact_text(client, CHILDREN, "vi")
    assert today.name in shown and "sotaichinh@cantho.gov.vn" in shown
    assert "Sở Kế hoạch và Đầu tư" not in shown


def report(project, year, status, **amounts):
    round_ = ReportingRound.objects.get_or_create(programme=project.programme, year=year, defaults={"deadline": default_deadline(year)})[0]
    sent = timezone.make_aware(datetime.datetime(year, 12, 15, 9))
    annual = AnnualReport.objects.create(round=round_, organisation=project.host_agency, status=status, submitted_at=sent, first_submitted_at=sent)
    return ReportLine.objects.create(report=annual, project=project, **amounts)


@pytest.fixture
def funded():
    project = Project.objects.select_related("programme", "host_agency").get(code=CHILDREN)
    ngo = NGO.objects.get(code="tong-lanh-su-quan-uc-tphcm")
    Project.objects.filter(pk=project.pk).update(
        status=Project.Status.APPROVED, ngo=ngo, decision_number="1234/QĐ-UBND", decision_date=datetime.date(2024, 5, 6)
    )
    report(project, 2023, "accepted", currency="VND", committed_total=Decimal("100000000"), disbursed_total=Decimal("50000000"))
    # The latest accepted report: 20,000 USD at 25,450 = 509 million VND; 15,000 USD = 381.75 million VND.
    report(project, 2024, "accepted", currency="USD", rate_to_vnd=Decimal("25450"), committed_total=Decimal("20000"), disbursed_total=Decimal("15000"))
    # A later report not yet accepted does not count.
    report(project, 2025, "submitted", currency="VND", committed_total=Decimal("900000000"), disbursed_total=Decimal("900000000"))
    return ngo


def test_what_has_been_funded_already(client, funded):
    with translation.override("en"):
        name = str(funded)
    shown = facts(page(client, CHILDREN, "en"), "sheet-funded")
    assert shown == {
        "Committed NGO": name,
        "Approval decision": "1234/QĐ-UBND, 06/05/2024",
        "Aid committed to date (annual report 2024)": "509 million VND",
        "Aid disbursed to date (annual report 2024)": "381.75 million VND",
    }
    vietnamese = facts(page(client, CHILDREN, "vi"), "sheet-funded")
    assert "381,75" in " ".join(vietnamese.values())


def test_nothing_funded_no_funded_section(client):
    report(Project.objects.select_related("programme", "host_agency").get(code=CHILDREN), 2024, "submitted", committed_total=Decimal("1"))
    assert not page(client, CHILDREN, "en").xpath(f"//*[{klass('sheet-funded')}]")


def test_carried_over_links_only_to_public_projects(client, next_programme):
    old = Project.objects.get(code=CHILDREN)
    sector = next_programme.sectors.get(numeral=old.sector.numeral)
    fields = {"programme": next_programme, "sector": sector, "host_agency": old.host_agency, "name": old.name, "carried_over_from": old}
    public = Project.objects.create(code="05-2026-ii-01", position=1, status=Project.Status.PUBLISHED, **fields)
    Project.objects.create(code="05-2026-ii-02", position=2, status=Project.Status.DRAFT, **fields)
    links = [a.get("href") for a in page(client, CHILDREN, "en").xpath(f"//*[{klass('sheet-related')}]//a")]
    assert links == [url("05-2026-ii-01", "en")]
    back = [a.get("href") for a in page(client, public.code, "vi").xpath(f"//*[{klass('sheet-related')}]//a")]
    assert back == [url(CHILDREN, "vi")]


def test_express_interest_link(client):
    tree = page(client, CHILDREN, "en")
    links = {a.get("href") for a in tree.xpath("//a") if "interest" in (a.get("href") or "")}
    assert links == {reverse("public:interest", kwargs={"lang": "en", "code": CHILDREN})}


@pytest.mark.parametrize("status", sorted(set(Project.Status) - PUBLIC))
def test_not_public_is_not_found(client, status):
    Project.objects.filter(code=CHILDREN).update(status=status)
    for language in ("vi", "en"):
        assert client.get(url(CHILDREN, language)).status_code == 404


def test_every_public_status_is_shown(client):
    for status in PUBLIC:
        Project.objects.filter(code=CHILDREN).update(status=status)
        assert client.get(url(CHILDREN, "en")).status_code == 200


def test_an_unknown_code_is_not_found(client):
    assert client.get(url("03-2020-ix-99", "en")).status_code == 404


def test_the_same_few_queries_however_long_the_project(client, rate, funded, django_assert_max_num_queries):
    def queries(code):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(code, "en")).status_code == 200
        return len(captured)

    short = queries(SMART_FIELDS)
    project = Project.objects.get(code=CHILDREN)
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, position=position, description=f"Hạng mục {position}", total=Decimal(10), aid_sought=Decimal(10), counterpart=Decimal(0))
        for position in range(5, 45)
    )
    project.admin_units.add(*project.host_agency.admin_unit.children.all()[:12])
    assert project.lines.count() == 44
    assert queries(CHILDREN) == short
    with django_assert_max_num_queries(10):  # one for today's department, where a reform ended the programme's
        client.get(url(CHILDREN, "vi"))
