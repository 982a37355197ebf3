"""The coordinator's follow-up of a reporting round: every obliged unit with where its report stands."""
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import AnnualReport
from reporting.models.rounds import PROVINCE_TZ

Status = AnnualReport.Status

# Where a unit's report stands, as the round page, its spreadsheet and the year-end summary name it.
STATE_LABELS = {
    "not_started": _("not started"),
    "draft": _("draft"),
    "submitted_on_time": _("submitted on time"),
    "submitted_late": _("submitted late"),
    "returned": _("returned for revision"),
    "accepted": _("accepted"),
    "missing": _("missing"),
}


@dataclass
class UnitState:
    organisation: object
    state: str  # not_started, draft, submitted_on_time, submitted_late, returned, accepted, missing
    days: int  # days left before the deadline (positive) or days late (negative), in the province's calendar
    report: object = None

    @property
    def days_late(self):
        return max(0, -self.days)

    @property
    def label(self):
        return STATE_LABELS[self.state]


def follow_up(round_, now=None):
    """Two queries whatever the number of units."""
    now = now or timezone.now()
    reports = {r.organisation_id: r for r in AnnualReport.objects.filter(round=round_).select_related("round")}
    today = now.astimezone(PROVINCE_TZ).date()
    days = (round_.local_deadline_date() - today).days
    closed = now > round_.freezes_at
    states = []
    for unit in round_.units.order_by("name"):
        report = reports.get(unit.pk)
        states.append(UnitState(unit, _state(report, closed), days, report))
    return states


def _state(report, closed):
    if report is None:
        return "missing" if closed else "not_started"
    if report.status == Status.ACCEPTED:
        return "accepted"
    if report.status == Status.RETURNED:
        return "returned"
    if report.status == Status.SUBMITTED:
        return "submitted_late" if report.submitted_late else "submitted_on_time"
    return "missing" if closed and not report.reopened_until else "draft"
