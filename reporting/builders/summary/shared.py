"""What both summaries read, add and print: accepted lines converted to million VND, the sector table, lists of figures."""
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from partners.models import AdministrativeUnit
from reporting.builders.common import Heading, attached_to_line
from reporting.builders.summary.common import (
    ACCEPTED,
    CONVERTED,
    MONEY,
    ROMAN,
    ZERO,
    thousandth,
)
from reporting.builders.summary.documents import Figures
from reporting.models import ReportLine, ReportNGO
from reporting.tables import AMOUNT, COUNT, LABEL, TEXT, TOTAL, Column, Row, Table
from socaid.bilingual import in_language, printed_text

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


# What tally() adds up, as the summaries' tables and lists label it.
FIGURES = {
    "projects": (gettext_lazy("Projects reported"), COUNT),
    "committed_year": (gettext_lazy("Aid committed in the year"), AMOUNT),
    "disbursed_year": (gettext_lazy("Aid disbursed in the year"), AMOUNT),
    "committed_total": (gettext_lazy("Aid committed to date"), AMOUNT),
    "disbursed_total": (gettext_lazy("Aid disbursed to date"), AMOUNT),
    "counterpart_spent": (gettext_lazy("Counterpart funds spent"), AMOUNT),
    "beneficiaries": (gettext_lazy("Beneficiaries (people)"), COUNT),
}


def figure_columns(keys, width):
    """Columns of figures that tally() adds up, ``width`` characters each."""
    return [Column(key, str(FIGURES[key][0]), FIGURES[key][1], width) for key in keys]


def figure_values(figures, keys):
    return [getattr(figures, key) for key in keys]


def number_column():
    return Column("number", str(_("No.")), LABEL, 6)


def total_row(*values):
    return Row(list(values), kind=TOTAL)


# What the accepted lines of a sector add up to, beside the bank's own figures.
REPORTED = ("projects", "committed_year", "disbursed_year", "counterpart_spent")


def sector_table(sectors, lines, language, *, committed, disbursed):
    """Aid by sector: the bank's projects and aid to be mobilised beside what the accepted lines report.

    ``committed`` and ``disbursed``: the headings of those two columns (in the year, or over the period).
    """
    by_sector = defaultdict(list)
    for line in lines:
        by_sector[line.project.sector_id].append(line)
    rows = []
    for sector in sectors:
        figures = tally(by_sector.pop(sector.pk, []))
        values = [sector.numeral, printed_text(sector, "name", language), sector.project_count, sector.aid_sought, *figure_values(figures, REPORTED)]
        rows.append(Row(values, key=sector.numeral))
    others = [line for group in by_sector.values() for line in group]
    if others:  # projects of another programme (a predecessor's, carried over) that a unit reported on
        rows.append(Row(["", str(_("Projects of other programmes")), 0, None, *figure_values(tally(others), REPORTED)]))
    columns = [
        number_column(),
        Column("name", str(_("Sector")), TEXT, 40),
        Column("bank_projects", str(_("Projects in the list")), COUNT, 13),
        Column("aid_sought", str(_("Aid to be mobilised")), AMOUNT, 15),
        Column("reported_projects", str(_("Projects reported")), COUNT, 13),
        Column("committed_year", str(committed), AMOUNT, 15),
        Column("disbursed_year", str(disbursed), AMOUNT, 15),
        Column("counterpart_spent", str(_("Counterpart funds spent")), AMOUNT, 15),
    ]
    table = Table("sectors", columns, rows)
    records = table.records()
    table.totals = [total_row(
        "", str(_("Total")), sum(r["bank_projects"] for r in records), sum_known(r["aid_sought"] for r in records), tally(lines).projects,
        *(sum((r[key] for r in records), ZERO) for key in ("committed_year", "disbursed_year", "counterpart_spent")),
    )]
    return table


def item_table(key, kind, items):
    """A short list of labelled figures of one ``kind``, numbered, without column headings; ``items``: (key, label, value)."""
    columns = [number_column(), Column("label", "", TEXT, 52), Column("value", "", kind, 18)]
    rows = [Row([str(number), str(label), value], key=item) for number, (item, label, value) in enumerate(items, start=1)]
    return Table(key, columns, rows, header=False)


def numbered(sections):
    """The sections with their titles numbered as the document prints them: I, II, III…"""
    for index, section in enumerate(sections):
        section.title = f"{ROMAN[index]}. {section.title}"
    return sections


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


