"""The pages of background jobs: "my exports", one job's progress and file, and cancelling or retrying it.

A job's page and file are its requester's alone, and only while they may still read what it holds (a role
withdrawn since is a role withdrawn from the file too): anyone else is refused with 403.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socaid.downloads import protected_file
from socaid.jobs.kinds import KINDS, kind_of
from socaid.jobs.models import Job
from socaid.jobs.services import cancel_job, requeue_if_lost, retry_job

PAGE_SIZE = 25
# The page of a job not yet finished reloads itself every this many seconds: no script needed.
REFRESH_SECONDS = 2


def my_exports(request):
    jobs = Job.objects.of(request.user).defer("outcome", "params")  # an import's preview holds every row
    state = request.GET.get("state", "")
    if state in Job.State.values:
        jobs = jobs.filter(state=state)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = any(not job.is_finished for job in page.object_list)
    return render(request, "jobs/list.html", {
        "page": page, "state": state, "states": Job.State.choices, "refresh": REFRESH_SECONDS if waiting else None,
    })


def job_page(request, pk):
    job = requeue_if_lost(_readable_job(request, pk))
    kind = kind_of(job)
    # A kind may lead on from a failed job too (an import whose preview was made again): it says when.
    result_url = kind.result_url(job) if kind.result_url and job.is_finished else None
    return render(request, "jobs/job.html", {
        "job": job, "stage": kind.stage_label(job.stage), "result_url": result_url,
        "refresh": None if job.is_finished else REFRESH_SECONDS,
    })


def job_file(request, pk):
    job = _readable_job(request, pk)
    if job.state != Job.State.DONE or not job.file:
        raise Http404
    return protected_file(job.file, job.file_name)


@require_POST
def job_cancel(request, pk):
    job = cancel_job(_readable_job(request, pk), by=request.user)
    if job.in_final_stage and not job.cancel_requested:
        messages.warning(request, _("The job is already saving everything in one step and can no longer be cancelled."))
    return redirect("jobs:job", pk=pk)


@require_POST
def job_retry(request, pk):
    retry_job(_readable_job(request, pk), by=request.user)
    return redirect("jobs:job", pk=pk)


def _readable_job(request, pk):
    job = get_object_or_404(Job.objects.exclude(requested_by=None), pk=pk, kind__in=list(KINDS))
    if job.requested_by_id != request.user.pk or not kind_of(job).may_read(request.user, job.params):
        raise PermissionDenied
    return job
