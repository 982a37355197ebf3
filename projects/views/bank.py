from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.access import access_for
from projects.bank_list_xlsx import bank_list_xlsx
from projects.forms import BankFilterForm
from projects.imports.flat_export import flat_export
from projects.locality_totals import TotalsRow, aid_sought_map, totals_by_locality
from projects.models import BudgetLine, Interest, Project
from socaid.downloads import download, file_stem

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


def bank_list(request):
    access = access_for(request.user)
    access.require_bank()
    form = BankFilterForm(request.GET)
    projects = form.apply(Project.objects.visible_to(access)).order_by(*form.ordering())
    if request.GET.get("export") == "xlsx":
        return download(bank_list_xlsx(with_row_data(projects)), file_stem("bank"), "xlsx")
    if request.GET.get("export") in ("flat-xlsx", "flat-csv"):
        extension = request.GET["export"].split("-")[1]
        return download(flat_export(projects, extension), file_stem("bank-flat"), extension)
    # Page through ids, then load the page's 50 rows with their sums: the sums of 10,000 projects are not needed to show 50.
    page = Paginator(projects.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {p.pk: p for p in with_row_data(Project.objects.filter(pk__in=ids))}
    lines = BudgetLine.objects.of_projects(projects)
    sectors = list(lines.by_sector())
    grand = lines.aggregate(total=Sum("total"), aid_sought=Sum("aid_sought"), counterpart=Sum("counterpart"), project_count=Count("project", distinct=True))
    basis = form.basis()
    localities = totals_by_locality(projects, basis) if sectors else []
    return render(
        request,
        "projects/bank_list.html",
        {
            "form": form,
            "columns": COLUMNS,
            "labels": dict(COLUMNS),  # a phone shows each row as a card, each value under its column's name
            "page": page,
            "rows": [rows[pk] for pk in ids],
            "sectors": sectors,
            "sector_rows": sector_rows(sectors),
            "grand": grand,
            "ordering": form.cleaned_data.get("o", ""),
            "can_create": access.can_create,
            "can_import": access.is_coordinator,
            "new_interests": Interest.objects.filter(state=Interest.State.NEW).count() if access.is_coordinator else None,
            "several_programmes": len({s["project__programme__number"] for s in sectors}) > 1,
            "report_query": report_query(form),
            "totals_scope": totals_scope(form),
            "localities": localities,
            "locality_map": aid_sought_map(localities, basis, href=unit_link(request)) if localities else None,
            "basis": basis,
        },
    )


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
