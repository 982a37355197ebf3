"""The parts both summaries print: columns of figures, the sector table, lists of figures, numbered sections, the heading."""
import re
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from projects.lifecycle import PUBLISHABLE
from projects.models import Project
from reporting.builders.heading import Heading, report_issuance, report_names
from reporting.builders.summary.lines import ZERO, sum_known, tally
from reporting.tables import AMOUNT, COUNT, LABEL, TEXT, TOTAL, Column, Row, Table
from socaid.bilingual import missing_english_note, printed_text

ROMAN = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number):
    """The Roman numeral of a section (1 to 399): I, II, … XI, XII."""
    numeral = ""
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        numeral += letters * count
    return numeral

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


def list_lead():
    """Which projects the programme's list holds, said in the document as the appendix says it: the summaries count
    the list the appendix prints by default, never the drafts, the proposals being appraised and the withdrawn projects."""
    return str(_("Projects in the list: those accepted into the bank and further along, withdrawn projects excepted, as the appendix prints them."))


def status_tables(columns, rows, total=None):
    """A table of the programme's list by status, and apart below it the projects outside the list.

    ``rows``: one per status (Row.key the status), without their number; ``total``: the total row of the list's
    table, made from that table, if it has one. Drafts, proposals and withdrawn projects are listed under a title
    that says they are outside the list, and never added into its total.
    """
    outside = {status for status in Project.Status.values if status not in PUBLISHABLE}
    tables = []
    for key, title, group in (
        ("statuses", "", [row for row in rows if row.key not in outside]),
        ("statuses_outside", str(_("Projects outside the programme's list (drafts, proposals, withdrawn projects): not counted in it")), [row for row in rows if row.key in outside]),
    ):
        for number, row in enumerate(group, start=1):
            row.values.insert(0, str(number))
        if group or not tables:
            tables.append(Table(key, [number_column(), *columns], group, title=title, empty=str(_("None."))))
    if total:
        tables[0].totals = [total(tables[0])]
    return tables


def figure_columns(keys, width):
    """Columns of figures that tally() adds up, ``width`` characters each."""
    return [Column(key, str(FIGURES[key][0]), FIGURES[key][1], width) for key in keys]


def figure_values(figures, keys):
    return [getattr(figures, key) for key in keys]


def number_column():
    return Column("number", str(_("No.")), LABEL, 6)


def total_row(*values, sums=()):
    """A total row; ``sums``: the keys of the columns it adds up row by row (tables.Row.sums)."""
    return Row(list(values), kind=TOTAL, sums=tuple(sums))


# What the accepted lines of a sector add up to, beside the bank's own figures.
REPORTED_FIGURES = ("projects", "committed_year", "disbursed_year", "counterpart_spent")


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
        values = [sector.numeral, printed_text(sector, "name", language), sector.project_count, sector.aid_sought, *figure_values(figures, REPORTED_FIGURES)]
        rows.append(Row(values, key=sector.numeral))
    others = [line for group in by_sector.values() for line in group]
    if others:  # projects of another programme (a predecessor's, carried over) that a unit reported on
        rows.append(Row(["", str(_("Projects of other programmes")), 0, None, *figure_values(tally(others), REPORTED_FIGURES)]))
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
        sums=[column.key for column in columns[2:]],  # a project is in one sector: the distinct projects add up too
    )]
    return table


def item_table(key, kind, items):
    """A short list of labelled figures of one ``kind``, numbered, without column headings; ``items``: (key, label, value)."""
    columns = [number_column(), Column("label", "", TEXT, 52), Column("value", "", kind, 18)]
    rows = [Row([str(number), str(label), value], key=item) for number, (item, label, value) in enumerate(items, start=1)]
    return Table(key, columns, rows, header=False)


def marked_note(table, language):
    """The [VI] note for a table where Vietnamese text stands in for missing English."""
    return missing_english_note([value for row in table.rows for value in row.values if isinstance(value, str)], language)


def numbered(sections):
    """The sections with their titles numbered as the document prints them: I, II, III…"""
    for number, section in enumerate(sections, start=1):
        section.title = f"{roman(number)}. {section.title}"
    return sections


def summary_heading(programme, language, year, issue, subject):
    """A summary is a report of the programme's issuing body, with a report's head (heading.report_issuance):
    "BÁO CÁO", then ``subject``, what it reports on."""
    return Heading(
        title=[_("REPORT"), subject],
        attached_to="",
        unit=pgettext("appendix heading", "Unit: million VND"),
        issuance=report_issuance(programme, year, language, issue),
        # A word joined by a hyphen is one word: "non- / governmental" would read as two.
        whole=[*report_names(programme, year, language, issue), *re.findall(r"\w+(?:-\w+)+", str(subject))],
    )
