"""The certificates to watch: those ending in the next 90 days, and the NGOs working in the province without a
valid one (Decree 58/2022/NĐ-CP lets an NGO work only under a certificate in force).

"Working in the province" reads the pipeline (projects) and the annual reports (reporting); partners, where the
registry lives, may not import either (dependencies point partners ← projects ← reporting), so the query lives
here, in the one app that sees all three. An NGO works in the province, on a day, when it
- has a pledge or an aid agreement on a current project (neither completed nor withdrawn),
- is the committed NGO of a project being carried out (committed, approved or implementing), or
- is named among the NGOs worked with in an annual report of the day's year (whatever the report's state: a unit
  that names it in a draft already worked with it).
"""
import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from partners.models import NGO, NGORegistration
from projects.lifecycle import CLOSED
from projects.models import Project
from projects.models.pipeline import Agreement, Pledge
from reporting.models import ReportNGO

WINDOW = datetime.timedelta(days=90)
CARRIED_OUT = (Project.Status.COMMITTED, Project.Status.APPROVED, Project.Status.IMPLEMENTING)
REASONS = {
    "in_pipeline": _("pledge or aid agreement on a current project"),
    "carries_out": _("committed NGO of a project being carried out"),
    "in_report": _("named in this year's annual reports"),
}


@dataclass
class CertificateWatch:
    today: datetime.date
    until: datetime.date
    expiring: list  # NGORegistration, soonest first, each with its ngo
    unregistered: list  # NGO, each with .reasons (labels) and .last_registration (or None)


def working_in_province(today):
    """NGOs annotated with why they work in the province on ``today``; filter on any of the REASONS' names."""
    current = Project.objects.exclude(status__in=CLOSED)
    return NGO.objects.annotate(
        in_pipeline=ExpressionWrapper(
            Q(Exists(Pledge.objects.filter(ngo=OuterRef("pk"), project__in=current)))
            | Q(Exists(Agreement.objects.filter(ngo=OuterRef("pk"), project__in=current))),
            output_field=BooleanField(),
        ),
        carries_out=Exists(Project.objects.filter(ngo=OuterRef("pk"), status__in=CARRIED_OUT)),
        in_report=Exists(ReportNGO.objects.filter(ngo=OuterRef("pk"), report__round__year=today.year)),
    )


def certificate_watch(today) -> CertificateWatch:
    until = today + WINDOW
    expiring = list(
        NGORegistration.objects.expiring_between(today, until).select_related("ngo").prefetch_related("provinces").order_by("expires_on", "ngo__name_original")
    )
    working = working_in_province(today)
    unregistered = list(
        working.exclude(in_pipeline=False, carries_out=False, in_report=False)
        .without_valid_registration_on(today)
        .prefetch_related(Prefetch("registrations", NGORegistration.objects.order_by("-expires_on")))
        .order_by("name_original", "pk")
    )
    for ngo in unregistered:
        ngo.reasons = [label for name, label in REASONS.items() if getattr(ngo, name)]
        ngo.last_registration = next(iter(ngo.registrations.all()), None)
    return CertificateWatch(today=today, until=until, expiring=expiring, unregistered=unregistered)
