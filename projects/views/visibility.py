from django.http import Http404
from django.shortcuts import get_object_or_404

from projects.access import access_for
from projects.models import Project


def visible_project(request, pk):
    """The project with its totals, if this user may see it. 404 both when it does not exist and when it is not
    theirs to see: a 403 would tell an officer that another agency's draft exists."""
    access = access_for(request.user)
    access.require_bank()
    project = get_object_or_404(Project.objects.select_related("programme", "sector", "host_agency", "ngo").with_totals(), pk=pk)
    if not Project.objects.visible_to(access).filter(pk=pk).exists():
        raise Http404
    return access, project
