"""The administrative units and their successions as the database holds them now, and what pages derive from them
once per state of those tables instead of once per request: the grouped menu of units, the successions that
place a unit on a day, the reforms' days, a map's outlines.

Every page of the bank offers the units (a few hundred, sorted the Vietnamese way and grouped) and places projects
through the successions; building those from model instances cost a list page tens of milliseconds. The two
tables are read whole at each use (``Reference()``: a query of a few hundred rows as tuples, about a millisecond;
the successions' one when something needs them), and their rows are the state: a unit added, renamed or ended in
the admin shows on the next page in every process, with no version to bump and no invalidation to forget. What is
derived is kept in each process's memory by that state: model instances and shapes, cheaper to keep than to
pickle through the shared cache, and rebuilt from the rows already read, without another query, once per state
and process.
"""
from collections import OrderedDict

from django.utils.translation import get_language

from partners.models import AdministrativeUnit, UnitSuccession
from partners.successions import ORDER, Successions
from partners.unit_choices import unit_choices

# Derived objects kept per process: a state's few (the units, menus in two languages, successions, a map per
# basis day, the bank's other menus), and a few states' worth while edits are under way.
KEPT = 64

_made = OrderedDict()


def _columns(model):
    return [field.attname for field in model._meta.concrete_fields]


class State:
    """The rows themselves as the key of what is made of them: equal only to the same rows, so no two states can
    be taken for one; hashed once (a key's hash is asked at each lookup)."""

    __slots__ = ("rows", "hash")

    def __init__(self, rows):
        self.rows, self.hash = rows, hash(rows)

    def __hash__(self):
        return self.hash

    def __eq__(self, other):
        return isinstance(other, State) and self.hash == other.hash and self.rows == other.rows


class Reference:
    """The units and their successions now; what is derived from them is made once per state and process. The
    successions are read when first needed: a page with the units' menu alone reads the units alone."""

    def __init__(self):
        self.unit_rows = list(AdministrativeUnit.objects.order_by("pk").values_list(*_columns(AdministrativeUnit)))
        self.units_state = State(tuple(self.unit_rows))
        self._succession_rows = None

    @property
    def succession_rows(self):
        if self._succession_rows is None:
            self._succession_rows = list(UnitSuccession.objects.order_by(*ORDER).values_list(*_columns(UnitSuccession)))
            self._state = (self.units_state, State(tuple(self._succession_rows)))
        return self._succession_rows

    @property
    def state(self):
        """Both tables' state: what is made of the successions too is kept under it."""
        self.succession_rows
        return self._state

    def made_once(self, name, *parts, build):
        """``build()`` once per state of both tables, ``name`` and ``parts`` (what it depends on besides)."""
        return made_once((self.state, name, *parts), build)

    def made_of_units(self, name, *parts, build):
        """The same, for what depends on the units alone."""
        return made_once((self.units_state, name, *parts), build)

    def units(self):
        """{pk: AdministrativeUnit}, each with its parent."""
        return self.made_of_units("units", build=self._units)

    def _units(self):
        names = _columns(AdministrativeUnit)
        units = {row[0]: AdministrativeUnit.from_db("default", names, row) for row in self.unit_rows}
        for unit in units.values():
            unit.parent = units.get(unit.parent_id)
        return units

    def successions(self):
        return self.made_once("successions", build=self._successions)

    def _successions(self):
        units, names = self.units(), _columns(UnitSuccession)
        rows = []
        for row in self.succession_rows:
            succession = UnitSuccession.from_db("default", names, row)
            succession.predecessor, succession.successor = units[succession.predecessor_id], units[succession.successor_id]
            rows.append(succession)
        return Successions(UnitSuccession, rows)

    def reform_days(self):
        """The days successions took effect, latest first."""
        day = _columns(UnitSuccession).index("effective_on")
        return self.made_once("reform-days", build=lambda: sorted({row[day] for row in self.succession_rows}, reverse=True))

    def unit_choices(self):
        """Every unit, grouped under its parent, labelled in the reader's language (partners.unit_choices)."""
        return self.made_of_units("unit-choices", get_language(), build=lambda: unit_choices(self.units().values()))


def made_once(key, build):
    """``build()`` once per process for ``key`` (which holds the rows it is made of), among the last KEPT."""
    try:  # one lookup: under threads, another request may drop the key between a test and a read
        _made.move_to_end(key)
        return _made[key]
    except KeyError:
        pass
    value = _made[key] = build()
    while len(_made) > KEPT:
        try:
            _made.popitem(last=False)
        except KeyError:
            break
    return value
