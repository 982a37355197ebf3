from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from reporting.access import access_for, is_open_for_writing
from reporting.models import AnnualReport, ReminderSent, ReportEvent, ReportingRound
from reporting.services import report_lock_for_save, report_save
from reporting.services.reports import NARRATIVE
from socaid.admin_writes import (
    OPENED_VERSION,
    OpenedVersionAdmin,
    OpenedVersionForm,
    ReadOnlyAdmin,
)


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read only. A round is opened, and its units changed, on its pages (reporting/services/rounds.py), which keep a
    unit that started its report in the round; a deadline moved here would reopen every frozen report with no entry
    in any timeline, where the portal reopens one report at a time, saying why; deleting a round would delete its
    reports, accepted ones too."""

    list_display = ["year", "programme", "deadline", "grace_days", "opened_by", "opened_at"]
    list_filter = ["programme", "year"]
    list_select_related = ["programme", "opened_by"]

    def view_on_site(self, obj):
        return reverse("reporting:round", args=[obj.pk])


class ReportEventInline(admin.TabularInline):
    """The timeline is written by the report's steps alone."""

    model = ReportEvent
    extra = 0
    readonly_fields = ["action", "actor", "at", "comment", "late"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AnnualReportForm(OpenedVersionForm):
    class Meta:
        model = AnnualReport
        fields = list(NARRATIVE)

    def clean(self):
        """What report_save would refuse (a report sent or frozen meanwhile, someone's save since the form was
        opened), said on the form with the portal's words; the report stays locked until the admin saves it."""
        data = super().clean()
        report_lock_for_save(report=self.instance, by=self.by, expected_version=data.get(OPENED_VERSION))
        return data


@admin.register(AnnualReport)
class AnnualReportAdmin(OpenedVersionAdmin, admin.ModelAdmin):
    """A report the portal still lets its writers change has its narrative saved through report_save, as on the
    report's page: the role and the version checked, the timeline's entry, the version bumped. One the portal has
    locked (sent, accepted, or frozen with the round) is read only here too. The unit and the round never change."""

    form = AnnualReportForm
    list_display = ["organisation", "round", "status", "submitted_at", "first_submitted_at"]
    list_filter = ["round", "status"]
    search_fields = ["organisation__name", "results", "difficulties", "proposals"]
    list_select_related = ["organisation", "round__programme"]
    fields = ["organisation", "round", "status", "version", "submitted_at", "first_submitted_at", "reopened_until", *NARRATIVE]
    # Status and times move only through reporting/services/, which keeps the timeline.
    readonly_fields = ["organisation", "round", "status", "submitted_at", "first_submitted_at", "reopened_until", "version"]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False  # a report is started on its round's page, which gives it a line for each of the unit's projects

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or _writable(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or _writable(request.user, obj))

    def save_model(self, request, obj, form, change):
        narrative = {name: form.cleaned_data[name] for name in NARRATIVE}
        report_save(report=obj, by=request.user, expected_version=form.cleaned_data[OPENED_VERSION], **narrative)

    def view_on_site(self, obj):
        return reverse("reporting:report", args=[obj.round_id, obj.organisation_id])


def _writable(user, report):
    """As the report's page decides it."""
    return is_open_for_writing(report, timezone.now()) and access_for(user).can_write_report(report)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "days_before", "sent_at", "recipients"]
    list_filter = ["round", "days_before"]
    list_select_related = ["round", "organisation"]
