"""What an import will do to the bank, row by row, worked out without writing anything.

Both layouts (the appendix and the flat list) come down to ``Record``s: a project's fields as model values and
its budget lines. The plan matches each record to the bank (by code, else by sector and number), says whether it
creates, updates or leaves the project unchanged, lists each change, and finds on its row everything the writing
service would refuse, so that a plan without errors saves. Applying a plan is a service:
projects.services.imports.import_apply.
"""
import copy
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.amounts import format_amount
from projects.imports.issues import ERROR, Findings, Issue
from projects.models import BudgetLine, Project
from projects.services.writing import Stored, project_errors, same_value
from socaid.changes import Change

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
# The stages a planner reports to a job's progress (socaid.jobs.progress.Progress): the file's rows read, then
# its records checked against the bank.
READ, CHECK = "read", "check"
PROJECT_FIELDS = (
    "sector", "position", "host_agency", "name", "name_en", "location_text", "location_text_en",
    "start_year", "end_year", "content", "content_en", "notes", "notes_en", "status",
)
LINE_FIELDS = ("description", "description_en", "total", "aid_sought", "counterpart", "notes", "notes_en")


@dataclass
class Record:
    """What one row of a file, or the rows of one project, say about one record of the bank or the registry."""

    sheet: str
    row: int
    label: str
    fields: dict
    lines: list | None = None  # None leaves the project's lines as they are
    code: str = ""


@dataclass
class PlannedRow:
    action: str
    record: Record
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


class Unwatched:
    """The progress of a plan nobody follows (a plan made within a request): every report is dropped."""

    def stage(self, key, total=None):
        pass

    def advance(self, done):
        pass


UNWATCHED = Unwatched()


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


def plan_projects(plan, records, existing=None, progress=UNWATCHED):
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
    new = Project(programme=plan.programme)  # copied for each new record's checks: a model's __init__ costs more
    for done, record in enumerate(records):
        progress.advance(done)
        if record.code in elsewhere:
            _error(plan, record, _("The code %(code)s belongs to a project of programme %(programme)s.") % {"code": record.code, "programme": elsewhere[record.code]})
            continue
        sector = record.fields.get("sector")
        position = record.fields.get("position")
        key = record.code or (sector.pk if sector else None, position if position is not None else ("row", record.row))
        if key in seen:
            _error(plan, record, _("%(label)s appears twice in the file (first on row %(row)s).") % {"label": record.label, "row": seen[key]})
            continue
        seen[key] = record.row
        project = by_code.get(record.code) if record.code else by_place.get(key)
        if not _writable(plan, record, project or new):
            continue
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


def _writable(plan, record, project):
    """Whether the writing service would take the record, as the project it would make of it (``project`` the
    saved one, or a new one of the programme); each refusal is an error on the record's row."""
    candidate = copy.copy(project)
    for name, value in record.fields.items():
        if name in PROJECT_FIELDS:
            setattr(candidate, name, value)
    stored = Stored.of(project)
    errors = project_errors(candidate, record.fields.get("admin_units"), stored)
    for messages in errors.values():
        for message in messages:
            _error(plan, record, message)
    return not errors


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


def _changes(project, record):
    changes = []
    for name, new in record.fields.items():
        if name not in PROJECT_FIELDS:
            continue
        old = getattr(project, name)
        if not same_value(old, new):
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
            elif any(not same_value(getattr(old, name), new.get(name, getattr(old, name))) for name in LINE_FIELDS):
                changes.append(Change(label, _line_text(old), _line_text(new)))
    return changes


def _line_text(line):
    get = line.get if isinstance(line, dict) else (lambda name, default=None: getattr(line, name))
    amounts = " / ".join(_shown(get(name, None)) for name in BudgetLine.AMOUNT_FIELDS)
    description = get("description", "") or ""
    return f"{description} {amounts}".strip()
