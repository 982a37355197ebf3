"""The open-data API: published projects only, filtered like the catalogue, in pages, the same number of queries
whatever the number of projects, nothing a staff page alone shows, no cookie."""
import pytest
from django.http import QueryDict

from projects.lifecycle import PUBLIC
from projects.models import Programme, Project, Sector
from reporting.public.filters import CatalogueForm
from tests.support.open_data import make_project, many_public, one_of_each_status

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


def every_page(client, url):
    """The results of a list, page after page."""
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        results += response.json()["results"]
        url = response.json()["next"]
    return results


def test_only_public_projects_are_listed_and_found(client):
    made = one_of_each_status()
    listed = {row["code"] for row in every_page(client, PROJECTS + "?programme=all")}
    assert listed == set(Project.objects.filter(status__in=PUBLIC).values_list("code", flat=True))
    assert len(listed) == 25 + len(PUBLIC)
    for status, project in made.items():
        response = client.get(f"{PROJECTS}{project.code}/")
        assert response.status_code == (200 if status in PUBLIC else 404), status
    hidden = {"draft", "proposed", "returned", "accepted", "withdrawn"}
    assert {status for status, project in made.items() if project.code not in listed} == hidden


def test_a_project_in_full(client):
    response = client.get(f"{PROJECTS}03-2020-ii-06/")
    assert response.status_code == 200
    project = response.json()
    assert project["name_en"] == "Child protection and care"
    assert project["programme"] == "03-ctr-ubnd-2020"
    assert project["sector"]["numeral"] == "II" and project["sector"]["name_en"] == "Social welfare"
    assert (project["total"], project["aid_sought"], project["counterpart"]) == ("1135.000", "1135.000", "0.000")
    assert [line["aid_sought"] for line in project["lines"]] == ["475.000", "120.000", "240.000", "300.000"]
    assert (project["start_year"], project["end_year"]) == (2020, 2026)
    assert (project["status"], project["stage"], project["status_name_en"]) == ("published", "seeking", "published to NGOs")
    assert set(project["host_agency"]) == {"code", "name", "name_en"}
    assert project["ngo"] is None
    # Nothing of the staff's: no history, editors, versions, provenance of the import, search text.
    assert not set(project) & {"history", "version", "search_text", "source_ref", "source_text", "corrections", "updated_by", "decision_number"}


def test_the_units_and_the_contact_a_project_publishes(client):
    make_project("with-contact", position=60, units=("soc-trang-chau-thanh-phu-tan",), contact_name="Nguyễn Văn A", contact_email="a@example.vn", contact_phone="0299 123")
    project = client.get(f"{PROJECTS}with-contact/").json()
    assert project["units"] == [{"id": project["units"][0]["id"], "code": "soc-trang-chau-thanh-phu-tan", "official_code": "31582", "name": "Xã Phú Tân", "name_en": "Phú Tân commune"}]
    assert (project["contact_name"], project["contact_email"], project["contact_phone"]) == ("Nguyễn Văn A", "a@example.vn", "0299 123")


def test_a_funded_project_names_its_ngo_and_stage(client):
    make_project("funded-one", position=61, status=Project.Status.IMPLEMENTING, ngo="tong-lanh-su-quan-uc-tphcm")
    project = client.get(f"{PROJECTS}funded-one/").json()
    assert project["stage"] == "funded"
    assert project["ngo"]["name_en"] == "Australian Consulate-General in Ho Chi Minh City"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "programme=all",
        "stage=seeking&sort=-aid",
        "stage=funded&programme=all",
        "q=ca+tran+de",
        "aid_min=5000&aid_max=20000&sort=aid",
        "year_from=2024&year_to=2025&sort=-start",
        "sort=name",
    ],
)
def test_the_filters_are_the_catalogues(client, query):
    one_of_each_status()
    listed = [row["code"] for row in every_page(client, f"{PROJECTS}?{query}")]
    assert listed == [project.code for project in CatalogueForm(QueryDict(query)).apply(Project.objects.public())]


def test_filters_by_what_a_reader_asks(client):
    one_of_each_status()
    largest = client.get(PROJECTS + "?sort=-aid").json()["results"][0]
    assert (largest["code"], largest["aid_sought"]) == ("03-2020-v-02", "97666.000")
    sector = Sector.objects.get(programme__number="03/CTr-UBND", numeral="V")
    in_sector = every_page(client, f"{PROJECTS}?sector={sector.pk}")
    assert {row["sector"]["numeral"] for row in in_sector} == {"V"} and len(in_sector) == 7
    amounts = every_page(client, PROJECTS + "?aid_min=5000&aid_max=10000")
    assert {row["code"] for row in amounts} == {"03-2020-i-01", "03-2020-i-04", "03-2020-i-05", "03-2020-ii-04", "03-2020-iii-01", "03-2020-iv-01", "03-2020-v-04", "03-2020-v-05", "03-2020-vi-01", "03-2020-vi-02"}
    assert [row["code"] for row in every_page(client, PROJECTS + "?q=cang+ca+tran+de")] == ["03-2020-i-07"]
    funded = every_page(client, PROJECTS + "?stage=funded")
    assert {row["status"] for row in funded} == {"committed", "approved", "implementing"}
    assert [row["code"] for row in every_page(client, PROJECTS + "?stage=completed")] == ["every-completed"]


