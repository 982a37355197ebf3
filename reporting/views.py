"""The report pages: a preview with the choices, the printable document, the PDF and the spreadsheet."""
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from reporting.access import access_for
from projects.forms import BankFilterForm
from projects.models import Project
from reporting.builders.appendix import build_appendix
from reporting.builders.plan import build_plan
from reporting.forms import AppendixForm, PlanForm
from reporting.outputs import choices_query, document_output
from reporting.renderers.html import appendix_html, plan_html
from reporting.renderers.pdf import appendix_pdf, plan_pdf
from reporting.renderers.xlsx import appendix_xlsx, plan_xlsx
from socaid.downloads import file_stem


@xframe_options_sameorigin  # the preview page shows the printable document in a frame
def appendix_view(request):
    access = access_for(request.user)
    access.require_bank()
    form = AppendixForm(request.GET)
    output = request.GET.get("format", "")
    if not form.is_valid():
        return render(request, "reporting/appendix_preview.html", {"form": form}, status=400 if output else 200)
    programme = form.cleaned_data["programme"]
    # The bank list's filters (search, priority areas, years, amounts) narrow the appendix too; not its status, one
    # at most, which would keep only the last of the statuses ticked here.
    bank_filters = request.GET.copy()
    bank_filters.pop("status", None)
    within = BankFilterForm(bank_filters).apply(Project.objects.visible_to(access))
    appendix = build_appendix(programme, within=within, **form.builder_arguments())
    stem = file_stem("appendix", programme.code, appendix.language, language=appendix.language)
    command = f"python manage.py export_appendix --programme {programme.code} --lang {appendix.language} --format pdf --output {stem}.pdf"
    response = document_output(
        request, appendix, stem=stem,
        html=appendix_html, pdf=appendix_pdf, xlsx=appendix_xlsx, page=reverse("reporting:appendix"), command=command,
    )
    if response:
        return response
    return render(
        request,
        "reporting/appendix_preview.html",
        {
            "form": form,
            "appendix": appendix,
            "query": choices_query(request),
            "pdf_allowed": appendix.row_count <= settings.REPORT_PDF_WEB_ROW_LIMIT,
            "limit": settings.REPORT_PDF_WEB_ROW_LIMIT,
        },
    )


@xframe_options_sameorigin
def plan_view(request):
    access_for(request.user).require_bank()
    form = PlanForm(request.GET)
    output = request.GET.get("format", "")
    if not form.is_valid():
        return render(request, "reporting/plan_preview.html", {"form": form}, status=400 if output else 200)
    programme = form.cleaned_data["programme"]
    plan = build_plan(programme, language=form.cleaned_data["lang"])
    stem = file_stem("plan", programme.code, plan.language, language=plan.language)
    command = f"python manage.py export_plan --programme {programme.code} --lang {plan.language} --format pdf --output {stem}.pdf"
    response = document_output(
        request, plan, stem=stem,
        html=plan_html, pdf=plan_pdf, xlsx=plan_xlsx, page=reverse("reporting:plan"), command=command,
    )
    if response:
        return response
    return render(request, "reporting/plan_preview.html", {"form": form, "plan": plan, "query": choices_query(request)})
