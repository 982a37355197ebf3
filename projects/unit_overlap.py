"""Whether two administrative units share ground, across the reforms that ended some of them.

A unit's ground is itself, the units within it, and what it took over whole (a new commune holds the former
communes merged into it and what lay within them; today's Cần Thơ city holds the former Sóc Trăng province). A unit
it took only a part of (a former district split between new communes) lies on its ground as a part, not explored
further: two new communes cut from one former district do not share ground through it, but each shares ground with
the district. Two units overlap where their grounds meet in a unit that lies whole on at least one side.

So a project in a former commune and an NGO that worked in the new commune that took it over, or in the former
district around it, or in today's province, are in the same area; two provinces merged into one are not.

Every unit and every succession is read once (two queries), whatever the number of units compared; a page takes
them, and the grounds worked out, from the units' state (partners.reference).
"""
from collections import defaultdict

from partners.models import AdministrativeUnit, UnitSuccession
from partners.successions import unit_successions


class UnitOverlap:
    def __init__(self, reference=None):
        """With a ``reference`` (partners.reference.Reference), its units and successions, read already."""
        self.units = reference.units() if reference else AdministrativeUnit.objects.in_bulk()
        self.children = defaultdict(list)
        for unit in self.units.values():
            if unit.parent_id is not None:
                self.children[unit.parent_id].append(unit.pk)
        self.successions = reference.successions() if reference else unit_successions()
        self._grounds = {}

    @classmethod
    def of(cls, reference):
        """The one UnitOverlap of the units' state: what it works out of them (each unit's ground) is kept with it."""
        return reference.made_once("unit-overlap", build=lambda: cls(reference))

    def ground(self, pk):
        """{unit pk: whether it lies whole on the ground} of the unit with ``pk``."""
        if pk not in self._grounds:
            found, pending = {pk: True}, [pk]
            while pending:
                current = pending.pop()
                taken_over = ((s.predecessor_id, s.extent == UnitSuccession.Extent.WHOLE) for s in self.successions.preceding[current])
                for other, whole in [*((child, True) for child in self.children[current]), *taken_over]:
                    if found.get(other):
                        continue
                    if whole:
                        found[other] = True
                        pending.append(other)
                    else:
                        found.setdefault(other, False)
            self._grounds[pk] = found
        return self._grounds[pk]

    def overlap(self, a, b):
        """Whether the units with primary keys ``a`` and ``b`` share ground."""
        ground_a, ground_b = self.ground(a), self.ground(b)
        return any(ground_a[pk] or ground_b[pk] for pk in ground_a.keys() & ground_b.keys())

    def in_force(self, unit, day):
        """The unit that carries ``unit`` on ``day``: itself while valid, else its one successor (itself after a
        split, or where none is recorded)."""
        return self.successions.successor_on(unit, day)
