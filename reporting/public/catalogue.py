"""The catalogue of published projects: filtered by reporting.public.filters.CatalogueForm, twenty to a page."""
from django.core.paginator import Paginator
from django.shortcuts import render

from projects.models import Project
from reporting.public.filters import CatalogueForm, CatalogueRows, stage_of, stage_label
from reporting.public.pages import public_page

PAGE_SIZE = 20


@public_page
def catalogue(request):
    form = CatalogueForm(request.GET)
    projects = CatalogueRows(form, Project.objects.public().select_related("programme", "sector", "host_agency"))
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    for project in page:
        project.stage, project.stage_label = stage_of(project.status), stage_label(project.status)
    filtered = any(value for name, value in request.GET.items() if name != "page")
    return render(request, "public/catalogue.html", {"form": form, "page": page, "filtered": filtered, "programme": form.chosen_programme()})
