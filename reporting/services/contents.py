"""Writes of what a report holds besides its narrative: project lines, NGOs worked with, attachments."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Organisation
from projects.models import Project
from reporting.attachments import checked_kind
from reporting.models import AnnualReport, ReportAttachment, ReportEvent, ReportLine, ReportNGO
from reporting.models.contents import FOREIGN_AMOUNTS, VND
from reporting.services.rounds import require_writable

# Projects still on paper or withdrawn have nothing to report.
REPORTED_STATUSES = [
    status for status in Project.Status.values
    if status not in (Project.Status.DRAFT, Project.Status.PROPOSED, Project.Status.RETURNED, Project.Status.WITHDRAWN)
]


def unit_projects(report):
    """The programme's projects hosted by the unit or by a unit it succeeded (a merged agency answers for them)."""
    predecessors = Organisation.objects.filter(successions_out__successor=report.organisation_id)
    return Project.objects.filter(
        Q(host_agency=report.organisation_id) | Q(host_agency__in=predecessors),
        programme=report.round.programme_id,
        status__in=REPORTED_STATUSES,
    )


def ensure_lines(report):
    """A line for each of the unit's projects, in the bank's status; lines already there are left as they are."""
    have = set(report.lines.values_list("project_id", flat=True))
    missing = [p for p in unit_projects(report).only("pk", "status") if p.pk not in have]
    ReportLine.objects.bulk_create([ReportLine(report=report, project=p, status=p.status) for p in missing])


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
    """``ngos`` is a list of entries: ``id`` (None for a new one), ``delete``, and the fields of ReportNGO."""
    existing = {entry.pk: entry for entry in report.ngos.all()}
    for entry in ngos or []:
        current = existing.get(entry.get("id"))
        if entry.get("delete"):
            if current:
                current.delete()
            continue
        row = current or ReportNGO(report=report)
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
    name, file = attachment.name, attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name))
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.DETACH, actor=by, at=now, comment=name)
