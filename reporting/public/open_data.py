"""The open-data page, the catalogue as CSV and the IATI activity file: the public projects for reuse."""
import hashlib

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from projects.models import Programme, Project
from reporting.public import catalogue_csv as csv_file
from reporting.public import iati
from reporting.public.api.filters import PARAMETERS
from reporting.public.filters import SORT_CHOICES, STAGE_CHOICES, CatalogueForm, CatalogueRows
from reporting.public.pages import public_file, public_page
from reporting.public.public_jobs import file_or_progress, start_public_job
from reporting.public.rendered import made_once, public_state
from socaid.jobs.kinds import JobKind, Output, register

IATI_KIND = "public-iati"
IATI_FILE_NAME = "iati-activities.xml"
CSV_KIND = "public-catalogue-csv"
CSV_TYPE = "text/csv; charset=utf-8"
LONG_FILE = _(
    "The file describes many projects and is being made. This page follows its progress and gives you the file "
    "as soon as it is ready; you may also come back to this address later."
)

# What the open-data page says of each of the API's query parameters beyond the catalogue's label for it.
PARAMETER_NOTES = {
    "programme": _("a programme's code from /programmes/, or “all”"),
    "sector": _("a sector's id from /sectors/"),
    "area": _("an administrative unit's id from /units/: the projects in it, below it, or in a unit it succeeded"),
    "stage": " | ".join(code for code, _label in STAGE_CHOICES if code),
    "sort": " | ".join(code for code, _label in SORT_CHOICES),
}


def api_parameters():
    fields = CatalogueForm.base_fields
    return [(name, fields[name].label, PARAMETER_NOTES.get(name, "")) for name in PARAMETERS] + [
        ("page", _("Page"), _("its number, from 1")),
    ]


@public_page
def open_data(request):
    context = {
        "parameters": api_parameters(),
        "example": Project.objects.public().order_by("pk").only("code").first(),
        "reporting_org": settings.IATI_REPORTING_ORG_REF,
    }
    return render(request, "public/open_data.html", context)


@public_page
def catalogue_csv(request):
    """The catalogue as the query string filters it, one row per project, in the URL's language. Past
    JOB_ABOVE_ROWS["csv"] projects it is made by a public job, once per filter, language and state of the public
    data (75,000 rows take about 20 s)."""
    language, form = request.public_language, CatalogueForm(request.GET)
    if CatalogueRows(form, Project.objects.public()).count() > settings.JOB_ABOVE_ROWS["csv"]:
        # One file for one list, whatever else the address carries (its order, a page number, unknown parameters).
        query = form.filter_query()
        digest = hashlib.sha256(query.encode()).hexdigest()[:16]
        return file_or_progress(
            request,
            key=f"{CSV_KIND}.{language}.{digest}.{public_state()}",
            lock=lock_programmes,
            start=lambda key: start_public_job(CSV_KIND, key, {"query": query, "language": language}, str(_("Public projects, CSV"))),
            heading=_("The list of projects is being made"),
            explanation=LONG_FILE,
            content_type=CSV_TYPE,
        )
    response = HttpResponse(csv_file.as_bytes(form.apply(Project.objects.public()), language), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{csv_name(language)}"'
    return response


def csv_name(language):
    return f"projects-{language}.csv"


def run_public_csv(job, progress):
    form, language = CatalogueForm(QueryDict(job.params["query"])), job.params["language"]
    projects = form.apply(Project.objects.public())
    progress.stage("render", total=projects.count())
    return Output(csv_file.as_bytes(projects, language, on_row=progress.advance), csv_name(language))


def lock_programmes():
    """A file made from every programme's projects: its first visitors queue on the programmes' rows."""
    return list(Programme.objects.select_for_update().order_by("pk").values_list("pk", flat=True))


@public_file
def iati_activities(request):
    """No language in its address: each text is there in Vietnamese and in English. Past JOB_ABOVE_ROWS["iati"]
    public projects the file is made by a public job (100,000 activities take about half a minute)."""
    projects = Project.objects.public()
    if projects.count() > settings.JOB_ABOVE_ROWS["iati"]:
        return file_or_progress(
            request,
            key=f"{IATI_KIND}.{public_state()}",
            lock=lock_programmes,
            start=lambda key: start_public_job(IATI_KIND, key, {}, str(_("IATI activity file"))),
            heading=_("The IATI file is being made"),
            explanation=LONG_FILE,
        )
    content = made_once("iati", build=lambda: iati.activities_file(projects))
    return HttpResponse(content, content_type="application/xml")


def run_public_iati(job, progress):
    projects = Project.objects.public()
    progress.stage("build", total=projects.count())
    return Output(iati.activities_file(projects, on_row=progress.advance), IATI_FILE_NAME)


# Their files are anyone's, served by the addresses above; socaid.jobs.views shows no job without a requester.
register(JobKind(key=IATI_KIND, run=run_public_iati, may_read=lambda user, params: True, stages={"build": _("Writing the activities")}))
register(JobKind(key=CSV_KIND, run=run_public_csv, may_read=lambda user, params: True, stages={"render": _("Writing the file")}))
