"""Creating, editing and restoring a project from the portal's form, safely against concurrent edits."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partners.models import Organisation
from projects.access import access_for
from projects.history import changes_since
from projects.models import Project, ProjectEvent, Sector
from projects.services.writing import ProjectWrite, projects_delete, projects_write
from projects.versions import saved_version

EDITABLE_FIELDS = ["programme", "sector", "position", "host_agency", *Project.CONTENT_FIELDS]


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


def _editable(fields):
    return {name: value for name, value in fields.items() if name in EDITABLE_FIELDS}


@transaction.atomic
def project_create(*, by, fields, admin_units, lines):
    """A new proposal, a draft of its host agency until someone submits it."""
    access = access_for(by)
    access.require_create()
    _require_agency(access, fields["host_agency"])
    # Locking the sector makes two people filing at once get consecutive numbers, not a clash.
    Sector.objects.select_for_update().filter(pk=fields["sector"].pk).exists()
    project = Project(status=Project.Status.DRAFT, source_document=_("Entered in socaid"))
    write = ProjectWrite(project, _editable(fields), list(admin_units), lines)
    return projects_write([write], by=by, reason=gettext_noop("Created"))[0]


def _locked_at(project, by, expected_version):
    project = Project.objects.select_for_update().get(pk=project.pk)
    access_for(by).require_edit(project)
    if project.version != expected_version:
        raise EditConflict(*changes_since(project, expected_version))
    return project


@transaction.atomic
def project_update(*, project, by, expected_version, fields, admin_units, lines):
    """Save an edit, unless someone else saved the project since the user loaded ``expected_version``."""
    project = _locked_at(project, by, expected_version)
    if "host_agency" in fields:
        _require_agency(access_for(by), fields["host_agency"], project)
    write = ProjectWrite(project, _editable(fields), list(admin_units), lines)
    return projects_write([write], by=by, reason=gettext_noop("Edited"))[0]


@transaction.atomic
def project_restore(*, project, by, history_id, expected_version):
    """Bring back an earlier saved version, fields, units and budget lines, as one edit: the restore is itself a
    new version with its own history entry, refused like the form's save if someone saved since
    ``expected_version``."""
    project = _locked_at(project, by, expected_version)
    version = saved_version(project, history_id)
    if version is None:
        raise ValidationError(_("That version does not exist."))
    _require_agency(access_for(by), version.fields["host_agency"], project)
    write = ProjectWrite(project, dict(version.fields), version.units, _restored_lines(project, version.lines))
    projects_write([write], by=by, reason=gettext_noop("Restored an earlier version"))
    ProjectEvent.objects.create(
        project=project,
        action=ProjectEvent.Action.RESTORE,
        from_status=project.status,
        to_status=project.status,
        actor=by,
        # The version's day and time alone, in one style for both languages: the page words it ("Version of …").
        comment=localtime(version.record.history_date).strftime("%d/%m/%Y %H:%M"),
    )
    return project


def _restored_lines(project, lines):
    """A line deleted since the version comes back as a new line: its old row is gone."""
    existing = {line.pk for line in project.lines.all()}
    return [line if line["id"] in existing else {**line, "id": None} for line in lines]


def project_admin_lock(*, project, by, expected_version):
    """Lock the project for a save from the admin's change form opened at ``expected_version``; EditConflict when
    someone saved it since. The admin checks its form inside the transaction it then saves in, so the refusal is
    said on the form and no other save slips in between."""
    access_for(by).require_coordinator()
    return _locked_at(project, by, expected_version)


@transaction.atomic
def project_admin_save(*, project, by, fields, admin_units, lines, expected_version=None):
    """A coordinator's save in the Django admin, new or not: the admin knows no per-agency rules, so only the
    coordinator and the administrator may. An existing project is saved only at ``expected_version`` and while
    the portal would let the coordinator edit it."""
    access_for(by).require_coordinator()
    if project.pk is None:
        project.status = Project.Status.DRAFT
        return projects_write([ProjectWrite(project, fields, list(admin_units), lines)], by=by, reason=gettext_noop("Created in the admin"))[0]
    locked = project_admin_lock(project=project, by=by, expected_version=expected_version)
    projects_write([ProjectWrite(locked, fields, list(admin_units), lines)], by=by, reason=gettext_noop("Edited in the admin"))
    project.version = locked.version
    return locked


@transaction.atomic
def projects_admin_delete(*, projects, by):
    """Delete projects from the Django admin, each deletion kept in the history."""
    access_for(by).require_coordinator()
    projects_delete(projects, by=by, reason=gettext_noop("Deleted in the admin"))
