"""The coordinator's programmes: the list, starting the next one, and choosing the projects it takes over."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.models import ActivityField
from projects import services
from projects.access import access_for
from projects.models import Programme
from projects.programme_forms import ProgrammeForm, SectorFormSet, TargetFormSet, kept_rows
from projects.services.programmes import PROGRAMME_FIELDS, next_programme_defaults, take_over_candidates


def programmes_list(request):
    access_for(request.user).require_coordinator()
    programmes = Programme.objects.select_related("issuer", "predecessor").with_counts().order_by("-start_year", "number")
    return render(request, "projects/programmes.html", {"programmes": programmes})


def programme_start_view(request):
    access_for(request.user).require_coordinator()
    predecessor = _predecessor(request)
    defaults = next_programme_defaults(predecessor) if predecessor else {"fields": {}, "sectors": [], "targets": []}
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, initial=defaults["fields"])
    sectors = SectorFormSet(
        data, initial=defaults["sectors"], prefix="sectors", form_kwargs={"fields_of_activity": list(ActivityField.objects.all())}
    )
    targets = TargetFormSet(data, initial=defaults["targets"], prefix="targets")
    if data is not None and all([form.is_valid(), sectors.is_valid(), targets.is_valid()]):
        try:
            programme = services.programme_start(
                by=request.user, fields=form.cleaned_data, sectors=kept_rows(sectors), targets=kept_rows(targets)
            )
        except ValidationError as error:
            _show(error, form, sectors, targets)
        else:
            messages.success(request, _("Programme %(programme)s started. Now choose the projects it takes over.") % {"programme": programme})
            return redirect("projects:programme_take_over", pk=programme.pk)
    return render(
        request,
        "projects/programme_start.html",
        {"form": form, "sectors": sectors, "targets": targets, "predecessor": predecessor,
         "programmes": Programme.objects.order_by("-start_year")},
        status=400 if data is not None else 200,
    )


def _predecessor(request):
    """The programme whose sectors and targets the form starts from: the one asked for, else the latest."""
    pk = request.POST.get("predecessor") or request.GET.get("predecessor")
    programmes = Programme.objects.select_related("issuer", "province", "coordinator").order_by("-end_year")
    return (programmes.filter(pk=pk).first() if pk and str(pk).isdigit() else None) or programmes.first()


def _show(error, form, sectors, targets):
    """The service's refusals, beside the fields they are about; those about the rows above the rows."""
    for name, messages_ in error.message_dict.items():
        if name in PROGRAMME_FIELDS:
            for message in messages_:
                form.add_error(name, message)
        else:
            rows = {"sectors": sectors, "targets": targets}.get(name)
            if rows is not None:
                rows.refusals = [*getattr(rows, "refusals", []), *messages_]
            else:
                form.add_error(None, messages_)


TAKE_OVER_PER_PAGE = 200


def programme_take_over(request, pk):
    access_for(request.user).require_coordinator()
    programme = get_object_or_404(Programme.objects.select_related("predecessor"), pk=pk)
    # A page of the candidates at a time, their sums for that page: a programme of 64,000 unfunded projects made a
    # page of 18 MB in 10 s, and a form of more ticks than a request may carry (Django's 1,000 fields).
    keys = take_over_candidates(programme).in_appendix_order().values_list("pk", flat=True)
    page = Paginator(keys, TAKE_OVER_PER_PAGE).get_page(request.POST.get("page") or request.GET.get("page"))
    candidates = list(
        take_over_candidates(programme).filter(pk__in=list(page.object_list))
        .with_totals().select_related("sector", "host_agency").in_appendix_order()
    )
    chosen = set(request.POST.getlist("project")) if request.method == "POST" else set()
    if request.method == "GET" and request.GET.get("all"):
        chosen = {str(project.pk) for project in candidates}
    error = None
    if request.method == "POST":
        try:
            copies = services.programme_take_over_unfunded(
                programme=programme, by=request.user, chosen=[value for value in chosen if value.isdigit()]
            )
        except ValidationError as refusal:
            error = refusal.messages
        else:
            messages.success(
                request,
                ngettext("%(count)d project taken over.", "%(count)d projects taken over.", len(copies)) % {"count": len(copies)},
            )
            if page.paginator.num_pages > 1 and take_over_candidates(programme).exists():  # more on other pages: back to them
                return redirect("projects:programme_take_over", pk=programme.pk)
            return redirect("projects:programmes")
    return render(
        request,
        "projects/programme_take_over.html",
        {"programme": programme, "candidates": candidates, "page": page, "chosen": chosen, "error": error,
         "taken_over": programme.projects.filter(carried_over_from__isnull=False).count()},
        status=400 if error else 200,
    )
