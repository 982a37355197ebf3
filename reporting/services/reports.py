"""A unit's report through its workflow: start, save, submit, return, accept, reopen."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.access import access_for, is_frozen, is_open_for_writing, require_writable, writable_until
from reporting.models import AnnualReport, ReportEvent
from reporting.models.rounds import PROVINCE_TZ
from reporting.services.contents import ensure_lines, lines_lacking, write_lines, write_ngos
from reporting.services.from_pipeline import disbursements_from_report

Status = AnnualReport.Status
NARRATIVE = ("results", "difficulties", "proposals")


def _locked_report(report):
    return AnnualReport.objects.select_for_update().select_related("round").get(pk=report.pk)


def _event(report, action, by, now, comment="", late=False):
    return ReportEvent.objects.create(report=report, action=action, actor=by, at=now, comment=comment, late=late)


@transaction.atomic
def report_start(*, round_, organisation, by, now=None):
    """The unit's report for the round, as a draft with a line for each of its projects; the existing one when
    someone started it already."""
    report, _created = AnnualReport.objects.get_or_create(round=round_, organisation=organisation)
    access_for(by).require_report(report)
    if not round_.units.filter(pk=organisation.pk).exists():
        raise ValidationError(_("This unit does not report in this round."))
    if is_open_for_writing(report, now or timezone.now()):
        ensure_lines(report)
    return report


def report_lock_for_save(*, report, by, expected_version, now=None):
    """The report locked for a save of the form opened at ``expected_version``; ValidationError when the user may
    not write it now or someone saved it since. The admin checks its form with this inside the transaction it
    then saves in, so the refusal is said on the form."""
    report = _locked_report(report)
    require_writable(report, by, now or timezone.now())
    if report.version != expected_version:
        raise ValidationError(_("Someone saved this report after you opened it; open it again."))
    return report


@transaction.atomic
def report_save(*, report, by, expected_version, now=None, lines=None, ngos=None, **fields):
    """Save the draft: the narrative ``fields``, the project ``lines`` (by id) and the ``ngos`` entries, all or nothing."""
    now = now or timezone.now()
    report = report_lock_for_save(report=report, by=by, expected_version=expected_version, now=now)
    for name in NARRATIVE:
        if name in fields:
            setattr(report, name, fields[name])
    ensure_lines(report)  # projects the unit took on since the report was started
    write_lines(report, lines)
    write_ngos(report, ngos)
    report.version += 1
    report.save()
    _event(report, ReportEvent.Action.SAVE, by, now)
    return report


@transaction.atomic
def report_submit(*, report, by, now=None):
    now = now or timezone.now()
    report = _locked_report(report)
    require_writable(report, by, now)
    lacking = submission_lacks(report)
    if lacking:
        raise ValidationError(_("The report still lacks: %(items)s.") % {"items": ", ".join(lacking)})
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    _event(report, ReportEvent.Action.SUBMIT, by, now, late=now > report.round.deadline)
    return report


def submission_lacks(report):
    """What the report still needs before it can be submitted, one message per item; empty when it is complete."""
    lacking = [str(AnnualReport._meta.get_field(name).verbose_name) for name in NARRATIVE if not getattr(report, name).strip()]
    return lacking + lines_lacking(report)


def _coordinator_step(report, by, action, allowed, to_status, now, comment=""):
    report = _locked_report(report)
    access_for(by).require_rounds()
    if report.status not in allowed:
        raise ValidationError(_("This step does not apply to a report in this state."))
    report.status = to_status
    report.save()
    _event(report, action, by, now, comment)
    return report


@transaction.atomic
def report_return(*, report, by, comment, reopen_until=None, now=None):
    """Send the report back to the unit. After the round froze the unit could not correct it, so the same step
    reopens it until ``reopen_until``, which is then required."""
    now = now or timezone.now()
    if not comment.strip():
        raise ValidationError({"comment": _("Please say why in the comment.")})
    returned = _coordinator_step(report, by, ReportEvent.Action.RETURN, {Status.SUBMITTED}, Status.RETURNED, now, comment)
    if reopen_until is not None or is_frozen(returned, now):
        if reopen_until is None:
            raise ValidationError({"until": _("The round is closed: say until which day the unit may correct its report.")})
        _reopen(returned, by, "", reopen_until, now)  # the return's comment says why; the timeline need not repeat it
    return returned


@transaction.atomic
def report_accept(*, report, by, now=None):
    """An accepted report is locked: no step leads out of it. What it reports of the year's disbursements that the
    aid pipeline lacks goes into the pipeline (reporting/services/from_pipeline.py)."""
    accepted = _coordinator_step(report, by, ReportEvent.Action.ACCEPT, {Status.SUBMITTED}, Status.ACCEPTED, now or timezone.now())
    disbursements_from_report(accepted, by)
    return accepted


@transaction.atomic
def report_reopen(*, report, by, reason, until, now=None):
    """Let one unit save and submit after the round froze, until ``until``."""
    now = now or timezone.now()
    report = _locked_report(report)
    access_for(by).require_rounds()
    if report.status == Status.ACCEPTED:
        raise ValidationError(_("An accepted report is locked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for reopening.")})
    return _reopen(report, by, reason, until, now)


def _reopen(report, by, reason, until, now):
    if until is None:
        raise ValidationError({"until": _("Say until which day the unit may correct its report.")})
    if until <= now:
        raise ValidationError({"until": _("Choose today or a later day.")})
    if not is_frozen(report, now) and until <= writable_until(report):
        # Reopening an open report until an earlier day would close it sooner than the unit was told.
        day = writable_until(report).astimezone(PROVINCE_TZ).strftime("%d/%m/%Y")
        raise ValidationError({"until": _("The report is already open until %(day)s; choose a later day.") % {"day": day}})
    report.reopened_until = until
    report.save(update_fields=["reopened_until"])
    _event(report, ReportEvent.Action.REOPEN, by, now, reason)
    return report


