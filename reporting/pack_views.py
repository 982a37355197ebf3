"""The workshop pack of an engagement as one PDF, for the projects chosen on its page (or named in ``?projects=``
by their codes); by default the engagement's projects that are public. A pack of more than a few projects
(JOB_ABOVE_ROWS["pack"]) is made by a background job, whose page the user is sent to."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from partners.roles import rules_of
from projects.lifecycle import PUBLIC
from projects.models import Engagement
from reporting.builders.workshop_pack import build_workshop_pack, pack_projects
from reporting.document_jobs import STAGES, rendered
from reporting.renderers.workshop_pack import workshop_pack_pdf
from socaid.downloads import download, file_stem, stamped_name
from socaid.jobs.kinds import JobKind, Output, register
from socaid.jobs.progress import JobFailed

# A pack is handed out at a workshop; a job can make a large one, but a pack of the whole bank is no pack.
MAX_PROJECTS = 500
KIND = "workshop-pack"
NOT_PUBLIC = gettext_noop("Not in the pack: %(codes)s. Only projects shown on the public side can be, since each sheet points to its public page.")


@require_http_methods(["GET", "HEAD"])
def workshop_pack(request, pk):
    rules_of(request.user).require_role()
    engagement = get_object_or_404(Engagement.objects.select_related("organiser"), pk=pk)
    codes = list(dict.fromkeys(code.strip() for value in request.GET.getlist("projects") for code in value.split(",") if code.strip()))
    if not codes:
        codes = list(engagement.projects.filter(status__in=PUBLIC).values_list("code", flat=True))
    projects, missing = pack_projects(codes[: MAX_PROJECTS + 1])
    refusal = None
    if missing:
        refusal = _(NOT_PUBLIC) % {"codes": ", ".join(missing)}
    elif not projects:
        refusal = _("Choose at least one project shown on the public side.")
    elif len(projects) > MAX_PROJECTS:
        refusal = _("Choose at most %(count)d projects for one pack.") % {"count": MAX_PROJECTS}
    if refusal:
        messages.error(request, refusal)
        return redirect("projects:engagement", pk=engagement.pk)
    if len(projects) > settings.JOB_ABOVE_ROWS["pack"]:
        return start_pack_job(request, engagement, projects)
    return download(workshop_pack_pdf(build_workshop_pack(engagement, projects)), pack_stem(engagement), "pdf")


def pack_stem(engagement):
    return file_stem("workshop-pack", engagement.date.isoformat(), language="en")


def start_pack_job(request, engagement, projects):
    from socaid.jobs.services import start_job

    title = _("Workshop pack of %(date)s (%(count)d projects)") % {"date": engagement.date.strftime("%d/%m/%Y"), "count": len(projects)}
    params = {"engagement": engagement.pk, "codes": [project.code for project in projects]}
    job = start_job(KIND, by=request.user, params=params, title=title)
    return redirect("jobs:job", pk=job.pk)


def run_pack_job(job, progress):
    """The pack of the projects chosen, read again: one no longer public is refused as the page refuses it."""
    engagement = Engagement.objects.select_related("organiser").filter(pk=job.params["engagement"]).first()
    if engagement is None:
        raise JobFailed(gettext_noop("The engagement of this pack has been deleted."))
    projects, missing = pack_projects(job.params["codes"])
    if missing:
        raise JobFailed(NOT_PUBLIC, {"codes": ", ".join(missing)})
    progress.stage("build", total=len(projects))
    pack = build_workshop_pack(engagement, projects)
    return Output(rendered(progress, "pdf", workshop_pack_pdf, pack), stamped_name(pack_stem(engagement), "pdf"))


register(JobKind(
    key=KIND, run=run_pack_job, may_read=lambda user, params: rules_of(user).has_role,
    stages=STAGES,
))
