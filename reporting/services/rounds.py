"""Opening a reporting round, who is obliged to report, and who may read or write a unit's report."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import Organisation
from projects.access import access_for
from reporting.models import AnnualReport, ReportingRound
from reporting.models.rounds import PROVINCE_TZ, default_deadline


def can_read_report(user, report):
    """The coordinator and the unit's own officers; no other unit."""
    access = access_for(user)
    return access.is_coordinator or any(org.pk == report.organisation_id for org in access.officer_organisations)


can_write_report = can_read_report


def is_frozen(report, now):
    """After the deadline and its grace period a report no longer changes, unless the coordinator reopened it."""
    if report.reopened_until and now <= report.reopened_until:
        return False
    return now > report.round.freezes_at


def is_open_for_writing(report, now):
    """Whether the unit's officers may still change the report: a draft or returned report the round has not frozen."""
    return report.status in (AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED) and not is_frozen(report, now)


def require_writable(report, by, now):
    """Refuse a write by someone outside the unit, to a report already sent, or after the round froze."""
    if not can_write_report(by, report):
        raise PermissionDenied
    if report.status not in (AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED):
        raise ValidationError(_("A submitted or accepted report cannot be changed."))
    if is_frozen(report, now):
        raise ValidationError(closed_message(report))


def closed_message(report):
    day = report.round.freezes_at.astimezone(PROVINCE_TZ).strftime("%d/%m/%Y")
    return _("The round closed on %(day)s; ask the coordinator to reopen your report.") % {"day": day}


def obliged_units(programme, year, deadline):
    """The programme's host agencies that existed in ``year``.

    One that a reform ended during the year reports through its recorded
    successor; without a recorded successor it still answers for its year.
    """
    day = deadline.astimezone(PROVINCE_TZ).date()
    candidates = (
        Organisation.objects.filter(projects__programme=programme)
        .valid_in_years(year, year)
        .distinct()
        .prefetch_related("successions_out__successor")
    )
    units = set()
    for org in candidates:
        successors = [s.successor for s in org.successions_out.all() if s.successor.is_valid_on(day)]
        units.update(successors if successors and not org.is_valid_on(day) else [org])
    return sorted(units, key=lambda org: org.name)


@transaction.atomic
def round_open(*, programme, year, by, deadline=None, grace_days=0, reminder_days=None, units=None):
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    if ReportingRound.objects.filter(programme=programme, year=year).exists():
        raise ValidationError(_("A reporting round for %(year)s is already open.") % {"year": year})
    deadline = deadline or default_deadline(year)
    round_ = ReportingRound.objects.create(
        programme=programme,
        year=year,
        deadline=deadline,
        grace_days=grace_days,
        reminder_days=sorted(set(reminder_days if reminder_days is not None else [14, 7, 1, 0]), reverse=True),
        opened_by=by,
    )
    round_.units.set(units if units is not None else obliged_units(programme, year, deadline))
    return round_




@transaction.atomic
def round_add_units(*, round_, units, by):
    """Oblige more units to report in the round: a reform's new units, say, whose predecessors were not recorded."""
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    round_.units.add(*units)


@transaction.atomic
def round_remove_unit(*, round_, unit, by):
    """Release a unit from the round; one that has started its report stays, so that nothing it wrote is lost."""
    if not access_for(by).is_coordinator:
        raise PermissionDenied
    if AnnualReport.objects.filter(round=round_, organisation=unit).exists():
        raise ValidationError(_("%(unit)s has started its report; it stays in the round.") % {"unit": unit.name})
    round_.units.remove(unit)
