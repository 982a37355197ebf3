from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from reporting import signals  # noqa: F401  (connects the receivers)

        # The kinds of job this app runs register themselves when imported; the worker runs no view, yet must know them.
        from reporting import pack_views, summary_views, views  # noqa: F401
        from reporting.public import appendix_downloads, open_data  # noqa: F401
