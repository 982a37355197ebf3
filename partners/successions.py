"""Who took over from whom: administrative units and organisations through the reforms that ended them.

A reform ends a record and links it to its successors (a merger: one; a split: several). A successor may have
ended in a later reform too, so the links are followed to any depth. All of a kind's successions are read in
one query: a province records a few hundred, whatever the size of the bank.
"""
from collections import defaultdict

from partners.models import OrganisationSuccession, UnitSuccession


ORDER = ("successor__name", "pk")


class Successions:
    """The recorded successions of units (``UnitSuccession``) or of organisations (``OrganisationSuccession``)."""

    def __init__(self, model, successions=None):
        """``successions``, when given, are ``model``'s rows already read with their units and in this order."""
        self.following = defaultdict(list)
        self.preceding = defaultdict(list)
        if successions is None:
            successions = model.objects.select_related("predecessor__parent", "successor__parent").order_by(*ORDER)
        for succession in successions:
            self.following[succession.predecessor_id].append(succession)
            self.preceding[succession.successor_id].append(succession)

    def successors_on(self, record, day):
        """The records valid on ``day`` that carry on ``record``: itself while it is valid; else the successors
        in force by then, following those that ended too. Empty where no successor is recorded."""
        if record.is_valid_on(day):
            return [record]
        found, seen, pending = [], {record.pk}, [record]
        while pending:
            current = pending.pop(0)
            for succession in self.following[current.pk]:
                successor = succession.successor
                if succession.effective_on > day or successor.pk in seen:
                    continue
                seen.add(successor.pk)
                if successor.is_valid_on(day):
                    found.append(successor)
                else:
                    pending.append(successor)
        return found

    def successor_on(self, record, day):
        """The one record that carries on ``record`` on ``day``; ``record`` itself where none or several do
        (after a split the place cannot be told)."""
        successors = self.successors_on(record, day)
        return successors[0] if len(successors) == 1 else record

    def predecessors_by(self, pk, day, *, stop_at=()):
        """Every record that the one with ``pk`` took over, directly or through others, in successions in force
        by ``day``; the records of ``stop_at`` (primary keys) and what they took over are left out: they answer
        for themselves."""
        found, pending = {}, [pk]
        while pending:
            current = pending.pop(0)
            for succession in self.preceding[current]:
                predecessor = succession.predecessor
                if succession.effective_on <= day and predecessor.pk not in found and predecessor.pk != pk and predecessor.pk not in stop_at:
                    found[predecessor.pk] = predecessor
                    pending.append(predecessor.pk)
        return list(found.values())


def unit_successions():
    return Successions(UnitSuccession)


def organisation_successions():
    return Successions(OrganisationSuccession)
