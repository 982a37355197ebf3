"""What an import will do to the bank, row by row, worked out without writing anything; and applying it, all of
it in one transaction or nothing.

Both layouts (the appendix and the flat list) come down to ``ProjectRecord``s: a project's fields as model
values and its budget lines. The plan matches each record to the bank (by code, else by sector and number),
says whether it creates, updates or leaves the project unchanged, and lists each change.
"""
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from projects.access import access_for
from projects.history import Change
from projects.amounts import format_amount
from projects.imports.issues import ERROR, Findings, Issue
from projects.models import BudgetLine, ImportRecord, Project, ProjectEvent
from projects.search import refresh_search_text, search_text_for
from projects.services.editing import code_base

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
BATCH = 500
MAX_POSITION = 32767  # a small integer in the database
PROJECT_FIELDS = (
    "sector", "position", "host_agency", "name", "name_en", "location_text", "location_text_en",
    "start_year", "end_year", "content", "content_en", "notes", "notes_en", "status",
)
LINE_FIELDS = ("description", "description_en", "total", "aid_sought", "counterpart", "notes", "notes_en")


@dataclass
class ProjectRecord:
    sheet: str
    row: int
    label: str
    fields: dict
    lines: list | None = None  # None leaves the project's lines as they are
    code: str = ""


@dataclass
class PlannedRow:
    action: str
    record: ProjectRecord
    project: Project | None = None
    changes: list = field(default_factory=list)


@dataclass
class ImportPlan(Findings):
    kind: str
    file_name: str
    programme: object = None
    rows: list = field(default_factory=list)
    issues: list = field(default_factory=list)
    differences: list = field(default_factory=list)
    # Writes the rows itself (the registry's django-import-export resources); None for the bank's projects.
    applier: object = None

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED)}


def plan_digest(plan):
    """A fingerprint of what the plan would do, to tell whether the confirmed plan is still the one previewed."""
    summary = [
        (row.action, row.project.pk if row.project else None, row.project.version if row.project else None,
         row.record.row, [(c.label, c.old, c.new) for c in row.changes])
        for row in plan.rows
    ]
    return hashlib.sha256(repr(summary).encode()).hexdigest()


def known_zero_counterparts(lines):
    """A blank counterpart beside equal total and aid sought is a known zero, as the seed's loader reads the source."""
    for line in lines or []:
        if line.get("counterpart") is None and line.get("total") is not None and line.get("total") == line.get("aid_sought"):
            line["counterpart"] = Decimal(0)
    return lines


def programme_projects(programme):
    """The programme's projects with what a plan compares: two queries."""
    return list(Project.objects.filter(programme=programme).select_related("sector", "host_agency").prefetch_related("lines", "admin_units"))


def plan_projects(plan, records, existing=None):
    """Match ``records`` to the programme's projects and fill ``plan.rows``; a constant number of queries.

    Everything the database would refuse is found here and reported on its row, so that a plan without
    errors saves: codes held by another programme, two projects ending on the same number of a sector,
    years and numbers out of range, texts too long.
    """
    for record in records:
        known_zero_counterparts(record.lines)
    existing = programme_projects(plan.programme) if existing is None else existing
    by_code = {p.code: p for p in existing}
    by_place = {(p.sector_id, p.position): p for p in existing}
    codes = {record.code for record in records if record.code}
    elsewhere = dict(Project.objects.filter(code__in=codes).exclude(programme=plan.programme).values_list("code", "programme__number"))
    seen = {}
    for record in records:
        if record.code in elsewhere:
            _error(plan, record, _("The code %(code)s belongs to a project of programme %(programme)s.") % {"code": record.code, "programme": elsewhere[record.code]})
            continue
        if not _in_range(plan, record):
            continue
        sector = record.fields.get("sector")
        position = record.fields.get("position")
        key = record.code or (sector.pk if sector else None, position if position is not None else ("row", record.row))
        if key in seen:
            _error(plan, record, _("%(label)s appears twice in the file (first on row %(row)s).") % {"label": record.label, "row": seen[key]})
            continue
        seen[key] = record.row
        project = by_code.get(record.code) if record.code else by_place.get(key)
        if project is None:
            plan.rows.append(PlannedRow(CREATE, record))
            continue
        if record.fields.get("position") is None:
            record.fields.pop("position", None)  # a file without numbers keeps the bank's
        changes = _changes(project, record)
        plan.rows.append(PlannedRow(UPDATE if changes else UNCHANGED, record, project, changes))
    _number_new_projects(plan, existing)
    _check_places(plan, existing)
    return plan


def _error(plan, record, message):
    plan.issues.append(Issue(ERROR, message, sheet=record.sheet, row=record.row, value=record.code or record.label))


