"""The map by locality: the aid sought in the bank, or the aid committed or disbursed that the accepted annual
reports give for a year or the whole period; by the units of a chosen day, with the table of the same figures
beside it. For the coordinator and the leadership, who read the summaries."""
from django import forms
from django.db.models import Count, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from partners.localities import Basis, year_end
from projects.locality_totals import aid_sought_map, totals_by_locality
from projects.models import BudgetLine, Project
from reporting.access import access_for
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.builders.summary.localities import locality_map
from reporting.summary_views import PERIOD, YearForm
from socaid.page_cache import cached_page

AID_SOUGHT, COMMITTED, DISBURSED = "aid_sought", "committed_year", "disbursed_year"


class MapForm(YearForm):
    field_order = ["programme", "figure", "year", "localities"]
    figure = forms.ChoiceField(
        label=_("Figure"), required=False,
        choices=[(AID_SOUGHT, _("Aid sought (project bank)")), (COMMITTED, _("Aid committed (accepted reports)")), (DISBURSED, _("Aid disbursed (accepted reports)"))],
        help_text=_("The aid sought counts every project of the programme, whatever the year."),
    )


@cached_page
def map_view(request):
    access_for(request.user).require_summaries()
    form = MapForm(request.GET)
    if not form.is_valid():
        return render(request, "reporting/locality_map.html", {"form": form})
    programme, year, figure = form.cleaned_data["programme"], form.cleaned_data["year"], form.cleaned_data["figure"] or AID_SOUGHT
    language = translation.get_language()
    if figure == AID_SOUGHT:
        basis = form.basis() or Basis(timezone.localdate())
        projects = Project.objects.in_programme(programme)
        totals = totals_by_locality(projects, basis)
        bank = reverse("projects:bank")
        choropleth = aid_sought_map(totals, basis, href=lambda unit: f"{bank}?{urlencode({'programme': programme.pk, 'unit': unit.pk})}")
        rows = [(row.label, row.projects, row.aid_sought) for row in totals]
        grand = BudgetLine.objects.of_projects(projects).aggregate(projects=Count("project", distinct=True), value=Sum("aid_sought"))
        total = (grand["projects"], grand["value"])
    else:
        # The summary's own basis, given here so that its table's places are read back from the same one.
        basis = form.basis() or Basis(year_end(programme.end_year if year == PERIOD else year))
        if year == PERIOD:
            summary = build_period_summary(programme, language=language, basis=basis)
        else:
            summary = build_year_summary(programme, year, language=language, basis=basis)
        table = summary.table("localities")
        choropleth = locality_map(table, basis, language, figure) if table.rows else None
        rows = [(record["name"], record["projects"], record[figure]) for record in table.records()]
        total = (table.total()["projects"], table.total()[figure])
    return render(request, "reporting/locality_map.html", {
        "form": form, "map": choropleth, "rows": rows, "total": total, "basis": basis,
        "figure": dict(form.fields["figure"].choices)[figure],
    })
