"""The aid pipeline of a project, step by step: an NGO's pledge (from its expression of interest or not), the aid
agreement that commits the money, its approval under Decree 313/2025/NĐ-CP, disbursements by year, and the
province's counterpart funds planned and spent by year.

Each step locks the project, checks the role (projects/access.py), writes its record with its author in the
record's history, adds an entry to the project's timeline and, once committed, mails the host agency's officers as
the workflow's steps do. Where the pipeline knows better than a hand-set status, the project follows it: its first
agreement commits it, the approval of the agreement approves it, the first money paid out starts its implementation.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from projects.access import access_for
from projects.lifecycle import TRANSITIONS
from projects.models import Interest, Project, ProjectEvent
from projects.models.pipeline import VND, Agreement, CounterpartFunds, Disbursement, Pledge
from projects.models.proposals import PLAUSIBLE_YEARS
from projects.notifications import notify_event
from projects.services.interest_follow_up import interest_mark
from projects.services.writing import ProjectWrite, projects_write

Status = Project.Status
Action = ProjectEvent.Action


def _locked(project, by, may):
    """The project locked for the step, if ``may(access, project)`` lets ``by`` take it."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not may(access_for(by), project):
        raise PermissionDenied
    return project


def _money(*, amount, currency, rate_to_vnd, rate_date, rate_source, day):
    """An amount in its currency with its rate, checked and normalised: the fields of a ForeignAmount. A VND amount
    is its own rate (1), dated ``day`` (the entry's) unless a date is given."""
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError({"currency": _("Write the currency as its three-letter ISO code: VND, USD, EUR…")})
    if currency == VND:
        rate_to_vnd, rate_date = Decimal(1), rate_date or day
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if rate_to_vnd is None or rate_to_vnd <= 0:
        raise ValidationError({"rate_to_vnd": _("Enter the rate to VND: how many VND one unit of the currency is worth.")})
    if rate_date is None:
        raise ValidationError({"rate_date": _("Enter the date of the rate.")})
    return {"amount": amount, "currency": currency, "rate_to_vnd": rate_to_vnd, "rate_date": rate_date, "rate_source": (rate_source or "").strip()}


def _saved(record, by, reason):
    record.recorded_by = by
    record._history_user = by
    record._change_reason = reason  # a message id: the history shows it in each reader's language
    record.full_clean(validate_unique=False, validate_constraints=False)  # lengths and choices; the rules are checked above
    record.save()
    return record


def _year(year, field="year"):
    if year is None or not PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1]:
        raise ValidationError({field: _("Enter a year between %(first)d and %(last)d.") % {"first": PLAUSIBLE_YEARS[0], "last": PLAUSIBLE_YEARS[1]}})
    return year


def _timeline(project, action, by, *, from_status, ngo=None, organisation=None, comment="", decision_number="", decision_date=None):
    event = ProjectEvent.objects.create(
        project=project, action=action, from_status=from_status, to_status=project.status, actor=by, ngo=ngo,
        organisation=organisation, comment=(comment or "").strip(), decision_number=decision_number, decision_date=decision_date,
    )
    transaction.on_commit(lambda: notify_event(event.pk))
    return event


def _follow(project, step, by, fields=None):
    """Move the project by the workflow's ``step`` when the pipeline has just done what the step records, and only
    from the statuses the step starts from: a project already further on stays where it is."""
    if project.status not in TRANSITIONS[step][0]:
        return project
    with translation.override(None):
        reason = str(Action(step).label)
    projects_write([ProjectWrite(project, {"status": TRANSITIONS[step][1], **(fields or {})})], by=by, reason=reason)
    return project


@transaction.atomic
def pledge_record(*, project, by, ngo, amount, currency, rate_to_vnd, rate_date, pledged_on, rate_source="", notes="", interest=None):
    """An NGO says it will fund the project: the amount in its currency, on a day."""
    project = _locked(project, by, lambda access, p: access.can_record_pipeline(p))
    if ngo is None:
        raise ValidationError({"ngo": _("Say which NGO pledged.")})
    if pledged_on is None:
        raise ValidationError({"pledged_on": _("Enter the day of the pledge.")})
    money = _money(amount=amount, currency=currency, rate_to_vnd=rate_to_vnd, rate_date=rate_date, rate_source=rate_source, day=pledged_on)
    pledge = _saved(Pledge(project=project, ngo=ngo, pledged_on=pledged_on, interest=interest, notes=(notes or "").strip(), **money),
                    by, gettext_noop("Pledge recorded"))
    _timeline(project, Action.PLEDGE, by, from_status=project.status, ngo=ngo, comment=notes)
    return pledge


@transaction.atomic
def pledge_from_interest(*, interest, by, amount, currency, rate_to_vnd, rate_date, pledged_on, rate_source="", notes=""):
    """The expression of interest has become a pledge: recorded for its NGO and project, and the interest marked as
    having led to one."""
    interest = Interest.objects.select_for_update(of=("self",)).select_related("project", "ngo").get(pk=interest.pk)
    if not access_for(by).can_record_pipeline(interest.project):
        raise PermissionDenied
    if interest.ngo_id is None:
        raise ValidationError(_("Link the expression of interest to an NGO of the registry first: the pledge is that NGO's."))
    if interest.pledges.exists():
        raise ValidationError(_("This expression of interest has already led to a pledge."))
    pledge = pledge_record(
        project=interest.project, by=by, ngo=interest.ngo, amount=amount, currency=currency, rate_to_vnd=rate_to_vnd,
        rate_date=rate_date, rate_source=rate_source, pledged_on=pledged_on, notes=notes, interest=interest,
    )
    interest_mark(interest=interest, state=Interest.State.PLEDGED, note=interest.state_note, by=by)
    return pledge


