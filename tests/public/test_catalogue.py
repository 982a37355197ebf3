"""The catalogue of published projects: filters, search without diacritics, sorting, paging, errors in the reader's
language, amounts printed the reader's way, and a constant number of queries however many projects."""
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import F

from projects.models import Project, Sector
from tests.public.reading import link, names, results

pytestmark = pytest.mark.django_db

SEED_PUBLISHED = 25  # the seed programme's projects, all published to NGOs


def seed_public():
    return Project.objects.public().filter(programme__number="03/CTr-UBND")


def test_twenty_a_page_and_the_second_page_has_the_rest(client):
    first = client.get("/en/projects/")
    assert first.status_code == 200
    assert len(results(first)) == 20
    assert f"{SEED_PUBLISHED} projects" in first.content.decode()
    following = link(first, "Next page")
    assert following == "?page=2"
    second = client.get("/en/projects/" + following)
    assert len(results(second)) == SEED_PUBLISHED - 20
    assert link(second, "Previous page") == "?page=1"
    assert link(second, "Next page") is None
    assert set(names(first)).isdisjoint(names(second))
    english = {project.name_en or f"{project.name} [VI]" for project in seed_public()}
    assert set(names(first)) | set(names(second)) == english


def test_paging_keeps_the_filters(client, make_project):
    for number in range(25):
        make_project(f"Trạm bơm thử nghiệm số {number:02d}")
    response = client.get("/en/projects/", {"q": "tram bom thu nghiem", "sort": "name"})
    assert response["Content-Language"] == "en"
    assert len(results(response)) == 20
    query = parse_qs(urlsplit(link(response, "Next page")).query)
    assert query == {"q": ["tram bom thu nghiem"], "sort": ["name"], "page": ["2"]}
    second = client.get("/en/projects/", query)
    assert names(second) == [f"Trạm bơm thử nghiệm số {number:02d} [VI]" for number in range(20, 25)]


def test_search_without_diacritics_finds_the_regulating_lakes(client):
    response = client.get("/vi/projects/", {"q": "ho dieu hoa"})
    expected = seed_public().filter(name__startswith="Hồ điều hòa")
    assert expected.count() == 3
    assert sorted(names(response)) == sorted(expected.values_list("name", flat=True))


def test_filter_by_sector_and_stage(client, make_project):
    sector = Sector.objects.get(programme__number="03/CTr-UBND", numeral="V")
    response = client.get("/vi/projects/", {"sector": sector.pk})
    assert sorted(names(response)) == sorted(seed_public().filter(sector=sector).values_list("name", flat=True))
    assert {row["Lĩnh vực"] for row in results(response)} == {str(sector)}

    funded = make_project("Dự án đã được tài trợ", status=Project.Status.IMPLEMENTING)
    done = make_project("Dự án đã hoàn thành", status=Project.Status.COMPLETED)
    assert names(client.get("/vi/projects/", {"stage": "funded"})) == [funded.name]
    assert names(client.get("/vi/projects/", {"stage": "completed"})) == [done.name]
    seeking = client.get("/en/projects/", {"stage": "seeking"})
    assert len(results(seeking)) == 20 and {row["stage"] for row in results(seeking)} == {"Seeking aid"}


def test_filter_by_aid_sought_and_years(client, make_project):
    small = make_project("Giếng nước nhỏ thử", aid_sought=Decimal("1.5"), total=Decimal("2"), counterpart=Decimal("0.5"), start_year=2030, end_year=2031)
    make_project("Giếng nước lớn thử", aid_sought=Decimal(900), total=Decimal(1000), counterpart=Decimal(100), start_year=2030, end_year=2031)
    assert names(client.get("/vi/projects/", {"q": "gieng nuoc", "aid_max": "10"})) == [small.name]
    assert names(client.get("/en/projects/", {"q": "gieng nuoc", "aid_min": "1.5", "aid_max": "1.5"})) == [f"{small.name} [VI]"]
    assert len(results(client.get("/vi/projects/", {"year_from": "2030"}))) == 2
    assert names(client.get("/vi/projects/", {"year_from": "2030", "aid_min": "100"})) == ["Giếng nước lớn thử"]


def test_sorted_by_aid_sought_largest_first(client):
    response = client.get("/vi/projects/", {"sort": "-aid"})
    expected = seed_public().with_totals().order_by(F("aid_sought").desc(nulls_last=True), "pk").values_list("name", flat=True)[:20]
    assert names(response) == list(expected)
    by_name = client.get("/vi/projects/", {"sort": "name", "page": "2"})
    assert names(by_name) == list(seed_public().order_by("name", "pk").values_list("name", flat=True)[20:])


def test_amounts_in_million_vnd_the_readers_way(client, make_project):
    make_project("Trường học thử nghiệm", name_en="Test school", total=Decimal(367902), aid_sought=Decimal("300000.5"), counterpart=Decimal("67901.5"))
    [vietnamese] = results(client.get("/vi/projects/", {"q": "truong hoc thu nghiem"}))
    assert (vietnamese["Tổng vốn dự án"], vietnamese["Vốn vận động viện trợ"], vietnamese["Vốn đối ứng"]) == ("367.902", "300.000,5", "67.901,5")
    assert vietnamese["name"] == "Trường học thử nghiệm"
    [english] = results(client.get("/en/projects/", {"q": "truong hoc thu nghiem"}))
    assert (english["Total budget"], english["Aid sought"], english["Counterpart funds"]) == ("367,902", "300,000.5", "67,901.5")
    assert english["name"] == "Test school"
    assert english["Host agency"] == "People's Committee of Châu Thành district"


