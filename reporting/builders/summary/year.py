"""The year-end summary of a reporting round: who reported, what aid came, where, from which NGOs, and what the units say."""

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects.models import ProgrammeTarget, Project, Sector
from reporting.builders.rounds import STATE_LABELS, follow_up
from reporting.builders.summary.common import REPORTED_STATES
from reporting.builders.summary.localities import locality_rows
from reporting.builders.summary.ngos import (
    Registry,
    earlier_keys,
    ngo_rows,
    target_check,
)
from reporting.builders.summary.rows import (
    Item,
    LateRow,
    MissingRow,
    NarrativeRow,
    Overview,
    YearSummary,
)
from reporting.builders.summary.shared import (
    accepted_lines,
    accepted_mentions,
    converted_lines,
    printed_day,
    project_rows,
    section_titles,
    sector_table_rows,
    status_rows,
    summary_heading,
    tally,
    unit_name,
)
from socaid.bilingual import missing_english_note
from reporting.models import ReportingRound, ReportLine
from reporting.models.rounds import PROVINCE_TZ

# --- The year ---------------------------------------------------------------------------------------------------


def build_year_summary(programme, year, language="vi", now=None):
    """The summary of ``programme``'s reporting round for ``year``, in about fifteen queries whatever the data."""
    now = now or timezone.now()
    year = int(year)
    round_ = ReportingRound.objects.filter(programme=programme, year=year).first()
    states = follow_up(round_, now) if round_ else []
    lines = converted_lines(accepted_lines(report__round=round_) if round_ else ReportLine.objects.none())
    mentions = list(accepted_mentions(report__round=round_)) if round_ else []
    earlier = earlier_keys(programme, year) if mentions else set()
    sectors = list(Sector.objects.in_programme(programme).with_totals().order_by("position"))
    bank_statuses = dict(Project.objects.in_programme(programme).order_by().values_list("status").annotate(n=Count("pk")))
    target = ProgrammeTarget.objects.filter(programme=programme, indicator=ProgrammeTarget.Indicator.NGOS_WITH_PROJECTS).order_by("position").first()
    with translation.override(language):
        registry = Registry(mentions)
        ngos = ngo_rows(mentions, registry, language, earlier=earlier)
        new_ngos = [row for row in ngos if row.new]
        localities, locality_total = locality_rows(lines, year, language)
        sector_rows, sector_total = sector_table_rows(sectors, lines, language)
        projects, project_total = project_rows(lines, language)
        overview = _overview(round_, states)
        totals = tally(lines)
        summary = YearSummary(
            heading=summary_heading(programme, language, _("YEAR %(year)s") % {"year": year}),
            language=language,
            programme=programme,
            year=year,
            round=round_,
            round_line=_round_line(round_, year),
            titles=section_titles(
                overview=_("REPORTS OF THE UNITS"),
                totals=_("AID MOBILISED AND RECEIVED IN THE YEAR"),
                sectors=_("AID BY SECTOR"),
                localities=_("AID BY LOCALITY"),
                projects=_("AID COMMITTED AND DISBURSED, PROJECT BY PROJECT"),
                statuses=_("PROJECTS BY STATUS"),
                ngos=_("FOREIGN NGOS ACTIVE IN THE YEAR"),
                narratives=_("RESULTS, DIFFICULTIES AND PROPOSALS OF THE UNITS"),
            )
            | {
                "late": _("Units that reported late"),
                "not_reported": _("Units that have not sent their report"),
                "new_ngos": _("New NGOs"),
            },
            columns=_year_columns(),
            overview=overview,
            totals=totals,
            total_items=_total_items(totals),
            sectors=sector_rows,
            sector_total=sector_total,
            localities=localities,
            locality_total=locality_total,
            projects=projects,
            project_total=project_total,
            ngos=ngos,
            new_ngos=new_ngos,
            target=target_check(target, len(ngos), year, period=False),
            statuses=status_rows(bank_statuses, [line.line.status for line in lines]),
            late=_late_rows(round_, states, language),
            not_reported=_missing_rows(states, language),
            narratives=[
                NarrativeRow(unit=unit_name(state.organisation, language), results=state.report.results, difficulties=state.report.difficulties, proposals=state.report.proposals)
                for state in states
                if state.state == "accepted"
            ],
            total_label=str(_("Total")),
            empty=str(_("No accepted report.")),
            nothing=str(_("None.")),
            notes=_year_notes(lines, projects, sector_rows, language),
        )
    return summary


