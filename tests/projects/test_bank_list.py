"""The bank list: search without diacritics, filters in the URL, totals of the filtered rows, constant queries."""
import re

import pytest
from django.urls import reverse

from partners.models import AdministrativeUnit
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


def listed(response):
    return [row for row in response.context["rows"]]


def names(response):
    return [p.name for p in listed(response)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ho dieu hoa", ["03-2020-v-01", "03-2020-v-02", "03-2020-v-03"]),
        ("Hồ Điều Hòa", ["03-2020-v-01", "03-2020-v-02", "03-2020-v-03"]),
        ("DOI NGUA", ["03-2020-vi-02"]),
        ("den duong", ["03-2020-v-06"]),
        ("đèn đường", ["03-2020-v-06"]),
        ("Hội Nông dân tưới", ["03-2020-i-02"]),  # host agency and name together
        ("Mahatup phuong 3", ["03-2020-vi-02"]),  # location
    ],
)
def test_search_ignores_case_and_diacritics(coordinator_client, query, expected):
    response = coordinator_client.get(reverse("projects:bank"), {"q": query})
    assert sorted(p.code for p in listed(response)) == expected


def test_sector_filter_and_search_combine_and_give_the_totals(coordinator_client, programme):
    sector = programme.sectors.get(numeral="V")
    response = coordinator_client.get(reverse("projects:bank"), {"programme": programme.pk, "sector": sector.pk, "q": "ho dieu hoa"})
    assert len(listed(response)) == 3
    html = response.content.decode()
    grand = response.context["grand"]
    assert (grand["total"], grand["project_count"]) == (20059 + 97666 + 45266, 3)
    assert "162.991" in html  # Vietnamese grouping
    coordinator_client.post(reverse("set_language"), {"language": "en"})
    html = coordinator_client.get(reverse("projects:bank"), {"sector": sector.pk, "q": "ho dieu hoa"}).content.decode()
    assert "162,991" in html
    assert "Regulating lake of 7,384 m² and green park of 23,529 m²" in html  # English names for English readers


def test_unfiltered_totals_are_the_appendix_totals(coordinator_client):
    response = coordinator_client.get(reverse("projects:bank"))
    grand = response.context["grand"]
    assert (grand["total"], grand["aid_sought"], grand["counterpart"]) == (367902, 306950, 60952)
    subtotals = [(s["project__sector__numeral"], s["total"]) for s in response.context["sectors"]]
    assert subtotals == [("I", 132716), ("II", 13233), ("III", 8280), ("IV", 15000), ("V", 178673), ("VI", 20000)]
    assert "367.902" in response.content.decode()


def test_a_former_district_finds_the_projects_of_its_communes(coordinator_client):
    city = AdministrativeUnit.objects.get(code="soc-trang-tp-soc-trang")
    codes = {p.code for p in listed(coordinator_client.get(reverse("projects:bank"), {"unit": city.pk}))}
    assert {"03-2020-v-01", "03-2020-v-02", "03-2020-v-03", "03-2020-vi-02", "03-2020-ii-06"} <= codes
    assert "03-2020-i-01" not in codes  # Châu Thành


def test_priority_area_filters_follow_the_unit_flags(coordinator_client):
    AdministrativeUnit.objects.filter(code="soc-trang-cu-lao-dung").update(is_khmer_area=True)
    codes = {p.code for p in listed(coordinator_client.get(reverse("projects:bank"), {"khmer": "on"}))}
    assert codes == {"03-2020-i-03", "03-2020-v-05", "03-2020-vi-01"}
    assert listed(coordinator_client.get(reverse("projects:bank"), {"difficult": "on"})) == []


def test_status_period_and_amount_filters(coordinator_client):
    assert len(listed(coordinator_client.get(reverse("projects:bank"), {"status": "published"}))) == 25
    assert listed(coordinator_client.get(reverse("projects:bank"), {"status": "draft"})) == []
    in_2024 = {p.code for p in listed(coordinator_client.get(reverse("projects:bank"), {"year_from": 2024, "year_to": 2024}))}
    assert "03-2020-v-02" in in_2024 and "03-2020-v-01" not in in_2024 and "03-2020-i-01" not in in_2024
    big = listed(coordinator_client.get(reverse("projects:bank"), {"amount_min": "40.000"}))
    assert {p.code for p in big} == {"03-2020-i-06", "03-2020-v-02", "03-2020-v-03"}


def test_bad_filter_values_are_reported_and_the_rest_still_applies(coordinator_client):
    response = coordinator_client.get(reverse("projects:bank"), {"year_from": "abc", "q": "den duong"})
    assert response.status_code == 200
    assert "year_from" in response.context["form"].errors
    assert [p.code for p in listed(response)] == ["03-2020-v-06"]


def test_sorting_by_any_column(coordinator_client):
    by_total = listed(coordinator_client.get(reverse("projects:bank"), {"o": "-total"}))
    assert by_total[0].code == "03-2020-v-02"
    # The database's collation decides where Đ and Ủ fall; both directions must agree with each other.
    by_name = [p.code for p in listed(coordinator_client.get(reverse("projects:bank"), {"o": "name"}))]
    reverse_name = [p.code for p in listed(coordinator_client.get(reverse("projects:bank"), {"o": "-name"}))]
    assert by_name == reverse_name[::-1] and len(set(by_name)) == 25
    default = listed(coordinator_client.get(reverse("projects:bank"), {"o": "nonsense"}))
    assert [p.code for p in default][:2] == ["03-2020-i-01", "03-2020-i-02"]


