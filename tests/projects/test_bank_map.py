"""The bank list's map of the aid sought by locality: the figures of the table beside it, unit by unit, every
other row listed under it, and a unit on it filters the list."""
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from projects.amounts import format_amount
from tests.projects.test_localities_across_the_reform import history, unit  # noqa: F401  (fixture)
from tests.support.maps import SVG, drawn, legend, listed, map_svg

pytestmark = pytest.mark.django_db
KEY = "aid-sought-map"


@pytest.mark.parametrize("localities, units, approximate", [("", 103, False), ("before-2025-07-01", 11, True)])
def test_the_map_shows_the_figures_of_the_table_beside_it_and_lists_the_rest(client, users, history, localities, units, approximate):
    client.force_login(users["coordinator"])
    page = client.get(reverse("projects:bank"), {"localities": localities})
    html = page.content.decode()
    rows = page.context["localities"]
    areas = drawn(map_svg(html, KEY))
    assert len(areas) == units  # every unit of the basis is drawn, with a figure or without
    with translation.override("vi"):
        on_map = [row for row in rows if row.place.key in areas]
        assert {row.place.key: areas[row.place.key] for row in on_map} == {
            row.place.key: (row.aid_sought, f"{row.label}: {format_amount(row.aid_sought)}") for row in on_map
        }
        assert all(value is None for key, (value, _title) in areas.items() if key not in {row.place.key for row in rows})
        # The rows that are not one unit of the basis are listed under the map with their figures, none dropped.
        rest = [f"{row.label}: {format_amount(row.aid_sought)}" for row in rows if row.place.key not in areas]
        assert listed(html, KEY) == rest
        assert any(line.startswith("Toàn tỉnh: ") for line in rest) and any(line.startswith("Nhiều địa bàn: ") for line in rest)
    assert ("được vẽ theo các xã, phường kế thừa" in html) is approximate


def test_the_legend_covers_every_figure_on_the_map(client, users, history):
    client.force_login(users["coordinator"])
    html = client.get(reverse("projects:bank"), {"localities": "before-2025-07-01"}).content.decode()
    classes = legend(html, KEY)
    with translation.override("vi"):
        assert classes[-1] == translation.gettext("None, or no project")
    bounds = [[_number(part) for part in text.split(" – ")] for text in classes[:-1]]
    for value, _title in drawn(map_svg(html, KEY)).values():
        if value:
            assert any(bound[0] <= value <= bound[-1] for bound in bounds), value


def test_the_svg_has_a_title_and_a_description(client, users, history):
    client.force_login(users["coordinator"])
    page = client.get(reverse("projects:bank"))
    svg = map_svg(page.content.decode(), KEY)
    title, description = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {description.get('id')}"
    with translation.override("vi"):
        assert title.text == translation.gettext("Aid sought by locality")
    # How many units have a figure, of how many drawn, in how many classes.
    choropleth = page.context["locality_map"]
    shown = sum(1 for area in choropleth.areas if area.value)
    assert description.text == choropleth.description and f"{shown} " in description.text and " 103 " in description.text


def test_a_unit_on_the_map_filters_the_list_to_its_projects(client, users, history):
    client.force_login(users["coordinator"])
    thuan_hoa = unit("31582", former=False)
    html = client.get(reverse("projects:bank"), {"status": "", "page": "2"}).content.decode()
    link = next(a for a in map_svg(html, KEY).iter(f"{SVG}a") if a.find(f"{SVG}path").get("data-key") == f"unit-{thuan_hoa.pk}")
    href = unescape(link.get("href"))
    assert "page=" not in href and f"unit={thuan_hoa.pk}" in href
    page = client.get(reverse("projects:bank") + href)
    assert {row.code for row in page.context["rows"]} == {"03-2020-i-02", "03-2020-ii-01", "03-2020-iii-01"}
    figures = {key: value for key, (value, _title) in drawn(map_svg(page.content.decode(), KEY)).items() if value is not None}
    assert figures == {row.place.key: row.aid_sought for row in page.context["localities"] if row.place.key in figures}
    assert f"unit-{thuan_hoa.pk}" in figures


def _number(text):
    return Decimal(text.replace(".", "").replace(",", "."))
