"""The year-end summary of a reporting round: who reported, what aid came, where, from which NGOs, and what the units say."""
from collections import Counter

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projects.lifecycle import PUBLISHABLE
from projects.models import ProgrammeTarget, Project, Sector
# The module, not the function: the dashboard's builder reads this package's helpers as it loads.
from reporting.builders import dashboard, plan_progress
from reporting.builders.heading import IssueDetails, report_signature
from reporting.builders.rounds import STATE_LABELS, follow_up
from reporting.builders.summary.checks import checks_table
from reporting.builders.summary.documents import Overview, YearSummary
from partners.localities import Basis, year_end
from reporting.builders.summary.localities import locality_map, locality_table
from reporting.builders.summary.ngos import Registry, earlier_keys, ngo_rows, target_check, year_ngo_tables
from reporting.builders.summary.lines import accepted_lines, accepted_mentions, converted_lines, tally
from reporting.builders.summary.sections import (
    FIGURES,
    figure_columns,
    figure_values,
    item_table,
    list_lead,
    number_column,
    marked_note,
    numbered,
    sector_table,
    status_tables,
    summary_heading,
    total_row,
)
from reporting.formatting import cell_text, printed_date
from reporting.models import ReportingRound, ReportLine
from reporting.tables import AMOUNT, COUNT, DATE, LABEL, RECORDS, TEXT, Column, Row, Section, Table
from socaid.bilingual import missing_english_note, printed_text

# The figures of a reported line, as the project table prints them.
LINE_FIGURES = ("committed_year", "disbursed_year", "committed_total", "disbursed_total", "counterpart_spent", "beneficiaries")

# --- The year ---------------------------------------------------------------------------------------------------


def build_year_summary(programme, year, language="vi", now=None, issue=None, basis=None):
    """The summary of ``programme``'s reporting round for ``year``, in about fifteen queries whatever the data.
    ``basis``: the day whose units the table by locality uses (partners.localities.Basis), by default 31 December."""
    now = now or timezone.now()
    issue = issue or IssueDetails()
    year = int(year)
    basis = basis or Basis(year_end(year))
    round_ = ReportingRound.objects.filter(programme=programme, year=year).first()
    states = follow_up(round_, now) if round_ else []
    lines = converted_lines(accepted_lines(report__round=round_) if round_ else ReportLine.objects.none())
    mentions = list(accepted_mentions(report__round=round_)) if round_ else []
    earlier = earlier_keys(programme, year) if mentions else set()
    sectors = list(Sector.objects.in_programme(programme).with_totals(statuses=PUBLISHABLE).order_by("position"))
    bank_statuses = dict(Project.objects.in_programme(programme).order_by().values_list("status").annotate(n=Count("pk")))
    target = ProgrammeTarget.objects.filter(programme=programme, indicator=ProgrammeTarget.Indicator.NGOS_WITH_PROJECTS).order_by("position").first()
    with translation.override(language):
        ngos = ngo_rows(mentions, Registry(mentions), language, earlier=earlier)
        overview = _overview(states)
        totals = tally(lines)
        target = target_check(target, len(ngos), year, period=False)
        round_line = _round_line(round_, year, language)
        sector_rows = sector_table(sectors, lines, language, committed=_("Aid committed in the year"), disbursed=_("Aid disbursed in the year"))
        projects = _project_table(lines, language)
        narratives = _narrative_table(states, language)
        ngo_tables = year_ngo_tables(ngos)
        localities = locality_table(lines, basis, language)
        # "… giai đoạn 2020 - 2025 năm 2025" reads as two periods: the year goes before the programme's title.
        subject = _("%(year)s results of implementing the %(programme)s") % {"programme": printed_text(programme, "title", language), "year": year}
        sections = numbered([
            Section(
                "overview", _("REPORTS OF THE UNITS"), pgettext("summary sheet", "Reports"), _overview_tables(round_, states, overview, language),
                leads=[round_line],
            ),
            Section(
                "totals", _("AID MOBILISED AND RECEIVED IN THE YEAR"), pgettext("summary sheet", "Totals"), [_totals_table(totals)],
                notes=_year_notes(lines, sector_rows, projects, language),
            ),
            Section("sectors", _("AID BY SECTOR"), pgettext("summary sheet", "By sector"), [sector_rows], leads=[list_lead()]),
            Section(
                "localities", _("AID BY LOCALITY"), pgettext("summary sheet", "By locality"), [localities],
                leads=[basis.describe()], maps=[locality_map(localities, basis, language)] if lines else [],
            ),
            Section("projects", _("AID COMMITTED AND DISBURSED, PROJECT BY PROJECT"), pgettext("summary sheet", "By project"), [projects]),
            Section(
                "statuses", _("PROJECTS BY STATUS"), pgettext("summary sheet", "Project status"),
                _status_tables(bank_statuses, [line.line.status for line in lines]), leads=[list_lead()],
            ),
            Section(
                "ngos", _("FOREIGN NGOS ACTIVE IN THE YEAR"), pgettext("summary sheet", "NGOs"), ngo_tables,
                leads=[target.verdict] if target else [], notes=marked_note(ngo_tables[0], language),
            ),
            Section(
                "narratives", _("RESULTS, DIFFICULTIES AND PROPOSALS OF THE UNITS"), pgettext("summary sheet", "Units' narratives"),
                [narratives], notes=marked_note(narratives, language),
            ),
            plan_progress.year_section(programme, year, language),
            dashboard.pipeline_section(programme, language),
            Section(
                "checks", _("POINTS TO CHECK"), pgettext("summary sheet", "Points to check"), [checks_table(lines, language)],
                leads=[str(_("Reported figures that do not square with the project bank; they are counted as reported."))],
            ),
        ])
        return YearSummary(
            heading=summary_heading(programme, language, year, issue, subject),
            signature=report_signature(programme, year, language, issue),
            language=language,
            programme=programme,
            year=year,
            round=round_,
            round_line=round_line,
            overview=overview,
            totals=totals,
            target=target,
            sections=sections,
        )


