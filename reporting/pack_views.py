"""The workshop pack of an engagement as one PDF, for the projects chosen on its page (or named in ``?projects=``
by their codes); by default the engagement's projects that are public."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners.roles import rules_of
from projects.lifecycle import PUBLIC
from projects.models import Engagement
from reporting.builders.workshop_pack import build_workshop_pack, pack_projects
from reporting.renderers.workshop_pack import workshop_pack_pdf
from socaid.downloads import download, file_stem

# A pack is handed out at a workshop: a few projects. More would keep the request waiting on the PDF.
MAX_PROJECTS = 30


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
        refusal = _("Not in the pack: %(codes)s. Only projects shown on the public side can be, since each sheet points to its public page.") % {
            "codes": ", ".join(missing)}
    elif not projects:
        refusal = _("Choose at least one project shown on the public side.")
    elif len(projects) > MAX_PROJECTS:
        refusal = _("Choose at most %(count)d projects for one pack.") % {"count": MAX_PROJECTS}
    if refusal:
        messages.error(request, refusal)
        return redirect("projects:engagement", pk=engagement.pk)
    pack = build_workshop_pack(engagement, projects)
    return download(workshop_pack_pdf(pack), file_stem("workshop-pack", engagement.date.isoformat(), language="en"), "pdf")