def _overview(round_, states):
    reported = [s for s in states if s.state in REPORTED_STATES]
    late = sum(1 for s in reported if s.report.submitted_late)
    overview = Overview(
        obliged=len(states),
        accepted=sum(1 for s in states if s.state == "accepted"),
        on_time=len(reported) - late,
        late=late,
        not_reported=len(states) - len(reported),
    )
    overview.items = [
        Item(str(_("Number of units obliged to report")), overview.obliged, True),
        Item(str(_("Number of units that reported on time")), overview.on_time, True),
        Item(str(_("Number of units that reported late")), overview.late, True),
        Item(str(_("Number of units that have not reported")), overview.not_reported, True),
        Item(str(_("Number of reports accepted and counted in this summary")), overview.accepted, True),
    ]
    return overview


def _round_line(round_, year):
    if round_ is None:
        return str(_("No reporting round was opened for %(year)s; the figures from the project bank are shown without reports.") % {"year": year})
    deadline = round_.local_deadline_date()
    return str(
        _("Reporting round %(year)s: deadline %(day)s; only accepted reports are counted.")
        % {"year": year, "day": printed_day(deadline)}
    )


def _late_rows(round_, states, language):
    if round_ is None:
        return []
    deadline = round_.local_deadline_date()
    rows = []
    for state in states:
        if state.state in REPORTED_STATES and state.report.submitted_late:
            sent = state.report.first_submitted_at.astimezone(PROVINCE_TZ).date()
            rows.append(
                LateRow(
                    number=str(len(rows) + 1),
                    unit=unit_name(state.organisation, language),
                    submitted_on=sent,
                    days_late=(sent - deadline).days,
                    state=state.state,
                    state_label=_state_label(state.state),
                )
            )
    return rows


def _missing_rows(states, language):
    rows = []
    for state in states:
        if state.state not in REPORTED_STATES:
            rows.append(
                MissingRow(
                    number=str(len(rows) + 1),
                    unit=unit_name(state.organisation, language),
                    state=state.state,
                    state_label=_state_label(state.state),
                )
            )
    return rows


def _state_label(state):
    return str(STATE_LABELS[state])


def _year_columns():
    amounts = [str(_("Aid committed in the year")), str(_("Aid disbursed in the year"))]
    return {
        "sectors": [
            str(_("No.")), str(_("Sector")), str(_("Projects in the list")), str(_("Aid to be mobilised")),
            str(_("Projects reported")), *amounts, str(_("Counterpart funds spent")),
        ],
        "localities": [
            str(_("No.")), str(_("Locality")), str(_("Projects reported")), *amounts,
            str(_("Counterpart funds spent")), str(_("Beneficiaries (people)")),
        ],
        "projects": [
            str(_("No.")), str(_("Project name")), str(_("Host agency")), str(_("Currency")), str(_("Rate (VND)")),
            *amounts, str(_("Aid committed to date")), str(_("Aid disbursed to date")),
            str(_("Counterpart funds spent")), str(_("Beneficiaries (people)")), str(_("Status reported")),
        ],
        "statuses": [str(_("No.")), str(_("Status")), str(_("Projects reported in the year")), str(_("Projects in the bank (current status)"))],
        "ngos": [str(_("No.")), str(_("Organisation")), str(_("Country")), str(_("Units working with it")), str(_("Activities in the year"))],
        "new_ngos": [str(_("No.")), str(_("Organisation")), str(_("Country")), str(_("Notes"))],
        "late": [str(_("No.")), str(_("Unit")), str(_("First sent on")), str(_("Days late")), str(_("Status of the report"))],
        "not_reported": [str(_("No.")), str(_("Unit")), str(_("Status of the report"))],
        "narratives": [str(_("Results achieved")), str(_("Difficulties and obstacles")), str(_("Proposals and recommendations"))],
    }


def _total_items(totals):
    return [
        Item(str(_("Projects reported")), totals.projects, True),
        Item(str(_("Aid committed in the year")), totals.committed_year),
        Item(str(_("Aid disbursed in the year")), totals.disbursed_year),
        Item(str(_("Aid committed to date")), totals.committed_total),
        Item(str(_("Aid disbursed to date")), totals.disbursed_total),
        Item(str(_("Counterpart funds spent")), totals.counterpart_spent),
        Item(str(_("Beneficiaries (people)")), totals.beneficiaries, True),
    ]


def _year_notes(lines, projects, sectors, language):
    notes = [str(_("Amounts in foreign currencies are converted to million VND at the rate each unit reported, rounded to the thousand VND."))]
    missing = [row for row in projects if row.rate_missing]
    if missing:
        names = "; ".join(f"{row.unit}: {row.name}" for row in missing)
        notes.append(str(_("Lines without a rate to VND are left out of the amounts: %(lines)s.") % {"lines": names}))
    marked = [row.name for row in sectors] + [value for row in projects for value in (row.name, row.agency)]
    return notes + missing_english_note(marked, language)
