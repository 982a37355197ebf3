"""The report pages: a preview with the choices, the printable document, the PDF and the spreadsheet."""
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from projects.forms import BankFilterForm
from projects.models import Project
from reporting.access import access_for
from reporting.builders.appendix import appendix_size, build_appendix
from reporting.builders.plan import build_plan
from reporting.document_jobs import Prepared, register_document
from reporting.forms import AppendixForm, PlanForm
from reporting.outputs import choices_query, document_output, offered
from reporting.renderers.html import appendix_html, plan_html
from reporting.renderers.pdf import appendix_pdf, plan_pdf
from reporting.renderers.xlsx import appendix_xlsx, plan_xlsx
from socaid.downloads import file_stem


def prepare_appendix(user, query):
    access = access_for(user)
    access.require_bank()
    form = AppendixForm(query)
    if not form.is_valid():
        return Prepared(form)
    programme = form.cleaned_data["programme"]
    # The bank list's filters (search, priority areas, years, amounts) narrow the appendix too; not its status, one
    # at most, which would keep only the last of the statuses ticked here.
    bank_filters = query.copy()
    bank_filters.pop("status", None)
    within = BankFilterForm(bank_filters).apply(Project.objects.visible_to(access))
    arguments = form.builder_arguments()
    language = arguments["language"]
    return Prepared(
        form,
        count=lambda: appendix_size(programme, within=within, **arguments),
        build=lambda: build_appendix(programme, within=within, **arguments),
        stem=file_stem("appendix", programme.code, language, language=language),
        title=_("List of proposed projects %(programme)s") % {"programme": programme.number},
        renderers={"pdf": appendix_pdf, "xlsx": appendix_xlsx}, language=language,
    )


def prepare_plan(user, query):
    access_for(user).require_bank()
    form = PlanForm(query)
    if not form.is_valid():
        return Prepared(form)
    programme, language = form.cleaned_data["programme"], form.cleaned_data["lang"]
    return Prepared(
        form,
        count=programme.plan_tasks.count,
        build=lambda: build_plan(programme, language=language),
        stem=file_stem("plan", programme.code, language, language=language),
        title=_("Implementation plan %(programme)s") % {"programme": programme.number},
        renderers={"pdf": plan_pdf, "xlsx": plan_xlsx}, language=language,
    )


register_document("appendix", prepare_appendix, lambda user: access_for(user).can_view_bank)
register_document("plan", prepare_plan, lambda user: access_for(user).can_view_bank)


@xframe_options_sameorigin  # the preview page shows the printable document in a frame
def appendix_view(request):
    prepared = prepare_appendix(request.user, request.GET)
    if prepared.build is None:
        return render(request, "reporting/appendix_preview.html", {"form": prepared.form}, status=400 if request.GET.get("format") else 200)
    response = document_output(request, "appendix", prepared, html=appendix_html)
    if response:
        return response
    # Past the size an Excel file is made in the background, the page does not build the appendix to preview it.
    previewed = prepared.size <= settings.JOB_ABOVE_ROWS["xlsx"]
    context = {
        "form": prepared.form, "appendix": prepared.build() if previewed else None, "size": prepared.size, "query": choices_query(request),
        "in_background": prepared.size > settings.JOB_ABOVE_ROWS["pdf"], "offered": offered(prepared),
    }
    return render(request, "reporting/appendix_preview.html", context)


@xframe_options_sameorigin
def plan_view(request):
    prepared = prepare_plan(request.user, request.GET)
    if prepared.build is None:
        return render(request, "reporting/plan_preview.html", {"form": prepared.form}, status=400 if request.GET.get("format") else 200)
    response = document_output(request, "plan", prepared, html=plan_html)
    if response:
        return response
    context = {"form": prepared.form, "plan": prepared.build(), "query": choices_query(request), "offered": offered(prepared)}
    return render(request, "reporting/plan_preview.html", context)
