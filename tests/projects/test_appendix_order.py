"""The list's pages in the appendix's order read sector by sector (projects.appendix_order) are the pages of the
whole list sorted at once, whatever the page, the filter or the sectors that share a year and a position."""
import random

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.urls import reverse

from projects.appendix_order import ORDER, AppendixOrderIds
from projects.access import access_for
from projects.models import Project, Sector

pytestmark = pytest.mark.django_db


def pages(object_list, size):
    paginator = Paginator(object_list, size)
    return [list(paginator.page(number).object_list) for number in paginator.page_range]


@pytest.mark.parametrize("size", [7, 50])
def test_every_page_is_the_page_of_the_whole_list_sorted(programme, make_programme, size):
    call_command("generate_bank", projects=120, ngos=2, seed=3)
    # A programme starting the same year as the seed's, with a sector at a position one of the seed's holds too:
    # their projects interleave by position.
    twin = make_programme(code="twin", number="99/CTr-UBND", start_year=programme.start_year, end_year=programme.end_year)
    seed_sector = programme.sectors.order_by("position").first()
    sector = twin.sectors.create(position=seed_sector.position, numeral="I", name="Lĩnh vực đôi")
    source = Project.objects.filter(sector=seed_sector).order_by("position").first()
    for position in (1, 3, 500):
        Project.objects.create(code=f"twin-{position}", programme=twin, sector=sector, position=position, name="Dự án đôi", host_agency=source.host_agency)
    for projects in (Project.objects.all(), Project.objects.filter(status="draft"), Project.objects.filter(programme=programme), Project.objects.none()):
        expected = pages(projects.order_by(*ORDER).values_list("pk", flat=True), size)
        assert pages(AppendixOrderIds(projects), size) == expected


def test_the_list_pages_in_that_order_with_constant_queries(client, users, django_assert_max_num_queries):
    call_command("generate_bank", projects=120, ngos=2, seed=3)
    client.force_login(users["coordinator"])
    expected = list(Project.objects.order_by(*ORDER).values_list("pk", flat=True))
    for number in (1, 2, 3):
        with django_assert_max_num_queries(20):
            response = client.get(reverse("projects:bank"), {"page": number})
        assert [row.pk for row in response.context["rows"]] == expected[(number - 1) * 50:number * 50]


def test_every_page_of_every_size_is_the_plain_sorted_lists_with_many_programmes_and_empty_sectors(programme, make_programme, users):
    """Programmes sharing a start year, one later and one earlier (created in another order than their years),
    sectors left empty, filters and each role's visible list; pages of 1 to 13 rows, and a page past the end."""
    rng = random.Random(7)
    agency = Project.objects.first().host_agency
    others = [
        make_programme(code="a", number="A", start_year=programme.start_year, end_year=programme.end_year),
        make_programme(code="b", number="B", start_year=programme.start_year, end_year=programme.end_year),
        make_programme(code="c", number="C", start_year=2031, end_year=2035),
        make_programme(code="d", number="D", start_year=2010, end_year=2015),
    ]
    made = 0
    for other in others:
        for position in rng.sample(range(1, 8), 4):
            sector = Sector.objects.create(programme=other, position=position, numeral=f"S{position}", name="x")
            for place in rng.sample(range(1, 40), rng.choice([0, 1, 3, 9])):
                made += 1
                Project.objects.create(code=f"f{made}", programme=other, sector=sector, position=place, name=f"n{made}",
                                       host_agency=agency, status=rng.choice(["draft", "submitted"]))
    lists = [
        Project.objects.all(), Project.objects.filter(status="draft"), Project.objects.exclude(programme=programme),
        Project.objects.filter(programme__in=others[:2]), Project.objects.filter(name__startswith="n1"),
        Project.objects.visible_to(access_for(users["viewer"])),
        Project.objects.visible_to(access_for(users["officer"])).filter(status="draft"),
    ]
    for projects in lists:
        expected = list(projects.order_by(*ORDER).values_list("pk", flat=True))
        # Read sector by sector; read at once (a search's list); and too long to be read at once.
        for listed in (0, len(expected), max(len(expected) - 1, 0)):
            in_order = AppendixOrderIds(projects, list_up_to=listed)
            assert (in_order.listed is not None) == (0 < len(expected) <= listed)
            for size in range(1, 14):
                assert pages(AppendixOrderIds(projects, list_up_to=listed), size) == pages(expected, size), (size, listed)
            past_the_end = Paginator(AppendixOrderIds(projects, list_up_to=listed), 50).get_page(9999).object_list
            assert list(past_the_end) == list(Paginator(expected, 50).get_page(9999).object_list)
            assert in_order.programmes == set(projects.values_list("programme_id", flat=True))
    nothing = AppendixOrderIds(Project.objects.none(), list_up_to=5)
    assert nothing.listed == [] and nothing.count() == 0 and list(Paginator(nothing, 50).get_page(1).object_list) == []



def test_a_search_is_read_once_and_paged_in_that_order(client, users, django_assert_max_num_queries):
    call_command("generate_bank", projects=300, ngos=2, seed=3)
    client.force_login(users["coordinator"])
    expected = list(Project.objects.search("xa").order_by(*ORDER).values_list("pk", flat=True))
    assert len(expected) > 50
    for number in (1, 2):
        with django_assert_max_num_queries(20):
            response = client.get(reverse("projects:bank"), {"q": "xa", "page": number})
        assert [row.pk for row in response.context["rows"]] == expected[(number - 1) * 50:number * 50]
        assert response.context["page"].paginator.count == len(expected)
