"""What both summaries count: the accepted reports' lines, each amount converted to million VND at the line's own
rate and rounded to the thousand VND once, before anything is added up (so every total is the sum of its rows)."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from partners.models import AdministrativeUnit
from projects.amounts import thousandth  # noqa: F401  (the summaries import it from here)
from reporting.models import AnnualReport, ReportLine, ReportNGO

ZERO = Decimal("0.000")
# The four amounts a line gives in its own currency; counterpart funds are written in million VND already.
CONVERTED = ("committed_year", "disbursed_year", "committed_total", "disbursed_total")
MONEY = (*CONVERTED, "counterpart_spent")
ACCEPTED = AnnualReport.Status.ACCEPTED


@dataclass
class Figures:
    """What a group of accepted lines adds up to: distinct projects, amounts in million VND, people reached."""

    projects: int = 0
    committed_year: Decimal = ZERO
    disbursed_year: Decimal = ZERO
    committed_total: Decimal = ZERO
    disbursed_total: Decimal = ZERO
    counterpart_spent: Decimal = ZERO
    beneficiaries: int = 0


def accepted_lines(**where):
    return (
        ReportLine.objects.filter(report__status=ACCEPTED, **where)
        .select_related("report__organisation", "report__round", "project__sector", "project__host_agency")
        .prefetch_related(Prefetch("project__admin_units", queryset=AdministrativeUnit.objects.select_related("parent")))
        .order_by("report__round__year", "project__sector__position", "project__position", "report__organisation__name", "pk")
    )


def accepted_mentions(**where):
    return (
        ReportNGO.objects.filter(report__status=ACCEPTED, **where)
        .select_related("ngo", "report__organisation", "report__round")
        .order_by("report__round__year", "report__organisation__name", "pk")
    )


@dataclass
class _Line:
    """An accepted line with its amounts in million VND, rounded once."""

    line: object
    project: object
    unit: object
    year: int
    amounts: dict
    rate_missing: bool


def converted_lines(queryset):
    converted = []
    for line in queryset:
        amounts = {name: thousandth(line.million_vnd(name)) for name in CONVERTED}
        amounts["counterpart_spent"] = thousandth(line.counterpart_spent)
        rate_missing = line.rate is None and any(getattr(line, name) is not None for name in CONVERTED)
        converted.append(_Line(line, line.project, line.report.organisation, line.report.round.year, amounts, rate_missing))
    return converted


def tally(lines):
    figures = Figures(projects=len({line.project.pk for line in lines}))
    for line in lines:
        for name in MONEY:
            if line.amounts[name] is not None:
                setattr(figures, name, getattr(figures, name) + line.amounts[name])
        if line.line.beneficiaries is not None:
            figures.beneficiaries += line.line.beneficiaries
    return figures


def sum_known(values):
    known = [value for value in values if value is not None]
    return sum(known, ZERO) if known else None
