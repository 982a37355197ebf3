"""A public file too long for a request, made by a public job once per state of the public data: the first visitor
starts it, everyone meanwhile reads a page that follows its progress, and the same address then serves the file it
made until the public data change or the file expires. The long appendix (reporting/public/appendix_downloads.py),
the IATI file and the long catalogue CSV (reporting/public/open_data.py) are made so."""
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from socaid.downloads import protected_file
from socaid.jobs.kinds import kind_of
from socaid.jobs.models import Job
from socaid.jobs.services import requeue_if_lost, start_job

# The page of a file being made reloads itself every this many seconds (no script: the CSP allows none).
REFRESH_SECONDS = 3
# A visitor turned away while PUBLIC_JOBS_AT_ONCE files are being made is asked to come back this much later.
BUSY_RETRY_SECONDS = 60


def file_or_progress(request, *, key, lock, start, heading, explanation, content_type=None):
    """The file the public job named ``key`` made (as ``content_type``, else as its name says), or the page following
    that job; the first visitor to find none usable (never made, failed, or its worker lost) starts it with
    ``start(key)``. ``lock()`` locks the rows the file is made from, so that two visitors arriving together start
    one job, not two. While PUBLIC_JOBS_AT_ONCE public files are being made, a visitor who would start one more is
    asked to come back (503, Retry-After), and nothing is queued."""
    with transaction.atomic():
        lock()
        job = Job.objects.public_file(key)
        if job is not None:
            job = requeue_if_lost(job)
        if job is None or job.is_lost:
            if Job.objects.public_in_hand().count() >= settings.PUBLIC_JOBS_AT_ONCE:
                return _busy(request)
            job = start(key)
    if job.state == Job.State.DONE:
        return protected_file(job.file, job.file_name, content_type)  # the proxy sends it where one is set up, as any job's file
    context = {
        "job": job, "stage": kind_of(job).stage_label(job.stage), "refresh": REFRESH_SECONDS,
        "heading": heading, "explanation": explanation,
    }
    response = render(request, "public/file_in_progress.html", context)
    add_never_cache_headers(response)  # a page of progress is out of date by its next reload
    return response


def _busy(request):
    context = {
        "heading": _("The file cannot be started yet"), "refresh": BUSY_RETRY_SECONDS,
        "explanation": _("Many files are being made for visitors right now. This one will be started when you come back in a minute; this page reloads itself then."),
    }
    response = render(request, "public/file_in_progress.html", context, status=503)
    response["Retry-After"] = str(BUSY_RETRY_SECONDS)
    add_never_cache_headers(response)
    return response


def start_public_job(kind, key, params, title):
    job = start_job(kind, by=None, public_key=key, params=params, title=title)
    job.refresh_from_db()  # a job run inside the request (TASKS_BACKEND=immediate) is done already
    return job
