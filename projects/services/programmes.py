from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from projects.access import access_for
from projects.lifecycle import TAKEN_OVER
from projects.models import BudgetLine, Project, ProjectEvent
from projects.search import refresh_search_text

COPIED_LINE_FIELDS = ["position", *BudgetLine.EDITABLE_FIELDS, "is_derived", "derivation"]


@transaction.atomic
def programme_take_over_unfunded(*, programme, by):
    """Copy the predecessor programme's unfunded projects into ``programme``.

    Each copy lands in the sector of the same field of activity, is accepted
    into the new bank, and points back to the project it continues. Projects
    already taken over are skipped, so running it again copies nothing twice.
    """
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    if programme.predecessor_id is None:
        raise ValidationError(_("This programme has no previous programme to take projects over from."))
    sectors = {s.field_id: s for s in programme.sectors.exclude(field=None)}
    old_projects = (
        Project.objects.in_programme(programme.predecessor)
        .filter(status__in=TAKEN_OVER)
        .exclude(carried_over_to__programme=programme)
        .select_for_update(of=("self",))
        .select_related("sector")
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
    copies = []
    for old in old_projects:
        sector = sectors[old.sector.field_id]
        next_position[sector.pk] = next_position.get(sector.pk, 0) + 1
        new = Project(
            code=f"{programme.code}-{old.code}"[:80],
            programme=programme,
            sector=sector,
            position=next_position[sector.pk],
            host_agency_id=old.host_agency_id,
            status=Project.Status.ACCEPTED,
            carried_over_from=old,
            source_document=old.source_document,
            source_ref=old.source_ref,
            **{name: getattr(old, name) for name in Project.CONTENT_FIELDS},
        )
        new._history_user = by
        new._change_reason = _("Taken over from programme %(number)s") % {"number": programme.predecessor.number}
        new.save()
        new.admin_units.set(old.admin_units.all())
        for line in old.lines.all():
            BudgetLine.objects.create(project=new, **{name: getattr(line, name) for name in COPIED_LINE_FIELDS})
        refresh_search_text(new)
        ProjectEvent.objects.create(
            project=new, action=ProjectEvent.Action.CREATE, to_status=new.status, actor=by, comment=new._change_reason
        )
        copies.append(new)
    return copies