def _in_range(plan, record):
    fields, good = record.fields, True
    for name in ("start_year", "end_year"):
        if fields.get(name) is not None and not 1975 <= fields[name] <= 2100:
            _error(plan, record, _("%(field)s %(value)s is not a plausible year (1975–2100).") % {"field": Project._meta.get_field(name).verbose_name, "value": fields[name]})
            good = False
    if fields.get("start_year") and fields.get("end_year") and fields["end_year"] < fields["start_year"]:
        _error(plan, record, _("The end year is before the start year."))
        good = False
    if fields.get("position") is not None and not 1 <= fields["position"] <= MAX_POSITION:
        _error(plan, record, _("The number within the sector must be between 1 and %(max)s.") % {"max": MAX_POSITION})
        good = False
    for name, value in fields.items():
        limit = getattr(Project._meta.get_field(name), "max_length", None) if name in PROJECT_FIELDS else None
        if limit and isinstance(value, str) and len(value) > limit:
            _error(plan, record, _("%(field)s is longer than %(max)s characters.") % {"field": Project._meta.get_field(name).verbose_name, "max": limit})
            good = False
    return good


def _number_new_projects(plan, existing):
    """A new project given no number takes the next one of its sector, after the bank's and the file's own."""
    last = {}
    for sector_id, position in [(p.sector_id, p.position) for p in existing] + [
        (row.record.fields["sector"].pk, row.record.fields.get("position") or 0) for row in plan.rows if row.record.fields.get("sector")
    ]:
        last[sector_id] = max(last.get(sector_id, 0), position)
    for row in plan.rows:
        if row.action == CREATE and row.record.fields.get("position") is None:
            sector = row.record.fields["sector"]
            last[sector.pk] += 1
            row.record.fields["position"] = last[sector.pk]


def _check_places(plan, existing):
    """After the import, no two projects of a sector may share a number."""
    moved = {row.project.pk for row in plan.rows if row.project is not None}
    places = {(p.sector_id, p.position): p.code for p in existing if p.pk not in moved}
    for row in plan.rows:
        project, fields = row.project, row.record.fields
        sector = fields.get("sector") or (project.sector if project else None)
        position = fields.get("position", project.position if project else None)
        place = (sector.pk, position)
        if place in places:
            _error(plan, row.record, _("Number %(number)s of sector %(numeral)s is already taken by %(other)s.") % {"number": position, "numeral": sector.numeral, "other": places[place]})
        places[place] = row.record.code or row.record.label


