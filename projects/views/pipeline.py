"""The pipeline section of the staff project page, and its forms: what each NGO pledged, signed and paid out, in its
own currency and in million VND, with the counterpart funds by year; and the steps that record them."""
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from projects.lifecycle import PUBLIC
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from projects.pipeline_forms import AgreementForm, ApprovalForm, CounterpartForm, DisbursementForm, PledgeForm
from projects.services import pipeline as services
from projects.views.visibility import visible_project
from socaid.service_errors import add_service_errors

# step -> (form, the Access rule that lets a user take it, what the form's button says)
STEPS = {
    "pledge": (PledgeForm, "can_record_pipeline", gettext_lazy("Record a pledge")),
    "agreement": (AgreementForm, "can_record_pipeline", gettext_lazy("Record an aid agreement")),
    "approval": (ApprovalForm, "can_record_money", gettext_lazy("Record the approval of an agreement")),
    "disbursement": (DisbursementForm, "can_record_money", gettext_lazy("Record a disbursement")),
    "counterpart": (CounterpartForm, "can_record_counterpart", gettext_lazy("Record counterpart funds")),
}
# The workflow's steps the pipeline takes now (projects/views/steps.py): their buttons lead to these forms.
FOR_WORKFLOW_STEP = {"commit": "agreement", "approve": "approval", "implement": "disbursement"}


def may_take(access, project, step):
    return getattr(access, STEPS[step][1])(project)


class NgoTotals:
    """What one NGO pledged, committed and disbursed for the project, in million VND: each a sum of its entries'
    own conversions, so that the printed entries add up to the printed total."""

    def __init__(self, ngo):
        self.ngo = ngo
        self.pledged = self.committed = self.disbursed = Decimal(0)


def pipeline_section(access, project):
    """The section's context: every entry, the totals by NGO and for the project, and links to the forms ``access``
    may use. Four queries at most, whatever the number of entries."""
    pledges = list(Pledge.objects.filter(project=project).select_related("ngo", "interest"))
    agreements = list(Agreement.objects.filter(project=project).select_related("ngo", "pledge"))
    disbursements = list(
        Disbursement.objects.filter(agreement__project=project).select_related("agreement__ngo").order_by("year", "agreement__signed_on", "pk")
    ) if agreements else []  # none without an agreement: the query is spared on most pages
    counterpart = list(CounterpartFunds.objects.filter(project=project))
    if project.status not in PUBLIC and not (pledges or agreements or counterpart):
        return None
    by_ngo = {}

    def totals_of(ngo):
        return by_ngo.setdefault(ngo.pk, NgoTotals(ngo))

    for pledge in pledges:
        totals_of(pledge.ngo).pledged += pledge.million_vnd()
    for agreement in agreements:
        totals_of(agreement.ngo).committed += agreement.million_vnd()
    for disbursement in disbursements:
        totals_of(disbursement.agreement.ngo).disbursed += disbursement.million_vnd()
    ngos = sorted(by_ngo.values(), key=lambda totals: str(totals.ngo))
    project_totals = NgoTotals(None)
    for name in ("pledged", "committed", "disbursed"):
        setattr(project_totals, name, sum((getattr(totals, name) for totals in ngos), Decimal(0)))
    # Each form on its own page: the choices of the registry's NGOs, of the project's interests, pledges and
    # agreements would cost the project page a query each.
    forms = {
        step: (reverse("projects:pipeline", args=[project.pk, step]), label)
        for step, (_form, _rule, label) in STEPS.items()
        if may_take(access, project, step) and _applies(step, agreements)
    }
    return {
        "pledges": pledges,
        "agreements": agreements,
        "disbursements": disbursements,
        "counterpart": counterpart,
        "counterpart_planned": sum((row.planned or 0 for row in counterpart), Decimal(0)),
        "counterpart_spent": sum((row.spent or 0 for row in counterpart), Decimal(0)),
        "ngos": ngos,
        "totals": project_totals,
        "forms": forms,
    }


def _applies(step, agreements):
    """An approval needs an agreement awaiting one; a disbursement an approved agreement."""
    if step == "approval":
        return any(not agreement.is_approved for agreement in agreements)
    if step == "disbursement":
        return any(agreement.is_approved for agreement in agreements)
    return True


def _record(step, project, user, data):
    if step == "pledge":
        common = {"by": user, "pledged_on": data["pledged_on"], **data_money(data)}
        if data["interest"] is not None:
            return services.pledge_from_interest(interest=data["interest"], **common)
        return services.pledge_record(project=project, ngo=data["ngo"], **common)
    if step == "agreement":
        return services.agreement_record(project=project, by=user, ngo=data["ngo"], pledge=data["pledge"], signed_on=data["signed_on"], **data_money(data))
    if step == "approval":
        return services.agreement_approve(
            agreement=data["agreement"], by=user, decision_number=data["decision_number"], decision_date=data["decision_date"],
            approval_reference=data["approval_reference"], notes=data["notes"],
        )
    if step == "disbursement":
        return services.disbursement_record(agreement=data["agreement"], by=user, year=data["year"], **data_money(data))
    return services.counterpart_record(project=project, by=user, year=data["year"], planned=data["planned"], spent=data["spent"], notes=data["notes"])


def data_money(data):
    return {name: data[name] for name in ("amount", "currency", "rate_to_vnd", "rate_date", "rate_source", "notes")}


@require_http_methods(["GET", "POST"])
def project_pipeline(request, pk, step):
    """GET: the step's form on its own page (where the workflow's buttons lead). POST: the step recorded, back to
    the project page; a refused one shows the form again with what was typed and why."""
    if step not in STEPS:
        raise Http404
    access, project = visible_project(request, pk)
    if not may_take(access, project, step):
        raise PermissionDenied
    form_class, _rule, label = STEPS[step]
    form = form_class(request.POST if request.method == "POST" else None, project=project, prefix=step)
    if request.method == "POST" and form.is_valid():
        try:
            _record(step, project, request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": label})
            return redirect(reverse("projects:detail", args=[project.pk]) + "#pipeline-title")
    return render(request, "projects/pipeline_form.html", {"project": project, "form": form, "step": step, "label": label})
