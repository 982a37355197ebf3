from django.contrib import admin

from socaid.admin_writes import ReadOnlyAdmin
from socaid.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read only, to follow the queue: what waits, what failed and why. The files are their requesters' alone and
    are not linked here; a job is started, cancelled and retried on its own pages (socaid/jobs/views.py)."""

    list_display = ["title", "kind", "requested_by", "state", "done", "total", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["requested_by"]
    search_fields = ["title", "requested_by__username"]
    exclude = ["file"]
