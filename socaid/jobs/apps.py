from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs: below partners, projects and reporting, which each register the kinds of job they run."""

    name = "socaid.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
