"""The published appendix as anyone may download it: the programme's list of projects, in the URL's language.

The staff's builder and renderers make it (reporting/builders/appendix.py with ``public=True``): the projects the
public side shows (``Project.objects.public()``), the programme's heading, no signature block.

A list longer than a request should wait for (JOB_ABOVE_ROWS) is made by a public job, once per state of the
public data (reporting/public/public_jobs.py).
"""
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from projects.amounts import format_amount
from projects.models import Programme
from reporting.builders.appendix import appendix_size, build_appendix
from reporting.document_jobs import STAGES, refuse_a_pdf_too_large, rendered, too_large_for_a_pdf
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
    size = appendix_size(programme, language=language, public=True)
    if format == "pdf" and too_large_for_a_pdf(size):
        return too_long_for_a_pdf(request, programme, size)
    if size > settings.JOB_ABOVE_ROWS[format]:
        return made_by_job(request, programme, language, format)
    document = build_appendix(programme, language=language, public=True)
    content = made_once("appendix", programme.pk, language, format, build=lambda: RENDERERS[format](document), projects=programme.projects.all())
    return download(content, appendix_stem(programme, language), format)


def too_long_for_a_pdf(request, programme, size):
    """Past PDF_MAX_ROWS projects there is no PDF (laying it out would take the worker gigabytes): the page says so
    and gives the Excel file's address. 404: a script asking for the PDF gets no PDF, and knows it."""
    excel = f"{reverse('public:appendix', kwargs={'lang': request.public_language, 'format': 'xlsx'})}?{urlencode({'programme': programme.code})}"
    context = {
        "heading": _("The list is too long for a PDF"),
        "explanation": _("The list of projects of programme %(programme)s has %(count)s projects, too many to print as a PDF. It is available in Excel:") % {
            "programme": programme.number, "count": format_amount(size),
        },
        "link": request.build_absolute_uri(excel),
    }
    return render(request, "public/file_in_progress.html", context, status=404)


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
    size = appendix_size(programme, language=language, public=True)
    refuse_a_pdf_too_large(format, size)
    progress.stage("build", total=size)
    document = build_appendix(programme, language=language, public=True)
    return Output(rendered(progress, format, RENDERERS[format], document), stamped_name(appendix_stem(programme, language), format))


# Its file is anyone's, served by the public page above; socaid.jobs.views shows no job without a requester.
register(JobKind(key=KIND, run=run_public_appendix, may_read=lambda user, params: True, stages=STAGES))
