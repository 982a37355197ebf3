"""The published appendix as anyone may download it: the programme's list of projects, in the URL's language.

The staff's builder and renderers make it (reporting/builders/appendix.py with ``public=True``): the projects the
public side shows (``Project.objects.public()``), the programme's heading, no signature block.

A list longer than a request should wait for (JOB_ABOVE_ROWS) is made by a public job, once per state of the
public data (reporting/public/public_jobs.py).
"""
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from projects.models import Programme
from reporting.builders.appendix import appendix_size, build_appendix
from reporting.document_jobs import STAGES, rendered
from reporting.public.pages import public_page
from reporting.public.public_jobs import file_or_progress, start_public_job
from reporting.public.rendered import made_once, public_state
from reporting.renderers.pdf import appendix_pdf
from reporting.renderers.xlsx import appendix_xlsx
from socaid.downloads import download, file_stem, stamped_name
from socaid.jobs.kinds import JobKind, Output, register

RENDERERS = {"pdf": appendix_pdf, "xlsx": appendix_xlsx}
KIND = "public-appendix"


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
    content = made_once("appendix", programme.pk, language, format, build=lambda: RENDERERS[format](document), projects=programme.projects.all())
    return download(content, appendix_stem(programme, language), format)


def made_by_job(request, programme, language, format):
    """The file its public job made for this state of the public data, or the page following that job."""
    params = {"programme": programme.pk, "language": language, "format": format}
    title = _("List of proposed projects %(programme)s") % {"programme": programme.code}
    return file_or_progress(
        request,
        key=public_key(programme, language, format),
        lock=lambda: Programme.objects.select_for_update().filter(pk=programme.pk).exists(),
        start=lambda key: start_public_job(KIND, key, params, title),
        heading=_("The list of projects is being made"),
        explanation=_(
            "The list of projects of programme %(programme)s is long: the file is being made. This page follows its progress and "
            "gives you the file as soon as it is ready; you may also come back to this address later."
        ) % {"programme": programme.number},
    )


def public_key(programme, language, format):
    """The name of the public file: a change of the programme's public projects names a new one."""
    return f"appendix.{programme.pk}.{language}.{format}.{public_state(programme.projects.all())}"


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
