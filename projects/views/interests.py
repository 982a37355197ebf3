"""The coordinator's side of NGOs' expressions of interest: the list, and one interest with its follow-up."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners.models import NGO
from partners.roles import rules_of
from projects.interest_forms import InterestFilterForm, InterestLinkForm, InterestMarkForm
from projects.interest_list_xlsx import interest_list_xlsx
from projects.models import Interest
from projects.services.interest_follow_up import interest_link_ngo, interest_mark, suggested_ngos
from socaid.service_errors import add_service_errors
from socaid.downloads import download, file_stem

PAGE_SIZE = 50


@require_http_methods(["GET", "HEAD"])
def interests_list(request):
    rules_of(request.user).require_coordinator()
    form = InterestFilterForm(request.GET)
    interests = form.apply(Interest.objects.for_list())
    if request.GET.get("export") == "xlsx":
        return download(interest_list_xlsx(interests), file_stem("interests"), "xlsx")
    page = Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/interests.html", {"form": form, "page": page, "support": dict(Interest.Support.choices)})


@require_http_methods(["GET", "POST"])
def interest_detail(request, pk):
    rules_of(request.user).require_coordinator()
    interest = get_object_or_404(Interest.objects.for_list(), pk=pk)
    mark_form = InterestMarkForm(initial={"state": interest.state, "note": interest.state_note})
    link_form = InterestLinkForm(initial={"ngo": interest.ngo})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "mark":
            mark_form = InterestMarkForm(request.POST)
            if _saved(request, mark_form, lambda data: interest_mark(interest=interest, state=data["state"], note=data["note"], by=request.user),
                      _("The state was saved.")):
                return redirect("projects:interest", pk=interest.pk)
        elif action == "link":
            link_form = InterestLinkForm(request.POST)
            done = _("The organisation was added to the NGO registry and linked.") if request.POST.get("create") else _("The organisation was linked to the NGO registry.")
            if _saved(request, link_form, lambda data: interest_link_ngo(interest=interest, ngo=data["ngo"], create=data["create"], by=request.user), done):
                return redirect("projects:interest", pk=interest.pk)
    ngos = list(NGO.objects.only("code", "name_original", "name", "name_en", "acronym").order_by("name_original"))
    link_form.fields["ngo"].choices = [("", "---------"), *((ngo.pk, str(ngo)) for ngo in ngos)]  # the list read once, above
    return render(
        request,
        "projects/interest_detail.html",
        {
            "interest": interest,
            "support": [label for value, label in Interest.Support.choices if value in interest.support],
            "mark_form": mark_form,
            "link_form": link_form,
            "suggestions": [ngo for ngo in suggested_ngos(interest.organisation_name, ngos) if ngo.pk != interest.ngo_id],
            "history": interest_history(interest),
        },
        status=400 if (mark_form.errors or link_form.errors) else 200,
    )


def _saved(request, form, write, done):
    """Run the service with the form's data; its refusal shown on the form. True once saved."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, done)
    return True


def interest_history(interest):
    """Each saved version, newest first: who, when, the state, the note and the NGO linked, read in two queries."""
    records = list(interest.history.select_related("history_user").order_by("-history_date", "-history_id"))
    ngos = NGO.objects.in_bulk({record.ngo_id for record in records if record.ngo_id})
    states = dict(Interest.State.choices)
    return [
        {
            "at": record.history_date, "by": record.history_user, "reason": _(record.history_change_reason) if record.history_change_reason else "",
            "state": states.get(record.state, record.state), "note": record.state_note, "ngo": ngos.get(record.ngo_id),
        }
        for record in records
    ]
