"""The annual report and the aid pipeline (projects/models/pipeline.py) feeding each other.

When a unit starts its report, each new project line is prefilled with what the pipeline knows of the year: the
aid committed and disbursed in it and to date, in the agreements' currency at the latest agreement's rate, or in
VND when the project's money came in several currencies (each entry converted at its own rate, rounded once, so
that the line adds up to the pipeline's figures); and the counterpart funds spent. When the coordinator accepts a
report, a disbursement in the year that a unit reports and the pipeline lacks is recorded in the pipeline, under
the project's one approved agreement, marked as coming from the report.
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from projects.access import access_for
from projects.models.pipeline import MILLION, VND, Agreement, CounterpartFunds, Disbursement
from projects.services.pipeline import disbursement_record


def prefilled(projects, year):
    """project id -> the line's fields the pipeline can fill for ``year``; three queries for any number of projects."""
    ids = [project.pk for project in projects]
    agreements = defaultdict(list)
    for agreement in Agreement.objects.filter(project__in=ids, signed_on__year__lte=year).order_by("signed_on", "pk"):
        agreements[agreement.project_id].append(agreement)
    disbursements = defaultdict(list)
    for disbursement in Disbursement.objects.filter(agreement__project__in=ids, year__lte=year).select_related("agreement"):
        disbursements[disbursement.agreement.project_id].append(disbursement)
    spent = dict(CounterpartFunds.objects.filter(project__in=ids, year=year, spent__isnull=False).values_list("project", "spent"))
    fields = {}
    for pk in ids:
        if not agreements[pk]:
            if pk in spent:
                fields[pk] = {"counterpart_spent": spent[pk]}
            continue
        fields[pk] = _money_fields(agreements[pk], disbursements[pk], year) | ({"counterpart_spent": spent[pk]} if pk in spent else {})
    return fields


def _money_fields(agreements, disbursements, year):
    currencies = {entry.currency for entry in [*agreements, *disbursements]}
    if len(currencies) == 1:
        latest = agreements[-1]
        amount = lambda entry: entry.amount  # noqa: E731
        rate = {"currency": latest.currency, "rate_to_vnd": None if latest.currency == VND else latest.rate_to_vnd,
                "rate_date": latest.rate_date, "rate_source": latest.rate_source}
    else:
        amount = lambda entry: entry.million_vnd() * MILLION  # noqa: E731  (each at its own rate, rounded once)
        rate = {"currency": VND, "rate_to_vnd": None, "rate_date": None, "rate_source": ""}
    total = lambda entries: sum((amount(entry) for entry in entries), Decimal(0))  # noqa: E731
    return rate | {
        "committed_year": total([a for a in agreements if a.signed_on.year == year]),
        "committed_total": total(agreements),
        "disbursed_year": total([d for d in disbursements if d.year == year]),
        "disbursed_total": total(disbursements),
    }


def disbursements_from_report(report, by):
    """Record in the pipeline each line's disbursement in the year that the pipeline lacks, where the project has
    one approved agreement to put it under and the line says its currency (and rate, if not VND); the others are
    left to the coordinator, who sees both on the project page. Returns the disbursements recorded."""
    year = report.round.year
    lines = [line for line in report.lines.select_related("project") if line.disbursed_year]
    ids = [line.project_id for line in lines]
    known = set(Disbursement.objects.filter(agreement__project__in=ids, year=year).values_list("agreement__project", flat=True))
    approved = defaultdict(list)
    for agreement in Agreement.objects.filter(project__in=ids).exclude(decision_number="").exclude(decision_date=None):
        approved[agreement.project_id].append(agreement)
    access = access_for(by)
    recorded = []
    for line in lines:
        if line.project_id in known or len(approved[line.project_id]) != 1 or not access.can_record_money(line.project):
            continue
        if line.currency != VND and not line.rate_to_vnd:
            continue
        agreement = approved[line.project_id][0]
        if year < agreement.signed_on.year:
            continue
        with translation.override(settings.LANGUAGE_CODE):  # stored in the province's language, as the report is written
            note = _("From the annual report %(year)d of %(unit)s.") % {"year": year, "unit": report.organisation.name}
        recorded.append(disbursement_record(
            agreement=agreement, by=by, year=year, amount=line.disbursed_year, currency=line.currency,
            rate_to_vnd=line.rate_to_vnd, rate_date=line.rate_date or datetime.date(year, 12, 31), rate_source=line.rate_source, notes=note,
        ))
    return recorded
