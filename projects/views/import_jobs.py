"""The pages of an import made by jobs (projects/import_jobs.py): the preview a job made, its confirmation, which
starts the job that applies it, and what that job imported. Each is its requester's alone, while coordinator."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.import_jobs import APPLY, PREVIEW, is_kept, may_import, start_apply
from projects.imports.kept_plan import plan_from_json
from socaid.jobs.models import Job


def import_job_preview(request, pk):
    job = _done_job(request, pk, PREVIEW)
    if job is None:
        return redirect("jobs:job", pk=pk)
    plan = plan_from_json(job.outcome["plan"])
    confirm_url = None
    if not plan.errors:
        if is_kept(job):
            confirm_url = reverse("projects:import_job_confirm", args=[job.pk])
        else:
            messages.error(request, _("This preview has expired; upload the file again."))
    if job.outcome.get("changed"):
        messages.warning(request, _("The bank changed after your preview; this is what the import would do now. Confirm again if it is right."))
    return render(request, "projects/import_preview.html", {"plan": plan, "confirm_url": confirm_url}, status=400 if plan.errors else 200)


@require_POST
def import_job_confirm(request, pk):
    job = _done_job(request, pk, PREVIEW)
    if job is None or job.outcome["errors"] or not is_kept(job):
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("projects:import")
    return redirect("jobs:job", pk=start_apply(job, by=request.user).pk)


def import_job_done(request, pk):
    job = _done_job(request, pk, APPLY)
    if job is None:
        return redirect("jobs:job", pk=pk)
    messages.success(
        request,
        _("Imported “%(file)s”: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {name: job.outcome[name] for name in ("file", "created", "updated", "unchanged")},
    )
    return redirect("projects:import")


def _done_job(request, pk, kind):
    """The job ``pk`` of ``kind`` if the user asked for it and may still import, None while it is not done."""
    job = get_object_or_404(Job, pk=pk, kind=kind)
    if job.requested_by_id != request.user.pk or not may_import(request.user, job.params):
        raise PermissionDenied
    return job if job.state == Job.State.DONE else None
