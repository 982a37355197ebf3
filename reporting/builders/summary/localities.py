"""Where the aid went, by the localities of a basis day (partners.localities): the end of the report's year by
default, the units before a reform, or today's units with the earlier ones mapped onto them."""
import dataclasses
from collections import defaultdict

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partners.localities import table_order
from partners.maps import Entry, choropleth
from reporting.formatting import printed_amount
from reporting.builders.summary.lines import tally
from reporting.builders.summary.sections import figure_columns, figure_values, number_column, total_row
from reporting.tables import TEXT, Column, Row, Table

# --- Localities -------------------------------------------------------------------------------------------------


def locality_table(lines, basis, language, *, committed=None, disbursed=None):
    """Lines grouped by where their project is on the basis day; each project counts in one row only.
    ``committed`` and ``disbursed``: the headings of those columns where they are not the year's."""
    groups, places = defaultdict(list), {}
    for line in lines:
        place = basis.place_of_units(line.project.admin_units.all())
        groups[place.key].append(line)
        places[place.key] = place
    names = {key: basis.label(place, language) for key, place in places.items()}
    ordered = sorted(places, key=lambda key: table_order(places[key], names[key]))
    rows = []
    for key in ordered:
        kind = places[key].kind
        values = [str(len(rows) + 1), names[key], *figure_values(tally(groups[key]), FIGURES)]
        rows.append(Row(values, kind="" if kind == "unit" else kind, key=key))
    columns = [number_column(), Column("name", str(_("Locality")), TEXT, 38), *figure_columns(FIGURES, 15)]
    headings = {"committed_year": committed, "disbursed_year": disbursed}
    columns = [dataclasses.replace(column, label=str(headings[column.key])) if headings.get(column.key) else column for column in columns]
    # A project's lines all count under one locality: its distinct projects add up across the rows too.
    total = total_row("", str(_("Total")), *figure_values(tally(lines), FIGURES), sums=FIGURES)
    return Table("localities", columns, rows, totals=[total], empty=str(_("No accepted report.")))


def locality_map(table, basis, language, figure="committed_year"):
    """The map of one figure by locality (the aid committed, by default): ``table``'s (locality_table's), row by row."""
    label = capfirst(next(column.label for column in table.columns if column.key == figure))
    return choropleth(
        [Entry(basis.place_with_key(row.key), record[figure], record["name"]) for row, record in zip(table.rows, table.records())],
        basis, key=f"{figure.removesuffix('_year')}-map", title=_("%(figure)s by locality") % {"figure": label}, figure=label,
        formatted=lambda value: printed_amount(value, language),
    )


# The figures of a locality.
FIGURES = ("projects", "committed_year", "disbursed_year", "counterpart_spent", "beneficiaries")
