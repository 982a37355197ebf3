"""Creating, editing and restoring projects, with their budget lines, safely against concurrent edits."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from projects.access import access_for
from projects.history import changes_since
from partners.models import Organisation
from projects.models import BudgetLine, Project, ProjectEvent, Sector
from projects.search import refresh_search_text

EDITABLE_FIELDS = ["programme", "sector", "position", "host_agency", *Project.CONTENT_FIELDS]
LINE_FIELDS = BudgetLine.EDITABLE_FIELDS


class EditConflict(Exception):
    """Someone saved the project after this user loaded it; nothing of this user's edit was saved."""

    def __init__(self, changes, users):
        super().__init__(_("This project was changed by someone else after you opened it."))
        self.changes = changes
        self.users = users


def _require_agency(access, agency, project=None):
    """An officer files and moves projects only for their own organisations."""
    if project is not None and agency.pk == project.host_agency_id:
        return
    if not access.host_agency_choices(Organisation.objects.filter(pk=agency.pk)).exists():
        raise ValidationError({"host_agency": _("You cannot file projects for this organisation.")})


def _next_position(sector):
    return (Project.objects.filter(sector=sector).aggregate(last=Max("position"))["last"] or 0) + 1


def code_base(programme, sector, position):
    """A new project's code: the programme's, the sector's numeral and the number, e.g. 03-ctr-ubnd-2020-ii-06."""
    return f"{programme.code}-{sector.numeral.lower()}-{position:02d}"[:72]


def _unique_code(programme, sector, position):
    base = code_base(programme, sector, position)
    code, n = base, 1
    while Project.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _save_lines(project, lines, by):
    """Bring the project's budget lines in line with ``lines`` (dicts with an optional "id" and "delete")."""
    existing = {line.pk: line for line in project.lines.all()}
    kept = [row for row in lines if not row.get("delete")]
    for row in lines:
        if row.get("delete") and row.get("id") in existing:
            line = existing.pop(row["id"])
            line._history_user = by
            line.delete()
    for position, row in enumerate(kept, start=1):
        line = existing.pop(row["id"], None) if row.get("id") else None
        if line is None:
            line = BudgetLine(project=project)
        values = {name: row.get(name, None if name in BudgetLine.AMOUNT_FIELDS else "") for name in LINE_FIELDS}
        values["position"] = position
        if line.pk and all(getattr(line, k) == v for k, v in values.items()):
            continue
        for name, value in values.items():
            setattr(line, name, value)
        line.full_clean(exclude=["project"])
        line._history_user = by
        if line.pk:
            # Positions shift when lines are removed; park the line out of the way of the unique (project, position).
            BudgetLine.objects.filter(pk=line.pk).update(position=10000 + position)
        line.save()
    if not kept:
        raise ValidationError(_("A project needs at least one budget line."))


def _apply(project, fields, admin_units, lines, by, reason):
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(project, name, value)
    project.full_clean(exclude=["code", "search_text"])
    project._history_user = by
    project._change_reason = reason
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        raise ValidationError({"position": _("Another project of this sector already has this number.")}) from None
    if admin_units is not None:
        project.admin_units.set(admin_units)
    if lines is not None:
        _save_lines(project, lines, by)
    refresh_search_text(project)


@transaction.atomic
def project_create(*, by, fields, admin_units, lines):
    """A new proposal, a draft of its host agency until someone submits it."""
    access = access_for(by)
    access.require_create()
    _require_agency(access, fields["host_agency"])
    fields = dict(fields)
    # Locking the sector makes two people filing at once get consecutive numbers, not a clash.
    Sector.objects.select_for_update().filter(pk=fields["sector"].pk).exists()
    if not fields.get("position"):
        fields["position"] = _next_position(fields["sector"])
    project = Project(
        code=_unique_code(fields["programme"], fields["sector"], fields["position"]),
        status=Project.Status.DRAFT,
        source_document=_("Entered in socaid"),
    )
    _apply(project, fields, admin_units, lines, by, _("Created"))
    ProjectEvent.objects.create(project=project, action=ProjectEvent.Action.CREATE, to_status=project.status, actor=by)
    return project


@transaction.atomic
def project_update(*, project, by, expected_version, fields, admin_units, lines):
    """Save an edit, unless someone else saved the project since the user loaded ``expected_version``."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    access = access_for(by)
    access.require_edit(project)
    if "host_agency" in fields:
        _require_agency(access, fields["host_agency"], project)
    if project.version != expected_version:
        raise EditConflict(*changes_since(project, expected_version))
    project.version += 1
    _apply(project, fields, admin_units, lines, by, _("Edited"))
    return project


@transaction.atomic
def project_restore(*, project, by, history_id, expected_version):
    """Bring the project's fields back to an earlier saved version; the restore is itself a new version."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    access_for(by).require_edit(project)
    if project.version != expected_version:
        raise EditConflict(*changes_since(project, expected_version))
    record = project.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError(_("That version does not exist."))
    fields = {name: getattr(record, name) for name in EDITABLE_FIELDS if name != "programme"}
    _require_agency(access_for(by), fields["host_agency"], project)
    when = date_format(localtime(record.history_date), "SHORT_DATETIME_FORMAT")
    project.version += 1
    _apply(project, fields, None, None, by, _("Restored the version of %(when)s") % {"when": when})
    ProjectEvent.objects.create(
        project=project,
        action=ProjectEvent.Action.RESTORE,
        from_status=project.status,
        to_status=project.status,
        actor=by,
        comment=_("Version of %(when)s") % {"when": when},
    )
    return project