def _overview(states):
    accepted = [s for s in states if s.state == "accepted"]
    late = sum(1 for s in accepted if s.report.submitted_late)
    not_accepted = len(_sent_not_accepted(states))
    return Overview(
        obliged=len(states), accepted=len(accepted), on_time=len(accepted) - late, late=late,
        not_accepted=not_accepted, not_sent=len(states) - len(accepted) - not_accepted,
    )


def _sent_not_accepted(states):
    """The units that sent their report and have not had it accepted: returned for revision, reopened, or awaiting review."""
    return [s for s in states if s.sent_on and s.state != "accepted"]


def _round_line(round_, year, language):
    if round_ is None:
        return str(_("No reporting round was opened for %(year)s; the figures from the project bank are shown without reports.") % {"year": year})
    deadline = round_.local_deadline_date()
    return str(
        _("Reporting round %(year)s: deadline %(day)s; only accepted reports are counted.")
        % {"year": year, "day": printed_date(deadline, language, long=True)}
    )


def _overview_tables(round_, states, overview, language):
    """How many units' reports were accepted, on time or late, sent but not accepted, or not sent; then the units
    that sent late, those whose report is not accepted and those that sent nothing."""
    if round_ is None:
        return []
    counts = item_table("overview", COUNT, [
        ("obliged", _("Number of units obliged to report"), overview.obliged),
        ("on_time", _("Number of reports sent on time and accepted"), overview.on_time),
        ("late", _("Number of reports sent late and accepted"), overview.late),
        ("not_accepted", _("Number of reports sent but returned for revision or awaiting review (not counted)"), overview.not_accepted),
        ("not_sent", _("Number of units that have not sent their report"), overview.not_sent),
        ("accepted", _("Number of reports accepted and counted in this summary"), overview.accepted),
    ])
    unit, state = Column("unit", str(_("Unit")), TEXT, 48), Column("state", str(_("Status of the report")), TEXT, 28)
    sent_on = Column("submitted_on", str(_("First sent on")), DATE, 18)
    deadline = round_.local_deadline_date()
    late_rows = []
    for s in states:
        if s.sent_on and s.report.submitted_late:
            values = [str(len(late_rows) + 1), printed_text(s.organisation, "name", language), s.sent_on, (s.sent_on - deadline).days, cell_text(STATE_LABELS[s.state])]
            late_rows.append(Row(values, key=s.state))
    late = Table(
        "late", [number_column(), unit, sent_on, Column("days_late", str(_("Days late")), COUNT, 12), state],
        late_rows, title=str(_("Units that reported late")), empty=str(_("None.")),
    )
    not_accepted = Table(
        "not_accepted", [number_column(), unit, sent_on, state],
        [
            Row([str(number), printed_text(s.organisation, "name", language), s.sent_on, cell_text(STATE_LABELS[s.state])], key=s.state)
            for number, s in enumerate(_sent_not_accepted(states), start=1)
        ],
        title=str(_("Units whose report was sent but is not accepted yet: its figures are not counted in this summary")),
        empty=str(_("None.")),
    )
    not_sent = Table(
        "not_reported",
        [number_column(), unit, state],
        [
            Row([str(number), printed_text(s.organisation, "name", language), cell_text(STATE_LABELS[s.state])], key=s.state)
            for number, s in enumerate((s for s in states if not s.sent_on and s.state != "accepted"), start=1)
        ],
        title=str(_("Units that have not sent their report")), empty=str(_("None.")),
    )
    return [counts, late, not_accepted, not_sent]


