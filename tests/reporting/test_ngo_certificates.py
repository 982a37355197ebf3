"""The certificates to watch: those ending within 90 days of today, and the NGOs working in the province (in the
pipeline, carrying out a project, named in this year's annual reports) without a valid certificate."""
import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from partners.models import NGOContact, NGORegistration, NGOSecurityOpinion, Organisation
from projects.models import Programme, Project
from projects.models.pipeline import Agreement, Pledge
from reporting import services
from reporting.models import ReportingRound, ReportNGO
from reporting.ngo_certificates import certificate_watch
from tests.support.bank_fixtures import make_draft
from tests.support.ngos import certify, days, make_ngo

pytestmark = pytest.mark.django_db


def vietnamese(message):
    with translation.override("vi"):
        return gettext(message)


def pledge(project, ngo):
    return Pledge.objects.create(project=project, ngo=ngo, pledged_on=days(-10), amount=Decimal("1000"), currency="USD", rate_to_vnd=Decimal("26000"), rate_date=days(-10))


@pytest.fixture
def province(db):
    """NGOs around today: certificates ending in 89, 90 and 91 days and yesterday, one renewed; NGOs working in
    the province each one way, with or without a valid certificate."""
    made = {}
    for name, expires in [("In 89 days", 89), ("In 90 days", 90), ("In 91 days", 91), ("Yesterday", -1), ("Today", 0)]:
        made[name] = make_ngo(name.lower().replace(" ", "-"), name)
        certify(made[name], f"N-{name}", issued=days(-700), expires=days(expires))
    renewed = make_ngo("renewed", "Renewed in time")
    old = certify(renewed, "OLD-1", issued=days(-700), expires=days(20))
    certify(renewed, "NEW-1", issued=days(20), expires=days(900), renews=old)
    current = make_draft("ubnd-huyen-chau-thanh", "Dự án đang vận động", status=Project.Status.PUBLISHED)
    done = make_draft("ubnd-huyen-chau-thanh", "Dự án đã xong", status=Project.Status.COMPLETED)
    made["pledger"] = make_ngo("pledger", "Pledger without papers")
    pledge(current, made["pledger"])
    made["agreed"] = make_ngo("agreed", "Agreement without papers")
    certify(made["agreed"], "A-OLD", issued=days(-1200), expires=days(-100))
    Agreement.objects.create(project=current, ngo=made["agreed"], signed_on=days(-5), amount=Decimal("500"), currency="EUR", rate_to_vnd=Decimal("28000"), rate_date=days(-5))
    made["finished"] = make_ngo("finished", "Pledged to a completed project")
    pledge(done, made["finished"])
    made["carrier"] = make_ngo("carrier", "Carrying out a project")
    make_draft("hoi-nong-dan-soc-trang", "Dự án đang thực hiện", status=Project.Status.IMPLEMENTING)
    Project.objects.filter(name="Dự án đang thực hiện").update(ngo=made["carrier"])
    made["covered"] = make_ngo("covered", "Pledger with papers")
    certify(made["covered"], "C-1", issued=days(-10), expires=days(300))
    pledge(current, made["covered"])
    made["reported"] = make_ngo("reported", "Named in this year's report")
    made["last-year"] = make_ngo("last-year", "Named in last year's report")
    return made


def name_in_report(ngo, year, users):
    programme = Programme.objects.get(start_year__lte=year, end_year__gte=year)
    round_ = ReportingRound.objects.filter(year=year).first() or services.round_open(
        programme=programme, year=year, by=users["coordinator"], deadline=timezone.now() + datetime.timedelta(days=30),
        units=[Organisation.objects.get(code="ubnd-huyen-chau-thanh")],
    )
    report = round_.reports.first() or services.report_start(round_=round_, organisation=round_.units.first(), by=users["officer"])
    ReportNGO.objects.create(report=report, ngo=ngo)


def test_certificates_expiring_within_90_days_of_today(province):
    watch = certificate_watch(timezone.localdate())
    assert [r.ngo.name_original for r in watch.expiring] == ["Today", "In 89 days", "In 90 days"]
    assert watch.until == days(90)


def test_ngos_working_in_the_province_without_a_valid_certificate(province, users, next_programme):
    today = timezone.localdate()
    name_in_report(province["reported"], today.year, users)
    name_in_report(province["last-year"], today.year - 1, users)
    watch = certificate_watch(today)
    with translation.override("en"):
        found = {ngo.name_original: [str(reason) for reason in ngo.reasons] for ngo in watch.unregistered}
    assert found == {
        "Agreement without papers": ["pledge or aid agreement on a current project"],
        "Carrying out a project": ["committed NGO of a project being carried out"],
        "Named in this year's report": ["named in this year's annual reports"],
        "Pledger without papers": ["pledge or aid agreement on a current project"],
    }
    agreed = next(ngo for ngo in watch.unregistered if ngo.code == "agreed")
    assert agreed.last_registration.number == "A-OLD"


def test_the_page_shows_both_lists_in_vietnamese(client, users, province):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporting:ngo_certificates")).content.decode()
    assert vietnamese("NGOs working in the province without a valid certificate") in page and days(90).strftime("%d/%m/%Y") in page
    assert "Pledger without papers" in page and capfirst(vietnamese("pledge or aid agreement on a current project")) in page
    assert "N-In 89 days" in page and "N-In 91 days" not in page and "OLD-1" not in page


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "viewer", "admin"])
def test_registry_readers_open_the_page_in_constant_queries(client, users, province, role, django_assert_max_num_queries):
    client.force_login(users[role])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reporting:ngo_certificates")).status_code == 200
    for n in range(10):
        ngo = make_ngo(f"extra-{n}", f"Extra {n}")
        certify(ngo, f"E-{n}", issued=days(-700), expires=days(n))
        pledge(Project.objects.get(name="Dự án đang vận động"), make_ngo(f"extra-p-{n}", f"Extra pledger {n}"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:ngo_certificates"))
    assert len(response.context["watch"].expiring) == 13 and len(response.context["watch"].unregistered) == 13


def test_the_demo_has_a_certificate_expiring_soon_an_ngo_working_without_one_and_a_security_opinion(client, users):
    call_command("demo", allow_production=True)
    watch = certificate_watch(timezone.localdate())
    assert "demo-lotus-health-alliance" in [registration.ngo.code for registration in watch.expiring]
    lapsed = next(ngo for ngo in watch.unregistered if ngo.code == "demo-delta-water-trust")
    assert lapsed.last_registration.expires_on < timezone.localdate() and lapsed.in_pipeline
    renewed = NGORegistration.objects.get(number="DEMO-HĐ-001/BNG")
    assert renewed.renews.number == "DEMO-HĐ-000/BNG"
    assert NGOSecurityOpinion.objects.get().ngo == lapsed
    assert set(NGOContact.objects.filter(ngo__code="demo-lotus-health-alliance").values_list("office", flat=True)) == {"head_office", "vietnam"}
