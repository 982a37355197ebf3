"""Starting, cancelling and retrying background jobs (socaid/jobs/): the writes; the worker does the rest."""
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import get_language

from socaid.jobs.kinds import KINDS
from socaid.jobs.models import Job
from socaid.jobs.tasks import run_job

# The parameter naming a file a job works on (an import's upload) in the default storage: removed with the job.
KEPT_FILE = "kept_file"


def start_job(kind, *, by, params, title, public_key=""):
    """A new job of ``kind`` for the user ``by`` (None for a public file named ``public_key``), queued for the
    worker; the same job when ``by`` already waits for an identical one, so that a second click starts nothing."""
    if kind not in KINDS:
        raise ValueError(f"No job kind {kind!r}.")
    if by is not None:
        waiting = Job.objects.filter(
            kind=kind, requested_by=by, params=params, state__in=[Job.State.QUEUED, Job.State.RUNNING], cancel_requested=False,
        ).order_by("-created_at").first()
        if waiting is not None and not waiting.is_lost:
            return waiting
    job = Job.objects.create(
        kind=kind, requested_by=by, public_key=public_key, params=params, title=title[:300], language=get_language() or "vi",
        expires_at=timezone.now() + datetime.timedelta(days=settings.JOB_KEEP_DAYS),
    )
    _enqueue(job)
    return job


def cancel_job(job, *, by):
    """Stop ``job``: one still waiting at once; a running one at its next report of progress, unless it is in a
    stage no cancel can stop (its kind's final stages: it saves everything or nothing). The job as it is now."""
    _require_owner(job, by)
    if job.in_final_stage:
        # Nothing is written: the cancel would be forgotten, and on SQLite its write would wait for that stage's
        # transaction to end.
        return job
    if job.state == Job.State.QUEUED:
        Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(state=Job.State.CANCELLED, cancel_requested=True, finished_at=timezone.now())
    # Not once it reached a final stage since it was read: the worker may be there now.
    Job.objects.filter(pk=job.pk, state__in=[Job.State.QUEUED, Job.State.RUNNING]).exclude(stage__in=job.final_stages).update(cancel_requested=True)
    job.refresh_from_db()
    return job


def retry_job(job, *, by):
    """Queue again a job that failed, was cancelled, or lost its worker; its earlier file, if any, is gone."""
    _require_owner(job, by)
    if not job.can_retry:
        return job
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.QUEUED, cancel_requested=False, error="", error_values={}, stage="", done=0, finished_at=None,
        heartbeat_at=None, mailed=False, created_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=settings.JOB_KEEP_DAYS),
    )
    job.refresh_from_db()
    _enqueue(job)
    job.refresh_from_db()
    return job


def remove_expired_jobs(now=None):
    """Delete the jobs past their keeping time, with their files and the files they worked on; the number removed."""
    expired = list(Job.objects.expired(now).values_list("pk", "file", "params"))
    for _pk, name, params in expired:
        for stored in (name, (params or {}).get(KEPT_FILE)):
            if stored:
                default_storage.delete(stored)
    Job.objects.filter(pk__in=[pk for pk, _name, _params in expired]).delete()
    return len(expired)


def _enqueue(job):
    run_job.enqueue(str(job.pk))


def _require_owner(job, by):
    if job.requested_by_id is None or job.requested_by_id != by.pk:
        raise PermissionDenied
