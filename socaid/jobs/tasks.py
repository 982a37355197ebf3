"""The task the worker runs for every job: claim it, run its kind with progress, keep its file, say how it ended.

A job is claimed from "queued" by one conditional update, so that a job cancelled while it waited, or handed to
two workers, runs once at most. Its file is written to the storage before the job is marked done, under the job's
own name: a worker killed on the way leaves a job that is running and silent, shown as failed and retried, never a
half-written file that reads as finished.
"""
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from socaid.jobs.kinds import kind_of
from socaid.jobs.mail import mail_if_slow
from socaid.jobs.progress import JobCancelled, JobFailed, Progress, heartbeat

log = logging.getLogger(__name__)

UNEXPECTED = gettext_noop("An unexpected error stopped the job; nothing was kept. The administrators can read the details in the server's log. Try again later.")


@task()
def run_job(job_id):
    from socaid.jobs.models import Job

    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED, cancel_requested=False).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, stage="start", done=0,
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    with translation.override(job.language), heartbeat(job, enabled=not runs_inline()):
        state = _run(job)
    job.refresh_from_db()
    mail_if_slow(job)
    return state


def _run(job):
    from socaid.jobs.models import Job

    progress = Progress(job)
    try:
        output = kind_of(job).run(job, progress)
        progress.check_cancelled()
    except JobCancelled:
        return _finish(job, Job.State.CANCELLED)
    except JobFailed as failure:
        return _finish(job, Job.State.FAILED, error=failure.message, error_values=failure.values)
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        return _finish(job, Job.State.FAILED, error=UNEXPECTED)
    saved = {"outcome": output.outcome, "done": progress.size, "total": progress.size}
    if output.name:
        saved |= {"file": default_storage.save(f"jobs/{job.pk}/{output.name}", ContentFile(output.content)),
                  "file_name": output.name, "size": len(output.content)}
    return _finish(job, Job.State.DONE, **saved)


def _finish(job, state, **fields):
    from socaid.jobs.models import Job

    finished = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(state=state, finished_at=timezone.now(), **fields)
    if not finished and fields.get("file"):  # the job was taken from this worker meanwhile (retried as lost)
        default_storage.delete(fields["file"])
    return state


def runs_inline():
    from django_tasks.backends.immediate import ImmediateBackend

    # The task's own backend: django_tasks.default_task_backend is a proxy, never an instance of a backend's class.
    return isinstance(run_job.get_backend(), ImmediateBackend)
