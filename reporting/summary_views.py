"""The year-end summary page: the choices, a preview of the printable document, the PDF and the spreadsheet.

The coordinator and the leadership (viewers) only: the summary puts every unit's report side by side.
"""
from django import forms
from django.db.models import Max, Min
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from partners.localities import basis_choices, chosen_basis
from projects.models import Programme, Sector
from reporting.access import access_for
from reporting.builders.heading import IssueDetails
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.document_jobs import Prepared, register_document
from reporting.forms import language_field, settle_programme_and_language
from reporting.models import AnnualReport, ReportingRound, ReportLine
from reporting.outputs import choices_query, document_output, offered
from reporting.renderers.summary_html import summary_html
from reporting.renderers.summary_pdf import summary_pdf
from reporting.renderers.summary_xlsx import summary_xlsx
from reporting.round_forms import DayField
from socaid.counts import count_of
from socaid.downloads import file_stem

PERIOD = "period"
# The downloaded file's name begins in the document's language.
class YearForm(forms.Form):
    """The programme, a year of it or its whole period, and the units its localities are given by."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=None)
    year = forms.ChoiceField(label=_("Year"), required=False, help_text=_("Empty: the latest round of the programme."))
    localities = forms.ChoiceField(label=_("Localities"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        span = Programme.objects.aggregate(first=Min("start_year"), last=Max("end_year"))
        years = range(span["last"], span["first"] - 1, -1) if span["first"] else []
        self.fields["year"].choices = [("", "—"), (PERIOD, _("Whole period of the programme")), *((str(y), str(y)) for y in years)]
        self.fields["localities"].choices = basis_choices(_("The units at the end of the year or period"))

    def basis(self):
        return chosen_basis(self.cleaned_data["localities"], timezone.localdate())

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year and year != PERIOD and not data.get("programme"):
            # A year alone means the programme that covers it, not the latest one.
            data["programme"] = Programme.objects.filter(start_year__lte=int(year), end_year__gte=int(year)).order_by("-start_year").first()
        data = settle_programme_and_language(data)
        programme = data["programme"]
        if not year:
            latest = ReportingRound.objects.filter(programme=programme).aggregate(year=Max("year"))["year"]
            year = str(latest or programme.end_year)
        data["year"] = year if year == PERIOD else int(year)
        if year != PERIOD and not programme.start_year <= data["year"] <= programme.end_year:
            self.add_error("year", gettext(
                "%(year)s is outside the programme %(programme)s (%(first)s–%(last)s): choose one of its years, or the programme that covers %(year)s."
            ) % {"year": data["year"], "programme": programme.number, "first": programme.start_year, "last": programme.end_year})
        return data


class SummaryForm(YearForm):
    field_order = ["programme", "year", "lang", "localities"]
    lang = language_field()
    # What the report carries when it is issued (heading.IssueDetails); empty: the defaults an unnumbered draft prints.
    number = forms.CharField(
        label=_("Document number"), max_length=40, required=False,
        help_text=_("For example 125/BC-UBND. Empty: left blank, to be numbered when signed."),
    )
    day = DayField(label=_("Date of the report"), help_text=_("Empty: left blank, to be dated when signed."))
    signer_title = forms.CharField(
        label=_("Signatory's title"), max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One line per line of the signature block. Empty: the programme's signatory."),
    )
    signer_name = forms.CharField(
        label=_("Signatory"), max_length=120, required=False,
        help_text=_("Empty: the programme's signatory, or left blank to be signed when a body that succeeded the programme's issuer issues the report."),
    )
    recipients = forms.CharField(
        label=_("Recipients"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line. Empty: the usual recipients."),
    )

    def issue(self):
        data = self.cleaned_data
        return IssueDetails(
            number=data["number"], day=data["day"],
            signer_title=data["signer_title"] or None, signer_name=data["signer_name"] or None, recipients=data["recipients"] or None,
        )


def summary_size(programme, year):
    """The rows of a summary's tables, counted in one query: a row for each sector, a line for each project reported
    in the round (the year's, or every round of the period), a row or two for each unit's report. Its other tables
    (the localities, the years, the statuses) are short whatever the bank's size, so the programme's projects are no
    measure: 100,000 of them with a round of a few reports make a summary of a few pages."""
    rounds = {"round__programme": programme} | ({} if year == PERIOD else {"round__year": year})
    counted = Programme.objects.filter(pk=programme.pk).annotate(
        sector_rows=count_of(Sector.objects.all(), "programme"),
        report_rows=count_of(AnnualReport.objects.filter(**rounds), "round__programme"),
        line_rows=count_of(ReportLine.objects.filter(**{f"report__{name}": value for name, value in rounds.items()}), "report__round__programme"),
    ).values_list("sector_rows", "report_rows", "line_rows").get()
    return sum(counted)


def prepare_summary(user, query):
    access_for(user).require_summaries()
    form = SummaryForm(query)
    if not form.is_valid():
        return Prepared(form)
    programme, year, language = form.cleaned_data["programme"], form.cleaned_data["year"], form.cleaned_data["lang"]
    if year == PERIOD:
        build = lambda: build_period_summary(programme, language=language, issue=form.issue(), basis=form.basis())  # noqa: E731
        stem = file_stem("summary-period", programme.code, language, language=language)
        title = gettext("Summary of the period, %(programme)s") % {"programme": programme.number}
    else:
        build = lambda: build_year_summary(programme, year, language=language, issue=form.issue(), basis=form.basis())  # noqa: E731
        stem = file_stem("summary-year", year, programme.code, language, language=language)
        title = gettext("Year-end summary %(year)s, %(programme)s") % {"year": year, "programme": programme.number}
    return Prepared(
        form, count=lambda: summary_size(programme, year), build=build, stem=stem, title=title,
        renderers={"pdf": summary_pdf, "xlsx": summary_xlsx}, language=language,
    )


register_document("summary", prepare_summary, lambda user: access_for(user).can_read_summaries)


@xframe_options_sameorigin  # the preview page shows the printable document in a frame
def summary_view(request):
    prepared = prepare_summary(request.user, request.GET)
    form = prepared.form
    if prepared.build is None:
        return render(request, "reporting/summary_preview.html", {"form": form}, status=400 if request.GET.get("format") else 200)
    response = document_output(request, "summary", prepared, html=summary_html)
    if response:
        return response
    return render(
        request,
        "reporting/summary_preview.html",
        {"form": form, "summary": prepared.build(), "period": form.cleaned_data["year"] == PERIOD, "query": choices_query(request),
         "offered": offered(prepared)},
    )