def test_sorted_header_links_keep_the_filters(coordinator_client, programme):
    html = coordinator_client.get(reverse("projects:bank"), {"q": "ho dieu hoa", "o": "total"}).content.decode()
    link = re.search(r'<th scope="col" class="total" aria-sort="ascending">\s*<a href="([^"]+)"', html).group(1)
    assert "q=ho+dieu+hoa" in link and "o=-total" in link


def test_pagination_keeps_filters(coordinator_client, settings):
    from projects.views import bank

    bank.PAGE_SIZE, old = 10, bank.PAGE_SIZE
    try:
        first = coordinator_client.get(reverse("projects:bank"), {"status": "published"})
        second = coordinator_client.get(reverse("projects:bank"), {"status": "published", "page": 3})
    finally:
        bank.PAGE_SIZE = old
    assert len(listed(first)) == 10 and len(listed(second)) == 5
    assert "status=published" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]
    assert second.context["grand"]["project_count"] == 25  # totals cover every filtered row, not the page


def test_export_of_the_filtered_list(coordinator_client):
    import io

    from openpyxl import load_workbook

    response = coordinator_client.get(reverse("projects:bank"), {"q": "ho dieu hoa", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[9]) for r in rows] == [("V.1", 20059), ("V.2", 97666), ("V.3", 45266)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_exported_list_prints_on_a4_landscape_at_a_readable_size(coordinator_client, language):
    """Widths, wrapped text, a frozen header repeated on every page, A4 landscape one page wide at 9 pt or more,
    and rows as tall as their wrapped names, as the appendix workbook prints."""
    import io

    from openpyxl import load_workbook

    from tests.support.workbook_print import fit_to_width_scale

    coordinator_client.post(reverse("set_language"), {"language": language})
    response = coordinator_client.get(reverse("projects:bank"), {"q": "ho dieu hoa", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$2:$2"
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    font = sheet.cell(row=3, column=4).font.size
    assert font * fit_to_width_scale(sheet, 13) >= 9
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["B"].width  # the name wider than its number
    names = [sheet.cell(row=row, column=4) for row in range(3, 6)]
    assert all(cell.alignment.wrap_text for cell in names) and sheet.cell(row=2, column=4).alignment.wrap_text
    # The longest name wraps over several lines: its row is taller than a row of one line.
    longest = max(names, key=lambda cell: len(cell.value))
    assert len(longest.value) > 2 * sheet.column_dimensions["D"].width
    assert sheet.row_dimensions[longest.row].height >= 3 * 13


def test_the_exported_list_speaks_the_readers_language(coordinator_client):
    import io

    from openpyxl import load_workbook

    coordinator_client.post(reverse("set_language"), {"language": "en"})
    response = coordinator_client.get(reverse("projects:bank"), {"q": "ho dieu hoa", "export": "xlsx"})
    first = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, max_row=3, values_only=True))[0]
    lake = Project.objects.select_related("host_agency").get(code="03-2020-v-01")
    assert first[5] == lake.host_agency.name_en and first[6] == lake.location_text_en and first[12] == "Published to NGOs"


def test_text_that_looks_like_a_formula_is_exported_as_text(coordinator_client):
    import io

    from openpyxl import load_workbook

    Project.objects.filter(code="03-2020-v-06").update(name_en="=HYPERLINK(\"http://evil\")")
    response = coordinator_client.get(reverse("projects:bank"), {"q": "den duong", "export": "xlsx"})
    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=3, column=5)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_list_queries_do_not_grow_with_the_bank(coordinator_client, programme, django_assert_max_num_queries):
    from django.core.management import call_command

    every_filter = {
        "programme": programme.pk,
        "sector": programme.sectors.get(numeral="V").pk,
        "agency": Project.objects.get(code="03-2020-v-01").host_agency_id,
        "unit": AdministrativeUnit.objects.get(code="soc-trang").pk,
        "status": "published",
        "khmer": "on",
        "year_from": 2020,
        "amount_min": "1",
        "q": "ho",
        "o": "-aid",
    }
    cases = ({}, {"q": "ho dieu hoa"}, {"o": "-total"}, every_filter)
    # Each chosen filter costs one query to check its value, the unit three more (the units its successors and
    # predecessors place in it), the totals by locality six (the units offered, the reforms, the successions, the
    # projects, their sums, their units), the map one (the units it draws); the coordinator's count of new
    # expressions of interest one; the bank's size costs none.
    budgets = [20, 20, 20, 28]
    for params, budget in zip(cases, budgets):
        with django_assert_max_num_queries(budget):
            assert coordinator_client.get(reverse("projects:bank"), params).status_code == 200
    call_command("generate_bank", projects=300, ngos=3, seed=7)
    for params, budget in zip(cases, budgets):
        with django_assert_max_num_queries(budget):
            assert coordinator_client.get(reverse("projects:bank"), params).status_code == 200
