"""Writes of the yearly reporting round: one function per step, each checking the role and keeping the timeline."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Organisation
from projects.access import access_for
from reporting.models import AnnualReport, ReportEvent, ReportingRound
from reporting.models.rounds import PROVINCE_TZ, default_deadline

Status = AnnualReport.Status
NARRATIVE = ("results", "difficulties", "proposals")


def can_read_report(user, report):
    """The coordinator and the unit's own officers; no other unit."""
    access = access_for(user)
    return access.is_coordinator or any(org.pk == report.organisation_id for org in access.officer_organisations)


can_write_report = can_read_report


def is_frozen(report, now):
    """After the deadline and its grace period a report no longer changes, unless the coordinator reopened it."""
    if report.reopened_until and now <= report.reopened_until:
        return False
    return now > report.round.freezes_at


def _closed_message(report):
    day = report.round.freezes_at.astimezone(PROVINCE_TZ).strftime("%d/%m/%Y")
    return _("The round closed on %(day)s; ask the coordinator to reopen your report.") % {"day": day}


def obliged_units(programme, year, deadline):
    """The programme's host agencies that existed in ``year``.

    One that a reform ended during the year reports through its recorded
    successor; without a recorded successor it still answers for its year.
    """
    day = deadline.astimezone(PROVINCE_TZ).date()
    candidates = (
        Organisation.objects.filter(projects__programme=programme)
        .valid_in_years(year, year)
        .distinct()
        .prefetch_related("successions_out__successor")
    )
    units = set()
    for org in candidates:
        successors = [s.successor for s in org.successions_out.all() if s.successor.is_valid_on(day)]
        units.update(successors if successors and not org.is_valid_on(day) else [org])
    return sorted(units, key=lambda org: org.name)


@transaction.atomic
def round_open(*, programme, year, by, deadline=None, grace_days=0, reminder_days=None, units=None):
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    if ReportingRound.objects.filter(programme=programme, year=year).exists():
        raise ValidationError(_("A reporting round for %(year)s is already open.") % {"year": year})
    deadline = deadline or default_deadline(year)
    round_ = ReportingRound.objects.create(
        programme=programme,
        year=year,
        deadline=deadline,
        grace_days=grace_days,
        reminder_days=sorted(set(reminder_days if reminder_days is not None else [14, 7, 1, 0]), reverse=True),
        opened_by=by,
    )
    round_.units.set(units if units is not None else obliged_units(programme, year, deadline))
    return round_


def _locked_report(report):
    return AnnualReport.objects.select_for_update().select_related("round").get(pk=report.pk)


def _event(report, action, by, now, comment="", late=False):
    return ReportEvent.objects.create(report=report, action=action, actor=by, at=now, comment=comment, late=late)


@transaction.atomic
def report_start(*, round_, organisation, by):
    """The unit's report for the round, created as a draft the first time an officer opens it."""
    report, _created = AnnualReport.objects.get_or_create(round=round_, organisation=organisation)
    if not can_read_report(by, report):
        raise PermissionDenied
    if not round_.units.filter(pk=organisation.pk).exists():
        raise ValidationError(_("This unit does not report in this round."))
    return report


@transaction.atomic
def report_save(*, report, by, expected_version, now=None, **fields):
    now = now or timezone.now()
    report = _locked_report(report)
    if not can_write_report(by, report):
        raise PermissionDenied
    if report.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(_("A submitted or accepted report cannot be changed."))
    if is_frozen(report, now):
        raise ValidationError(_closed_message(report))
    if report.version != expected_version:
        raise ValidationError(_("Someone saved this report after you opened it; open it again."))
    for name in NARRATIVE:
        if name in fields:
            setattr(report, name, fields[name])
    report.version += 1
    report.save()
    _event(report, ReportEvent.Action.SAVE, by, now)
    return report


@transaction.atomic
def report_submit(*, report, by, now=None):
    now = now or timezone.now()
    report = _locked_report(report)
    if not can_write_report(by, report):
        raise PermissionDenied
    if report.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(_("Only a draft or a returned report can be submitted."))
    if is_frozen(report, now):
        raise ValidationError(_closed_message(report))
    lacking = [str(AnnualReport._meta.get_field(name).verbose_name) for name in NARRATIVE if not getattr(report, name).strip()]
    if lacking:
        raise ValidationError(_("The report still lacks: %(items)s.") % {"items": ", ".join(lacking)})
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    _event(report, ReportEvent.Action.SUBMIT, by, now, late=now > report.round.deadline)
    return report


def _coordinator_step(report, by, action, allowed, to_status, now, comment=""):
    report = _locked_report(report)
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    if report.status not in allowed:
        raise ValidationError(_("This step does not apply to a report in this state."))
    report.status = to_status
    report.save()
    _event(report, action, by, now, comment)
    return report


@transaction.atomic
def report_return(*, report, by, comment, now=None):
    if not comment.strip():
        raise ValidationError({"comment": _("Please say why in the comment.")})
    return _coordinator_step(report, by, ReportEvent.Action.RETURN, {Status.SUBMITTED}, Status.RETURNED, now or timezone.now(), comment)


@transaction.atomic
def report_accept(*, report, by, now=None):
    """An accepted report is locked: no step leads out of it."""
    return _coordinator_step(report, by, ReportEvent.Action.ACCEPT, {Status.SUBMITTED}, Status.ACCEPTED, now or timezone.now())


@transaction.atomic
def report_reopen(*, report, by, reason, until, now=None):
    """Let one unit save and submit after the round froze, until ``until``."""
    now = now or timezone.now()
    report = _locked_report(report)
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    if report.status == Status.ACCEPTED:
        raise ValidationError(_("An accepted report is locked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for reopening.")})
    if until <= now:
        raise ValidationError({"until": _("Reopen until a moment in the future.")})
    report.reopened_until = until
    report.save(update_fields=["reopened_until"])
    _event(report, ReportEvent.Action.REOPEN, by, now, reason)
    return report


