"""The coordinator's imports of large files as background jobs (socaid/jobs/): one previews the file, the other
applies it once confirmed.

A file of more than JOB_ABOVE_ROWS["import"] rows is kept in the storage and named in the jobs' parameters with its
layout, name and programme: the worker has no session. The preview job keeps the plan as its outcome for the preview
page (projects/imports/kept_plan.py); the apply job plans the file again, applies it only when that plan is still
the one previewed, and removes the file once applied. Applying is one transaction: a cancel is obeyed before it,
never within it, so that nothing is ever half saved; the job page stops offering one when it begins.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from projects.access import access_for
from projects.imports import pending
from projects.imports.issues import UnreadableFile
from projects.imports.kept_plan import plan_to_json
from projects.imports.kinds import plan_file
from projects.imports.plan import CHECK, READ, plan_digest
from projects.models import Programme
from projects.services import import_apply
from socaid.jobs.kinds import JobKind, Output, register
from socaid.jobs.models import Job
from socaid.jobs.progress import JobFailed
from socaid.jobs.services import KEPT_FILE, start_job

PREVIEW, APPLY = "import-preview", "import-apply"
SAVING = "saving"
STAGES = {
    READ: gettext_lazy("Reading the rows of the file"),
    CHECK: gettext_lazy("Checking the rows against the bank"),
    SAVING: gettext_lazy("Saving every row at once: nothing is saved until all of them are"),
}
GONE = gettext_noop("The uploaded file is no longer kept; upload it again.")
BANK_CHANGED = gettext_noop("The bank changed after your preview; nothing was saved. The preview now shows what the import would do: confirm again if it is right.")
REFUSED = gettext_noop("The database refused the import; nothing was saved. Check the file and preview it again.")
NOT_COORDINATOR = gettext_noop("Only the coordinator may import into the bank; nothing was saved.")


def start_preview(content, *, by, kind, name, programme):
    """Keep ``content`` and start the job that previews it; the job."""
    # The plan is made again in the preview's language when confirmed: its digest compares the changes as written.
    params = {KEPT_FILE: pending.keep_for_job(content), "kind": kind, "name": name, "programme": programme.pk, "language": get_language()}
    return start_job(PREVIEW, by=by, params=params, title=_("Preview of the import of “%(file)s”") % {"file": name})


def start_apply(preview, *, by):
    """Start the job that applies what the done job ``preview`` showed."""
    params = {**preview.params, "digest": preview.outcome["digest"], "preview": str(preview.pk)}
    return start_job(APPLY, by=by, params=params, title=_("Import of “%(file)s”") % {"file": preview.params["name"]})


def is_kept(job):
    return pending.kept_for_job(job.params[KEPT_FILE]) is not None


def _plan(job, progress):
    params = job.params
    content = pending.kept_for_job(params[KEPT_FILE])
    if content is None:
        raise JobFailed(GONE)
    try:
        with translation.override(params["language"]):
            return plan_file(params["kind"], content, params["name"], Programme.objects.filter(pk=params["programme"]).first(), progress=progress)
    except UnreadableFile as error:
        # Written by the planner in the requester's language, under which the job runs: gettext leaves it as it is.
        raise JobFailed(str(error.message)) from None


def _outcome(plan):
    return {"plan": plan_to_json(plan), "digest": plan_digest(plan), "errors": len(plan.errors), "counts": plan.counts}


def run_preview(job, progress):
    plan = _plan(job, progress)
    if plan.errors:  # a file with errors cannot be confirmed, so it is not kept
        pending.discard(job.params[KEPT_FILE])
    return Output(outcome=_outcome(plan))


def run_apply(job, progress):
    plan = _plan(job, progress)
    if plan.errors or plan_digest(plan) != job.params["digest"]:
        # What the import would do now replaces the preview, to be confirmed again.
        Job.objects.filter(pk=job.params["preview"], kind=PREVIEW).update(outcome={**_outcome(plan), "changed": True})
        raise JobFailed(BANK_CHANGED)
    # The last look at a cancel: from here the job page offers none, and one asked just before is forgotten.
    progress.stage(SAVING, total=len(plan.rows))
    try:
        record = import_apply(plan=plan, by=job.requested_by)
    except PermissionDenied:
        raise JobFailed(NOT_COORDINATOR) from None
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from None  # in the requester's language, as above
    except (IntegrityError, DataError):
        raise JobFailed(REFUSED) from None
    # Saved, all of it: a cancel asked while it was saving came too late and is forgotten.
    Job.objects.filter(pk=job.pk).update(cancel_requested=False)
    pending.discard(job.params[KEPT_FILE])
    return Output(outcome={"record": record.pk, "file": record.file_name, "created": record.created, "updated": record.updated, "unchanged": record.unchanged})


def preview_url(job):
    return reverse("projects:import_job_preview", args=[job.pk]) if job.state == Job.State.DONE else None


def apply_url(job):
    """The import's record once done; the preview, now showing the bank as it is, when the bank had changed."""
    if job.state == Job.State.DONE:
        return reverse("projects:import_job_done", args=[job.pk])
    if job.state == Job.State.FAILED and job.error == BANK_CHANGED:
        return reverse("projects:import_job_preview", args=[job.params["preview"]])
    return None


def may_import(user, params):
    return access_for(user).is_coordinator


register(JobKind(key=PREVIEW, run=run_preview, may_read=may_import, stages=STAGES, result_url=preview_url))
register(JobKind(key=APPLY, run=run_apply, may_read=may_import, stages=STAGES, result_url=apply_url, final_stages=frozenset({SAVING})))
