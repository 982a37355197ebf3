"""Where the aid went: the former district while it existed, afterwards the commune or its recorded successor."""
import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from partners.models import AdministrativeUnit
from partners.successions import unit_successions
from partners.models.validity import label_with_end
from socaid.text import fold
from reporting.builders.summary.lines import tally
from reporting.builders.summary.sections import figure_columns, figure_values, number_column, total_row
from reporting.tables import TEXT, Column, Row, Table
from socaid.bilingual import in_language

# Rows of the locality table that are not one administrative unit, in the order they are printed after the units.
PROVINCE, SEVERAL, UNSPECIFIED = "province", "several", "unspecified"

# --- Localities -------------------------------------------------------------------------------------------------


def locality_table(lines, year, language):
    """Lines grouped by where their project is, as the province was divided in ``year``.

    A project's unit counts under its district-level unit while districts existed that year (the unit itself at
    level 2, its parent at level 3). In a year after the district level ended (the 2025 reform), it counts under
    the commune-level unit itself, or, where that ended too, its recorded successor valid on 31 December.
    """
    day = datetime.date(year, 12, 31)
    units = {unit.pk: unit for line in lines for unit in line.project.admin_units.all()}.values()
    successions = unit_successions() if units else None
    districts_before = _districts_before(units, year, successions)
    groups = defaultdict(list)
    names = {}
    for line in lines:
        keys = set()
        for unit in line.project.admin_units.all():
            key, name = _locality_of_unit(unit, year, day, successions, districts_before, language)
            keys.add(key)
            names[key] = name
        if not keys:
            key = UNSPECIFIED
        elif PROVINCE in keys:
            key = PROVINCE  # the whole province covers its localities
        elif len(keys) == 1:
            key = keys.pop()
        else:
            key = SEVERAL
        groups[key].append(line)
    labels = {PROVINCE: str(_("Whole province")), SEVERAL: str(_("Several localities")), UNSPECIFIED: str(_("Locality not specified"))}
    units = sorted((key for key in groups if key not in labels), key=lambda key: fold(names[key]))
    rows = []
    for key in [*units, *(key for key in labels if key in groups)]:
        values = [str(len(rows) + 1), labels.get(key) or names[key], *figure_values(tally(groups[key]), FIGURES)]
        rows.append(Row(values, kind=key if key in labels else "", key=key))
    columns = [number_column(), Column("name", str(_("Locality")), TEXT, 38), *figure_columns(FIGURES, 15)]
    # A project's lines all count under one locality: its distinct projects add up across the rows too.
    total = total_row("", str(_("Total")), *figure_values(tally(lines), FIGURES), sums=FIGURES)
    return Table("localities", columns, rows, totals=[total], empty=str(_("No accepted report.")))


# The figures of a locality.
FIGURES = ("projects", "committed_year", "disbursed_year", "counterpart_spent", "beneficiaries")


def _valid_in_year(unit, year):
    return (unit.valid_from is None or unit.valid_from <= datetime.date(year, 12, 31)) and (unit.valid_to is None or unit.valid_to >= datetime.date(year, 1, 1))


def _district_in_year(unit, year):
    district = unit if unit.level == AdministrativeUnit.Level.DISTRICT else unit.parent
    if district is not None and district.level == AdministrativeUnit.Level.DISTRICT and _valid_in_year(district, year):
        return district
    return None


def _locality_of_unit(unit, year, day, successions, districts_before, language):
    if unit.level == AdministrativeUnit.Level.PROVINCE:
        return PROVINCE, ""
    district = _district_in_year(unit, year)
    if district is not None:
        return district.pk, _place_name(district, language, year)
    # A unit the reform created during a year that still began with districts counts under its predecessors'
    # district, so one place is not split between a commune row and a district row.
    before = districts_before.get(unit.pk, set())
    if len(before) == 1:
        district = next(iter(before))
        return district.pk, _place_name(district, language, year)
    if len(before) > 1:
        return SEVERAL, ""
    place = successions.successor_on(unit, day)
    return place.pk, _place_name(place, language, year)


def _place_name(unit, language, year):
    """A place's name (English where recorded; proper names need no [VI] mark), with its end date if it ended before the year did."""
    name = in_language(unit, "name", language)
    if unit.valid_to is not None and unit.valid_to < datetime.date(year, 1, 1):
        return str(label_with_end(name, unit.valid_to))
    return name


def _districts_before(units, year, successions):
    """For units created during ``year`` with no district of their own: the districts of the predecessors that
    existed in that year."""
    start = datetime.date(year, 1, 1)
    found = defaultdict(set)
    for unit in units:
        if unit.valid_from and unit.valid_from > start and _district_in_year(unit, year) is None:
            for predecessor in successions.predecessors_by(unit.pk, datetime.date(year, 12, 31)):
                district = _district_in_year(predecessor, year) if _valid_in_year(predecessor, year) else None
                if district is not None:
                    found[unit.pk].add(district)
    return found
