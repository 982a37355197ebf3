"""The coordinator's follow-up of a reporting round: every obliged unit with where its report stands."""
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import get_language, ngettext

from reporting.formatting import printed_date
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
    # Before the deadline (positive) or after it (negative), in the province's calendar: for a unit that has sent
    # its report, from the day it first sent it; for one that has not, from today.
    days: int
    report: object = None
    sent_on: datetime.date | None = None  # the day the report was first sent, in the province's calendar

    @property
    def days_left(self):
        """Days left before the deadline; None for a unit that has sent its report, whose clock has stopped."""
        return None if self.sent_on else max(0, self.days)

    @property
    def days_late(self):
        return max(0, -self.days)

    @property
    def timing(self):
        """What the round page and its spreadsheet say of the unit's time: when it sent, or how long it has."""
        if self.sent_on:
            day = printed_date(self.sent_on, get_language())
            if not self.days_late:
                return _("sent on %(day)s, on time") % {"day": day}
            return ngettext("sent on %(day)s, %(count)d day late", "sent on %(day)s, %(count)d days late", self.days_late) % {
                "day": day, "count": self.days_late,
            }
        if self.days >= 0:
            return ngettext("%(count)d day left", "%(count)d days left", self.days) % {"count": self.days}
        return ngettext("not sent, %(count)d day late", "not sent, %(count)d days late", self.days_late) % {"count": self.days_late}

    @property
    def label(self):
        return STATE_LABELS[self.state]


def follow_up(round_, now=None):
    """Two queries whatever the number of units."""
    now = now or timezone.now()
    reports = {r.organisation_id: r for r in AnnualReport.objects.filter(round=round_).select_related("round")}
    deadline = round_.local_deadline_date()
    today = now.astimezone(PROVINCE_TZ).date()
    closed = now > round_.freezes_at
    states = []
    for unit in round_.units.order_by("name"):
        report = reports.get(unit.pk)
        sent = report.first_submitted_at if report else None
        sent_on = sent.astimezone(PROVINCE_TZ).date() if sent else None
        days = (deadline - (sent_on or today)).days
        if report is not None and report.submitted_late:
            days = min(days, -1)  # a deadline before the end of its day: sent late on the deadline's own day
        states.append(UnitState(unit, _state(report, closed), days, report, sent_on))
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


@dataclass
class RoundEntry:
    """A round as the list of rounds shows it; ``countdown`` only for a round of the current year."""

    round: object
    own_units: list
    countdown: str = ""


def rounds_in_order(rounds, own, now=None):
    """The rounds of the current year (in the province's calendar) first, each with the days left before its
    deadline or gone past it, then the others by year, latest first. ``own``: the units whose reports the user
    writes, listed under each round that obliges them."""
    today = (now or timezone.now()).astimezone(PROVINCE_TZ).date()
    entries = []
    for round_ in sorted(rounds, key=lambda r: (r.year != today.year, -r.year, r.programme.start_year)):
        units = [unit for unit in round_.units.all() if unit.pk in own]
        entries.append(RoundEntry(round_, units, _countdown(round_, today) if round_.year == today.year else ""))
    return entries


def _countdown(round_, today):
    days = (round_.local_deadline_date() - today).days
    if days >= 0:
        return ngettext("%(count)d day left", "%(count)d days left", days) % {"count": days}
    return ngettext("%(count)d day past the deadline", "%(count)d days past the deadline", -days) % {"count": -days}
