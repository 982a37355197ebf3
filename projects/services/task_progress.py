"""Writes on the plan's yearly progress: the lead unit records and submits it, the coordinator accepts it or returns
it with a note. Each function checks the role, runs in one transaction, locks the row, refuses a stale form (the
version it was read at) and leaves a version in the record's history with its author and reason."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from projects.access import access_for
from projects.models import TaskProgress
from projects.plan_progress import PlanLeads, recordable_years
from projects.task_progress_mail import notify_unit, notify_submitted

State = TaskProgress.State
TEXT_FIELDS = ("done", "difficulties", "next_year")
# The states in which the lead unit may still change its text.
WRITABLE = (State.DRAFT, State.RETURNED)

STALE = gettext_noop("Someone saved this year's progress while you were editing it. Your changes were not saved: "
                     "reload the page to see theirs.")


def _stamped(progress, by, reason):
    progress._history_user = by
    progress._change_reason = reason
    progress.version += 1
    # The unique (task, year) pair is left to the database, whose refusal of a second creator the caller words.
    progress.full_clean(validate_unique=False, validate_constraints=False)
    progress.save()
    return progress


@transaction.atomic
def task_progress_save(*, task, year, fields, by, expected_version, submit=False, leads=None, notify=True):
    """Save the unit's text for ``task`` in ``year``; with ``submit``, send it to the coordinator for review.
    ``expected_version``: the version the form was read at, 0 for a year not recorded yet; ``notify``: mail the
    coordinators on submission (the demo's backdated years mail nobody)."""
    leads = leads or PlanLeads()
    if not access_for(by).can_record_progress(task, leads):
        raise PermissionDenied
    if year not in recordable_years(task.programme, leads.today):
        raise ValidationError({"year": _("Progress is recorded for the programme's years that have begun.")})
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of TaskProgress the service writes: {sorted(unknown)}")
    progress = TaskProgress.objects.select_for_update().filter(task=task, year=year).first()
    if (progress.version if progress else 0) != expected_version:
        raise ValidationError(_(STALE))
    if progress is None:
        progress = TaskProgress(task=task, year=year, version=0)
    elif progress.state not in WRITABLE:
        raise ValidationError(_("This year's progress is with the coordinator (%(state)s) and can no longer be changed.")
                              % {"state": progress.get_state_display()})
    for name, value in fields.items():
        setattr(progress, name, (value or "").strip())
    if not progress.done:
        raise ValidationError({"done": _("Write what was done on the task in the year.")})
    progress.organisation = leads.answering_unit(task)
    progress.recorded_at, progress.recorded_by = timezone.now(), by
    if submit:
        # The review of an earlier submission stays in the history; the new one awaits its own.
        progress.state, progress.review_note, progress.reviewed_at, progress.reviewed_by = State.SUBMITTED, "", None, None
    else:
        # A returned text being rewritten is the unit's own again until it is sent: the leadership reads what was
        # sent, never work in progress. The coordinator's note stays beside it.
        progress.state = State.DRAFT
    try:
        with transaction.atomic():
            _stamped(progress, by, gettext_noop("Submitted for review") if submit else gettext_noop("Progress saved"))
    except IntegrityError:
        # Another member of the unit recorded the same year first.
        raise ValidationError(_(STALE)) from None
    if submit and notify:
        transaction.on_commit(lambda: notify_submitted(progress.pk), robust=True)
    return progress


@transaction.atomic
def task_progress_review(*, progress, accept, note, by, expected_version, notify=True):
    """The coordinator accepts the submitted progress, or returns it to the unit with a note saying what to change."""
    access_for(by).require_coordinator()
    progress = TaskProgress.objects.select_for_update().get(pk=progress.pk)
    if progress.version != expected_version:
        raise ValidationError(_(STALE))
    if progress.state != State.SUBMITTED:
        raise ValidationError(_("Only progress awaiting review can be accepted or returned."))
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"review_note": _("Say what the unit should change.")})
    progress.state = State.ACCEPTED if accept else State.RETURNED
    progress.review_note, progress.reviewed_at, progress.reviewed_by = note, timezone.now(), by
    _stamped(progress, by, gettext_noop("Accepted") if accept else gettext_noop("Returned for changes"))
    if notify:
        transaction.on_commit(lambda: notify_unit(progress.pk), robust=True)
    return progress