def _shown(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def _same(old, new):
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (old is None and new is None) or (old is not None and new is not None and Decimal(old) == Decimal(new))
    return (old or "") == (new or "") if isinstance(old, str) or isinstance(new, str) else old == new


def _changes(project, record):
    changes = []
    for name, new in record.fields.items():
        if name not in PROJECT_FIELDS:
            continue
        old = getattr(project, name)
        if not _same(old, new):
            changes.append(Change(str(Project._meta.get_field(name).verbose_name), _shown(old), _shown(new)))
    if "admin_units" in record.fields:
        old_units = sorted(project.admin_units.all(), key=lambda unit: unit.pk)
        new_units = sorted(record.fields["admin_units"], key=lambda unit: unit.pk)
        if [u.pk for u in old_units] != [u.pk for u in new_units]:
            changes.append(Change(str(Project._meta.get_field("admin_units").verbose_name), "; ".join(map(str, old_units)) or "—", "; ".join(map(str, new_units)) or "—"))
    if record.lines is not None:
        old_lines = list(project.lines.all())
        for position in range(1, max(len(old_lines), len(record.lines)) + 1):
            old = old_lines[position - 1] if position <= len(old_lines) else None
            new = record.lines[position - 1] if position <= len(record.lines) else None
            label = _("budget line %(position)s") % {"position": position}
            if old is None:
                changes.append(Change(label, "—", _line_text(new)))
            elif new is None:
                changes.append(Change(label, _line_text(old), "—"))
            elif any(not _same(getattr(old, name), new.get(name, getattr(old, name))) for name in LINE_FIELDS):
                changes.append(Change(label, _line_text(old), _line_text(new)))
    return changes


def _line_text(line):
    get = line.get if isinstance(line, dict) else (lambda name, default=None: getattr(line, name))
    amounts = " / ".join(_shown(get(name, None)) for name in BudgetLine.AMOUNT_FIELDS)
    description = get("description", "") or ""
    return f"{description} {amounts}".strip()


@transaction.atomic
def apply_plan(plan, *, by, now=None):
    """Write the plan, all of it or nothing, and keep a record; each touched project's history names the import.

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
    if plan.applier is not None:
        plan.applier(by, reason)
        return record
    updates = [row for row in plan.rows if row.action == UPDATE]
    _lock_unchanged_since_preview(updates)
    # Numbers that move between projects are parked out of the way of the unique (sector, number) first.
    moving = [row.project.pk for row in updates if row.record.fields.get("position", row.project.position) != row.project.position]
    for offset, pk in enumerate(moving):
        Project.objects.filter(pk=pk).update(position=MAX_POSITION - offset)
    _create_all(plan, [row for row in plan.rows if row.action == CREATE], by, reason)
    for row in updates:
        project = row.project
        for name, value in row.record.fields.items():
            if name in PROJECT_FIELDS:
                setattr(project, name, value)
        project.version += 1
        project._history_user = by
        project._change_reason = reason
        project.save()
        if "admin_units" in row.record.fields:
            project.admin_units.set(row.record.fields["admin_units"])
        if row.record.lines is not None:
            _write_lines(project, row.record.lines, by, reason)
        refresh_search_text(project)
    return record


def _lock_unchanged_since_preview(rows):
    """The projects to update, locked; refused when someone saved one of them after the plan was made."""
    planned = {row.project.pk: row.project.version for row in rows}
    current = dict(Project.objects.select_for_update().filter(pk__in=planned).values_list("pk", "version"))
    if any(current.get(pk) != version for pk, version in planned.items()):
        raise ValidationError(_("Projects of this file were changed in the bank after the preview; preview the file again."))


def _create_all(plan, rows, by, reason):
    """New projects, their budget lines and their history rows in a few bulk inserts, not a dozen queries each."""
    if not rows:
        return
    taken = set(Project.objects.filter(code__startswith=plan.programme.code).values_list("code", flat=True))
    projects = []
    for row in rows:
        fields = row.record.fields
        code = row.record.code or _free_code(plan.programme, fields["sector"], fields["position"], taken)
        taken.add(code)
        project = Project(programme=plan.programme, code=code, status=Project.Status.ACCEPTED, source_document=plan.file_name[:300],
                          source_ref=(f"{row.record.sheet}!{row.record.row}")[:200])
        for name, value in fields.items():
            if name in PROJECT_FIELDS and value is not None:
                setattr(project, name, value)
        project.search_text = search_text_for(project)
        projects.append(project)
    bulk_create_with_history(projects, Project, batch_size=BATCH, default_user=by, default_change_reason=reason)
    saved = {project.code: project for project in Project.objects.filter(code__in=[p.code for p in projects])}
    lines, units = [], []
    Through = Project.admin_units.through
    for row, project in zip(rows, projects):
        project = saved[project.code]
        row.project = project
        for position, values in enumerate(row.record.lines or [], start=1):
            lines.append(BudgetLine(project=project, position=position, **{name: values[name] for name in LINE_FIELDS if name in values}))
        units += [Through(project_id=project.pk, administrativeunit_id=unit.pk) for unit in row.record.fields.get("admin_units") or []]
    bulk_create_with_history(lines, BudgetLine, batch_size=BATCH, default_user=by, default_change_reason=reason)
    Through.objects.bulk_create(units, batch_size=BATCH)
    # bulk_create sends no m2m signal: the creation's history record gets its units here, as a save would.
    history = dict(Project.history.filter(id__in=[project.pk for project in saved.values()]).values_list("id", "history_id"))
    UnitsHistory = apps.get_model("projects", "HistoricalProject_admin_units")
    links = Through.objects.filter(project_id__in=history).values_list("id", "project_id", "administrativeunit_id")
    UnitsHistory.objects.bulk_create(
        [UnitsHistory(id=link, history_id=history[project], project_id=project, administrativeunit_id=unit) for link, project, unit in links],
        batch_size=BATCH,
    )
    ProjectEvent.objects.bulk_create(
        [ProjectEvent(project=project, action=ProjectEvent.Action.CREATE, to_status=project.status, actor=by, comment=reason) for project in saved.values()],
        batch_size=BATCH,
    )


def _free_code(programme, sector, position, taken):
    base = code_base(programme, sector, position)
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def _write_lines(project, lines, by, reason):
    existing = list(project.lines.all()) if project.pk else []
    for line in existing[len(lines):]:
        line._history_user, line._change_reason = by, reason
        line.delete()
    for position, values in enumerate(lines, start=1):
        line = existing[position - 1] if position <= len(existing) else BudgetLine(project=project, position=position)
        if line.pk and all(_same(getattr(line, name), values.get(name, getattr(line, name))) for name in LINE_FIELDS):
            continue
        for name in LINE_FIELDS:
            if name in values:
                setattr(line, name, values[name])
        # An amount now taken from the file is no longer one derived from the text.
        line.is_derived, line.derivation = False, ""
        line._history_user, line._change_reason = by, reason
        line.save()
