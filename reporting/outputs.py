"""A printed document in the format the page was asked for: PDF, Excel, or the printable page itself.

The appendix, the plan and the summaries share this, so that a new format, or the size past which a file is made
by a background job (reporting/document_jobs.py), applies to all of them.
"""
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from projects.amounts import format_amount
from reporting.document_jobs import FORMAT_NAMES, too_large_for_a_pdf
from socaid.downloads import download

JOB_FORMATS = ("pdf", "xlsx")
FORMATS = (*JOB_FORMATS, "print")


def document_output(request, kind, prepared, *, html):
    """The response for ``?format=pdf|xlsx|print`` of a valid ``prepared`` document, or None when the page
    previews it. A file larger than a request should wait for is made by a job, whose page the user is sent to; a
    format the document is too large for (``offered``) sends the user back to the page with the reason."""
    output = request.GET.get("format", "")
    if output in FORMATS and output not in offered(prepared):
        messages.error(request, too_large(output, prepared.size))
        return redirect(f"{request.path}?{choices_query(request)}")
    if output in JOB_FORMATS and prepared.size > settings.JOB_ABOVE_ROWS[output]:
        return start_document_job(request, kind, prepared, output)
    if output in JOB_FORMATS:
        return download(prepared.renderers[output](prepared.build()), prepared.stem, output)
    if output == "print":
        return HttpResponse(html(prepared.build()))
    return None


def offered(prepared):
    """The formats ``prepared`` is offered in: Excel always; a PDF and the printable page up to their sizes."""
    return {"xlsx"} | ({"pdf"} if not too_large_for_a_pdf(prepared.size) else set()) | ({"print"} if prepared.size <= settings.PRINT_MAX_ROWS else set())


def too_large(output, size):
    if output == "pdf":
        return _(
            "This document has %(rows)s rows: too many for a PDF (at most %(most)s; laying them out takes the server "
            "gigabytes of memory). Narrow the choices, or download it in Excel, which has no such limit."
        ) % {"rows": format_amount(size), "most": format_amount(settings.PDF_MAX_ROWS)}
    return _(
        "This document has %(rows)s rows: too many to open as a printable page (at most %(most)s). Download it as a file instead."
    ) % {"rows": format_amount(size), "most": format_amount(settings.PRINT_MAX_ROWS)}


def start_document_job(request, kind, prepared, output):
    from socaid.jobs.services import start_job

    edition = f", {prepared.language.upper()}" if prepared.language else ""
    title = f"{prepared.title} ({FORMAT_NAMES[output]}{edition})"
    job = start_job(kind, by=request.user, params={"query": choices_query(request), "format": output}, title=title)
    return redirect("jobs:job", pk=job.pk)


def choices_query(request):
    """The choices as a query string, without the output format, to build the download links."""
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()
