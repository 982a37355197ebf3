"""The published appendix as anyone may download it: the programme's list of projects, in the URL's language.

The staff's builder and renderers make it (reporting/builders/appendix.py with ``public=True``): the projects the
public side shows (``Project.objects.public()``), the programme's heading, no signature block.

A list longer than a request should wait for (JOB_ABOVE_ROWS) is made by a public job, once per state of the
public data: the first visitor starts it, everyone meanwhile reads a page that follows its progress, and the same
URL then serves the file it made until the public data change or the file expires.
"""
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from projects.models import Programme
from reporting.builders.appendix import appendix_size, build_appendix
from reporting.document_jobs import STAGES, rendered
from reporting.public.pages import public_page
from reporting.public.rendered import made_once, public_state
from reporting.renderers.pdf import appendix_pdf
from reporting.renderers.xlsx import appendix_xlsx
from socaid.downloads import download, file_stem, protected_file, stamped_name
from socaid.jobs.kinds import JobKind, Output, kind_of, register
from socaid.jobs.models import Job

RENDERERS = {"pdf": appendix_pdf, "xlsx": appendix_xlsx}
KIND = "public-appendix"
# The page of a file being made reloads itself every this many seconds (no script: the CSP allows none).
REFRESH_SECONDS = 3


@public_page
def appendix(request, format):
    code = request.GET.get("programme")
    if code:
        programme = get_object_or_404(Programme.objects.select_related("issuer", "province", "coordinator"), code=code)
    else:
        programme = Programme.objects.current()
        if programme is None:
            raise Http404
    language = request.public_language
    if appendix_size(programme, language=language, public=True) > settings.JOB_ABOVE_ROWS[format]:
        return made_by_job(request, programme, language, format)
    document = build_appendix(programme, language=language, public=True)
    content = made_once("appendix", programme.pk, language, format, build=lambda: RENDERERS[format](document))
    return download(content, appendix_stem(programme, language), format)


def made_by_job(request, programme, language, format):
    """The file its public job made for this state of the public data, or the page following that job; the first
    visitor to find none usable (never made, failed, or its worker lost) starts it."""
    key = public_key(programme, language, format)
    with transaction.atomic():
        # One visitor at a time looks for the job and starts it: two arriving together start one job, not two.
        Programme.objects.select_for_update().filter(pk=programme.pk).exists()
        job = Job.objects.public_file(key)
        if job is None or job.is_lost:
            job = start_public_job(programme, language, format, key)
    if job.state == Job.State.DONE:
        return protected_file(job.file, job.file_name)  # the proxy sends it where one is set up, as any job's file
    context = {"programme": programme, "job": job, "stage": kind_of(job).stage_label(job.stage), "refresh": REFRESH_SECONDS}
    response = render(request, "public/appendix_in_progress.html", context)
    add_never_cache_headers(response)  # a page of progress is out of date by its next reload
    return response


def public_key(programme, language, format):
    """The name of the public file: a change of the public data names a new one."""
    return f"appendix.{programme.pk}.{language}.{format}.{public_state()}"


def start_public_job(programme, language, format, key):
    from socaid.jobs.services import start_job

    title = _("List of proposed projects %(programme)s") % {"programme": programme.code}
    job = start_job(KIND, by=None, public_key=key, params={"programme": programme.pk, "language": language, "format": format}, title=title)
    job.refresh_from_db()  # a job run inside the request (TASKS_BACKEND=immediate) is done already
    return job


def appendix_stem(programme, language):
    return file_stem("appendix", programme.code, language, language=language)


def run_public_appendix(job, progress):
    programme = Programme.objects.select_related("issuer", "province", "coordinator").get(pk=job.params["programme"])
    language, format = job.params["language"], job.params["format"]
    progress.stage("build", total=appendix_size(programme, language=language, public=True))
    document = build_appendix(programme, language=language, public=True)
    return Output(rendered(progress, format, RENDERERS[format], document), stamped_name(appendix_stem(programme, language), format))


# Its file is anyone's, served by the public page above; socaid.jobs.views shows no job without a requester.
register(JobKind(key=KIND, run=run_public_appendix, may_read=lambda user, params: True, stages=STAGES))
