import copy

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import WARNING
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partners.admin import NGOAdmin, OrganisationAdmin
from partners.models import NGO, Organisation
from partners.roles import rules_of
from projects.access import access_for
from projects.amounts import format_amount
from projects.imports.flat_export import bank_flat_xlsx
from projects.services import EditConflict, project_admin_lock, project_admin_save, projects_admin_delete
from projects.services.writing import LINE_FIELDS, Stored, project_errors
from projects.models import (
    BudgetLine,
    ImportRecord,
    PlanTask,
    Programme,
    ProgrammeBasis,
    ProgrammeTarget,
    Project,
    Sector,
    SectorOrientation,
)
from socaid.admin_writes import OPENED_VERSION, OpenedVersionAdmin, OpenedVersionForm, ReadOnlyAdmin
from socaid.downloads import download, file_stem


class HistoryToRead:
    """The admin shows a project's or a line's history, and reverts nothing: an earlier version is brought back
    from the project's page (project_restore), which keeps the version and the timeline."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def amount(value):
    return format_amount(value) or "—"


class AmountColumns:
    """The three amount columns of a queryset annotated by with_totals()."""

    @admin.display(description=_("total budget"), ordering="total")
    def total_amount(self, obj):
        return amount(obj.total)

    @admin.display(description=_("aid sought"), ordering="aid_sought")
    def aid_amount(self, obj):
        return amount(obj.aid_sought)

    @admin.display(description=_("counterpart funds"), ordering="counterpart")
    def counterpart_amount(self, obj):
        return amount(obj.counterpart)

    def get_queryset(self, request):
        return self.with_totals(super().get_queryset(request))

    def with_totals(self, queryset):
        return queryset.with_totals()


class ProgrammeBasisInline(admin.TabularInline):
    model = ProgrammeBasis
    extra = 0


class ProgrammeTargetInline(admin.TabularInline):
    model = ProgrammeTarget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "title", "start_year", "end_year", "coordinator"]
    search_fields = ["number", "title", "title_en", "code"]
    list_select_related = ["coordinator"]
    autocomplete_fields = ["issuer", "province", "coordinator", "predecessor"]
    inlines = [ProgrammeBasisInline, ProgrammeTargetInline]


@admin.register(SectorOrientation)
class SectorOrientationAdmin(admin.ModelAdmin):
    list_display = ["letter", "name", "name_en", "programme"]
    list_filter = ["programme"]
    search_fields = ["name", "name_en", "guidance"]
    list_select_related = ["programme"]


@admin.register(Sector)
class SectorAdmin(AmountColumns, admin.ModelAdmin):
    list_display = ["numeral", "name", "programme", "dac_code", "project_count", "total_amount", "aid_amount", "counterpart_amount"]
    list_filter = ["programme"]
    search_fields = ["name", "name_en"]
    list_select_related = ["programme"]
    filter_horizontal = ["orientations"]

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, obj):
        return obj.project_count


class BudgetLineInline(admin.StackedInline):
    model = BudgetLine
    extra = 0
    min_num = 1  # a project has at least one budget line, whichever way it is saved
    fields = [
        "position",
        ("total", "aid_sought", "counterpart"),
        ("description", "description_en"),
        ("notes", "notes_en"),
        ("is_derived", "derivation", "derivation_en"),
        "source_ref",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.action(description=_("Export as the flat list for re-import (Excel)"))
def export_flat_list(modeladmin, request, queryset):
    """Made in the request, so only as many projects as a request writes in about a second; the bank list's own
    export makes any number through a background job."""
    count, most = queryset.count(), settings.JOB_ABOVE_ROWS["xlsx"]
    if count > most:
        modeladmin.message_user(request, _(
            "%(count)s projects are more than this action exports at once (%(most)s). Export them from the project bank's "
            "list instead (This list for editing and re-import), which makes a file of any size in the background."
        ) % {"count": format_amount(count), "most": format_amount(most)}, WARNING)
        return None
    return download(bank_flat_xlsx(queryset), file_stem("bank-flat"), "xlsx")


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Imports are made on the import page or by the commands, which keep the record; the record stays."""

    list_display = ["at", "kind", "file_name", "programme", "by", "created", "updated", "unchanged", "warnings"]
    list_filter = ["kind", "programme"]
    list_select_related = ["programme", "by"]


