"""This year's round: the list shows it first with its days left, a round of the next programme obliges the bodies
that exist in its year, and the demo, dated relative to today, leaves an officer of today's units a report to write."""
import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from projects.models import BudgetLine, Programme, Project
from reporting import services
from reporting.models import AnnualReport, ReportingRound
from tests.support.rounds import at

pytestmark = pytest.mark.django_db



@pytest.fixture
def today_is(monkeypatch):
    def set_today(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_today


def test_the_round_list_shows_this_years_round_first_with_its_days_left(programme, next_programme, users, client, today_is):
    for year in (2024, 2025):
        services.round_open(programme=programme, year=year, by=users["coordinator"])
    services.round_open(programme=next_programme, year=2026, by=users["coordinator"])
    today_is(at(2026, 11, 30, 9))
    client.force_login(users["coordinator"])
    entries = client.get(reverse("reporting:rounds")).context["entries"]
    assert [(e.round.year, e.countdown) for e in entries] == [(2026, "còn 20 ngày"), (2025, ""), (2024, "")]
    today_is(at(2026, 12, 23, 9))
    client.force_login(users["coordinator"])  # the session of a month ago has expired
    (current, *_rest) = client.get(reverse("reporting:rounds")).context["entries"]
    assert current.countdown == "quá hạn 3 ngày"


def test_a_2026_round_obliges_the_successor_of_a_taken_over_projects_ended_host(programme, next_programme, users):
    """Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng ended in February 2025; its project, carried into 2026–2030 with it as
    host, is reported on by Sở Tài chính thành phố Cần Thơ, which carries it on in 2026."""
    old = Project.objects.get(code="03-2020-i-04")
    copy = Project.objects.create(
        code="05-2026-i-01", programme=next_programme, sector=next_programme.sectors.get(numeral="I"), position=1,
        host_agency=Organisation.objects.get(code="so-kh-dt-soc-trang"), name=old.name, start_year=2021, end_year=2025,
        status=Project.Status.ACCEPTED, carried_over_from=old,
    )
    BudgetLine.objects.create(project=copy, position=1, total=100, aid_sought=80, counterpart=20)
    round_ = services.round_open(programme=next_programme, year=2026, by=users["coordinator"])
    finance = Organisation.objects.get(code="so-tai-chinh-can-tho")
    assert list(round_.units.all()) == [finance]
    report = services.report_start(round_=round_, organisation=finance, by=users["coordinator"])
    assert [line.project for line in report.lines.all()] == [copy]


def test_the_demo_opens_this_years_round_of_the_next_programme_for_an_officer_of_todays_units(client, today_is):
    today_is(at(2026, 11, 30, 9))
    out = StringIO()
    call_command("demo", allow_production=True, stdout=out)
    seed = Programme.objects.get(code="03-ctr-ubnd-2020")
    current = Programme.objects.get(start_year=2026)
    assert (current.end_year, current.predecessor, current.issuer.code, current.province.code) == (2030, seed, "ubnd-can-tho", "can-tho-2025")
    copies = Project.objects.filter(programme=current)
    assert copies.exists() and all(p.carried_over_from.programme == seed for p in copies)
    assert {p.host_agency.code for p in copies} == {"ubnd-can-tho"}
    # The rest of the seed's unfunded projects are left for the coordinator to take over.
    assert Project.objects.filter(programme=seed, carried_over_to=None, status="published").exists()

    round_ = ReportingRound.objects.get(year=2026)
    city = Organisation.objects.get(code="ubnd-can-tho")
    assert round_.programme == current and list(round_.units.all()) == [city]
    assert round_.local_deadline_date() == datetime.date(2026, 12, 20)
    assert "Ủy ban nhân dân thành phố Cần Thơ (cantho)" in out.getvalue()
    # The 2025 round stays as history: the reports accepted in it are still there.
    assert AnnualReport.objects.filter(round__year=2025, status="accepted").count() == 2

    officer = get_user_model().objects.get(username="cantho")
    client.force_login(officer)
    rounds_page = client.get(reverse("reporting:rounds"))
    assert rounds_page.context["entries"][0].round == round_ and rounds_page.context["entries"][0].countdown == "còn 20 ngày"
    page = client.get(reverse("reporting:report", args=[round_.pk, city.pk]))
    assert page.context["may_start"]
    report = services.report_start(round_=round_, organisation=city, by=officer)
    assert {line.project_id for line in report.lines.all()} == set(copies.values_list("pk", flat=True))
    services.report_save(report=report, by=officer, expected_version=report.version, results="Đang vận động tài trợ.")

    counts = (Programme.objects.count(), Project.objects.count(), ReportingRound.objects.count(), AnnualReport.objects.count())
    call_command("demo", allow_production=True, stdout=StringIO())
    assert (Programme.objects.count(), Project.objects.count(), ReportingRound.objects.count(), AnnualReport.objects.count()) == counts


def test_the_demo_loaded_in_2031_starts_the_programmes_up_to_this_year(today_is):
    today_is(at(2031, 12, 18, 9))
    call_command("demo", allow_production=True, stdout=StringIO())
    assert list(Programme.objects.order_by("start_year").values_list("start_year", "end_year")) == [(2020, 2025), (2026, 2030), (2031, 2035)]
    latest = Programme.objects.get(start_year=2031)
    assert latest.predecessor.start_year == 2026
    assert Project.objects.filter(programme=latest, carried_over_from__programme__start_year=2026).exists()
    round_ = ReportingRound.objects.get(year=2031)
    # Two days before 20 December is too short a notice: the demo gives the officer a month.
    assert round_.programme == latest and round_.local_deadline_date() == datetime.date(2032, 1, 17)
    assert [unit.code for unit in round_.units.all()] == ["ubnd-can-tho"]
