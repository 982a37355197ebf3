"""The summaries' map of the aid committed by locality: the figures of the table by locality, unit by unit, the
rest listed under it, in the preview and in the PDF."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from partners.localities import Basis
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.formatting import printed_amount
from reporting.renderers.summary_html import summary_html
from reporting.renderers.summary_pdf import summary_pdf
from tests.reporting.test_summaries import NOW, rounds, summary_2024  # noqa: F401  (fixture)
from tests.reporting.test_summary_documents import pdf_text
from tests.support.maps import drawn, listed, map_svg

pytestmark = pytest.mark.django_db
KEY = "committed-map"


def assert_map_matches_table(summary, html, units):
    table = summary.table("localities")
    areas = drawn(map_svg(html, KEY))
    assert len(areas) == units
    records = [(row.key, record) for row, record in zip(table.rows, table.records())]
    on_map = {key: record for key, record in records if key in areas}
    assert on_map, "no locality of the table is on the map"
    assert {key: areas[key] for key in on_map} == {
        key: (record["committed_year"], f"{record['name']}: {printed_amount(record['committed_year'], summary.language)}")
        for key, record in on_map.items()
    }
    assert all(value is None for key, (value, _title) in areas.items() if key not in on_map)
    rest = [f"{record['name']}: {printed_amount(record['committed_year'], summary.language) or '—'}" for key, record in records if key not in areas]
    assert listed(html, KEY) == rest and rest  # the whole province, several localities, none: listed, not dropped


def test_the_year_map_by_former_districts_has_the_figures_of_the_table(rounds, programme):
    summary = summary_2024(programme)
    html = summary_html(summary)
    assert_map_matches_table(summary, html, 11)
    with translation.override("vi"):
        assert translation.gettext("Boundaries approximate: drawn from the communes that succeeded them.") in html


def test_the_year_map_by_todays_units_and_the_period_map_have_the_figures_of_their_tables(rounds, programme):
    today = build_year_summary(programme, 2024, now=NOW, basis=Basis(datetime.date(2026, 11, 30)))
    assert_map_matches_table(today, summary_html(today), 103)
    period = build_period_summary(programme, now=NOW)
    assert_map_matches_table(period, summary_html(period), 103)  # the units at the end of 2025


def test_the_pdf_of_the_summary_carries_the_map_with_its_legend_and_what_is_not_on_it(rounds, programme, tmp_path):
    summary = summary_2024(programme, language="en")
    html = summary_html(summary)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="choropleth-map"' in html
    _text, flat = pdf_text(summary_pdf(summary), tmp_path)
    record = {row.kind: record for row, record in zip(summary.table("localities").rows, summary.table("localities").records())}["province"]
    assert "Million VND" in flat and "Not on the map:" in flat
    assert f"{record['name']}: {printed_amount(record['committed_year'], 'en')}" in flat
    assert "Boundaries approximate" in flat


# --- The map page -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("figure, year, key", [("aid_sought", "", "aid-sought-map"), ("committed_year", "2024", "committed-map"), ("disbursed_year", "period", "disbursed-map")])
def test_the_map_page_draws_the_chosen_figure_with_the_table_of_the_same_figures(client, users, rounds, programme, figure, year, key):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporting:map"), {"programme": programme.pk, "figure": figure, "year": year, "localities": "before-2025-07-01"})
    html = page.content.decode()
    areas = drawn(map_svg(html, key))
    assert len(areas) == 11
    table = dict((label, value) for label, _projects, value in page.context["rows"])
    figures = {title.rsplit(": ", 1)[0]: value for value, title in areas.values() if value is not None}
    assert figures and figures == {label: table[label] for label in figures}
    assert len(listed(html, key)) == len(table) - len(figures)
    assert page.context["total"][1] == sum((value for value in table.values() if value), Decimal(0))


def test_the_map_page_is_for_those_who_read_the_summaries(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("reporting:map")).status_code == 403


def test_the_map_page_runs_a_constant_number_of_queries(client, users, rounds, programme, django_assert_max_num_queries):
    from django.core.management import call_command

    client.force_login(users["coordinator"])
    # The bank's totals and its map (15), or the year's summary with its pipeline and plan sections and its map (39),
    # whatever the bank's size.
    budgets = {"aid_sought": 15, "committed_year": 39}
    for grown in (False, True):
        if grown:
            call_command("generate_bank", projects=200, ngos=3, seed=7)
        for figure, budget in budgets.items():
            with django_assert_max_num_queries(budget):
                assert client.get(reverse("reporting:map"), {"figure": figure, "year": "2024"}).status_code == 200
