from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from reporting import signals  # noqa: F401  (connects the receivers)
        from reporting.jobs.kinds import load_kinds

        load_kinds()
