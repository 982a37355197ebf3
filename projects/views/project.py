from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects import completeness
from projects.access import access_for
from projects.forms import BudgetLineFormSet, OpinionForm, ProjectForm, StepForm, lines_from
from projects.history import project_history
from projects.lifecycle import CLOSED
from projects.likely_funders import SHOWN_FUNDERS, likely_funders
from projects.models import Programme
from projects.services import EditConflict, project_create, project_restore, project_update
from projects.versions import restore_differences, saved_version
from projects.views.pipeline import pipeline_section
from projects.views.visibility import visible_project
from projects.views.steps import STEP_FIELDS, STEP_LABELS, step_link
from socaid.page_cache import cached_page


@cached_page
def project_detail(request, pk):
    access, project = visible_project(request, pk)
    lines = list(project.lines.order_by("position"))
    units = list(project.admin_units.select_related("parent"))
    actions = access.allowed_actions(project)
    funders = likely_funders(project) if access.can_see_likely_funders(project) else None
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "lines": lines,
            "units": units,
            # A withdrawn or completed project will not be published: what it lacks for that no longer matters.
            "missing": None if project.status in CLOSED else completeness.missing(project, lines, units, "publish"),
            "events": list(project.events.timeline()),
            "history": project_history(project),
            "can_edit": access.can_edit(project),
            "steps": [(action, STEP_LABELS[action], STEP_FIELDS[action], step_link(project, action)) for action in actions],
            "step_form": StepForm(),
            "opinion_form": OpinionForm() if access.can_give_opinion(project) else None,
            "beyond_programme": bool(project.end_year and project.end_year > project.programme.end_year),
            # What NGOs sent from the project's public page: the coordinator follows them up, nobody else reads them.
            "interests": list(project.interests.select_related("ngo").order_by("-received_at", "-pk")) if access.is_coordinator else None,
            "likely_funders": funders,
            "funders_shown": funders.first(None if request.GET.get("funders") == "all" else SHOWN_FUNDERS) if funders else (),
            "pipeline": pipeline_section(access, project),
        },
    )


def _render_form(request, form, formset, project=None, conflict=None):
    # A form shown again keeps the version the user first loaded: otherwise a second click on Save
    # after a refusal would carry the newest version and overwrite the other person's edit.
    version = _version(request) if request.method == "POST" else getattr(project, "version", None)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "formset": formset, "project": project, "conflict": conflict, "version": version},
        status=409 if conflict else 200,
    )


def project_create_view(request):
    access = access_for(request.user)
    access.require_create()
    programme = Programme.objects.order_by("-start_year").first()
    if request.method == "POST":
        form = ProjectForm(request.POST, access=access)
        formset = BudgetLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            try:
                project = project_create(by=request.user, fields=form.service_fields(), admin_units=form.cleaned_data["admin_units"], lines=lines_from(formset))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _saved(request, form, project, _("The project was saved as a draft."))
    else:
        initial = {"programme": programme}
        own = access.officer_organisations
        if len(own) == 1:
            initial["host_agency"] = own[0]
        form = ProjectForm(initial=initial, access=access)
        formset = BudgetLineFormSet(prefix="lines")
    return _render_form(request, form, formset)


def project_edit(request, pk):
    access, project = visible_project(request, pk)
    access.require_edit(project)
    conflict = None
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=project, access=access)
        formset = BudgetLineFormSet(request.POST, instance=project, prefix="lines")
        if form.is_valid() and formset.is_valid():
            try:
                project_update(
                    project=project,
                    by=request.user,
                    expected_version=_version(request),
                    fields=form.service_fields(),
                    admin_units=form.cleaned_data["admin_units"],
                    lines=lines_from(formset),
                )
            except EditConflict as error:
                conflict = error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _saved(request, form, project, _("Your changes were saved."))
    else:
        form = ProjectForm(instance=project, access=access)
        formset = BudgetLineFormSet(instance=project, prefix="lines")
    return _render_form(request, form, formset, project, conflict)


def _saved(request, form, project, message):
    """Back to the project page, with the form's warnings (a period past the programme's) and the confirmation."""
    for warning in form.warnings:
        messages.warning(request, warning)
    messages.success(request, message)
    return redirect("projects:detail", pk=project.pk)


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def project_restore_view(request, pk, history_id):
    """GET shows what restoring the version would change and asks to confirm, writing nothing; POST restores it."""
    access, project = visible_project(request, pk)
    access.require_edit(project)
    if request.method == "POST":
        return _restore(request, project, history_id)
    version = saved_version(project, history_id)
    if version is None:
        raise Http404
    return render(
        request,
        "projects/project_restore.html",
        {"project": project, "version": version, "differences": restore_differences(project, version)},
    )


def _restore(request, project, history_id):
    try:
        project_restore(project=project, by=request.user, history_id=history_id, expected_version=_version(request))
    except EditConflict:
        messages.error(request, _("The project changed since you opened it; look at the history again before restoring."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The earlier version was restored."))
    return redirect("projects:detail", pk=project.pk)
