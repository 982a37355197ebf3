"""The engagements' pages: the list with its filters and the follow-ups due, one engagement with its follow-ups
and the workshop pack's form, and the coordinator's forms. Anyone with a role reads them; the coordinator writes."""
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partners.roles import rules_of
from projects.lifecycle import PUBLIC
from projects.engagement_forms import EngagementFilterForm, EngagementForm, FollowUpDoneForm, FollowUpForm
from projects.models import Engagement, FollowUp
from projects.models.engagements import DUE_WITHIN_DAYS
from projects.services.engagements import engagement_create, engagement_update, follow_up_add, follow_up_done
from socaid.service_errors import run_service

PAGE_SIZE = 30


def _today():
    return timezone.localdate()


@require_http_methods(["GET", "HEAD"])
def engagements_list(request):
    rules = rules_of(request.user)
    rules.require_role()
    form = EngagementFilterForm(request.GET)
    page = Paginator(form.apply(Engagement.objects.for_list()), PAGE_SIZE).get_page(request.GET.get("page"))
    today = _today()
    due = FollowUp.objects.due_by(today + datetime.timedelta(days=DUE_WITHIN_DAYS)).select_related("engagement", "responsible_organisation")
    return render(
        request,
        "projects/engagements/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(engagement, [f.state(today) for f in engagement.follow_ups.all()]) for engagement in page.object_list],
            "due": [(follow_up, follow_up.state(today)) for follow_up in due.order_by("due_date", "pk")],
            "can_write": rules.is_coordinator,
        },
    )


@require_http_methods(["GET", "HEAD"])
def engagement_detail(request, pk):
    rules = rules_of(request.user)
    rules.require_role()
    engagement = get_object_or_404(Engagement.objects.for_list(), pk=pk)
    return _detail(request, engagement, rules)


def _detail(request, engagement, rules, follow_up_form=None, status=200):
    today = _today()
    projects = list(engagement.projects.all())
    return render(
        request,
        "projects/engagements/detail.html",
        {
            "engagement": engagement,
            "projects": projects,
            # The pack points each project to its public page: only public projects can be in it.
            "pack_projects": [project for project in projects if project.status in PUBLIC],
            "follow_ups": [(follow_up, follow_up.state(today)) for follow_up in engagement.follow_ups.all()],
            "follow_up_form": follow_up_form or (FollowUpForm() if rules.is_coordinator else None),
            "done_form": FollowUpDoneForm(initial={"done_on": today}) if rules.is_coordinator else None,
            "can_write": rules.is_coordinator,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def engagement_create_view(request):
    rules_of(request.user).require_coordinator()
    form = EngagementForm(request.POST or None, initial={"date": _today()})
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda data: engagement_create(
            fields=form.service_fields(), ngos=data["ngos"], projects=data["projects"], by=request.user))
        if saved:
            messages.success(request, _("The engagement was recorded."))
            return redirect("projects:engagement", pk=saved.pk)
    return render(request, "projects/engagements/form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def engagement_edit(request, pk):
    rules_of(request.user).require_coordinator()
    engagement = get_object_or_404(Engagement, pk=pk)
    form = EngagementForm(request.POST or None, instance=engagement)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda data: engagement_update(
            engagement=engagement, fields=form.service_fields(), ngos=data["ngos"], projects=data["projects"], by=request.user))
        if saved:
            messages.success(request, _("Your changes were saved."))
            return redirect("projects:engagement", pk=engagement.pk)
    return render(request, "projects/engagements/form.html", {"form": form, "engagement": engagement}, status=400 if form.errors else 200)


@require_POST
def follow_up_add_view(request, pk):
    rules = rules_of(request.user)
    rules.require_coordinator()
    engagement = get_object_or_404(Engagement.objects.for_list(), pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid() and run_service(form, lambda data: follow_up_add(engagement=engagement, fields=data, by=request.user)):
        messages.success(request, _("The follow-up action was added."))
        return redirect("projects:engagement", pk=engagement.pk)
    return _detail(request, engagement, rules, follow_up_form=form, status=400)


@require_POST
def follow_up_done_view(request, pk):
    rules_of(request.user).require_coordinator()
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpDoneForm(request.POST)
    if form.is_valid():
        try:
            follow_up_done(follow_up=follow_up, done_on=form.cleaned_data["done_on"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Marked done.") if form.cleaned_data["done_on"] else _("The action is open again."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect("projects:engagement", pk=follow_up.engagement_id)

