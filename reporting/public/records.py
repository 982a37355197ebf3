"""What the open data (the API, the catalogue's CSV, the IATI file) says of a public project beyond its fields."""
from django.db.models import Prefetch

from partners.models import AdministrativeUnit
from projects.models import BudgetLine
from socaid.links import absolute_url


def with_related(projects):
    """``projects`` (a queryset from Project.objects.public()) with everything the open data prints of each, in a
    fixed number of queries however many there are."""
    return projects.select_related("programme__issuer", "sector__programme", "host_agency", "ngo").prefetch_related(
        Prefetch("lines", queryset=BudgetLine.objects.order_by("position")),
        Prefetch("admin_units", queryset=AdministrativeUnit.objects.order_by("level", "name", "pk")),
    )


def page_url(project, language):
    """The absolute address of the project's public page in ``language``."""
    return absolute_url("public:project", lang=language, code=project.code)
