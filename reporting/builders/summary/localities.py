"""Where the aid went: the former district while it existed, afterwards the commune or its recorded successor."""
import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from partners.models import AdministrativeUnit, UnitSuccession
from partners.models.validity import label_with_end
from projects.search import fold
from reporting.builders.summary.common import PROVINCE, SEVERAL, UNSPECIFIED
from reporting.builders.summary.shared import figure_columns, figure_values, number_column, tally, total_row
from reporting.tables import TEXT, Column, Row, Table
from socaid.bilingual import in_language

# --- Localities -------------------------------------------------------------------------------------------------


def locality_table(lines, year, language):
    """Lines grouped by where their project is, as the province was divided in ``year``.

    A project's unit counts under its district-level unit while districts existed that year (the unit itself at
    level 2, its parent at level 3). In a year after the district level ended (the 2025 reform), it counts under
    the commune-level unit itself, or, where that ended too, its recorded successor valid on 31 December.
    """
    day = datetime.date(year, 12, 31)
    units = [unit for line in lines for unit in line.project.admin_units.all()]
    successors = _successions(units, year, day)
    districts_before = _districts_before(units, year)
    groups = defaultdict(list)
    names = {}
    for line in lines:
        keys = set()
        for unit in line.project.admin_units.all():
            key, name = _locality_of_unit(unit, year, day, successors, districts_before, language)
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
    total = total_row("", str(_("Total")), *figure_values(tally(lines), FIGURES))
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


def _locality_of_unit(unit, year, day, successors, districts_before, language):
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
    place = _successor_on(unit, day, successors)
    return place.pk, _place_name(place, language, year)


def _place_name(unit, language, year):
    """A place's name (English where recorded; proper names need no [VI] mark), with its end date if it ended before the year did."""
    name = in_language(unit, "name", language)
    if unit.valid_to is not None and unit.valid_to < datetime.date(year, 1, 1):
        return str(label_with_end(name, unit.valid_to))
    return name


def _successor_on(unit, day, successors):
    """The unit, or where it had ended by ``day``, its recorded successor valid on that day (through merges in turn).

    With no successor recorded, or a split into several, the place cannot be told: the unit stays as it was.
    """
    current = unit
    for _step in range(5):
        if current.is_valid_on(day):
            return current
        following = successors.get(current.pk, [])
        valid = [successor for successor in following if successor.is_valid_on(day)]
        if len(valid) == 1:
            return valid[0]
        if valid or len(following) != 1:
            return current
        current = following[0]  # a successor that ended too: follow its own succession
    return current


def _districts_before(units, year):
    """For units created during ``year`` with no district of their own: the districts of their predecessors. One query."""
    start = datetime.date(year, 1, 1)
    created = {unit.pk for unit in units if unit.valid_from and unit.valid_from > start and _district_in_year(unit, year) is None}
    found = defaultdict(set)
    if not created:
        return found
    successions = UnitSuccession.objects.filter(successor__in=created).select_related("predecessor__parent")
    for succession in successions:
        district = _district_in_year(succession.predecessor, year)
        if district is not None:
            found[succession.successor_id].add(district)
    return found


def _successions(units, year, day):
    """Successors of the units that ended before 31 December of ``year``: at most three queries, a step of merges each."""
    successors = defaultdict(list)
    pending = {unit.pk for unit in units if not unit.is_valid_on(day)}
    seen = set()
    for _step in range(3):
        pending -= seen
        if not pending:
            break
        seen |= pending
        found = UnitSuccession.objects.filter(predecessor__in=pending).select_related("successor").order_by("successor__name")
        pending = set()
        for succession in found:
            successors[succession.predecessor_id].append(succession.successor)
            if not succession.successor.is_valid_on(day):
                pending.add(succession.successor_id)
    return successors
