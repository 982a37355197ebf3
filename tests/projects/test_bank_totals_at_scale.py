"""The bank list at scale (issue 16, item 4): the totals by sector come from lines grouped by sector alone and the
grand total from those rows, with the figures a plain aggregate gives; past BANK_TOTALS_ABOVE_PROJECTS the totals
are added up only when asked for, so that a long list costs its page, not the whole bank."""
import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import BudgetLine, Programme, Project

pytestmark = pytest.mark.django_db

GENERATED = {"projects": 300, "ngos": 3, "seed": 11}


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


def bank(client, **params):
    response = client.get(reverse("projects:bank"), params)
    assert response.status_code == 200
    return response


def plain_totals(projects):
    """What the list must show, as one aggregate over the lines would give it (the list's former queries)."""
    lines = BudgetLine.objects.filter(project__in=projects.values("pk"))
    grand = lines.aggregate(total=Sum("total"), aid_sought=Sum("aid_sought"), counterpart=Sum("counterpart"),
                            project_count=Count("project", distinct=True))
    sectors = {
        (row["project__programme__number"], row["project__sector__numeral"]): (row["project_count"], row["total"], row["aid_sought"], row["counterpart"])
        for row in lines.values("project__programme__number", "project__sector__numeral")
        .annotate(project_count=Count("project", distinct=True), total=Sum("total"), aid_sought=Sum("aid_sought"), counterpart=Sum("counterpart"))
    }
    return grand, sectors


def shown_totals(response):
    sectors = {
        (row["project__programme__number"], row["project__sector__numeral"]): (row["project_count"], row["total"], row["aid_sought"], row["counterpart"])
        for row in response.context["sectors"]
    }
    return response.context["grand"], sectors


@pytest.mark.parametrize("generated", [False, True])
def test_the_totals_are_those_of_a_plain_aggregate(coordinator_client, generated):
    if generated:
        call_command("generate_bank", **GENERATED, stdout=open("/dev/null", "w"))
    seed = Programme.objects.get(code="03-ctr-ubnd-2020")
    for params, projects in [
        ({}, Project.objects.all()),
        ({"programme": seed.pk}, Project.objects.filter(programme=seed)),
        ({"status": "published"}, Project.objects.filter(status="published")),
        ({"q": "ho dieu hoa"}, Project.objects.search("ho dieu hoa")),
    ]:
        assert shown_totals(bank(coordinator_client, **params)) == plain_totals(projects), params
    if generated:  # both programmes start in 2020: their sectors in appendix order, sector by sector
        rows = bank(coordinator_client).context["sectors"]
        keys = [(row["project__sector__position"], row["project__programme__number"]) for row in rows]
        assert keys == sorted(keys) and len({number for _, number in keys}) == 2


def test_a_list_without_a_known_amount_has_no_total(coordinator_client):
    BudgetLine.objects.update(total=None, aid_sought=None, counterpart=None)
    grand = bank(coordinator_client).context["grand"]
    assert grand == {"project_count": 25, "total": None, "aid_sought": None, "counterpart": None}
    assert bank(coordinator_client, q="no such project at all").context["grand"]["project_count"] == 0


@override_settings(BANK_TOTALS_ABOVE_PROJECTS=20)
def test_a_long_list_adds_up_its_totals_when_asked(coordinator_client, django_assert_max_num_queries):
    seed = Programme.objects.get(code="03-ctr-ubnd-2020")
    with django_assert_max_num_queries(14):  # the totals' queries (sectors, localities, map) are not run
        long = bank(coordinator_client)
    html = long.content.decode()
    assert long.context["sectors"] == [] and 'id="totals-title"' in html and 'id="localities-title"' not in html
    assert "?totals=1#totals-title" in html
    asked = bank(coordinator_client, totals="1")
    assert shown_totals(asked) == plain_totals(Project.objects.all())
    assert 'id="localities-title"' in asked.content.decode() and asked.context["locality_map"] is not None
    with override_settings(BANK_TOTALS_ABOVE_PROJECTS=25):
        assert shown_totals(bank(coordinator_client)) == shown_totals(asked)  # up to the limit, as before
    short = bank(coordinator_client, programme=seed.pk, sector=seed.sectors.get(numeral="V").pk)  # 8 projects
    assert short.context["sectors"] and "?totals=1" not in short.content.decode()


@override_settings(BANK_TOTALS_ABOVE_PROJECTS=20)
def test_without_the_totals_the_rows_still_name_their_programme_when_there_are_several(coordinator_client):
    one = bank(coordinator_client)
    assert one.context["several_programmes"] is False
    call_command("generate_bank", **GENERATED, stdout=open("/dev/null", "w"))
    assert bank(coordinator_client).context["several_programmes"] is True
    assert bank(coordinator_client, programme=Programme.objects.get(code="03-ctr-ubnd-2020").pk).context["several_programmes"] is False


@override_settings(BANK_TOTALS_ABOVE_PROJECTS=100)
def test_a_long_list_runs_the_same_queries_whatever_the_size_of_the_bank(coordinator_client):
    cases = ({}, {"q": "ho"}, {"totals": "1"}, {"q": "ho", "totals": "1"})

    def counts():
        found = []
        for params in cases:
            bank(coordinator_client, **params)  # the session and the language settle on the first request
            with CaptureQueriesContext(connection) as captured:
                bank(coordinator_client, **params)
            found.append(len(captured.captured_queries))
        return found

    call_command("generate_bank", projects=150, ngos=2, seed=5, stdout=open("/dev/null", "w"))
    assert Project.objects.search("ho").count() > 100  # every case lists more than the limit
    first = counts()
    call_command("generate_bank", projects=400, ngos=2, seed=6, programme_code="synthetic-b", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert first[0] < first[2]  # without the totals, fewer
