"""The coordinator's import page: upload, preview what the file would do, confirm to apply it all at once."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from projects.access import access_for
from projects.import_jobs import start_preview
from projects.imports import pending
from projects.imports.flat_export import bank_template_xlsx
from projects.imports.issues import UnreadableFile
from projects.imports.kinds import KINDS, plan_file
from projects.imports.plan import plan_digest
from projects.imports.resources import (
    NGOResource,
    OrganisationResource,
    SuccessionResource,
)
from projects.imports.size import count_rows
from projects.imports.workbook import read_bytes
from projects.models import ImportRecord, Programme
from projects.services import import_apply
from socaid.downloads import download, file_stem
from socaid.spreadsheet_formats import SafeCSV, SafeXLSX


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Layout of the file"), choices=[(key, label) for key, (label, _planner) in KINDS.items()])
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.all(), empty_label=None,
        help_text=gettext_lazy("The bank's layouts import into this programme; the NGO registry and the organisations belong to none."),
    )
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx, or .csv for the flat list)"))


def _require_coordinator(request):
    if not access_for(request.user).is_coordinator:
        raise PermissionDenied


def import_page(request):
    _require_coordinator(request)
    # The registry's admin lists link here with their layout chosen (?kind=ngos).
    initial = {"programme": Programme.objects.order_by("-start_year").first(), "kind": request.GET.get("kind")}
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = read_bytes(upload, upload.name)
            if count_rows(content, upload.name) > settings.JOB_ABOVE_ROWS["import"]:
                job = start_preview(content, by=request.user, kind=form.cleaned_data["kind"], name=upload.name, programme=form.cleaned_data["programme"])
                return redirect("jobs:job", pk=job.pk)
            plan = plan_file(form.cleaned_data["kind"], content, upload.name, form.cleaned_data["programme"])
        except UnreadableFile as error:
            form.add_error("file", error.message)
        else:
            token = None
            if not plan.errors:  # a file with errors cannot be confirmed, so it is not kept
                token = pending.keep(
                    request, content, kind=form.cleaned_data["kind"], name=upload.name,
                    programme_id=form.cleaned_data["programme"].pk, digest=plan_digest(plan),
                )
            return _preview(request, plan, token)
    records = ImportRecord.objects.select_related("by", "programme")[:20]
    return render(request, "projects/import.html", {"form": form, "records": records}, status=400 if request.method == "POST" else 200)


def import_template(request):
    _require_coordinator(request)
    chosen = request.GET.get("programme", "")
    programme = (Programme.objects.filter(pk=chosen).first() if chosen.isdigit() else None) or Programme.objects.order_by("-start_year").first()
    return download(bank_template_xlsx(programme), file_stem("bank-template"), "xlsx", stamped=False)


REGISTRIES = {"ngos": NGOResource, "organisations": OrganisationResource, "successions": SuccessionResource}
FORMATS = {"xlsx": SafeXLSX, "csv": SafeCSV}


def registry_export(request, kind, extension):
    """The NGO registry, the organisations or the units' successions in the columns their import reads back."""
    _require_coordinator(request)
    if kind not in REGISTRIES or extension not in FORMATS:
        raise Http404
    resource = REGISTRIES[kind]
    content = FORMATS[extension]().export_data(resource().export(resource.exported()))
    return download(content, file_stem(kind), extension, stamped=False)


@require_POST
def import_confirm(request):
    _require_coordinator(request)
    kept, content = pending.kept_upload(request, request.POST.get("token"))
    if kept is None:
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("projects:import")
    # The bank may have changed since the preview: the plan is made again from the kept file.
    plan = plan_file(kept["kind"], content, kept["name"], Programme.objects.get(pk=kept["programme"]))
    if plan_digest(plan) != kept["digest"]:
        # Someone changed the bank since the preview: what the import would do now is shown, not done.
        pending.update_digest(request, plan_digest(plan))
        messages.warning(request, _("The bank changed after your preview; this is what the import would do now. Confirm again if it is right."))
        return _preview(request, plan, kept["token"], status=409)
    try:
        record = import_apply(plan=plan, by=request.user)
    except ValidationError as error:
        if not plan.errors:
            messages.error(request, " ".join(error.messages))
        return _preview(request, plan, kept["token"], status=409 if not plan.errors else 400)
    except (IntegrityError, DataError):
        # The plan checks what the database refuses; should something still slip through, nothing was saved.
        messages.error(request, _("The database refused the import; nothing was saved. Check the file and preview it again."))
        return _preview(request, plan, kept["token"], status=400)
    pending.forget(request)
    messages.success(
        request,
        _("Imported “%(file)s”: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"file": record.file_name, "created": record.created, "updated": record.updated, "unchanged": record.unchanged},
    )
    return redirect("projects:import")


def _preview(request, plan, token, status=200):
    context = {"plan": plan, "token": token, "confirm_url": reverse("projects:import_confirm")}
    return render(request, "projects/import_preview.html", context, status=400 if plan.errors else status)
