"""Starting, cancelling and retrying background jobs (socaid/jobs/): the writes; the worker does the rest."""
import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import get_language
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from socaid.jobs.kinds import KINDS
from socaid.jobs.models import Job
from socaid.jobs.tasks import run_job

log = logging.getLogger(__name__)

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


def requeue_if_lost(job):
    """``job`` as it is now, queued again if it waits for a worker that its queue no longer has: RQ's queue lives in
    Redis, and a Redis restarted without its data forgets every task it held, which would leave their jobs waiting
    until they expire. A task that ended without taking its job (a worker killed before claiming it) is likewise
    queued again. Two tasks for one job are harmless: a job is claimed once (tasks.run_job)."""
    if job.state != Job.State.QUEUED or job.cancel_requested or not job.task_id:
        return job
    try:
        result = run_job.get_result(job.task_id)
    except TaskResultDoesNotExist:
        pass
    except NotImplementedError:  # a queue that cannot be asked (the immediate one runs every job at once)
        return job
    else:
        if result.status not in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            return job
    job.refresh_from_db()
    if job.state == Job.State.QUEUED and not job.cancel_requested:  # not taken meanwhile
        log.warning("job %s (%s) was lost by its queue: queued again", job.pk, job.kind)
        _enqueue(job)
        job.refresh_from_db()
    return job


def _enqueue(job):
    result = run_job.enqueue(str(job.pk))
    # A job run inside the request (the immediate queue) is no longer waiting, and needs no id.
    Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(task_id=result.id)


def _require_owner(job, by):
    if job.requested_by_id is None or job.requested_by_id != by.pk:
        raise PermissionDenied
