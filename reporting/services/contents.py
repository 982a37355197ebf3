"""Writes of what a report holds besides its narrative: project lines, NGOs worked with, attachments."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.successions import organisation_successions
from projects.lifecycle import REPORTED
from projects.models import Project
from reporting.attachments import checked_kind
from reporting.models import AnnualReport, ReportAttachment, ReportEvent, ReportLine, ReportNGO
from reporting.models.contents import FOREIGN_AMOUNTS, VND
from reporting.access import require_writable
from reporting.services.from_pipeline import prefilled



def unit_projects(report):
    """The programme's projects hosted by the unit, or by a unit it succeeded by the deadline that is not itself
    reporting in this round (a merged agency answers for its predecessors' projects, once)."""
    round_ = report.round
    reporting = set(round_.units.values_list("pk", flat=True))
    successions = organisation_successions()
    predecessors = [org.pk for org in successions.predecessors_by(report.organisation_id, round_.local_deadline_date(), stop_at=reporting)]
    return Project.objects.filter(
        Q(host_agency=report.organisation_id) | Q(host_agency__in=predecessors),
        programme=round_.programme_id,
        status__in=REPORTED,
    )


def unlisted_projects(report):
    """The unit's projects that no report of the round lists yet (new in the bank since the report was started)."""
    return unit_projects(report).exclude(report_lines__round=report.round_id)


def ensure_lines(report):
    """A line for each of the unit's projects not yet reported in the round, in the bank's status.

    Lines already there are left as they are; a project another unit already reports in this round is not
    taken twice (the database refuses it too, and two officers saving at once insert it once).
    """
    missing = list(unlisted_projects(report).only("pk", "status"))
    known = prefilled(missing, report.round.year)  # what the aid pipeline already records of the year
    ReportLine.objects.bulk_create(
        [ReportLine(report=report, round_id=report.round_id, project=p, status=p.status, **known.get(p.pk, {})) for p in missing],
        ignore_conflicts=True,
    )


def write_lines(report, lines):
    """``lines`` maps a line's id to its fields; ids that are not this report's are ignored."""
    if not lines:
        return
    changed = []
    for line in ReportLine.objects.filter(report=report, pk__in=list(lines)):
        for name, value in lines[line.pk].items():
            if name in ReportLine.EDITABLE_FIELDS:
                setattr(line, name, value)
        if line.currency == VND:
            line.rate_to_vnd = None
        changed.append(line)
    ReportLine.objects.bulk_update(changed, ReportLine.EDITABLE_FIELDS)


def write_ngos(report, ngos):
    """``ngos`` is a list of entries: ``id`` (None for a new one), ``delete``, and the fields of ReportNGO.

    Rows removed or changed to another registry NGO are deleted before any is written, so two NGOs swapped
    between rows never meet the one-row-per-NGO constraint halfway.
    """
    existing = {entry.pk: entry for entry in report.ngos.all()}
    keep, write = [], []
    for entry in ngos or []:
        current = existing.get(entry.get("id"))
        if entry.get("delete"):
            continue
        if current is not None and current.ngo_id == getattr(entry.get("ngo"), "pk", None):
            keep.append(current.pk)
            write.append((current, entry))
        else:
            write.append((ReportNGO(report=report), entry))
    report.ngos.exclude(pk__in=keep).filter(pk__in=[e.get("id") for e in ngos or [] if e.get("id")]).delete()
    for row, entry in write:
        row.ngo = entry.get("ngo")
        row.proposed_name = "" if row.ngo else entry.get("proposed_name", "").strip()
        row.proposed_country = "" if row.ngo else entry.get("proposed_country", "").strip()
        row.activities = entry.get("activities", "").strip()
        row.save()


def lines_lacking(report):
    """What the project lines still need before the report can be submitted, one message per problem."""
    problems = []
    for line in report.lines.select_related("project"):
        name = line.project.name
        if not line.status:
            problems.append(_("project “%(name)s”: its status in the year") % {"name": name})
        has_amount = any(getattr(line, field) for field in FOREIGN_AMOUNTS)
        if line.currency != VND and has_amount and not (line.rate_to_vnd and line.rate_date and line.rate_source.strip()):
            problems.append(
                _("project “%(name)s”: the rate of %(currency)s to VND, its date and its source") % {"name": name, "currency": line.currency}
            )
    return problems


@transaction.atomic
def report_attach(*, report, by, upload, now=None):
    """Keep a file with the report, once it is known to be one of the accepted kinds."""
    now = now or timezone.now()
    report = AnnualReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    require_writable(report, by, now)
    if report.attachments.count() >= settings.REPORT_ATTACHMENTS_PER_REPORT:
        raise ValidationError(_("A report holds at most %(count)s attachments; remove one first.") % {"count": settings.REPORT_ATTACHMENTS_PER_REPORT})
    content_type = checked_kind(upload)
    attachment = ReportAttachment(
        report=report, name=upload.name[-255:], size=upload.size, content_type=content_type, uploaded_by=by, uploaded_at=now
    )
    # Every check is made before the file is written; should the row still fail to save, the file goes too.
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.ATTACH, actor=by, at=now, comment=attachment.name)
    return attachment


@transaction.atomic
def report_detach(*, attachment, by, now=None):
    now = now or timezone.now()
    report = AnnualReport.objects.select_for_update().select_related("round").get(pk=attachment.report_id)
    require_writable(report, by, now)
    name = attachment.name
    attachment.delete()  # the file goes after the commit (reporting.signals)
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.DETACH, actor=by, at=now, comment=name)