def _totals_table(totals):
    """The year's figures: a list of amounts, with the counts among them marked as counts."""
    table = item_table("totals", AMOUNT, [(key, label, getattr(totals, key)) for key, (label, _kind) in FIGURES.items()])
    for row in table.rows:
        if FIGURES[row.key][1] == COUNT:
            row.kinds = (LABEL, TEXT, COUNT)
    return table


def _project_table(lines, language):
    rows = []
    for line in lines:
        rows.append(Row(
            [
                str(len(rows) + 1), printed_text(line.project, "name", language), line.project.host_agency.printed_name(language, marked=True),
                line.line.currency, None if line.line.currency == "VND" else line.line.rate_to_vnd,
                *(line.amounts[key] for key in LINE_FIGURES[:-1]), line.line.beneficiaries,
                cell_text(Project.Status(line.line.status).label) if line.line.status else "",
            ],
            kind="rate-missing" if line.rate_missing else "",
            key=line.line.pk,
        ))
    # About 150 characters across, as the appendix's workbook: fitted to A4's width, the sheet prints at 9 pt or
    # more, the names and agencies wrapping in taller rows.
    columns = [
        number_column(),
        Column("name", str(_("Project name")), TEXT, 24),
        Column("agency", str(_("Host agency")), TEXT, 18),
        Column("currency", str(_("Currency")), LABEL, 8),
        Column("rate", str(_("Rate (VND)")), AMOUNT, 10),
        *figure_columns(LINE_FIGURES, 11),
        Column("status", str(_("Status reported")), TEXT, 14),
    ]
    total = total_row("", str(_("Total")), "", "", None, *figure_values(tally(lines), LINE_FIGURES), "", sums=LINE_FIGURES)
    return Table("projects", columns, rows, totals=[total], empty=str(_("No accepted report.")))


def _status_tables(bank, reported_statuses):
    reported = Counter(reported_statuses)
    rows = [
        Row([cell_text(label), reported.get(status, 0), bank.get(status, 0)], key=status)
        for status, label in Project.Status.choices
        if reported.get(status) or bank.get(status)
    ]
    if reported.get(""):
        rows.append(Row([cell_text(_("status not stated")), reported[""], 0], key=""))
    return status_tables([
        Column("label", str(_("Status")), TEXT, 40),
        Column("reported", str(_("Projects reported in the year")), COUNT, 22),
        Column("bank", str(_("Projects in the bank (current status)")), COUNT, 22),
    ], rows)


def _narrative_table(states, language):
    """What each unit whose report was accepted wrote: a block per unit in print, a row per unit in a spreadsheet."""
    columns = [
        Column("unit", str(_("Unit")), TEXT, 28),
        Column("results", str(_("Results achieved")), TEXT, 40),
        Column("difficulties", str(_("Difficulties and obstacles")), TEXT, 40),
        Column("proposals", str(_("Proposals and recommendations")), TEXT, 40),
    ]
    rows = [
        # What a unit wrote has no English twin: the English edition marks it [VI].
        Row([printed_text(s.organisation, "name", language), *(printed_text(s.report, name, language) for name in ("results", "difficulties", "proposals"))])
        for s in states
        if s.state == "accepted"
    ]
    return Table("narratives", columns, rows, empty=str(_("No accepted report.")), layout=RECORDS)


def _year_notes(lines, sectors, projects, language):
    notes = [str(_("Amounts in foreign currencies are converted to million VND at the rate each unit reported, rounded to the thousand VND."))]
    missing = [f"{printed_text(line.unit, 'name', language)}: {printed_text(line.project, 'name', language)}" for line in lines if line.rate_missing]
    if missing:
        notes.append(str(_("Lines without a rate to VND are left out of the amounts: %(lines)s.") % {"lines": "; ".join(missing)}))
    marked = [row["name"] for row in sectors.records()] + [value for row in projects.records() for value in (row["name"], row["agency"])]
    return notes + missing_english_note(marked, language)
