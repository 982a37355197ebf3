"""Applying an import's plan: all of it in one transaction or nothing, with a record of the import that the
history of every project it touched names."""
import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.access import access_for
from projects.imports.plan import CREATE, UNCHANGED, UPDATE, PROJECT_FIELDS
from projects.models import ImportRecord, Project
from projects.services.writing import ProjectWrite, same_value, projects_write


@transaction.atomic
def import_apply(*, plan, by, now=None):
    """Write the plan previewed to the coordinator; refused when it has errors or the bank changed since.

    ``by`` is the user on the import page; None is the server's own command line, where whoever runs it may.
    """
    if by is not None and not access_for(by).is_coordinator:
        raise PermissionDenied
    if plan.errors:
        raise ValidationError(_("The file has errors; nothing was saved."))
    record = ImportRecord.objects.create(
        kind=plan.kind, file_name=plan.file_name[:255] or "?", programme=plan.programme, by=by, at=now or timezone.now(),
        created=plan.count(CREATE), updated=plan.count(UPDATE), unchanged=plan.count(UNCHANGED), warnings=len(plan.warnings),
    )
    reason = record.history_reason()
    if plan.applier is not None:  # the registry's rows, written by their django-import-export resource
        plan.applier(by, reason)
        return record
    updates = [row for row in plan.rows if row.action == UPDATE]
    creates = [row for row in plan.rows if row.action == CREATE]
    _lock_unchanged_since_preview(updates)
    writes = [_write(row.project, row.record) for row in updates]
    new = Project(programme=plan.programme, status=Project.Status.ACCEPTED, source_document=plan.file_name[:300])
    where = _("sheet %(sheet)s, row %(row)s")
    for row in creates:
        row.project = copy.copy(new)  # a fresh unsaved project, without a model's __init__ for each of thousands of rows
        row.project.code = row.record.code
        row.project.source_ref = (where % {"sheet": row.record.sheet, "row": row.record.row})[:200]
        writes.append(_write(row.project, row.record))
    projects_write(writes, by=by, reason=reason, creation_note=reason)
    return record


def _write(project, record):
    fields = {name: value for name, value in record.fields.items() if name in PROJECT_FIELDS and (value is not None or project.pk)}
    return ProjectWrite(project, fields, record.fields.get("admin_units"), _lines(project, record.lines))


def _lines(project, lines):
    """The file's lines in place of the project's, line by line: an amount now taken from the file is no longer
    one derived from the text."""
    if lines is None:
        return None
    existing = list(project.lines.all()) if project.pk else []
    rows = []
    for position, values in enumerate(lines, start=1):
        old = existing[position - 1] if position <= len(existing) else None
        row = dict(values)
        if old is not None:
            row["id"] = old.pk
            if any(not same_value(getattr(old, name), value) for name, value in values.items()):
                row |= {"is_derived": False, "derivation": "", "derivation_en": ""}
        rows.append(row)
    return rows


def _lock_unchanged_since_preview(rows):
    """The projects to update, locked; refused when someone saved one of them after the plan was made."""
    planned = {row.project.pk: row.project.version for row in rows}
    current = dict(Project.objects.select_for_update().filter(pk__in=planned).values_list("pk", "version"))
    if any(current.get(pk) != version for pk, version in planned.items()):
        raise ValidationError(_("Projects of this file were changed in the bank after the preview; preview the file again."))
