from django.contrib import admin

from reporting.models import AnnualReport, ReminderSent, ReportEvent, ReportingRound


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "programme", "deadline", "grace_days", "opened_by", "opened_at"]
    list_filter = ["programme", "year"]
    filter_horizontal = ["units"]
    list_select_related = ["programme", "opened_by"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["action", "actor", "at", "comment", "late"]
    can_delete = False


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "round", "status", "submitted_at", "first_submitted_at"]
    list_filter = ["round", "status"]
    search_fields = ["organisation__name", "results", "difficulties", "proposals"]
    list_select_related = ["organisation", "round__programme"]
    # Status and times move only through reporting/services/, which keeps the timeline.
    readonly_fields = ["status", "submitted_at", "first_submitted_at", "reopened_until", "version"]
    inlines = [ReportEventInline]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "days_before", "sent_at", "recipients"]
    list_filter = ["round", "days_before"]
    list_select_related = ["round", "organisation"]
