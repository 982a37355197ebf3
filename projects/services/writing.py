"""The one place that writes projects and their budget lines.

Every path that creates, changes or deletes a project comes here: the portal's form and workflow (editing.py,
workflow.py), the import (imports.py), the admin, the take-over (programmes.py), the seed loader and the synthetic
bank. ``projects_write`` checks what the database would refuse and the rule no constraint can hold (an
administrative unit must have existed during the project's period), numbers and codes new projects, bumps the
version that catches stale forms, records who wrote and why in the history, and writes the units, the budget
lines, the creation in the timeline and the folded search text.

It checks permissions of no one: the service that calls it does.
"""
import functools
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import CharField, DateTimeField, IntegerField, Max, Value
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from projects.models import BudgetLine, Project, ProjectEvent
from projects.models.proposals import MAX_POSITION, PLAUSIBLE_YEARS
from projects.search import search_text_for
from socaid.text import without_controls, without_controls_in

# What a budget line given to projects_write may say; a key it leaves out keeps the line's value.
LINE_FIELDS = (*BudgetLine.EDITABLE_FIELDS, "is_derived", "derivation", "derivation_en", "source_ref")
# Kept by this module, never given: the code is made once, the version and the search text follow every write.
MANAGED = ("code", "version", "search_text")
BATCH = 500


@dataclass
class ProjectWrite:
    """One project to write: ``project`` is new (no primary key yet) or the saved one, locked by the caller where
    two people can collide. ``admin_units`` and ``lines`` (dicts of LINE_FIELDS, in order, each with the "id" of
    the line it changes, if any) are the complete new lists; None leaves them as they are."""

    project: Project
    fields: dict = field(default_factory=dict)
    admin_units: list | None = None
    lines: list | None = None


@dataclass(frozen=True)
class Stored:
    """What a saved project's rules depend on, as it was before the write."""

    start_year: int | None
    end_year: int | None
    host_agency_id: int | None
    project: Project

    @classmethod
    def of(cls, project):
        """The saved ``project`` as it is before a write; None for a new one (or none)."""
        if project is None or project.pk is None:
            return None
        return cls(project.start_year, project.end_year, project.host_agency_id, project)

    def units_changed(self, admin_units):
        return admin_units is not None and {unit.pk for unit in admin_units} != {unit.pk for unit in self.project.admin_units.all()}


def projects_write(writes, *, by, reason, creation_note=""):
    """Write every project of ``writes``, all of them or none; returns the projects.

    ``reason`` goes into the history of every project and line written; ``creation_note`` into the timeline of
    the new ones. A problem with one project is a ValidationError by field; with several, a list naming each.
    """
    writes = list(writes)
    with transaction.atomic():
        stored = {}
        for write in writes:
            if write.project.pk is not None:
                stored[id(write)] = Stored.of(write.project)
            for name, value in write.fields.items():
                if name in MANAGED:
                    raise ValueError(f"{name} is kept by the writing core, not given")
                setattr(write.project, name, _newlines(value))
            without_controls_in(write.project)  # before the checks and the search text; bulk creation sends no pre_save
        new = [write for write in writes if write.project.pk is None]
        _number(new)
        _code(new)
        _check_all(writes, stored)
        saved = [write for write in writes if write.project.pk is not None]
        _park_projects(saved)
        for write in saved:
            _save(write, by, reason)
        _create(new, by, reason, creation_note)
    return [write.project for write in writes]


def projects_delete(projects, *, by, reason, history=True):
    """Delete the projects and their budget lines, each deletion in the history with who and why.

    ``history=False`` deletes in bulk with every history record of the projects: only for synthetic data, which
    is no one's work, from the command line (it switches history off for the whole process while it runs).
    """
    with transaction.atomic():
        if not history:
            ids = list(projects.values_list("pk", flat=True))
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                BudgetLine.objects.filter(project__in=ids).delete()
                Project.objects.filter(pk__in=ids).delete()
            BudgetLine.history.filter(project_id__in=ids).delete()
            Project.history.filter(id__in=ids).delete()
            return
        for project in projects.prefetch_related("lines"):
            for line in project.lines.all():
                line._history_user, line._change_reason = by, reason
                line.delete()
            project._history_user, project._change_reason = by, reason
            project.delete()


# --- Checks --------------------------------------------------------------------------------------------------------


def unit_errors(start, end, units):
    """Units that did not exist during the project's years: the rule every path holds, with one message."""
    if not (start and end):
        return []
    return [_did_not_exist(unit, start, end) for unit in units if not unit.existed_in_years(start, end)]


