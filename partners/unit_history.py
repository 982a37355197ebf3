"""The history of the successions a unit stands at either end of: who added, changed or deleted which, field by
field, in one query however long."""
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partners.models import UnitSuccession
from partners.services import SUCCESSION_FIELDS
from socaid.changes import Change

ACTIONS = {"+": _("Added"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class Entry:
    at: object
    user: object
    action: str
    title: str
    reason: str
    changes: list = field(default_factory=list)


def _shown(record, name):
    value = getattr(record, name)
    if value in (None, ""):
        return "—"
    if name in ("predecessor", "successor"):
        return str(value)
    if name in ("kind", "extent"):
        return capfirst(getattr(record, f"get_{name}_display")())
    if name in ("effective_on", "act_date"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _stored(record, name):
    """The value as stored: a unit's id rather than the unit."""
    return getattr(record, f"{name}_id" if name in ("predecessor", "successor") else name)


def succession_history(unit):
    """The unit's succession history, newest first."""
    records = list(
        UnitSuccession.history.filter(Q(predecessor_id=unit.pk) | Q(successor_id=unit.pk))
        .select_related("history_user", "predecessor", "successor")
        .order_by("history_date", "history_id")
    )
    entries, last = [], {}
    for record in records:
        before = last.get(record.id) if record.history_type == "~" else None
        names = [name for name in SUCCESSION_FIELDS if before is None or _stored(before, name) != _stored(record, name)]
        changes = [] if record.history_type == "-" else [
            Change(capfirst(UnitSuccession._meta.get_field(name).verbose_name), _shown(before, name) if before else "", _shown(record, name))
            for name in names
        ]
        title = f"{record.predecessor} → {record.successor}"
        entries.append(Entry(record.history_date, record.history_user, ACTIONS[record.history_type], title, record.history_change_reason or "", changes))
        last[record.id] = record
    return entries[::-1]
