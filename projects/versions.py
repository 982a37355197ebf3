"""A saved version of a project as it stood: its fields, units and budget lines, and what restoring it would change.

A version is named by the history record of the project's save (``history_id``). Its budget lines are the lines
as they stood before the project's next version was saved: every save writes the project's record before its
lines, and every write of lines bumps the version. A constant number of queries, whatever the history's length.
"""
from dataclasses import dataclass, field

from django.apps import apps

from partners.models import AdministrativeUnit
from projects.history import display_value, field_label
from socaid.changes import Change
from projects.models import BudgetLine, Project
from projects.services.writing import LINE_FIELDS, same_value

# What a restore brings back; where the project sits (programme) and how far its workflow went stay as they are.
RESTORED_FIELDS = ["sector", "position", "host_agency", *Project.CONTENT_FIELDS]
SHOWN_LINE_FIELDS = ["description", "total", "aid_sought", "counterpart", "notes"]


@dataclass
class Version:
    record: object
    fields: dict
    units: list
    lines: list  # dicts of LINE_FIELDS with the "id" of the line, in order


@dataclass
class LineDifference:
    position: int
    state: str  # "changed", "added" (the restore brings it back) or "removed" (the restore deletes it)
    changes: list = field(default_factory=list)


@dataclass
class Differences:
    fields: list
    lines: list

    def __bool__(self):
        return bool(self.fields or self.lines)


def saved_version(project, history_id):
    """The version of ``project`` saved with the history record ``history_id``, or None if it has no such record."""
    record = project.history.filter(history_id=history_id).first()
    if record is None:
        return None
    fields = {name: getattr(record, name) for name in RESTORED_FIELDS}
    Through = apps.get_model("projects", "HistoricalProject_admin_units")
    unit_ids = Through.objects.filter(history_id=record.history_id).values_list("administrativeunit_id", flat=True)
    units = list(AdministrativeUnit.objects.filter(pk__in=unit_ids).order_by("name"))
    following = project.history.filter(version__gt=record.version).order_by("history_date", "history_id").first()
    line_records = BudgetLine.history.filter(project_id=project.pk)
    if following is not None:
        line_records = line_records.filter(history_date__lt=following.history_date)
    last = {}
    for line in line_records.order_by("history_date", "history_id"):
        last[line.id] = line
    lines = sorted((line for line in last.values() if line.history_type != "-"), key=lambda line: line.position)
    return Version(
        record,
        fields,
        units,
        [{name: getattr(line, name) for name in LINE_FIELDS} | {"id": line.id} for line in lines],
    )


def restore_differences(project, version):
    """What restoring ``version`` would change in ``project`` as it is now: field by field, then line by line."""
    changes = []
    for name in RESTORED_FIELDS:
        attname = Project._meta.get_field(name).attname
        now, then = getattr(project, attname), getattr(version.record, attname)
        if not same_value(now, then):
            changes.append(Change(field_label(Project, name), _shown(Project, name, now), _shown(Project, name, then)))
    current_units = sorted(unit.name for unit in project.admin_units.all())
    restored_units = sorted(unit.name for unit in version.units)
    if current_units != restored_units:
        changes.append(Change(field_label(Project, "admin_units"), ", ".join(current_units) or "—", ", ".join(restored_units) or "—"))
    return Differences(changes, _line_differences(list(project.lines.order_by("position")), version.lines))


def _line_differences(current, restored):
    """Lines compared by place: the first line now against the first line of the version, and so on."""
    differences = []
    for position in range(1, max(len(current), len(restored)) + 1):
        now = current[position - 1] if position <= len(current) else None
        then = restored[position - 1] if position <= len(restored) else None
        changes = [
            Change(field_label(BudgetLine, name), _shown(BudgetLine, name, getattr(now, name) if now else None),
                   _shown(BudgetLine, name, then.get(name) if then else None))
            for name in SHOWN_LINE_FIELDS
            if not same_value(getattr(now, name) if now else None, then.get(name) if then else None)
        ]
        if now is None or then is None or changes:
            state = "added" if now is None else "removed" if then is None else "changed"
            differences.append(LineDifference(position, state, changes))
    return differences


def _shown(model, name, value):
    return display_value(model, name, value, _names(model, name, value))


def _names(model, name, value):
    model_field = model._meta.get_field(name)
    if not model_field.is_relation or value is None:
        return {}
    related = model_field.related_model._base_manager.filter(pk=value).first()
    return {(model_field.related_model, value): str(related)} if related else {}