def agency_errors(agency, start, end):
    """Why ``agency`` may not host a project running from ``start`` to ``end``; empty if it may."""
    if not agency.may_host_projects:
        return [_("%(agency)s cannot host a project: projects are hosted by the People's Committees, departments, police "
                  "and mass organisations of the province and its localities.") % {"agency": agency.name}]
    if start and end and not agency.existed_in_years(start, end):
        return [_did_not_exist(agency, start, end)]
    return []


def _did_not_exist(record, start, end):
    return _("%(unit)s did not exist during %(start)s–%(end)s.") % {"unit": record, "start": start, "end": end}


def project_errors(project, admin_units=None, stored=None):
    """What is wrong with the project's values, by field, found without a query; empty when it may be saved.

    ``admin_units``: the units it will have, or None to keep those it has. ``stored``: the saved project as it
    was (Stored), None for a new one. The units and the host agency are checked against the years when either
    changes: a step that touches neither is not refused for a value recorded before the rule held on every path.
    """
    errors = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if not (project.name or "").strip():
        add("name", _("A project needs a name."))
    for model_field in _char_fields():
        value = getattr(project, model_field.attname)
        if isinstance(value, str) and len(value) > model_field.max_length:
            add(model_field.name, _("%(field)s is longer than %(max)s characters.") % {"field": _label(model_field.name), "max": model_field.max_length})
    first, last = PLAUSIBLE_YEARS
    for name in ("start_year", "end_year"):
        year = getattr(project, name)
        if year is not None and not first <= year <= last:
            add(name, _("%(field)s %(value)s is not a plausible year (%(first)s–%(last)s).") % {"field": _label(name), "value": year, "first": first, "last": last})
    if project.start_year and project.end_year and project.end_year < project.start_year:
        add("end_year", _("The end year cannot come before the start year."))
    if project.position is None and stored is not None:
        add("position", str(Project._meta.get_field("position").error_messages["null"]))
    elif project.position is not None and not 1 <= project.position <= MAX_POSITION:
        add("position", _("The number within the sector must be between 1 and %(max)s.") % {"max": MAX_POSITION})
    if project.sector_id and project.programme_id and project.sector.programme_id != project.programme_id:
        add("sector", _("The sector belongs to another programme."))
    for message in unit_errors(project.start_year, project.end_year, _units_to_check(project, admin_units, stored)):
        add("admin_units", message)
    if project.host_agency_id and _agency_to_check(project, stored):
        for message in agency_errors(project.host_agency, project.start_year, project.end_year):
            add("host_agency", message)
    return errors


@functools.cache
def _char_fields():
    """The project's fields with a length limit, found once: the import checks every row against them."""
    return tuple(model_field for model_field in Project._meta.concrete_fields if isinstance(model_field, CharField))


def _agency_to_check(project, stored):
    """Like the units: a step that changes neither the agency nor the years keeps a host recorded before the rule."""
    return stored is None or stored.host_agency_id != project.host_agency_id or (stored.start_year, stored.end_year) != (project.start_year, project.end_year)


def _units_to_check(project, admin_units, stored):
    if stored is None:
        return admin_units or []
    years_changed = (stored.start_year, stored.end_year) != (project.start_year, project.end_year)
    if years_changed:
        return list(stored.project.admin_units.all()) if admin_units is None else admin_units
    return admin_units if stored.units_changed(admin_units) else []


