"""Where a project counts in a table by locality, as the province was divided on a chosen day (the basis).

On a day when districts existed (before the 2025 reform), a unit counts under its district. On a day after they
ended, it counts under the commune-level unit in force that day: itself, or what succeeded it. Earlier units are
mapped forward through the recorded successions, later ones back through them, so that the whole history can be
read by today's units, or a new commune's project by the former districts:

- a unit that went whole into one unit counts under that unit;
- a unit that went into several (a former district split between new communes) counts once, under "several
  communes of the former X", never under each of them;
- a unit without a recorded successor counts under its own name, marked as ended;
- a project whose units lie in different places counts once, under "several localities".

Every project lands in exactly one place, so the totals are the same whatever the basis.
"""
import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partners.models import AdministrativeUnit, UnitSuccession
from partners.models.validity import label_with_end
from partners.successions import unit_successions
from socaid.bilingual import in_language
from socaid.text import fold

Level = AdministrativeUnit.Level

# The kinds of place that are not one unit in force on the basis day, printed after the units.
UNIT, SPLIT, PROVINCE, SEVERAL, UNSPECIFIED = "unit", "split", "province", "several", "unspecified"
LAST_KINDS = (SPLIT, PROVINCE, SEVERAL, UNSPECIFIED)


@dataclass(frozen=True)
class Place:
    kind: str
    unit: AdministrativeUnit | None = None  # the unit, or for SPLIT the one that was split

    @property
    def key(self):
        return f"{self.kind}-{self.unit.pk}" if self.unit is not None else self.kind


class Basis:
    """The places of units as the province was divided on ``day``; successions are read once, or taken from
    ``reference`` (partners.reference.Reference), which a map then draws its outlines from too."""

    def __init__(self, day, successions=None, *, reference=None):
        self.day = day
        self.reference = reference
        self.successions = successions or (reference.successions() if reference else unit_successions())
        self._places = {}

    def place_of_units(self, units):
        """The one place of a project with these units."""
        places = {self.place_of(unit) for unit in units}
        if not places:
            return Place(UNSPECIFIED)
        if any(place.kind == PROVINCE for place in places):
            return Place(PROVINCE)  # the whole province covers its localities
        if len(places) == 1:
            return places.pop()
        return Place(SEVERAL)

    def place_of(self, unit):
        if unit.pk not in self._places:
            self._places[unit.pk] = self._place(unit)
        return self._places[unit.pk]

    def _place(self, unit):
        if unit.level == Level.PROVINCE:
            return Place(PROVINCE)
        if unit.is_valid_on(self.day):
            return Place(UNIT, self._district_on(unit) or unit)
        if unit.valid_from is not None and unit.valid_from > self.day:
            return self._place_before(unit)
        return self._place_after(unit)

    def _district_on(self, unit):
        """The district-level unit in force on the day that holds ``unit``, while districts exist."""
        district = unit if unit.level == Level.DISTRICT else unit.parent
        if district is not None and district.level == Level.DISTRICT and district.is_valid_on(self.day):
            return district
        return None

    def _place_after(self, unit):
        """A unit that ended before the day: where its successors in force that day are."""
        successors = self.successions.successors_on(unit, self.day)
        if not successors:
            return Place(UNIT, unit)  # no successor recorded: it answers under its own name
        places = {Place(UNIT, self._district_on(successor) or successor) for successor in successors}
        # A successor that took only a part of it cannot stand for all of it.
        partial = any(s.extent == s.Extent.PART for s in self.successions.following[unit.pk])
        return places.pop() if len(places) == 1 and not partial else Place(SPLIT, unit)

    def _place_before(self, unit):
        """A unit created after the day: where its predecessors in force that day were."""
        predecessors = [p for p in self.successions.predecessors_by(unit.pk, unit.valid_from) if p.is_valid_on(self.day)]
        places = {Place(UNIT, self._district_on(p) or p) for p in predecessors}
        if len(places) == 1:
            return places.pop()
        return Place(SEVERAL) if places else Place(UNIT, unit)

    def place_with_key(self, key):
        """The place whose ``key`` this is, among those this basis has placed units in (a table keeps only keys)."""
        return next((place for place in self._places.values() if place.key == key), Place(key))

    def label(self, place, language=None):
        if place.kind == UNIT:
            unit = place.unit
            name = in_language(unit, "name", language)
            if unit.is_valid_on(self.day):
                return name
            # An ended commune answers under its own name among today's: "Phường 3" alone says not which town's.
            if unit.level == Level.COMMUNE and unit.parent is not None and unit.parent.level == Level.DISTRICT:
                name = f"{name}, {in_language(unit.parent, 'name', language)}"
            return str(label_with_end(name, unit.valid_to))
        if place.kind == SPLIT:
            return _("Several communes of the former %(name)s") % {"name": in_language(place.unit, "name", language)}
        return {PROVINCE: _("Whole province"), SEVERAL: _("Several localities"), UNSPECIFIED: _("Locality not specified")}[place.kind]

    def describe(self):
        """What the table by locality stands on, for the document to say."""
        return _(
            "Localities as the administrative units were on %(day)s: a unit that ended before then counts under the unit "
            "that succeeded it where one is recorded, a unit created later under the one it came from, and a unit split "
            "between several counts once, under “several communes of the former …”; each project counts in one row only."
        ) % {"day": date_format(self.day, "SHORT_DATE_FORMAT")}


def units_placed_in(unit, today):
    """The primary keys of the units whose projects count under ``unit``: those within it, and those the
    successions place in it on a day it was in force (today, or its last day)."""
    basis = Basis(today if unit.is_valid_on(today) else unit.valid_to)
    target = Place(UNIT, unit)
    placed = {u.pk for u in AdministrativeUnit.objects.select_related("parent") if basis.place_of(u) == target}
    return placed | set(AdministrativeUnit.objects.within(unit).values_list("pk", flat=True))


def table_order(place, label):
    """Where a place's row goes in a table by locality: the units in alphabetical order, then the split units, the
    whole province, several localities and none."""
    return (-1 if place.kind == UNIT else LAST_KINDS.index(place.kind), fold(label))


def year_end(year):
    return datetime.date(year, 12, 31)


TODAY = "today"


def basis_choices(default_label=None, *, reference=None):
    """The bases a page offers: its own default (``default_label``; without one, today's units are the default),
    today's units, and the units before each recorded reform ("before-2025-07-01"), latest first."""
    if reference:
        days = reference.reform_days()
    else:
        days = sorted(set(UnitSuccession.objects.values_list("effective_on", flat=True)), reverse=True)
    today = _("Today's units, earlier ones counted under their successors")
    return [
        *([("", default_label), (TODAY, today)] if default_label else [("", today)]),
        *((f"before-{day.isoformat()}", _("The units before the reform of %(day)s") % {"day": date_format(day, "SHORT_DATE_FORMAT")}) for day in days),
    ]


def chosen_basis(value, today, *, reference=None):
    """The Basis a choice of basis_choices() stands for; None for the document's own default."""
    if value == TODAY:
        return Basis(today, reference=reference)
    if value.startswith("before-"):
        return Basis(datetime.date.fromisoformat(value.removeprefix("before-")) - datetime.timedelta(days=1), reference=reference)
    return None
