"""Pages of the yearly reporting round: the rounds, the coordinator's follow-up, a unit's report."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import Organisation
from reporting import services
from reporting.access import access_for, closed_message, is_frozen, is_open_for_writing, read_only_reason, writable_until
from reporting.builders.rounds import STATE_LABELS, follow_up, rounds_in_order
from reporting.models import AnnualReport, ReportAttachment, ReportingRound
from reporting.models.rounds import PROVINCE_TZ
from reporting.plausibility import points_to_check
from reporting.renderers.round_xlsx import round_xlsx
from reporting.services.contents import unlisted_projects
from reporting.services.rounds import may_report
from reporting.round_forms import (
    AttachmentForm,
    LineFormSet,
    NarrativeForm,
    NGOFormSet,
    RoundForm,
    StepForm,
)
from socaid.downloads import download, file_stem, protected_file


def rounds_list(request):
    access = access_for(request.user)
    access.require_bank()
    form = RoundForm(request.POST or None, initial={"year": timezone.localtime().year})
    if request.method == "POST":
        access.require_rounds()
        if form.is_valid():
            try:
                round_ = services.round_open(
                    programme=form.cleaned_data["programme"], year=form.cleaned_data["year"], by=request.user,
                    deadline=form.deadline_moment(),
                    grace_days=form.cleaned_data["grace_days"], reminder_days=form.cleaned_data["reminders"],
                )
            except ValidationError as error:
                form.add_error("year" if error.code == "year" else None, error)
            else:
                messages.success(request, _("The round is open."))
                return redirect("reporting:round", pk=round_.pk)
    rounds = ReportingRound.objects.select_related("programme").prefetch_related("units")
    own = {org.pk for org in access.officer_organisations}
    summarises = access.can_read_summaries
    # Every round is listed with its deadline, for whoever works on the bank; only what the user may open is linked.
    entries = rounds_in_order(rounds, own)
    return render(
        request, "reporting/rounds.html",
        {
            "entries": entries, "form": form if access.runs_rounds else None, "summarises": summarises,
            "reads_no_report": not (summarises or access.runs_rounds or own), "officer": bool(own),
        },
    )


def round_detail(request, pk):
    access_for(request.user).require_rounds()
    round_ = get_object_or_404(ReportingRound.objects.select_related("programme"), pk=pk)
    states = follow_up(round_)
    chosen = request.GET.get("state", "")
    shown = [state for state in states if state.state == chosen] if chosen in STATE_LABELS else states
    if request.GET.get("export") == "xlsx":
        return download(round_xlsx(round_, shown), file_stem("round", round_.year), "xlsx")
    in_round = {state.organisation.pk for state in states}
    candidates = may_report(round_.year).exclude(pk__in=in_round).order_by("name", "valid_from")
    return render(
        request,
        "reporting/round.html",
        {
            "round": round_, "states": shown, "state": chosen, "candidates": candidates,
            "choices": [(key, label, sum(1 for state in states if state.state == key)) for key, label in STATE_LABELS.items()],
        },
    )


@require_POST
def round_units(request, pk):
    """Add a unit to the round, or release one that has not started its report."""
    access_for(request.user).require_rounds()  # before the choice is read: a refusal, not "choose the units"
    round_ = get_object_or_404(ReportingRound, pk=pk)
    try:
        if request.POST.get("remove"):
            unit = get_object_or_404(Organisation, pk=request.POST["remove"])
            services.round_remove_unit(round_=round_, unit=unit, by=request.user)
            messages.success(request, _("%(unit)s no longer reports in this round.") % {"unit": unit.name})
        else:
            units = list(Organisation.objects.filter(pk__in=[v for v in request.POST.getlist("add") if v.isdigit()]))
            if not units:
                raise ValidationError(_("Choose the units to add."))
            services.round_add_units(round_=round_, units=units, by=request.user)
            messages.success(request, _("Added: %(units)s.") % {"units": ", ".join(unit.name for unit in units)})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reporting:round", pk=pk)


def _require_unit_visible(request, organisation_id):
    """A unit's report is its officers' and the coordinator's. Anyone else with a role is answered 404 as for a
    report that does not exist: a 403 would tell an officer which other units report and how far they are."""
    access = access_for(request.user)
    if not (access.runs_rounds or access.is_officer_of(organisation_id)):
        raise Http404 if access.has_role else PermissionDenied
    return access


def _report(request, pk, unit):
    """The unit's report in the round, or None while nobody has started it; looking starts nothing."""
    round_ = get_object_or_404(ReportingRound, pk=pk)
    organisation = get_object_or_404(Organisation, pk=unit)
    _require_unit_visible(request, organisation.pk)
    report = AnnualReport.objects.filter(round=round_, organisation=organisation).select_related("round__opened_by").first()
    if report is None and not round_.units.filter(pk=organisation.pk).exists():
        raise Http404
    return report, round_, organisation


