from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Programmes and the project bank")

    def ready(self):
        # The kinds of job this app runs register themselves when imported; the worker runs no view, yet must know them.
        from projects import import_jobs  # noqa: F401
        from projects.views import bank  # noqa: F401