class ProjectAdminForm(OpenedVersionForm):
    def clean(self):
        """What the writing service would refuse, said on the form: the admin saves after its forms are valid."""
        data = super().clean()
        instance = self.instance
        if instance.pk is not None:
            try:
                project_admin_lock(project=instance, by=self.by, expected_version=data.get(OPENED_VERSION))
            except EditConflict as conflict:
                raise forms.ValidationError(_conflict_messages(conflict)) from None
        candidate = copy.copy(instance)
        for name, value in data.items():
            if name != "admin_units" and name in self._meta.model.CONTENT_FIELDS + ("programme", "sector", "position", "host_agency"):
                setattr(candidate, name, value)
        stored = Stored.of(instance)
        for name, messages in project_errors(candidate, data.get("admin_units"), stored).items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data


def _conflict_messages(conflict):
    """The portal's words for an edit refused because someone saved first, and what they changed."""
    messages = [_("Not saved: someone else changed this project after you opened it")]
    if conflict.users:
        messages.append(_("Changed meanwhile by: %(users)s.") % {"users": ", ".join(conflict.users)})
    if conflict.changes:
        messages.append(_("Changed meanwhile: %(fields)s.") % {"fields": ", ".join(str(change.label) for change in conflict.changes)})
    messages.append(_("Your edits are still in the form below. Compare, then open the project again to edit its latest version."))
    return messages


class EditableWhileOpen:
    """A withdrawn or completed project is closed on its page, for the coordinator too: the admin shows it read-only
    (its lines with it, as Django does with a parent it may not change) and deletes it no more than the page does."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or access_for(request.user).can_edit(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or access_for(request.user).can_edit(obj))


@admin.register(Project)
class ProjectAdmin(OpenedVersionAdmin, EditableWhileOpen, HistoryToRead, AmountColumns, SimpleHistoryAdmin):
    form = ProjectAdminForm
    actions = [export_flat_list]
    list_display = ["number", "name", "agency", "period", "total_amount", "aid_amount", "counterpart_amount", "status"]
    list_display_links = ["number", "name"]
    list_filter = ["programme", "sector", "status", ("host_agency", admin.RelatedOnlyFieldListFilter), "start_year", "end_year"]
    search_fields = ["code", "name", "name_en", "content", "content_en", "location_text", "host_agency__name"]
    list_select_related = ["sector", "host_agency"]
    autocomplete_fields = ["host_agency", "admin_units", "carried_over_from"]
    # Status moves only through the workflow services, which keep the timeline.
    readonly_fields = ["source_text", "status", "version"]
    inlines = [BudgetLineInline]
    fieldsets = [
        (None, {"fields": ["code", "programme", "sector", "position", "status", "version", "host_agency"]}),
        (_("Name and content"), {"fields": [("name", "name_en"), ("content", "content_en"), ("notes", "notes_en")]}),
        (_("Place and period"), {"fields": [("location_text", "location_text_en"), "admin_units", ("start_year", "end_year")]}),
        (_("Funding"), {"fields": ["counterpart_source", "carried_over_from"]}),
        (_("Contact published with the project"), {"fields": [("contact_name", "contact_email", "contact_phone")]}),
        (_("Provenance"), {"classes": ["collapse"], "fields": ["source_document", "source_ref", "source_text", "corrections"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(access_for(request.user))

    def with_totals(self, queryset):
        # Each row's sums asked of its own lines: the join summed all 100,000 projects of a bank to show 100 (1.4 s).
        return queryset.with_totals_per_row()

    def get_readonly_fields(self, request, obj=None):
        # The code names the project in imports and links: chosen once, when the project is made.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related writes the project with its units and budget lines through the service."""

    def save_related(self, request, form, formsets, change):
        (lines,) = [formset for formset in formsets if formset.model is BudgetLine]
        fields = {name: value for name, value in form.cleaned_data.items() if name not in ("code", "admin_units")}
        project_admin_save(
            project=form.instance, by=request.user, expected_version=fields.pop(OPENED_VERSION),
            fields=fields, admin_units=form.cleaned_data["admin_units"], lines=_admin_lines(lines),
        )

    def delete_model(self, request, obj):
        projects_admin_delete(projects=Project.objects.filter(pk=obj.pk), by=request.user)

    def delete_queryset(self, request, queryset):
        projects_admin_delete(projects=queryset, by=request.user)

    @admin.display(description=_("No."), ordering="sector__position")
    def number(self, obj):
        return f"{obj.sector.numeral}.{obj.position}"

    @admin.display(description=_("host agency"), ordering="host_agency__name")
    def agency(self, obj):
        return obj.host_agency.printed_name()

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, obj):
        return obj.period_label


