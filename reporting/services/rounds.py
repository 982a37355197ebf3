"""Opening a reporting round, who is obliged to report in it, and changing who is."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from partners.models import Organisation
from partners.successions import organisation_successions
from projects.models import Project
from reporting.access import access_for
from reporting.models import AnnualReport, ReportingRound
from reporting.models.rounds import PROVINCE_TZ, check_year_in_programme, default_deadline


def obliged_units(programme, year, deadline):
    """The programme's host agencies that existed in ``year``, or the successors that carry them on by then.

    One that a reform ended during the year reports through its recorded
    successor; without a recorded successor it still answers for its year.
    One that ended before the year (a project taken over from the previous
    programme keeps the host a reform ended where no single successor was
    recorded) reports through its successors that existed in the year, or not
    at all.
    """
    day = deadline.astimezone(PROVINCE_TZ).date()
    # EXISTS per organisation: a join with DISTINCT sorts every project of the programme out first.
    candidates = Organisation.objects.filter(Exists(Project.objects.filter(host_agency=OuterRef("pk"), programme=programme)))
    successions = organisation_successions()
    units = set()
    for org in candidates:
        successors = successions.successors_on(org, day)
        if org.existed_in_years(year, year):
            units.update(successors or [org])
        else:
            units.update(successor for successor in successors if successor.existed_in_years(year, year))
    return sorted(units, key=lambda org: org.name)


@transaction.atomic
def round_open(*, programme, year, by, deadline=None, grace_days=0, reminder_days=None, units=None):
    access_for(by).require_rounds()
    check_year_in_programme(programme, year)
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


def may_report(year):
    """The bodies a round of ``year`` may oblige to report: those that may host a project and existed in the year.
    Central agencies and councils approve, coordinate or oversee aid; they carry out no project to report on."""
    return Organisation.objects.may_host_projects().valid_in_years(year, year)


@transaction.atomic
def round_add_units(*, round_, units, by):
    """Oblige more units to report in the round: a reform's new units, say, whose predecessors were not recorded."""
    access_for(by).require_rounds()
    allowed = set(may_report(round_.year).filter(pk__in=[unit.pk for unit in units]).values_list("pk", flat=True))
    refused = [unit.name for unit in units if unit.pk not in allowed]
    if refused:
        raise ValidationError(
            _("%(units)s cannot report in this round: only the bodies that may host a project and existed in %(year)s report.")
            % {"units": ", ".join(refused), "year": round_.year}
        )
    round_.units.add(*units)


@transaction.atomic
def round_remove_unit(*, round_, unit, by):
    """Release a unit from the round; one that has started its report stays, so that nothing it wrote is lost."""
    access_for(by).require_rounds()
    if AnnualReport.objects.filter(round=round_, organisation=unit).exists():
        raise ValidationError(_("%(unit)s has started its report; it stays in the round.") % {"unit": unit.name})
    round_.units.remove(unit)