def _label(name):
    label = str(Project._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _check_all(writes, stored):
    problems = []
    for write in writes:
        errors = project_errors(write.project, write.admin_units, stored.get(id(write)))
        if write.lines is not None:
            errors.update(_line_list_errors(write))
        if errors:
            problems.append((write.project, errors))
    codes = Counter(write.project.code for write in writes if write.project.pk is None)
    twice = sorted(code for code, times in codes.items() if times > 1)
    if twice:
        problems.append((Project(), {NON_FIELD_ERRORS: [_("These codes already name other projects: %(codes)s.") % {"codes": ", ".join(twice)}]}))
    if not problems:
        return
    if len(writes) == 1:
        raise ValidationError(problems[0][1])
    raise ValidationError(
        [f"{project.code or project.name}: {message}" if project.code or project.name else message
         for project, errors in problems for messages in errors.values() for message in messages]
    )


def _line_list_errors(write):
    if not write.lines:
        return {NON_FIELD_ERRORS: [_("A project needs at least one budget line.")]}
    ids = [row["id"] for row in write.lines if row.get("id")]
    own = {line.pk for line in write.project.lines.all()} if write.project.pk else set()
    if len(ids) != len(set(ids)) or not set(ids) <= own:
        return {NON_FIELD_ERRORS: [_("The budget lines do not match the project's; open the project again.")]}
    return {}


# --- Numbers and codes ---------------------------------------------------------------------------------------------


def code_prefix(programme):
    """The programme part of its projects' codes: its number and first year, 03-2020 for 03/CTr-UBND (2020-2025)."""
    return f"{slugify(programme.number.split('/')[0]) or programme.code}-{programme.start_year}"


def code_base(programme, sector, position):
    """A new project's code, the one style of every project: the programme part, the sector's numeral and the
    number, e.g. 03-2020-ii-06 for II.6 of programme 03/CTr-UBND of 2020, as the seed codes its projects."""
    return f"{code_prefix(programme)}-{sector.numeral.lower()}-{position:02d}"[:72]


def _number(new):
    """A new project given no number takes the next of its sector, after the bank's and the other new ones'."""
    unnumbered = [write.project for write in new if not write.project.position]
    if not unnumbered:
        return
    sectors = {project.sector_id for project in unnumbered}
    last = dict(Project.objects.filter(sector__in=sectors).values("sector").annotate(last=Max("position")).values_list("sector", "last"))
    for write in new:
        if write.project.position:
            last[write.project.sector_id] = max(last.get(write.project.sector_id) or 0, write.project.position)
    for project in unnumbered:
        last[project.sector_id] = (last.get(project.sector_id) or 0) + 1
        project.position = last[project.sector_id]


def _code(new):
    uncoded = [write.project for write in new if not write.project.code]
    if not uncoded:
        return
    prefixes = {code_prefix(project.programme) for project in uncoded}
    taken = {code for prefix in prefixes for code in Project.objects.filter(code__startswith=prefix).values_list("code", flat=True)}
    taken |= {write.project.code for write in new if write.project.code}
    for project in uncoded:
        base = code_base(project.programme, project.sector, project.position)
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}-{n}"
        project.code = code
        taken.add(code)


def _park_projects(saved):
    """Move the saved projects whose number changes out of the way first, so that projects may trade numbers."""
    stored = Project.objects.filter(pk__in=[write.project.pk for write in saved]).values_list("pk", "sector_id", "position")
    places = {pk: (sector, position) for pk, sector, position in stored}
    _park(Project, "sector_id", [
        (write.project.pk, places[write.project.pk][0]) for write in saved
        if places[write.project.pk] != (write.project.sector_id, write.project.position)
    ])


def _park(model, scope, rows):
    """Give each row of ``rows`` ((pk, its ``scope`` value)) a number that no row of its scope holds (a sector's
    projects, a project's lines: the unique numbers), from the top of the range down, one query per scope."""
    by_scope = {}
    for pk, value in rows:
        by_scope.setdefault(value, []).append(pk)
    for value, pks in by_scope.items():
        taken = set(model.objects.filter(**{scope: value}).values_list("position", flat=True))
        free = (number for number in range(MAX_POSITION, 0, -1) if number not in taken)
        for pk in pks:
            model.objects.filter(pk=pk).update(position=next(free))


# --- Saving --------------------------------------------------------------------------------------------------------


def _save(write, by, reason):
    project = write.project
    project.version += 1
    project.search_text = search_text_for(project)
    project._history_user, project._change_reason = by, reason
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        if Project.objects.filter(sector=project.sector_id, position=project.position).exclude(pk=project.pk).exists():
            raise ValidationError({"position": _("Another project of this sector already has this number.")}) from None
        raise
    if write.admin_units is not None and {unit.pk for unit in project.admin_units.all()} != {unit.pk for unit in write.admin_units}:
        project.admin_units.set(write.admin_units)
    if write.lines is not None:
        _write_lines(project, write.lines, by, reason)


def _write_lines(project, rows, by, reason):
    existing = {line.pk: line for line in project.lines.all()}
    kept = [(position, existing.pop(row["id"], None) if row.get("id") else None, row) for position, row in enumerate(rows, start=1)]
    for line in existing.values():
        line._history_user, line._change_reason = by, reason
        line.delete()
    _park(BudgetLine, "project_id", [(line.pk, project.pk) for position, line, _row in kept if line is not None and line.position != position])
    for position, line, row in kept:
        values = {name: _newlines(row[name]) for name in LINE_FIELDS if name in row} | {"position": position}
        if line is not None and all(same_value(getattr(line, name), value) for name, value in values.items()):
            continue
        line = line or BudgetLine(project=project)
        for name, value in values.items():
            setattr(line, name, value)
        _check_line(line)
        line._history_user, line._change_reason = by, reason
        line.save()


def _check_line(line):
    """The line's own checks (total = aid sought + counterpart) and what its constraints hold, without a query."""
    line.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    if any(value is not None and value < 0 for value in (line.total, line.aid_sought, line.counterpart)):
        raise ValidationError(_("Amounts cannot be negative."))


