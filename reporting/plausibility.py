"""Figures a unit reports that do not square with the project bank: flagged for a person to check, never refused.

A unit may know better than the bank (an NGO raised its commitment, the bank was not updated), so nothing here
blocks a save or a submission; the report page warns its officers before they submit, and the year-end summary
lists the points for the coordinator.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from projects.amounts import format_amount
from projects.lifecycle import FUNDED
from projects.models import Project
from reporting.models import ReportingRound


THOUSANDTH = Decimal("0.001")


@dataclass
class Point:
    line: object  # the ReportLine, with its project
    text: str


def points_to_check(lines):
    """The points of ``lines`` (ReportLines with their project) to check, in their order: one query for the
    projects' budgets and one for the rounds' years, whatever the number of lines."""
    lines = [line for line in lines if line.project_id]  # a row the page could not match to a line has none
    if not lines:
        return []
    budgets = Project.objects.filter(pk__in={line.project_id for line in lines}).with_totals().only("pk", "status", "end_year")
    budgets = {project.pk: project for project in budgets}
    years = dict(ReportingRound.objects.filter(pk__in={line.round_id for line in lines}).values_list("pk", "year"))
    return [Point(line, text) for line in lines for text in _line_points(line, budgets[line.project_id], years[line.round_id])]


def _line_points(line, budget, year):
    """In the current language; amounts in million VND to the thousand VND (a planned zero is 0, not the tables' dash)."""

    def amount(value):
        return format_amount(value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP))

    committed = _largest(line.million_vnd("committed_total"), line.million_vnd("committed_year"))
    if committed is not None and budget.total is not None and committed > budget.total:
        yield _("aid committed, %(reported)s million VND, is more than the project's total in the bank, %(bank)s million VND") % {
            "reported": amount(committed), "bank": amount(budget.total),
        }
    elif committed is not None and budget.aid_sought is not None and committed > budget.aid_sought:
        yield _("aid committed, %(reported)s million VND, is more than the aid sought in the bank, %(bank)s million VND") % {
            "reported": amount(committed), "bank": amount(budget.aid_sought),
        }
    if line.committed_total is not None and line.disbursed_total is not None and line.disbursed_total > line.committed_total:
        yield _("more aid disbursed to date than committed to date")
    if line.counterpart_spent is not None and budget.counterpart is not None and line.counterpart_spent > budget.counterpart:
        yield _("counterpart funds spent in the year, %(reported)s million VND, are more than planned for the whole project, %(bank)s million VND") % {
            "reported": amount(line.counterpart_spent), "bank": amount(budget.counterpart),
        }
    if line.status == Project.Status.IMPLEMENTING and budget.end_year is not None and year > budget.end_year:
        yield _("reported as under way in %(year)s while the project's period ends in %(end)s") % {"year": year, "end": budget.end_year}
    if line.status in FUNDED and budget.status not in FUNDED:
        yield _("reported as “%(reported)s” while the project bank has it “%(bank)s”") % {
            "reported": Project.Status(line.status).label, "bank": Project.Status(budget.status).label,
        }


def _largest(*values):
    known = [value for value in values if value is not None]
    return max(known) if known else None
