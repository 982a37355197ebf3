"""Pages of the yearly reporting round: the rounds, the coordinator's follow-up, a unit's report."""
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners.models import Organisation
from projects.access import access_for
from projects.models import Programme
from reporting import services
from reporting.builders.rounds import follow_up
from reporting.models import AnnualReport, ReportingRound
from reporting.models.rounds import PROVINCE_TZ


class RoundForm(forms.Form):
    programme = forms.ModelChoiceField(label=gettext_lazy("Programme"), queryset=Programme.objects.all(), empty_label=None)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    grace_days = forms.IntegerField(label=gettext_lazy("grace period (days)"), min_value=0, max_value=60, initial=0)
    reminders = forms.CharField(label=gettext_lazy("reminders (days before the deadline)"), initial="14, 7, 1, 0")

    def clean_reminders(self):
        try:
            days = sorted({int(part) for part in self.cleaned_data["reminders"].replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise ValidationError(_("Write whole numbers of days separated by commas, e.g. 14, 7, 1, 0.")) from None
        if any(d < 0 or d > 90 for d in days):
            raise ValidationError(_("Each reminder is between 0 and 90 days before the deadline."))
        return days


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["results", "difficulties", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


def rounds_list(request):
    access = access_for(request.user)
    access.require_bank()
    form = RoundForm(request.POST or None, initial={"year": timezone.localtime().year})
    if request.method == "POST":
        if not access.is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            try:
                round_ = services.round_open(
                    programme=form.cleaned_data["programme"], year=form.cleaned_data["year"], by=request.user,
                    grace_days=form.cleaned_data["grace_days"], reminder_days=form.cleaned_data["reminders"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The round is open."))
                return redirect("reporting:round", pk=round_.pk)
    rounds = ReportingRound.objects.select_related("programme").prefetch_related("units")
    own = {org.pk for org in access.officer_organisations}
    entries = [
        (round_, [unit for unit in round_.units.all() if unit.pk in own]) for round_ in rounds
        if access.is_coordinator or any(unit.pk in own for unit in round_.units.all())
    ]
    return render(request, "reporting/rounds.html", {"entries": entries, "form": form if access.is_coordinator else None})


def round_detail(request, pk):
    if not access_for(request.user).is_coordinator:
        raise PermissionDenied
    round_ = get_object_or_404(ReportingRound.objects.select_related("programme"), pk=pk)
    return render(request, "reporting/round.html", {"round": round_, "states": follow_up(round_)})


def _report(request, pk, unit):
    round_ = get_object_or_404(ReportingRound, pk=pk)
    organisation = get_object_or_404(Organisation, pk=unit)
    access = access_for(request.user)
    existing = AnnualReport.objects.filter(round=round_, organisation=organisation).first()
    if existing is None and access.is_coordinator and organisation not in access.officer_organisations:
        # Looking is not starting: the unit stays "not started" until one of its officers opens its report.
        if not round_.units.filter(pk=organisation.pk).exists():
            raise PermissionDenied
        return None, round_, organisation
    try:
        return services.report_start(round_=round_, organisation=organisation, by=request.user), round_, organisation
    except ValidationError:
        raise Http404 from None


def report_detail(request, pk, unit):
    report, round_, organisation = _report(request, pk, unit)
    if report is None:
        return render(request, "reporting/report.html", {"report": None, "round": round_, "organisation": organisation})
    if request.method == "POST":
        form = NarrativeForm(request.POST, instance=report)
        if form.is_valid():
            try:
                report = services.report_save(report=report, by=request.user, expected_version=int(request.POST.get("version") or 0), **form.cleaned_data)
                if "submit" in request.POST:
                    services.report_submit(report=report, by=request.user)
                    messages.success(request, _("The report was submitted."))
                else:
                    messages.success(request, _("The draft was saved."))
                return redirect("reporting:report", pk=pk, unit=unit)
            except ValidationError as error:
                form.add_error(None, error)
    else:
        form = NarrativeForm(instance=report)
    now = timezone.now()
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "form": form,
            "editable": report.status in (AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED) and not services.is_frozen(report, now),
            "coordinator": access_for(request.user).is_coordinator,
            "events": report.events.select_related("actor"),
            "deadline": report.round.deadline.astimezone(PROVINCE_TZ),
            "version": request.POST.get("version") if request.method == "POST" else report.version,
        },
    )


@require_POST
def report_step(request, pk, unit, action):
    report, _round, _organisation = _report(request, pk, unit)
    if report is None:
        raise PermissionDenied
    comment = request.POST.get("comment", "")
    try:
        if action == "return":
            services.report_return(report=report, by=request.user, comment=comment)
        elif action == "accept":
            services.report_accept(report=report, by=request.user)
        elif action == "reopen":
            days = int(request.POST.get("days") or 7)
            until = timezone.now() + datetime.timedelta(days=max(1, min(days, 60)))
            services.report_reopen(report=report, by=request.user, reason=comment, until=until)
        else:
            raise PermissionDenied
    except (ValidationError, ValueError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("reporting:report", pk=pk, unit=unit)
