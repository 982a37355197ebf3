"""Who may do what in the yearly reporting round, and when a report can still change: the one place views and
services ask.

Builds on the bank's rules (projects/access.py), which build on the roles (partners/roles.py).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from partners.roles import rules_of
from projects.access import Access as BankAccess
from reporting.models import AnnualReport
from reporting.models.rounds import PROVINCE_TZ

WRITABLE = (AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED)


class Access(BankAccess):
    @property
    def runs_rounds(self):
        """Opening rounds, following them up, returning, accepting and reopening reports: the coordinator's."""
        return self.is_coordinator

    @property
    def can_read_summaries(self):
        """The year-end summary sets every unit's report side by side: the coordinator's and the leadership's."""
        return self.is_coordinator or self.is_leadership

    @property
    def can_read_dashboard(self):
        """The dashboard weighs the whole programme against its targets: for those who read the summaries."""
        return self.can_read_summaries

    def can_read_report(self, report):
        """The coordinator and the unit's own officers; no other unit."""
        return self.is_coordinator or self.is_officer_of(report.organisation_id)

    def can_write_report(self, report):
        return self.can_read_report(report)

    def require_rounds(self):
        if not self.runs_rounds:
            raise PermissionDenied

    def require_summaries(self):
        if not self.can_read_summaries:
            raise PermissionDenied

    def require_dashboard(self):
        if not self.can_read_dashboard:
            raise PermissionDenied

    def require_report(self, report):
        if not self.can_read_report(report):
            raise PermissionDenied


def access_for(user) -> Access:
    return rules_of(user, Access)


def writable_until(report):
    """The last moment the unit may change the report: the round's freeze, or a later day the coordinator
    reopened it until (an earlier one does not shorten the round)."""
    return max(filter(None, (report.reopened_until, report.round.freezes_at)))


def is_frozen(report, now):
    """After the deadline and its grace period a report no longer changes, unless the coordinator reopened it."""
    return now > writable_until(report)


def is_open_for_writing(report, now):
    """Whether the unit's officers may still change the report: a draft or returned report the round has not frozen."""
    return report.status in WRITABLE and not is_frozen(report, now)


def require_writable(report, by, now):
    """Refuse a write by someone outside the unit, to a report already sent, or after the round froze."""
    if not access_for(by).can_write_report(report):
        raise PermissionDenied
    if report.status not in WRITABLE:
        raise ValidationError(_("A submitted or accepted report cannot be changed."))
    if is_frozen(report, now):
        raise ValidationError(closed_message(report.round))


def closed_message(round_):
    day = round_.freezes_at.astimezone(PROVINCE_TZ).strftime("%d/%m/%Y")
    return _("The round closed on %(day)s; ask the coordinator to reopen your report.") % {"day": day}


def read_only_reason(report, now):
    """Why the unit's officers can no longer change the report, and whom to ask; None while they can."""
    if report.status == AnnualReport.Status.ACCEPTED:
        return _("The coordinator has accepted this report; it is locked and no longer changes.")
    if report.status == AnnualReport.Status.SUBMITTED:
        return _("The report has been sent and awaits the coordinator's review. To correct it, ask the coordinator to return it.")
    if report.reopened_until and now > report.reopened_until:
        day = report.reopened_until.astimezone(PROVINCE_TZ).strftime("%d/%m/%Y")
        return _("The report was reopened until %(day)s, which has passed; ask the coordinator to reopen it again.") % {"day": day}
    if is_frozen(report, now):
        return closed_message(report.round)
    return None
