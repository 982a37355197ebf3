"""A printed document in the format the page was asked for: PDF, Excel, or the printable page itself.

The appendix, the plan and the summaries share this, so that a new format or a new limit applies to all of them.
"""
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from socaid.downloads import download


def document_output(request, document, *, stem, html, pdf, xlsx, page, command):
    """The response for ``?format=pdf|xlsx|print``, or None when the page previews the document.

    ``html``, ``pdf`` and ``xlsx`` render ``document``; a PDF of more rows than a web request should wait for is
    refused with the Excel file and the shell ``command`` instead.
    """
    output = request.GET.get("format", "")
    if output == "pdf":
        if document.row_count > settings.REPORT_PDF_WEB_ROW_LIMIT:
            return too_large(request, document.row_count, page, command)
        return download(pdf(document), stem, "pdf")
    if output == "xlsx":
        return download(xlsx(document), stem, "xlsx")
    if output == "print":
        return HttpResponse(html(document))
    return None


def too_large(request, rows, page, command):
    """413: a PDF with more rows than a web request should wait for; the Excel file and the command instead."""
    context = {"rows": rows, "limit": settings.REPORT_PDF_WEB_ROW_LIMIT, "query": choices_query(request), "page": page, "command": command}
    return render(request, "reporting/too_large.html", context, status=413)


def choices_query(request):
    """The choices as a query string, without the output format, to build the download links."""
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()
