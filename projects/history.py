"""A project's change history, field by field, in three queries whatever its length."""
from bisect import bisect_right
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from projects.amounts import format_amount
from projects.models import BudgetLine, Project
from socaid.changes import Change

# Fields whose changes the history shows; search_text and version are bookkeeping.
HIDDEN = {"search_text", "version", "source_text"}
LINE_FIELDS = ["position", "description", "description_en", "total", "aid_sought", "counterpart", "notes", "notes_en", "is_derived", "derivation", "derivation_en"]


@dataclass
class Entry:
    at: object
    user: object
    reason: str
    kind: str  # "project" or "line"
    record_id: int | None = None
    is_current: bool = False
    title: str = ""
    changes: list = field(default_factory=list)


def _project_fields():
    return [f.name for f in Project._meta.concrete_fields if f.name not in HIDDEN | {"id"}]


def display_value(model, name, value, lookups):
    """A stored value as the history prints it: names for related rows, amounts in the user's language."""
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:  # a status in a cell of its own
        return capfirst(str(dict(model_field.flatchoices).get(value, value)))
    if model_field.is_relation:
        return lookups.get((model_field.related_model, value), str(value))
    if model_field.get_internal_type() == "DecimalField":
        return format_amount(value)
    if model_field.get_internal_type() == "BooleanField":
        return _("Yes") if value else _("No")
    return str(value)


def field_label(model, name):
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _related_names(records, model):
    """Names of every object the records' foreign keys point at, one query per related model."""
    wanted = {}
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation and model_field.name not in HIDDEN:
            ids = {getattr(r, model_field.attname) for r in records} - {None}
            if ids:
                wanted.setdefault(model_field.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        for obj in related._base_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = str(obj)
    return names


def _field_changes(model, old, new, names, fields):
    changes = []
    for name in fields:
        attname = model._meta.get_field(name).attname  # ids, not objects: no query per record
        before, after = getattr(old, attname, None) if old else None, getattr(new, attname)
        if before != after and not (old is None and after in (None, "", False)):
            changes.append(Change(field_label(model, name), display_value(model, name, before, names), display_value(model, name, after, names)))
    return changes


def project_history(project):
    """Every saved version of the project and of its budget lines, newest first."""
    records = list(project.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = _project_fields()
    names = _related_names(records, Project)
    units = _units_by_record([r.history_id for r in records])
    entries = []
    base = None  # the record before the save being described
    previous = None
    for record in records:
        if previous is not None and _same_save(previous, record):
            entries.pop()  # one save writes a record for the fields and one for the units: show them as one
        else:
            base = previous
        changes = _field_changes(Project, base, record, names, fields)
        before_units = units.get(base.history_id, set()) if base else set()
        after_units = units.get(record.history_id, set())
        if base is not None and before_units != after_units:
            changes.append(Change(field_label(Project, "admin_units"), ", ".join(sorted(before_units)) or "—", ", ".join(sorted(after_units)) or "—"))
        # Current: the version the project is at, whose restore would change nothing (a save that changed only
        # the lines leaves no entry of its own here, yet moves the version on).
        entries.append(
            Entry(record.history_date, record.history_user, record.history_change_reason or "", "project", record.history_id,
                  is_current=record.version == records[-1].version, changes=changes)
        )
        previous = record
    entries = [e for i, e in enumerate(entries) if e.changes or i == 0]
    entries.extend(_line_entries(project, records))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _same_save(earlier, later):
    # Every edit bumps the version; workflow steps keep it but give their own reason.
    return (
        earlier.version == later.version
        and earlier.history_user_id == later.history_user_id
        and (earlier.history_change_reason or "") == (later.history_change_reason or "")
    )


def _units_by_record(history_ids):
    through = apps.get_model("projects", "HistoricalProject_admin_units")
    units = {}
    for row in through.objects.filter(history_id__in=history_ids).values("history_id", "administrativeunit__name"):
        units.setdefault(row["history_id"], set()).add(row["administrativeunit__name"])
    return units


def _line_entries(project, project_records):
    """Each change of a line, with the project's version it was saved in (the project's record written just
    before it: a save writes the project, then its lines), so that the entry offers to restore that version."""
    dates = [r.history_date for r in project_records]
    current = project_records[-1].version if project_records else None
    records = list(
        BudgetLine.history.filter(project_id=project.pk).select_related("history_user").order_by("id", "history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        if previous is not None and previous.id != record.id:
            previous = None
        if record.history_type == "-":
            changes = [Change(_("Budget line"), _("line %(n)s") % {"n": record.position}, _("deleted"))]
        else:
            changes = _field_changes(BudgetLine, previous, record, {}, LINE_FIELDS)
        if changes:
            saved_with = project_records[bisect_right(dates, record.history_date) - 1] if dates and dates[0] <= record.history_date else None
            entries.append(
                Entry(record.history_date, record.history_user, record.history_change_reason or "", "line",
                      record_id=saved_with.history_id if saved_with else None,
                      is_current=saved_with is None or saved_with.version == current,
                      title=_("Budget line %(n)s") % {"n": record.position}, changes=changes)
            )
        previous = record
    return entries


def changes_since(project, version):
    """What others saved after ``version`` of the project: who, and each field's value then and now."""
    records = list(project.history.filter(version__gte=version).select_related("history_user").order_by("history_date", "history_id"))
    base = [r for r in records if r.version == version]
    if not base:
        return [], []
    base, current = base[-1], records[-1]
    changes = _field_changes(Project, base, current, _related_names([base, current], Project), _project_fields())
    newer = [r for r in records if r.version > version]
    # An edit saves the project first, then its lines: line records from the first newer save on belong to others.
    if newer and BudgetLine.history.filter(project_id=project.pk, history_date__gte=newer[0].history_date).exists():
        changes.append(Change(_("Budget lines"), _("as you loaded them"), _("changed")))
    users = sorted({r.history_user.get_full_name() or r.history_user.username for r in newer if r.history_user})
    return changes, users
