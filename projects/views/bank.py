from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from projects.access import access_for
from projects.amounts import format_amount
from projects.appendix_order import SEARCH_LISTED, AppendixOrderIds
from projects.bank_list_xlsx import bank_list_xlsx
from projects.bank_rows import list_rows
from projects.forms import BankFilterForm
from projects.imports.flat_export import flat_export
from projects.locality_totals import TotalsRow, aid_sought_map, totals_by_locality
from projects.models import BudgetLine, Interest, Project
from projects.models.proposals import grand_total
from socaid.downloads import as_bytes, download, file_stem, stamped_name
from socaid.jobs.kinds import JobKind, Output, register
from socaid.jobs.progress import JobFailed
from socaid.page_cache import cached_page

PAGE_SIZE = 50
COLUMNS = [
    ("number", _("No.")),
    ("name", _("Project name")),
    ("agency", _("Host agency")),
    ("location", _("Location")),
    ("period", _("Period")),
    ("total", _("Total budget")),
    ("aid", _("Aid sought")),
    ("counterpart", _("Counterpart funds")),
    ("status", _("Status")),
]


# A search matching up to this many projects is read once and paged in memory (projects.appendix_order).
# The files of the list, by ?export=, with their format's name for a job's title.
EXPORTS = {"xlsx": "Excel", "flat-xlsx": "Excel", "flat-csv": "CSV"}


