"""The bank's totals by locality: each project once, in the place its units have on the basis day
(partners.localities), with the sums of its budget lines. Three queries whatever the number of projects."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Sum
from django.utils.translation import gettext as _

from partners.localities import table_order
from partners.maps import Entry, choropleth
from projects.amounts import format_amount
from partners.models import AdministrativeUnit
from projects.models import BudgetLine, Project

ZERO = Decimal(0)


@dataclass
class TotalsRow:
    """A row of a totals table: a label (a place, or a sector) and the sums of its projects."""

    place: object
    label: str
    projects: int = 0
    total: Decimal = ZERO
    aid_sought: Decimal = ZERO
    counterpart: Decimal = ZERO

    def add(self, sums):
        self.projects += 1
        self.total += sums.get("total") or ZERO
        self.aid_sought += sums.get("aid_sought") or ZERO
        self.counterpart += sums.get("counterpart") or ZERO


def totals_by_locality(projects, basis, language=None):
    """[TotalsRow] for the projects of a queryset: the units in alphabetical order, then the split units, the
    whole province, the projects in several places and those without a place."""
    ids = projects.order_by().values("pk")
    sums = {
        row["project"]: row
        for row in BudgetLine.objects.filter(project__in=ids).order_by().values("project")
        .annotate(total=Sum("total"), aid_sought=Sum("aid_sought"), counterpart=Sum("counterpart"))
    }
    places = places_of_projects(projects, basis)
    rows = {}
    for project_id in projects.order_by().values_list("pk", flat=True):
        place = places[project_id]
        if place.key not in rows:
            rows[place.key] = TotalsRow(place, basis.label(place, language))
        rows[place.key].add(sums.get(project_id, {}))
    return sorted(rows.values(), key=lambda row: table_order(row.place, row.label))


class UnitsOfProjects(NamedTuple):
    links: dict  # {project pk: [unit pk, …]}, for the projects with a unit
    units: dict  # {unit pk: AdministrativeUnit, its parent selected}


def units_of_projects(projects):
    """The units of the projects of a queryset, in two queries."""
    ids = projects.order_by().values("pk")
    links = defaultdict(list)
    for project_id, unit_id in Project.admin_units.through.objects.filter(project__in=ids).values_list("project_id", "administrativeunit_id"):
        links[project_id].append(unit_id)
    units = AdministrativeUnit.objects.select_related("parent").in_bulk({unit for unit_ids in links.values() for unit in unit_ids})
    return UnitsOfProjects(links, units)


def places_of_projects(projects, basis, units_of=None):
    """{project pk: its one place on the basis} for the projects of a queryset (their ``units_of_projects``, if
    read already), in two queries: a project in several units, or in units the reform merged or split, still lands
    in exactly one place."""
    links, units = units_of or units_of_projects(projects)
    # Placed once per set of units: 100,000 projects share a few hundred (placing each cost a second).
    placed = {}
    places = {}
    for project_id, unit_ids in links.items():
        key = frozenset(unit_ids)
        if key not in placed:
            placed[key] = basis.place_of_units([units[unit] for unit in unit_ids])
        places[project_id] = placed[key]
    return defaultdict(lambda: basis.place_of_units([]), places)


def aid_sought_map(rows, basis, href=None):
    """The map of the aid sought by locality, the same figures as ``rows`` (totals_by_locality's)."""
    return choropleth(
        [Entry(row.place, row.aid_sought, row.label) for row in rows], basis, key="aid-sought-map",
        title=_("Aid sought by locality"), figure=_("Aid sought"), formatted=format_amount, href=href,
    )
