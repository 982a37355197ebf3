"""The implementation plan's pages: its tasks by year with the progress of each (the coordinator and the leadership
see every task, a lead unit its own), one year's progress of a task with the unit's form and the coordinator's
review, and the grid as a spreadsheet."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projects.access import access_for
from projects.models import PlanTask, Programme, TaskProgress
from projects.plan_forms import PlanFilterForm, ReviewForm, TaskProgressForm
from projects.plan_progress import PlanLeads, plan_grid, recordable_years
from projects.plan_progress_xlsx import plan_progress_xlsx
from projects.services.task_progress import WRITABLE, task_progress_review, task_progress_save
from socaid.downloads import download, file_stem
from socaid.service_errors import run_service

State = TaskProgress.State


@require_http_methods(["GET", "HEAD"])
def plan_progress_list(request):
    rules = access_for(request.user)
    rules.require_role()
    form = PlanFilterForm(request.GET)
    programme, filters = form.chosen(Programme.objects.current())
    if programme is None:
        raise Http404
    leads = PlanLeads()
    years, rows = plan_grid(programme, rules=rules, leads=leads, **filters)
    if request.GET.get("format") == "xlsx":
        return download(plan_progress_xlsx(rows, rules, leads), file_stem("plan-progress", programme.code), "xlsx")
    return render(request, "projects/plan/list.html", {
        "form": form, "programme": programme, "years": years, "rows": rows, "reads_whole_plan": rules.reads_whole_plan,
        "export_query": request.GET.urlencode(),
    })


def _task_and_year(task_pk, year):
    task = get_object_or_404(PlanTask.objects.select_related("programme", "lead"), pk=task_pk)
    leads = PlanLeads()
    if year not in recordable_years(task.programme, leads.today):
        raise Http404
    return task, leads


@require_http_methods(["GET", "HEAD", "POST"])
def task_progress_page(request, task, year):
    rules = access_for(request.user)
    rules.require_role()
    task, leads = _task_and_year(task, year)
    progress = TaskProgress.objects.select_related("organisation", "recorded_by", "reviewed_by").filter(task=task, year=year).first()
    if not rules.can_read_progress(progress, task, leads) and not rules.reads_whole_plan:
        raise PermissionDenied
    can_record = rules.can_record_progress(task, leads) and (progress is None or progress.state in WRITABLE)
    form = None
    if can_record:
        initial = {"version": progress.version if progress else 0}
        form = TaskProgressForm(request.POST or None, instance=progress, initial=initial)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        saved = run_service(form, lambda data: task_progress_save(
            task=task, year=year, fields={name: data[name] for name in ("done", "difficulties", "next_year")}, by=request.user,
            expected_version=data["version"], submit=submit, leads=leads,
        ))
        if saved:
            messages.success(request, _("Submitted to the coordinator for review.") if submit else _("Your changes were saved."))
            return redirect("projects:task_progress", task=task.pk, year=year)
    return _page(request, task, year, progress, leads, rules, form, status=400 if form and form.errors else 200)


def _page(request, task, year, progress, leads, rules, form, review_form=None, status=200):
    review = review_form  # a refused review is shown with its reasons, whatever the state now
    if review is None and rules.is_coordinator and progress and progress.state == State.SUBMITTED:
        review = ReviewForm(initial={"version": progress.version})
    readable = rules.can_read_progress(progress, task, leads)
    versions = list(progress.history.select_related("history_user").order_by("-history_date")) if progress and readable else []
    return render(request, "projects/plan/progress.html", {
        "task": task, "year": year, "progress": progress, "readable": readable, "answering": leads.answering_unit(task),
        "form": form, "review_form": review, "versions": versions,
    }, status=status)


@require_POST
def task_progress_review_view(request, pk):
    rules = access_for(request.user)
    rules.require_coordinator()
    progress = get_object_or_404(TaskProgress.objects.select_related("task__programme", "task__lead", "organisation", "recorded_by"), pk=pk)
    form = ReviewForm(request.POST)
    accept = "accept" in request.POST
    if form.is_valid() and run_service(form, lambda data: task_progress_review(
            progress=progress, accept=accept, note=data["review_note"], by=request.user, expected_version=data["version"])):
        messages.success(request, _("The progress was accepted.") if accept else _("The progress was returned to the unit."))
        return redirect("projects:task_progress", task=progress.task_id, year=progress.year)
    leads = PlanLeads()
    return _page(request, progress.task, progress.year, progress, leads, rules, None, review_form=form, status=400)

