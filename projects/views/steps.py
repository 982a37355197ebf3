"""Workflow steps and appraisal opinions posted from the project page."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from projects import services
from projects.forms import OpinionForm, StepForm
from projects.models import ProjectEvent
from projects.views.pipeline import FOR_WORKFLOW_STEP
from projects.views.visibility import visible_project

# action -> (service, the StepForm fields it takes)
STEPS = {
    "submit": (services.project_submit, ["comment"]),
    "return": (services.project_return, ["comment"]),
    "accept": (services.project_accept, ["comment"]),
    "publish": (services.project_publish, ["comment"]),
    "negotiate": (services.project_negotiate, ["comment", "ngo"]),
    "complete": (services.project_complete, ["comment"]),
    "withdraw": (services.project_withdraw, ["comment"]),
}
# Committing, approving and starting the implementation are the pipeline's to record (an aid agreement, its
# approval, the first disbursement: projects/services/pipeline.py), which moves the status itself: their buttons
# lead to the pipeline's forms rather than setting the status by hand.
PIPELINE_STEPS = FOR_WORKFLOW_STEP
STEP_FIELDS = {action: fields for action, (_service, fields) in STEPS.items()} | {action: None for action in PIPELINE_STEPS}
# What the button says: the step to take, where the timeline says what was done.
STEP_LABELS = {
    "submit": gettext_lazy("Submit the proposal"),
    "return": gettext_lazy("Return for revision"),
    "accept": gettext_lazy("Accept into the bank"),
    "publish": gettext_lazy("Publish to NGOs"),
    "negotiate": gettext_lazy("Record negotiation"),
    "commit": gettext_lazy("Record commitment"),
    "approve": gettext_lazy("Record approval"),
    "implement": gettext_lazy("Start implementation"),
    "complete": gettext_lazy("Record completion"),
    "withdraw": gettext_lazy("Withdraw the project"),
}


def step_link(project, action):
    """Where a workflow step's button leads when the pipeline records it: the pipeline's form; None otherwise."""
    return reverse("projects:pipeline", args=[project.pk, PIPELINE_STEPS[action]]) if action in PIPELINE_STEPS else None


def _report(request, error):
    for message in error.messages:
        messages.error(request, message)


@require_POST
def project_step(request, pk, action):
    if action not in STEPS and action not in PIPELINE_STEPS:
        raise Http404
    access, project = visible_project(request, pk)
    if action in PIPELINE_STEPS:  # a form of the page before the pipeline: to the pipeline's form, nothing changed
        return redirect("projects:pipeline", pk=pk, step=PIPELINE_STEPS[action])
    service, fields = STEPS[action]
    form = StepForm(request.POST)
    if not form.is_valid():
        _report(request, ValidationError(list(form.errors.values())))
        return redirect("projects:detail", pk=pk)
    if action == "withdraw" and "confirmed" not in request.POST and action in access.allowed_actions(project):
        # Withdrawing closes the project for good: a page asks to confirm it, which works without a script.
        return render(request, "projects/withdraw_confirm.html", {"project": project, "form": form})
    arguments = {name: form.cleaned_data[name] for name in fields}
    if "decision_number" in arguments:
        arguments["decision_number"] = arguments["decision_number"] or ""
    try:
        service(project=project, by=request.user, **arguments)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": ProjectEvent.Action(action).label})
    return redirect("projects:detail", pk=pk)


@require_POST
def project_opinion(request, pk):
    access, project = visible_project(request, pk)
    # Refused before the form is read: an empty opinion from someone who may give none is no business of theirs.
    access.require_opinion(project)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        _report(request, ValidationError([e for errors in form.errors.values() for e in errors]))
        return redirect("projects:detail", pk=pk)
    try:
        services.project_review(project=project, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Your opinion was recorded."))
    return redirect("projects:detail", pk=pk)