@transaction.atomic
def agreement_record(*, project, by, ngo, amount, currency, rate_to_vnd, rate_date, signed_on, rate_source="", pledge=None, notes=""):
    """The aid agreement the NGO signed. The project's first one commits it (and names its NGO when none was)."""
    project = _locked(project, by, lambda access, p: access.can_record_pipeline(p))
    if ngo is None:
        raise ValidationError({"ngo": _("Say which NGO signed the agreement.")})
    if signed_on is None:
        raise ValidationError({"signed_on": _("Enter the day the agreement was signed.")})
    if pledge is not None:
        if pledge.project_id != project.pk or pledge.ngo_id != ngo.pk:
            raise ValidationError({"pledge": _("Choose a pledge of this NGO for this project.")})
        if Agreement.objects.filter(pledge=pledge).exists():
            raise ValidationError({"pledge": _("That pledge already has its agreement.")})
    money = _money(amount=amount, currency=currency, rate_to_vnd=rate_to_vnd, rate_date=rate_date, rate_source=rate_source, day=signed_on)
    agreement = _saved(Agreement(project=project, ngo=ngo, pledge=pledge, signed_on=signed_on, notes=(notes or "").strip(), **money),
                       by, gettext_noop("Aid agreement recorded"))
    from_status = project.status
    _follow(project, "commit", by, {"ngo": project.ngo or ngo})
    _timeline(project, Action.AGREEMENT, by, from_status=from_status, ngo=ngo, comment=notes)
    return agreement


@transaction.atomic
def agreement_approve(*, agreement, by, decision_number, decision_date, approval_reference, notes=""):
    """The province's decision approving the agreement, and the approval under Decree 313/2025/NĐ-CP by its
    reference. A committed project is approved with it and carries the decision's number and date."""
    project = _locked(agreement.project, by, lambda access, p: access.can_record_money(p))
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    decision_number = (decision_number or "").strip()
    if agreement.is_approved:
        raise ValidationError(_("This agreement is already approved."))
    if not decision_number or decision_date is None:
        raise ValidationError(_("An approval needs the decision's number and date."))
    if decision_date < agreement.signed_on:
        raise ValidationError({"decision_date": _("The decision cannot come before the agreement was signed.")})
    if not (approval_reference or "").strip():
        raise ValidationError({"approval_reference": _("Give the reference of the approval under Decree 313/2025/NĐ-CP.")})
    agreement.decision_number, agreement.decision_date = decision_number, decision_date
    agreement.approval_reference = approval_reference.strip()
    if notes and notes.strip():
        agreement.notes = "\n".join(filter(None, [agreement.notes, notes.strip()]))
    _saved(agreement, by, gettext_noop("Aid agreement approved"))
    from_status = project.status
    _follow(project, "approve", by, {"decision_number": decision_number, "decision_date": decision_date})
    _timeline(project, Action.AGREEMENT_APPROVAL, by, from_status=from_status, ngo=agreement.ngo, comment=notes,
              decision_number=decision_number, decision_date=decision_date)
    return agreement


@transaction.atomic
def disbursement_record(*, agreement, by, year, amount, currency, rate_to_vnd, rate_date, rate_source="", notes=""):
    """Money the NGO paid out under an approved agreement in a year. The first one starts the implementation."""
    project = _locked(agreement.project, by, lambda access, p: access.can_record_money(p))
    agreement = Agreement.objects.select_related("ngo").get(pk=agreement.pk)
    if not agreement.is_approved:
        raise ValidationError(_("Money is received only under an approved agreement: record the approval first."))
    _year(year)
    if year < agreement.signed_on.year:
        raise ValidationError({"year": _("The year cannot come before the agreement was signed (%(year)d).") % {"year": agreement.signed_on.year}})
    money = _money(amount=amount, currency=currency, rate_to_vnd=rate_to_vnd, rate_date=rate_date, rate_source=rate_source,
                   day=datetime.date(year, 12, 31))
    disbursement = _saved(Disbursement(agreement=agreement, year=year, notes=(notes or "").strip(), **money), by,
                          gettext_noop("Disbursement recorded"))
    from_status = project.status
    _follow(project, "implement", by)
    _timeline(project, Action.DISBURSEMENT, by, from_status=from_status, ngo=agreement.ngo, comment=notes)
    return disbursement


@transaction.atomic
def counterpart_record(*, project, by, year, planned=None, spent=None, notes=""):
    """The province's counterpart funds of a year, in million VND: what is planned in the budget estimate and what
    was spent. A figure left out (None) keeps what was recorded; the year is one row."""
    project = _locked(project, by, lambda access, p: access.can_record_counterpart(p))
    _year(year)
    if planned is None and spent is None:
        raise ValidationError(_("Enter the funds planned, the funds spent, or both."))
    for name, value in (("planned", planned), ("spent", spent)):
        if value is not None and value < 0:
            raise ValidationError({name: _("Amounts cannot be negative.")})
    row = CounterpartFunds.objects.select_for_update().filter(project=project, year=year).first() or CounterpartFunds(project=project, year=year)
    if planned is not None:
        row.planned = planned
    if spent is not None:
        row.spent = spent
    if notes and notes.strip():
        row.notes = "\n".join(filter(None, [row.notes, notes.strip()]))
    _saved(row, by, gettext_noop("Counterpart funds recorded"))
    _timeline(project, Action.COUNTERPART, by, from_status=project.status, organisation=access_for(by).reviewer_organisation(), comment=notes)
    return row
