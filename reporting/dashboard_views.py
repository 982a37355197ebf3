"""The dashboard page, its Excel export, and the page of the rows behind any of its figures.

The coordinator and the leadership (viewers), as the summaries: it weighs the whole programme.
"""
from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.models import Programme, Project
from reporting.access import access_for
from reporting.builders.dashboard import FIGURE_KEYS, PRIORITIES, build_dashboard, dashboard_rows
from reporting.renderers.summary_html import FORMATS
from reporting.renderers.summary_xlsx import summary_xlsx
from reporting.tables import AMOUNT, COUNT, TOTAL
from socaid.downloads import download, file_stem
from socaid.page_cache import cached_page


class ProgrammeForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=None)

    def chosen(self):
        """The chosen programme, else the one running now."""
        return (self.cleaned_data.get("programme") if self.is_valid() else None) or Programme.objects.current()


class RowsForm(ProgrammeForm):
    figure = forms.ChoiceField(choices=[(key, key) for key in (*FIGURE_KEYS, "counterpart")])
    year = forms.IntegerField(required=False)
    sector = forms.IntegerField(required=False)
    status = forms.ChoiceField(choices=[("", ""), *Project.Status.choices], required=False)
    place = forms.CharField(required=False, max_length=40)
    priority = forms.ChoiceField(choices=[("", ""), *((key, key) for key, _label in PRIORITIES)], required=False)


@cached_page
def dashboard_view(request):
    access_for(request.user).require_dashboard()
    form = ProgrammeForm(request.GET)
    programme = form.chosen()
    if programme is None:
        return render(request, "reporting/dashboard.html", {"form": form})
    language = get_language()
    dashboard = build_dashboard(programme, language)
    if request.GET.get("format") == "xlsx":
        return download(summary_xlsx(dashboard), file_stem("dashboard", programme.code), "xlsx")
    sections = [
        {"key": s.key, "title": s.title, "leads": s.leads, "charts": [chart.html() for chart in s.maps], "tables": [_table(dashboard, t, language) for t in s.tables]}
        for s in dashboard.sections
    ]
    query = f"programme={programme.pk}"
    return render(request, "reporting/dashboard.html", {"form": form, "dashboard": dashboard, "sections": sections, "query": query})


def _table(dashboard, table, language):
    """The table's cells written the reader's way, each figure with the address of the rows behind it."""
    rows = []
    for row in [*table.rows, *table.totals]:
        key = "total" if row.kind == TOTAL else row.key
        cells = []
        for index, (column, value) in enumerate(zip(table.columns, row.values)):
            kind = row.kind_of(index, column)
            figure = kind in (AMOUNT, COUNT)
            href = dashboard.link(table.key, key, column.key) if figure else None
            cells.append({"text": FORMATS[kind](value, language), "figure": figure, "href": href, "label": column.label})
        rows.append({"total": row.kind == TOTAL, "cells": cells})
    return {"key": table.key, "title": table.title, "empty": "" if table.rows else table.empty, "columns": table.columns, "rows": rows}


ROWS_PER_PAGE = 100


def dashboard_rows_view(request):
    access_for(request.user).require_dashboard()
    form = RowsForm(request.GET)
    if not form.is_valid() or form.chosen() is None:
        return render(request, "reporting/dashboard_rows.html", {"form": form}, status=400)
    data = form.cleaned_data
    programme = form.chosen()
    filters = {key: data.get(key) or None for key in ("year", "sector", "status", "place", "priority")}
    behind = dashboard_rows(programme, figure=data["figure"], language=get_language(), **filters)
    # A page of the rows, their projects read for it alone: a figure of a 64,000-project programme has as many rows
    # (all of them on one page: 39 s and 11 MB); the total under them is still the figure, of every row.
    page = Paginator(behind.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    projects = Project.objects.select_related("sector").in_bulk([pk for pk, _cells, _figures in page.object_list])
    shown = [(projects[pk], cells, figures) for pk, cells, figures in page.object_list]
    label_span = len(behind.columns) + 2  # the project and its status
    context = {
        "form": form, "programme": programme, "behind": behind, "page": page, "shown": shown, "filters": filters,
        "label_span": label_span, "width": label_span + len(behind.figures),
    }
    if filters["status"] and not any(filters[key] for key in ("year", "place", "priority")):
        # A stage is a status: the bank's list filtered by it holds the same projects, with all their columns.
        bank = {"programme": programme.pk, "status": filters["status"], **({"sector": filters["sector"]} if filters["sector"] else {})}
        context["bank_href"] = f"{reverse('projects:bank')}?{urlencode(bank)}"
    return render(request, "reporting/dashboard_rows.html", context)