@require_POST
def report_start(request, pk, unit):
    round_ = get_object_or_404(ReportingRound, pk=pk)
    organisation = get_object_or_404(Organisation, pk=unit)
    _require_unit_visible(request, organisation.pk)
    try:
        services.report_start(round_=round_, organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reporting:report", pk=pk, unit=unit)


def report_detail(request, pk, unit):
    report, round_, organisation = _report(request, pk, unit)
    if report is None:
        may_start = _may_start(request, round_, organisation)
        closed = not may_start and access_for(request.user).is_officer_of(organisation.pk)
        context = {
            "report": None, "round": round_, "organisation": organisation, "may_start": may_start,
            "read_only": closed_message(round_) if closed else None,
        }
        return render(request, "reporting/report.html", context)
    data = request.POST if request.method == "POST" else None
    page = _lines_page(report, (data or request.GET).get("page"))
    form, lines, ngos, upload = _report_forms(report, data, request.FILES or None, lines=page.object_list)
    if request.method == "POST" and all([form.is_valid(), lines.is_valid(), ngos.is_valid(), upload.is_valid()]):
        attached = None
        try:
            # The narrative, the lines, the NGOs and the file are saved together or not at all.
            with transaction.atomic():
                report = services.report_save(
                    report=report, by=request.user, expected_version=_version(request),
                    lines={line.instance.pk: line.service_fields() for line in lines.forms},
                    ngos=ngos.service_entries(), **form.cleaned_data,
                )
                if upload.cleaned_data.get("attachment"):
                    attached = services.report_attach(report=report, by=request.user, upload=upload.cleaned_data["attachment"])
        except ValidationError as error:
            form.add_error(None, error)
        except Exception:
            if attached is not None:  # the rows rolled back; the file written for them goes too
                attached.file.storage.delete(attached.file.name)
            raise
        else:
            messages.success(request, _("The draft was saved."))
            if "submit" in request.POST:
                return redirect("reporting:report_submit", pk=pk, unit=unit)
            return redirect(_page_address(reverse("reporting:report", args=[pk, unit]), page))
    now = timezone.now()
    return _report_page(
        request, report, forms=(form, lines, ngos, upload), page=page,
        step_form=StepForm(open_until=None if is_frozen(report, now) else writable_until(report)),
        version=request.POST.get("version") if request.method == "POST" else report.version,
        status=400 if request.method == "POST" else 200,
    )


LINE_ORDER = ("project__sector__position", "project__position", "pk")


def _lines_page(report, number):
    """The page of the report's lines shown (their ids): a unit with thousands of projects is reported on
    REPORT_LINES_PER_PAGE at a time, each page saved on its own (all of them at once took 10 s and 12 MB)."""
    ids = report.lines.order_by(*LINE_ORDER).values_list("pk", flat=True)  # the lines' own order, without the report's joins
    return Paginator(ids, settings.REPORT_LINES_PER_PAGE).get_page(number)


def _page_address(address, page):
    return f"{address}?page={page.number}" if page.number > 1 else address


def _report_forms(report, data=None, files=None, lines=None):
    """The narrative, the lines (those of ``lines``, ids, else all of them), the NGOs and the upload of the report's page."""
    rows = report.lines.select_related("project__sector", "project__host_agency").order_by(*LINE_ORDER)
    return (
        NarrativeForm(data, instance=report),
        LineFormSet(data, queryset=rows if lines is None else rows.filter(pk__in=list(lines)), prefix="line"),
        NGOFormSet(data, queryset=report.ngos.select_related("ngo"), prefix="ngo"),
        AttachmentForm(data, files),
    )


def _report_page(request, report, *, forms, step_form, version, status, page=None):
    form, lines, ngos, upload = forms
    now = timezone.now()
    editable = is_open_for_writing(report, now) and access_for(request.user).can_write_report(report)
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "form": form,
            "lines": lines,
            "ngos": ngos,
            "upload": upload,
            "attachments": report.attachments.select_related("uploaded_by"),
            "max_mb": settings.REPORT_ATTACHMENT_MAX_MB,
            "editable": editable,
            "read_only": None if editable else read_only_reason(report, now),
            "frozen": is_frozen(report, now),
            "open_until": writable_until(report),
            "step_form": step_form,
            "coordinator": access_for(request.user).runs_rounds,
            "events": report.events.select_related("actor"),
            "not_yet_listed": unlisted_projects(report).count() if editable else 0,
            "points": _mark_points(lines.forms),
            "deadline": report.round.deadline.astimezone(PROVINCE_TZ),
            "version": version,
            "page": page,
        },
        status=status,
    )