@cached_page
def bank_list(request):
    access, form, projects = filtered_bank(request.user, request.GET)
    export = request.GET.get("export")
    if export in EXPORTS:
        count = projects.count()
        if count > settings.JOB_ABOVE_ROWS["xlsx"]:
            return start_export_job(request, export, count)
        return download(*export_file(projects, export))
    # Page through ids, then load the page's 50 rows with their sums: the sums of 10,000 projects are not needed to show 50.
    # A search's keys are read once (up to SEARCH_LISTED matches): its count and its page would read the trigram index twice.
    listed = SEARCH_LISTED if form.cleaned_data.get("q") else 0
    in_order = AppendixOrderIds(projects, list_up_to=listed) if form.in_appendix_order() and not form.needs_totals() else None
    page = Paginator(in_order if in_order is not None else projects.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {p.pk: p for p in with_row_data(Project.objects.filter(pk__in=ids))}
    # The totals cost the whole list, not the page: past BANK_TOTALS_ABOVE_PROJECTS they are added up when asked for.
    totals_asked = request.GET.get("totals") == "1"
    show_totals = totals_asked or page.paginator.count <= settings.BANK_TOTALS_ABOVE_PROJECTS
    sectors = list(BudgetLine.objects.of_projects(projects).by_sector()) if show_totals else []
    basis = form.basis()
    localities = totals_by_locality(projects, basis) if sectors else []
    if show_totals:
        several_programmes = len({s["project__programme__number"] for s in sectors}) > 1
    elif form.cleaned_data.get("programme"):
        several_programmes = False
    elif in_order is not None:
        several_programmes = len(in_order.programmes) > 1
    else:  # the first page's programme, and whether any other project of the list is in another one
        several_programmes = bool(ids) and projects.exclude(programme_id=rows[ids[0]].programme_id).exists()
    return render(
        request,
        "projects/bank_list.html",
        {
            "form": form,
            "columns": COLUMNS,
            # A phone shows each row as a card, each value under its column's name: translated once, not per row.
            "labels": {key: str(label) for key, label in COLUMNS},
            "page": page,
            "rows": [rows[pk] for pk in ids],
            "cells": list_rows(rows[pk] for pk in ids),
            "sectors": sectors,
            "sector_rows": sector_rows(sectors),
            "grand": grand_total(sectors),
            "totals_on_request": not show_totals,
            "totals_limit": settings.BANK_TOTALS_ABOVE_PROJECTS,
            "ordering": form.cleaned_data.get("o", ""),
            "can_create": access.can_create,
            "can_import": access.is_coordinator,
            "new_interests": Interest.objects.filter(state=Interest.State.NEW).count() if access.is_coordinator else None,
            "several_programmes": several_programmes,
            "report_query": report_query(form),
            "totals_scope": totals_scope(form),
            "localities": localities,
            "locality_map": aid_sought_map(localities, basis, href=unit_link(request)) if localities else None,
            "basis": basis,
        },
    )


def filtered_bank(user, query):
    """What ``user`` reads of the bank filtered by ``query``: their access, the filter form and the ordered projects."""
    access = access_for(user)
    access.require_bank()
    form = BankFilterForm(query)
    return access, form, form.apply(Project.objects.visible_to(access)).order_by(*form.ordering())


def export_file(projects, export, on_row=None):
    """The list's file for ``?export=``: its content, stem and extension. Only the reading list tells of each row
    written (``on_row``); the flat list is the import's own writer."""
    if export == "xlsx":
        return bank_list_xlsx(with_row_data(projects), on_row=on_row), file_stem("bank"), "xlsx"
    extension = export.split("-")[1]
    return flat_export(projects, extension), file_stem("bank-flat"), extension


def start_export_job(request, export, count):
    from socaid.jobs.services import start_job

    query = request.GET.copy()
    for name in ("export", "page"):
        query.pop(name, None)
    title = gettext("Project bank (%(format)s, %(count)s projects)") % {"format": EXPORTS[export], "count": format_amount(count)}
    job = start_job("bank-list", by=request.user, params={"query": query.urlencode(), "export": export}, title=title)
    return redirect("jobs:job", pk=job.pk)


def run_export_job(job, progress):
    """The requester's list, filtered again as they filtered it, written as the file they asked for."""
    if not access_for(job.requested_by).can_view_bank:
        raise JobFailed(gettext_noop("You may no longer read the project bank."))
    _access, _form, projects = filtered_bank(job.requested_by, QueryDict(job.params["query"]))
    progress.stage("write", total=projects.count())
    content, stem, extension = export_file(projects, job.params["export"], on_row=progress.advance)
    return Output(as_bytes(content, extension), stamped_name(stem, extension))


register(JobKind(
    key="bank-list", run=run_export_job, may_read=lambda user, params: access_for(user).can_view_bank,
    stages={"write": _("Writing the file")},
))


def sector_rows(sectors):
    """The subtotals by sector as the totals table shows any row: a label and the four figures."""
    several = len({s["project__programme__number"] for s in sectors}) > 1
    english = get_language() == "en"
    rows = []
    for s in sectors:
        name = s["project__sector__name_en"] if english and s["project__sector__name_en"] else s["project__sector__name"]
        label = f"{s['project__sector__numeral']}. {name}"
        rows.append(TotalsRow(None, f"{s['project__programme__number']} · {label}" if several else label,
                                  s["project_count"], s["total"], s["aid_sought"], s["counterpart"]))
    return rows


def totals_scope(form):
    """Which statuses the totals add up: without a status chosen they count drafts and withdrawn projects too."""
    status = form.cleaned_data.get("status")
    if status:
        return _("Projects with the status “%(status)s” only.") % {"status": Project.Status(status).label}
    return _("Projects of every status, drafts and withdrawn projects included.")


def with_row_data(projects):
    if "total" not in projects.query.annotations:
        projects = projects.with_totals()
    return projects.select_related("programme", "sector", "host_agency")


def unit_link(request):
    """Where a unit on the map leads: this list, filtered to the unit, from its first page."""
    def link(unit):
        query = request.GET.copy()
        query.pop("page", None)
        query["unit"] = unit.pk
        return f"?{query.urlencode()}"

    return link


def report_query(form):
    """The list's filters for the report pages, so that 'export' prints what the list shows."""
    query = form.data.copy()
    for name in ("o", "page", "export"):
        query.pop(name, None)
    return query.urlencode()
