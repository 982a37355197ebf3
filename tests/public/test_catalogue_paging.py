"""The catalogue and the API page the public projects in the appendix's order from the keys (CatalogueRows), summing
only a page's rows: every page of every filter is the page of the whole list summed and sorted at once."""
import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import QueryDict

from projects.models import Project
from projects.appendix_order import AppendixOrderIds
from reporting.public.filters import CatalogueForm, CatalogueRows

pytestmark = pytest.mark.django_db


def rows_of(paginator):
    return [
        [(p.pk, p.total, p.aid_sought, p.counterpart, p.sector.numeral) for p in paginator.page(number).object_list]
        for number in paginator.page_range
    ]


@pytest.fixture
def bank(programme):
    call_command("generate_bank", projects=150, ngos=2, seed=4, stdout=open("/dev/null", "w"))
    return Project.objects.filter(programme__code="synthetic-2026").public().order_by("pk")


def test_every_page_of_every_filter_is_the_page_of_the_whole_list(bank, programme):
    sector = bank.first().sector
    links = Project.admin_units.through.objects.filter(project__in=bank).values_list("administrativeunit").annotate(n=Count("*"))
    unit_pk = max(links, key=lambda link: link[1])[0]
    queries = [
        "", "programme=all", f"programme={programme.code}", "programme=all&q=truong", "programme=all&stage=seeking",
        f"programme=all&sector={sector.pk}", f"programme=all&area={unit_pk}", "programme=all&year_from=2027&year_to=2028",
        # Orders and filters by the sums go through the whole list, summed (SortedIds): the same pages, as before.
        "programme=all&sort=-aid", "programme=all&sort=name", "programme=all&aid_min=100",
    ]
    public = Project.objects.public().select_related("programme", "sector", "host_agency")
    paged = 0
    for query in queries:
        form = CatalogueForm(QueryDict(query))
        expected = form.apply(public)
        rows = CatalogueRows(form, public)
        paged += isinstance(rows.ids, AppendixOrderIds)
        assert expected.count() > 3, query  # more than a page
        for size in (3, 7, 20):
            assert rows_of(Paginator(rows, size)) == rows_of(Paginator(expected, size)), query
    assert paged == 8  # the default order without amount filters is paged from the index in the appendix's order


def test_the_catalogue_and_the_api_show_the_same_pages(client, bank):
    form = CatalogueForm(QueryDict("programme=all"))
    codes = list(form.apply(Project.objects.public()).values_list("code", flat=True))
    page = client.get("/vi/projects/", {"programme": "all", "page": 3})
    assert [project.code for project in page.context["page"]] == codes[40:60]
    answer = client.get("/api/v1/projects/", {"programme": "all", "page": 2}).json()
    assert answer["count"] == len(codes) and [row["code"] for row in answer["results"]] == codes[len(answer["results"]):2 * len(answer["results"])]