def _mark_points(line_forms):
    """Give each line's form the points of its figures to check; return how many there are in all."""
    points = points_to_check(form.instance for form in line_forms)
    by_line = {}
    for point in points:
        by_line.setdefault(id(point.line), []).append(point.text)
    for form in line_forms:
        form.points = by_line.get(id(form.instance), [])
    return len(points)


def _may_start(request, round_, organisation):
    """The unit's own officers start its report; the coordinator following the round only looks."""
    return access_for(request.user).is_officer_of(organisation.pk) and timezone.now() <= round_.freezes_at


def _version(request):
    """The version the form was opened at; anything else is a stale form, refused by report_save."""
    try:
        return int(request.POST.get("version") or 0)
    except ValueError:
        return 0


def report_confirm_submit(request, pk, unit):
    """The step between "Submit" and a sent report: what is still lacking, the figures to check, and a confirmation.
    A page rather than a script's dialog, so that it works in any browser."""
    report, _round, _organisation = _report(request, pk, unit)
    now = timezone.now()
    if report is None or not (is_open_for_writing(report, now) and access_for(request.user).can_write_report(report)):
        if report is not None:
            messages.error(request, read_only_reason(report, now) or _("This report cannot be submitted."))
        return redirect("reporting:report", pk=pk, unit=unit)
    if request.method == "POST":
        try:
            if _version(request) != report.version:
                raise ValidationError(_("Someone saved this report after you opened it; check it and submit again."))
            services.report_submit(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reporting:report_submit", pk=pk, unit=unit)
        messages.success(request, _("The report was submitted."))
        return redirect("reporting:report", pk=pk, unit=unit)
    lines = report.lines.select_related("project__sector")
    context = {"report": report, "lacking": services.submission_lacks(report), "points": points_to_check(lines)}
    return render(request, "reporting/report_submit.html", context)


def attachment_download(request, pk, unit, attachment):
    _require_unit_visible(request, unit)
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=attachment, report__round=pk, report__organisation=unit)
    return protected_file(attachment.file.name, attachment.name, attachment.content_type)


@require_POST
def attachment_remove(request, pk, unit, attachment):
    _require_unit_visible(request, unit)
    attachment = get_object_or_404(ReportAttachment, pk=attachment, report__round=pk, report__organisation=unit)
    try:
        services.report_detach(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attachment was removed."))
    return redirect("reporting:report", pk=pk, unit=unit)


@require_POST
def report_step(request, pk, unit, action):
    report, _round, _organisation = _report(request, pk, unit)
    if report is None:
        raise PermissionDenied
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            _take_step(action, report, request.user, form)
        except ValidationError as error:
            form.refuse(error)
    if form.errors:
        # A summary at the top of the page, each message again at its field; the page again with what the
        # coordinator typed, rather than a redirect to an empty comment.
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        page = _lines_page(report, request.GET.get("page"))
        forms = _report_forms(report, lines=page.object_list)
        return _report_page(request, report, forms=forms, step_form=form, version=report.version, status=400, page=page)
    messages.success(request, _("Done."))
    return redirect("reporting:report", pk=pk, unit=unit)


def _take_step(action, report, by, form):
    comment, until = form.cleaned_data["comment"], form.until_moment()
    if action == "return":
        services.report_return(report=report, by=by, comment=comment, reopen_until=until)
    elif action == "accept":
        services.report_accept(report=report, by=by)
    elif action == "reopen":
        services.report_reopen(report=report, by=by, reason=comment, until=until)
    else:
        raise PermissionDenied
