"""The published appendix as anyone may download it: the programme's list of projects, in the URL's language.

The staff's builder and renderers make it (reporting/builders/appendix.py with ``public=True``): the projects the
public side shows (``Project.objects.public()``), the programme's heading, no signature block.
"""
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from projects.models import Programme
from reporting.builders.appendix import build_appendix
from reporting.public.context import current_programme
from reporting.public.pages import public_page
from reporting.public.rendered import made_once
from reporting.renderers.pdf import appendix_pdf
from reporting.renderers.xlsx import appendix_xlsx
from socaid.downloads import download, file_stem

RENDERERS = {"pdf": appendix_pdf, "xlsx": appendix_xlsx}


@public_page
def appendix(request, format):
    code = request.GET.get("programme")
    if code:
        programme = get_object_or_404(Programme.objects.select_related("issuer", "province", "coordinator"), code=code)
    else:
        programme = current_programme()
        if programme is None:
            raise Http404
    language = request.public_language
    document = build_appendix(programme, language=language, public=True)
    if format == "pdf" and document.row_count > settings.REPORT_PDF_WEB_ROW_LIMIT:
        # As the staff's page does: a PDF this long would keep the request waiting; the same list as Excel instead.
        excel = reverse("public:appendix", kwargs={"lang": language, "format": "xlsx"}) + f"?programme={programme.code}"
        context = {"programme": programme, "rows": document.row_count, "limit": settings.REPORT_PDF_WEB_ROW_LIMIT, "excel": excel}
        return render(request, "public/appendix_too_large.html", context, status=413)
    content = made_once("appendix", programme.pk, language, format, build=lambda: RENDERERS[format](document))
    return download(content, file_stem("appendix", programme.code, language, language=language), format)