def test_each_result_links_to_its_page_in_the_same_language(client):
    for language in ("vi", "en"):
        rows = results(client.get(f"/{language}/projects/", {"sort": "name"}))
        codes = seed_public().order_by("name", "pk").values_list("code", flat=True)[:20]
        assert [row["href"] for row in rows] == [f"/{language}/projects/{code}/" for code in codes]


def test_english_falls_back_to_the_vietnamese_name_marked(client, make_project):
    make_project("Nhà văn hóa ấp thử")
    [row] = results(client.get("/en/projects/", {"q": "nha van hoa ap thu"}))
    assert row["name"] == "Nhà văn hóa ấp thử [VI]"


def test_invalid_filters_are_explained_beside_the_field_and_ignored(client):
    query = {"year_from": "abc", "aid_min": "nhiều", "programme": "no-such", "stage": "soon", "sort": "sideways"}
    vietnamese = client.get("/vi/projects/", query)
    page = vietnamese.content.decode()
    assert vietnamese.status_code == 200
    assert len(results(vietnamese)) == 20 and f"{SEED_PUBLISHED} dự án" in page  # nothing filtered
    assert 'id="id_aid_min_error"' in page and "Nhập số tiền theo đơn vị triệu đồng, ví dụ: 12.000,5." in page
    assert 'id="id_year_from_error"' in page and "Nhập một số tổng thể." in page
    assert 'id="id_stage_error"' in page and "Hãy chọn một lựa chọn hợp lệ." in page
    english = client.get("/en/projects/", query).content.decode()
    assert "Enter an amount in million VND, e.g. 12,000.5." in english
    assert "Enter a whole number." in english
    assert "There is no such programme." in english
    assert "Select a valid choice. soon is not one of the available choices." in english
    # The value typed stays in its field, so the reader sees what to correct.
    assert 'value="abc"' in english


def test_no_result_says_so_and_offers_to_clear_the_filters(client):
    response = client.get("/en/projects/", {"q": "không có dự án nào như thế"})
    assert results(response) == []
    page = response.content.decode()
    assert "No published project matches these filters." in page
    assert link(response, "Clear the filters and show every project of the running programme") == "/en/projects/"


def test_the_programme_filter_reaches_earlier_programmes(client, next_programme):
    # With a programme running in 2026 the catalogue opens on it; the seed's projects are one choice away.
    assert results(client.get("/vi/projects/")) == []
    earlier = client.get("/vi/projects/", {"programme": "03-ctr-ubnd-2020"})
    assert f"{SEED_PUBLISHED} dự án" in earlier.content.decode()
    everything = client.get("/vi/projects/", {"programme": "all"})
    assert f"{SEED_PUBLISHED} dự án" in everything.content.decode()


def test_nothing_unpublished_is_listed_or_found(client, unpublished):
    for query in ({"programme": "all"}, {"programme": "all", "q": "du an an kiem thu"}, {"programme": "all", "page": "2"}):
        for language in ("vi", "en"):
            listed = " ".join(names(client.get(f"/{language}/projects/", query)))
            assert "kiểm thử" not in listed
    assert names(client.get("/vi/projects/", {"q": "du an an kiem thu"})) == []
    assert f"{SEED_PUBLISHED} dự án" in client.get("/vi/projects/", {"programme": "all"}).content.decode()


def test_a_constant_number_of_queries_however_many_projects(client, make_project, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"sector": Sector.objects.get(programme__number="03/CTr-UBND", numeral="I").pk, "area": "", "q": "du an", "sort": "-aid"}
    with CaptureQueriesContext(connection) as few:
        client.get("/en/projects/", query)
    for number in range(60):
        make_project(f"Dự án công khai thêm {number}")
    with django_assert_max_num_queries(11):  # the count, the page's ids in the order of the sums, its rows, …
        response = client.get("/en/projects/", query)
    assert len(results(response)) == 20
    with CaptureQueriesContext(connection) as many:
        client.get("/en/projects/", query)
    assert len(many) == len(few)


def test_the_csv_link_downloads_the_projects_as_filtered_on_every_page(client):
    sector = Sector.objects.get(programme__number="03/CTr-UBND", numeral="V")
    page = client.get("/en/projects/", {"sector": sector.pk, "sort": "name", "page": "2"})
    href = link(page, "these projects as CSV")
    assert urlsplit(href).path == "/en/projects.csv"
    assert parse_qs(urlsplit(href).query) == {"sector": [str(sector.pk)], "sort": ["name"]}
    rows = client.get(href).content.decode("utf-8-sig").splitlines()[1:]
    expected = seed_public().filter(sector=sector).order_by("name", "pk")
    assert len(rows) == expected.count() > 1
    assert [row.split(",")[0] for row in rows] == list(expected.values_list("code", flat=True))