def _admin_lines(formset):
    """The inline's lines as the writing service takes them, ordered by the numbers the user gave; the formset's
    record of what it added, changed and deleted is kept for the admin's log."""
    forms_kept = [form for form in formset.forms if (form.has_changed() or form.instance.pk) and form not in formset.deleted_forms]
    forms_kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
    formset.new_objects = [form.instance for form in forms_kept if not form.instance.pk]
    formset.changed_objects = [(form.instance, form.changed_data) for form in forms_kept if form.instance.pk and form.has_changed()]
    formset.deleted_objects = [form.instance for form in formset.deleted_forms if form.instance.pk]
    return [
        {name: value for name, value in form.cleaned_data.items() if name in LINE_FIELDS} | {"id": form.instance.pk}
        for form in forms_kept
    ]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin, HistoryToRead, SimpleHistoryAdmin):
    """Lines are changed with their project (its page, or the project's admin form), which keeps its version."""

    list_display = ["project", "position", "total", "aid_sought", "counterpart", "is_derived"]
    list_filter = ["is_derived", "project__programme", "project__sector"]
    search_fields = ["description", "project__name", "project__code"]
    list_select_related = ["project__sector"]
    autocomplete_fields = ["project"]


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ["position", "content", "timing", "lead", "coordinators_text"]
    list_filter = ["programme", ("lead", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["content", "content_en", "coordinators_text"]
    list_select_related = ["lead"]
    autocomplete_fields = ["lead", "coordinators"]


class RegistryImports:
    """The registry's lists import and export on the bank's import page alone, which previews a file, refuses one
    it cannot read whole (too big, too long, a formula without its result, a password) and records the import
    (ImportRecord): the list's buttons and its old import address lead there, for the coordinator."""

    change_list_template = "admin/registry_change_list.html"
    registry_kind = ""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name), *super().get_urls()]

    def import_view(self, request):
        if not rules_of(request.user).is_coordinator:
            raise PermissionDenied
        return redirect(self.import_page())

    def import_page(self):
        return f"{reverse('projects:import')}?{urlencode({'kind': self.registry_kind})}"

    def changelist_view(self, request, extra_context=None):
        if rules_of(request.user).is_coordinator:
            extra_context = {**(extra_context or {}), "registry_kind": self.registry_kind, "import_page": self.import_page()}
        return super().changelist_view(request, extra_context)


# The registry's lists import through the bank's import page, so partners' own admin is extended here rather than
# depending on the projects app.
admin.site.unregister(Organisation)
admin.site.unregister(NGO)


@admin.register(Organisation)
class OrganisationImportAdmin(RegistryImports, OrganisationAdmin):
    registry_kind = ImportRecord.Kind.ORGANISATIONS

    def get_search_results(self, request, queryset, search_term):
        """A project's host-agency box offers only the bodies that may host one; the save checks the years."""
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "project" and request.GET.get("field_name") == "host_agency":
            queryset = queryset.may_host_projects()
        return queryset, duplicates


@admin.register(NGO)
class NGOImportAdmin(RegistryImports, NGOAdmin):
    registry_kind = ImportRecord.Kind.NGOS