def test_an_invalid_filter_is_refused_with_its_name(client):
    response = client.get(PROJECTS + "?sector=abc&aid_min=lots")
    assert response.status_code == 400
    assert set(response.json()) == {"sector", "aid_min"}
    assert client.get(PROJECTS + "?programme=no-such").status_code == 400


def test_the_running_programme_unless_another_is_asked(client, make_programme):
    later = make_programme(code="later", number="09/CTr-UBND", start_year=2026, end_year=2030)
    sector = Sector.objects.create(programme=later, position=1, numeral="I", name="Nông nghiệp")
    Project.objects.create(code="later-1", programme=later, sector=sector, position=1, host_agency_id=Project.objects.first().host_agency_id, name="Dự án mới", status=Project.Status.PUBLISHED)
    assert [row["code"] for row in every_page(client, PROJECTS)] == ["later-1"]
    assert len(every_page(client, PROJECTS + "?programme=03-ctr-ubnd-2020")) == 25
    assert len(every_page(client, PROJECTS + "?programme=all")) == 26
    assert [row["code"] for row in every_page(client, "/api/v1/programmes/")] == ["later", "03-ctr-ubnd-2020"]
    assert {row["programme"] for row in every_page(client, "/api/v1/sectors/?programme=later")} == {"later"}


def test_pages_of_fifty(client):
    many_public(30)
    first = client.get(PROJECTS).json()
    assert first["count"] == 55 and len(first["results"]) == 50 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    assert not {row["code"] for row in first["results"]} & {row["code"] for row in second["results"]}


def test_a_programme_without_public_projects_and_its_sectors_are_not_listed(client, make_programme):
    hidden = make_programme(code="hidden", number="10/CTr-UBND", start_year=2026, end_year=2030)
    Sector.objects.create(programme=hidden, position=1, numeral="I", name="Nông nghiệp")
    assert "hidden" not in {row["code"] for row in every_page(client, "/api/v1/programmes/")}
    assert "hidden" not in {row["programme"] for row in every_page(client, "/api/v1/sectors/")}
    assert client.get("/api/v1/programmes/hidden/").status_code == 404


def test_units_with_their_official_codes_validity_and_parent(client):
    units = {row["code"]: row for row in every_page(client, "/api/v1/units/")}
    commune = units["soc-trang-chau-thanh-phu-tan"]
    assert (commune["official_code"], commune["parent"], commune["level"], commune["valid_to"]) == ("31582", "soc-trang-chau-thanh", 3, "2025-06-30")
    used = {row["code"] for row in every_page(client, "/api/v1/units/?used=true")}
    assert "soc-trang-chau-thanh-phu-tan" in used and used < set(units)
    assert client.get("/api/v1/units/soc-trang/").json()["official_code"] == "94"


@pytest.mark.parametrize("url", [PROJECTS + "?programme=all", f"{PROJECTS}03-2020-ii-06/", "/api/v1/sectors/", "/api/v1/units/", "/api/v1/programmes/"])
def test_a_constant_number_of_queries(client, django_assert_max_num_queries, url):
    many_public(40)
    for project in Project.objects.filter(code__startswith="many-")[:20]:
        project.admin_units.add(*project.programme.province.children.all()[:3])
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_no_cookie_and_revalidated_copies(client):
    response = client.get(PROJECTS)
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert response["Cache-Control"] == "public, no-cache"
    again = client.get(PROJECTS, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    Project.objects.filter(code="03-2020-i-01").update(name_en="Renamed")
    programme = Programme.objects.get(code="03-ctr-ubnd-2020")
    assert programme
    assert client.get(PROJECTS, headers={"If-None-Match": response["ETag"]}).status_code == 200


def test_read_only(client):
    assert client.post(PROJECTS, {"code": "x"}).status_code == 405
    assert client.put(f"{PROJECTS}03-2020-i-01/", {}).status_code == 405
    assert client.delete(f"{PROJECTS}03-2020-i-01/").status_code == 405
    assert Project.objects.filter(code="03-2020-i-01").exists()
