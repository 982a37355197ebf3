from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from projects.access import access_for
from projects.lifecycle import TAKEN_OVER
from projects.models import Project
from projects.services.writing import LINE_FIELDS as COPIED_LINE_FIELDS
from projects.services.writing import ProjectWrite, projects_write


@transaction.atomic
def programme_take_over_unfunded(*, programme, by):
    """Copy the predecessor programme's unfunded projects into ``programme``.

    Each copy lands in the sector of the same field of activity, is accepted
    into the new bank, and points back to the project it continues. Projects
    already taken over are skipped, so running it again copies nothing twice.
    """
    access_for(by).require_coordinator()
    if programme.predecessor_id is None:
        raise ValidationError(_("This programme has no previous programme to take projects over from."))
    sectors = {s.field_id: s for s in programme.sectors.exclude(field=None)}
    old_projects = (
        Project.objects.in_programme(programme.predecessor)
        .filter(status__in=TAKEN_OVER)
        .exclude(carried_over_to__programme=programme)
        .select_for_update(of=("self",))
        .select_related("sector", "host_agency")
        .prefetch_related("lines", "admin_units")
        .in_appendix_order()
    )
    missing = sorted({p.sector.name for p in old_projects if p.sector.field_id not in sectors})
    if missing:
        raise ValidationError(
            _("The new programme has no sector for: %(sectors)s.") % {"sectors": "; ".join(missing)}
        )
    next_position = {
        row["sector"]: row["last"] or 0
        for row in Project.objects.in_programme(programme).values("sector").annotate(last=Max("position"))
    }
    reason = _("Taken over from programme %(number)s") % {"number": programme.predecessor.number}
    writes = []
    for old in old_projects:
        sector = sectors[old.sector.field_id]
        next_position[sector.pk] = next_position.get(sector.pk, 0) + 1
        new = Project(status=Project.Status.ACCEPTED, carried_over_from=old)  # coded by the writing service
        fields = {
            "programme": programme,
            "sector": sector,
            "position": next_position[sector.pk],
            "host_agency": old.host_agency,
            "source_document": old.source_document,
            "source_ref": old.source_ref,
            **{name: getattr(old, name) for name in Project.CONTENT_FIELDS},
        }
        lines = [{name: getattr(line, name) for name in COPIED_LINE_FIELDS} for line in old.lines.all()]
        writes.append(ProjectWrite(new, fields, list(old.admin_units.all()), lines))
    return projects_write(writes, by=by, reason=reason, creation_note=reason)
