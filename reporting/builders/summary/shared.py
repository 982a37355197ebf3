"""What both summaries read and add: accepted lines converted to million VND, sectors, projects, statuses."""
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partners.models import AdministrativeUnit
from projects.models import Project
from reporting.builders.common import Heading, attached_to_line
from socaid.bilingual import in_language, missing_english_note, printed_text
from reporting.builders.summary.common import (
    ACCEPTED,
    CONVERTED,
    MONEY,
    ROMAN,
    ZERO,
    thousandth,
)
from reporting.builders.summary.rows import Figures, ProjectRow, SectorRow, StatusRow
from reporting.models import ReportLine, ReportNGO

# --- Shared parts -----------------------------------------------------------------------------------------------


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


def sector_table_rows(sectors, lines, language):
    by_sector = defaultdict(list)
    for line in lines:
        by_sector[line.project.sector_id].append(line)
    rows = []
    for sector in sectors:
        figures = tally(by_sector.pop(sector.pk, []))
        rows.append(
            SectorRow(
                numeral=sector.numeral,
                name=printed_text(sector, "name", language),
                bank_projects=sector.project_count,
                aid_sought=sector.aid_sought,
                reported_projects=figures.projects,
                committed_year=figures.committed_year,
                disbursed_year=figures.disbursed_year,
                counterpart_spent=figures.counterpart_spent,
            )
        )
    others = [line for group in by_sector.values() for line in group]
    if others:  # projects of another programme (a predecessor's, carried over) that a unit reported on
        figures = tally(others)
        rows.append(SectorRow("", str(_("Projects of other programmes")), 0, None, figures.projects, figures.committed_year, figures.disbursed_year, figures.counterpart_spent))
    everything = tally(lines)
    total = SectorRow(
        numeral="",
        name=str(_("Total")),
        bank_projects=sum(row.bank_projects for row in rows),
        aid_sought=sum_known(row.aid_sought for row in rows),
        reported_projects=everything.projects,
        committed_year=sum((row.committed_year for row in rows), ZERO),
        disbursed_year=sum((row.disbursed_year for row in rows), ZERO),
        counterpart_spent=sum((row.counterpart_spent for row in rows), ZERO),
    )
    return rows, total


def project_rows(lines, language):
    rows = []
    for line in lines:
        agency = line.project.host_agency
        rows.append(
            ProjectRow(
                number=str(len(rows) + 1),
                name=printed_text(line.project, "name", language),
                agency=agency.printed_name(language, marked=True),
                unit=unit_name(line.unit, language),
                currency=line.line.currency,
                rate=None if line.line.currency == "VND" else line.line.rate_to_vnd,
                committed_year=line.amounts["committed_year"],
                disbursed_year=line.amounts["disbursed_year"],
                committed_total=line.amounts["committed_total"],
                disbursed_total=line.amounts["disbursed_total"],
                counterpart_spent=line.amounts["counterpart_spent"],
                beneficiaries=line.line.beneficiaries,
                status=str(Project.Status(line.line.status).label) if line.line.status else "",
                rate_missing=line.rate_missing,
            )
        )
    figures = tally(lines)
    total = ProjectRow(
        number="",
        name=str(_("Total")),
        agency="",
        unit="",
        currency="",
        rate=None,
        committed_year=figures.committed_year,
        disbursed_year=figures.disbursed_year,
        committed_total=figures.committed_total,
        disbursed_total=figures.disbursed_total,
        counterpart_spent=figures.counterpart_spent,
        beneficiaries=figures.beneficiaries,
        status="",
    )
    return rows, total


def status_rows(bank, reported_statuses):
    reported = defaultdict(int)
    for status in reported_statuses:
        reported[status] += 1
    rows = [
        StatusRow(status=status, label=str(label), reported=reported.get(status, 0), bank=bank.get(status, 0))
        for status, label in Project.Status.choices
        if reported.get(status) or bank.get(status)
    ]
    if reported.get(""):
        rows.append(StatusRow(status="", label=str(_("status not stated")), reported=reported[""], bank=0))
    return rows


def section_titles(**titles):
    """Section titles numbered as the document prints them: I, II, III…"""
    return {key: f"{ROMAN[index]}. {title}" for index, (key, title) in enumerate(titles.items())}


def unit_name(organisation, language):
    return in_language(organisation, "name", language)


def printed_day(day):
    if translation.get_language() == "en":
        return f"{day.day} {day:%B} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def summary_heading(programme, language, second_line):
    """The title lines both summaries print: what the document is, then the year or the period."""
    return Heading(
        title=[_("SUMMARY OF THE RESULTS OF MOBILISING FOREIGN NON-GOVERNMENTAL AID"), second_line],
        attached_to=attached_to_line(programme, language),
        unit=pgettext("appendix heading", "Unit: million VND"),
    )


