"""The public entrance (/ → the reader's language) and the programme in brief."""
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from partners.models import AdministrativeUnit
from projects.models import Programme, Project
from reporting.public.filters import STAGES
from reporting.public.pages import preferred_language, public_page


@login_not_required
@require_safe
def entrance(request):
    response = redirect("public:home", lang=preferred_language(request))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@public_page
def home(request):
    programme = Programme.objects.current()
    context = {"priority_units": priority_units()}
    if programme is not None:
        context |= {
            "programme": programme,
            # "ngày 06/5/2020" as the province's documents write it; "6 May 2020" in English.
            "issued_on": date_format(programme.issued_on, "d/n/Y" if request.public_language == "vi" else "DATE_FORMAT"),
            "sectors": programme.sectors.prefetch_related("orientations"),
            "orientations": programme.orientations.all(),
            "targets": programme.targets.all(),
            "counts": project_counts(programme),
            "previous": Programme.objects.filter(start_year__lt=programme.start_year).order_by("-start_year"),
        }
    return render(request, "public/home.html", context)


def project_counts(programme):
    """The running programme's public projects at each stage of the catalogue, so that each count is what its link
    to the catalogue filtered by that stage lists."""
    return Project.objects.public().in_programme(programme).aggregate(
        **{stage: Count("pk", filter=Q(status__in=statuses)) for stage, statuses in STAGES.items()}
    )


def priority_units():
    """The geographic priorities: the units flagged as Khmer ethnic-minority areas or extremely difficult communes,
    each list in name order (a commune inherits its district's flag, see ProjectQuerySet.in_priority_area)."""
    flagged = list(
        AdministrativeUnit.objects.filter(Q(is_khmer_area=True) | Q(is_extremely_difficult=True)).select_related("parent").order_by("name", "pk")
    )
    return {
        "khmer": [unit for unit in flagged if unit.is_khmer_area],
        "difficult": [unit for unit in flagged if unit.is_extremely_difficult],
    }