def _create(writes, by, reason, note):
    """New projects, their units, lines, history and timeline in a few bulk inserts, not a dozen queries each."""
    if not writes:
        return
    projects = []
    for write in writes:
        project = write.project
        project.version = 1
        project.search_text = search_text_for(project)
        projects.append(project)
    taken = sorted(Project.objects.filter(code__in=[project.code for project in projects]).values_list("code", flat=True))
    if taken:
        raise ValidationError({NON_FIELD_ERRORS: [_("These codes already name other projects: %(codes)s.") % {"codes": ", ".join(taken)}]})
    try:
        with transaction.atomic():
            Project.objects.bulk_create(projects, batch_size=BATCH)
    except IntegrityError:
        raise ValidationError({"position": _("Another project of this sector already has this number.")}) from None
    if any(project.pk is None for project in projects):  # a database that does not return the keys it made
        ids = dict(Project.objects.filter(code__in=[p.code for p in projects]).values_list("code", "pk"))
        for project in projects:
            project.pk = ids[project.code]
    _history_of_created(Project, [project.pk for project in projects], by, reason)
    lines, links = [], []
    Through = Project.admin_units.through
    for write in writes:
        for position, row in enumerate(write.lines or [], start=1):
            line = BudgetLine(project=write.project, position=position, **{name: _newlines(row[name]) for name in LINE_FIELDS if name in row})
            without_controls_in(line)
            _check_line(line)
            lines.append(line)
        links += [Through(project_id=write.project.pk, administrativeunit_id=unit.pk) for unit in write.admin_units or []]
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
    _history_of_created(BudgetLine, [line.pk for line in lines], by, reason)
    Through.objects.bulk_create(links, batch_size=BATCH)
    if links:
        _units_history(projects)
    ProjectEvent.objects.bulk_create(
        [ProjectEvent(project=project, action=ProjectEvent.Action.CREATE, to_status=project.status, actor=by, comment=note) for project in projects],
        batch_size=BATCH,
    )


def _history_of_created(model, pks, by, reason):
    """The creation's history record of each of the rows just written, the record simple-history's
    bulk_create_with_history makes, copied by the database from the rows (INSERT … SELECT): building each record
    in Python and sending its every value back cost the import as much as writing the rows themselves."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    History = model.history.model
    user = by or History.get_default_history_user(None)  # as bulk_create_with_history: the request's user when none is given
    stamp = {
        "history_date": Value(timezone.now(), output_field=DateTimeField()),
        "history_change_reason": Value(reason, output_field=CharField()),
        "history_type": Value("+", output_field=CharField()),
        "history_user_id": Value(user.pk if user is not None else None, output_field=IntegerField()),
    }
    copied = [field.attname for field in History.tracked_fields]
    connection = connections[History.objects.db]
    columns = ", ".join(connection.ops.quote_name(History._meta.get_field(name).column) for name in [*copied, *stamp])
    for start in range(0, len(pks), BATCH):
        # The annotations follow the fields in the SELECT, in the order given, as the column list names them.
        rows = (model._base_manager.filter(pk__in=pks[start:start + BATCH]).order_by("pk")
                .annotate(**{f"stamp_{name}": value for name, value in stamp.items()})
                .values_list(*copied, *(f"stamp_{name}" for name in stamp)))
        select, params = rows.query.get_compiler(using=History.objects.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {connection.ops.quote_name(History._meta.db_table)} ({columns}) {select}", params)


def _units_history(projects):
    """bulk_create sends no m2m signal: each creation's history record gets its units here, as a save would."""
    history = dict(Project.history.filter(id__in=[project.pk for project in projects]).values_list("id", "history_id"))
    UnitsHistory = apps.get_model("projects", "HistoricalProject_admin_units")
    links = Project.admin_units.through.objects.filter(project_id__in=history).values_list("id", "project_id", "administrativeunit_id")
    UnitsHistory.objects.bulk_create(
        [UnitsHistory(id=link, history_id=history[project], project_id=project, administrativeunit_id=unit) for link, project, unit in links],
        batch_size=BATCH,
    )


def _newlines(value):
    """Text as stored: a browser sends a text area's line breaks as CR LF, which would make every save of an
    unchanged text a change in the history; no control characters (socaid.text)."""
    return without_controls(value)


def same_value(old, new):
    """Whether a stored value and a value about to be written are the same: 12 and 12.000 are; None and "" too."""
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (old is None and new is None) or (old is not None and new is not None and Decimal(old) == Decimal(new))
    if isinstance(old, str) or isinstance(new, str):
        return (old or "") == (new or "")
    return old == new
