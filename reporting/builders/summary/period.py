"""The summary of the programme's whole period (2020–2025): the years side by side, added up without counting twice."""
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partners.localities import Basis, year_end
from projects.lifecycle import PUBLISHABLE
from projects.models import ProgrammeTarget, Project, Sector
from reporting.builders.heading import IssueDetails, report_signature
from reporting.builders.summary.documents import PeriodFigures, PeriodSummary
from reporting.builders.summary.localities import locality_map, locality_table
from reporting.builders.summary.ngos import Registry, ngo_rows, period_ngo_table, target_check
from reporting.builders.summary.lines import (
    ACCEPTED,
    ZERO,
    accepted_lines,
    accepted_mentions,
    converted_lines,
    sum_known,
    tally,
    thousandth,
)
from reporting.builders.summary.sections import (
    item_table,
    list_lead,
    numbered,
    sector_table,
    status_tables,
    summary_heading,
    total_row,
)
from reporting.formatting import cell_text
from reporting.models import AnnualReport, ReportingRound
from reporting.tables import AMOUNT, COUNT, LABEL, NO_DATA, TEXT, TOTAL, Column, Ref, Row, Section, Table
from socaid.bilingual import missing_english_note, printed_text
from socaid.counts import count_of

# --- The whole period -------------------------------------------------------------------------------------------


def build_period_summary(programme, language="vi", now=None, issue=None, basis=None):
    """The programme's whole period, year by year, in about ten queries whatever the data. ``basis``: the day
    whose units the table by locality uses (partners.localities.Basis), by default the period's last day.

    Sums of the yearly figures only: a "to date" figure repeats the earlier years and is never added up.
    """
    first, last = programme.start_year, programme.end_year
    issue = issue or IssueDetails()
    basis = basis or Basis(year_end(last))
    rounds = {
        round_.year: round_
        for round_ in ReportingRound.objects.filter(programme=programme, year__range=(first, last)).annotate(
            unit_count=count_of(ReportingRound.units.through.objects.all(), "reportinground"),
            accepted_count=count_of(AnnualReport.objects.filter(status=ACCEPTED), "round"),
        )
    }
    lines = converted_lines(accepted_lines(report__round__programme=programme, report__round__year__range=(first, last)))
    mentions = list(accepted_mentions(report__round__programme=programme, report__round__year__range=(first, last)))
    sectors = list(Sector.objects.in_programme(programme).with_totals(statuses=PUBLISHABLE).order_by("position"))
    bank = {
        row["status"]: row
        for row in Project.objects.in_programme(programme).order_by().values("status").annotate(n=Count("pk", distinct=True), aid=Sum("lines__aid_sought"))
    }
    target = ProgrammeTarget.objects.filter(programme=programme, indicator=ProgrammeTarget.Indicator.NGOS_WITH_PROJECTS).order_by("position").first()
    with translation.override(language):
        registry = Registry(mentions)
        by_year = defaultdict(list)
        for line in lines:
            by_year[line.year].append(line)
        ngo_keys_by_year = defaultdict(set)
        for mention in mentions:
            ngo_keys_by_year[mention.report.round.year].add(registry.key(mention))
        rows = []
        for year in range(first, last + 1):
            round_ = rounds.get(year)
            if round_ is None:  # nobody was asked to report: no figure is known, not even 0
                values = [str(year), cell_text(_("no")), cell_text(_("no data yet")), *[""] * 5]
                rows.append(Row(values, kind=NO_DATA, kinds=(LABEL, LABEL, *[TEXT] * 6), key=year))
                continue
            figures = tally(by_year[year])
            rows.append(Row(
                [
                    str(year), cell_text(_("yes")), round_.unit_count, round_.accepted_count,
                    figures.committed_year, figures.disbursed_year, figures.counterpart_spent, len(ngo_keys_by_year[year]),
                ],
                key=year,
            ))
        years = Table("years", [
            Column("year", str(_("Year")), LABEL, 10),
            Column("round", str(_("Reporting round opened")), LABEL, 14),
            Column("obliged", str(_("Units obliged to report")), COUNT, 14),
            Column("accepted", str(_("Reports accepted")), COUNT, 14),
            Column("committed_year", str(_("Aid committed in the year")), AMOUNT, 16),
            Column("disbursed_year", str(_("Aid disbursed in the year")), AMOUNT, 16),
            Column("counterpart_spent", str(_("Counterpart funds spent")), AMOUNT, 16),
            Column("ngos", str(_("NGOs active")), COUNT, 14),
        ], rows)
        records = years.records([row for row in rows if row.kind != NO_DATA])
        ngos = ngo_rows(mentions, registry, language, earlier=None)
        totals = PeriodFigures(
            rounds=len(rounds),
            committed=sum((r["committed_year"] for r in records), ZERO),
            disbursed=sum((r["disbursed_year"] for r in records), ZERO),
            counterpart_spent=sum((r["counterpart_spent"] for r in records), ZERO),
            ngos=len(ngos),  # each NGO once, however many years it was active
            years=sorted(rounds),
        )
        years.totals = [total_row(
            _covered(totals.years, first, last), totals.rounds, sum(r["obliged"] for r in records), sum(r["accepted"] for r in records),
            totals.committed, totals.disbursed, totals.counterpart_spent, totals.ngos,
            sums=["obliged", "accepted", "committed_year", "disbursed_year", "counterpart_spent"],
        )]
        years.totals[0].kinds = (LABEL, COUNT, *(column.kind for column in years.columns[2:]))  # the rounds: a count
        years.totals[0].formulas = {
            "round": ("=COUNT({0})", [Ref("years", None, "obliged")]),  # the years with a round: those with a number of units
            "ngos": ("=COUNTA({0})", [Ref("ngos", None, "number")]),  # each NGO once, however many years: the NGO table's rows
        }
        sectors = sector_table(sectors, lines, language, committed=_("Aid committed over the period"), disbursed=_("Aid disbursed over the period"))
        localities = locality_table(lines, basis, language, committed=_("Aid committed over the period"), disbursed=_("Aid disbursed over the period"))
        aid_sought = sectors.total()["aid_sought"]
        share = None
        if aid_sought:
            share = (totals.committed * 100 / aid_sought).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        comparison = item_table("comparison", AMOUNT, [
            ("aid_sought", _("Aid to be mobilised, all projects of the list"), aid_sought),
            ("committed", _("Aid committed over the period (sum of the years)"), totals.committed),
            ("disbursed", _("Aid disbursed over the period (sum of the years)"), totals.disbursed),
            ("share", _("Committed as a share of the aid to be mobilised (%)"), share),
        ])
        # Each figure repeats a total above or on the sheet "By year", the share is computed from two of them.
        repeated = {"aid_sought": Ref("sectors", TOTAL, "aid_sought"), "committed": Ref("years", TOTAL, "committed_year"),
                    "disbursed": Ref("years", TOTAL, "disbursed_year")}
        for row in comparison.rows:
            if row.key in repeated:
                row.formulas = {"value": ("={0}", [repeated[row.key]])}
            elif share is not None:
                row.formulas = {"value": ("=ROUND({0}*100/{1},1)", [Ref("comparison", "committed", "value"), Ref("comparison", "aid_sought", "value")])}
        status_sections = status_tables(
            [
                Column("label", str(_("Status")), TEXT, 40),
                Column("bank", str(_("Projects in the bank")), COUNT, 20),
                Column("aid_sought", str(_("Aid to be mobilised")), AMOUNT, 22),
            ],
            [
                Row([cell_text(label), bank[status]["n"], thousandth(bank[status]["aid"])], key=status)
                for status, label in Project.Status.choices
                if status in bank
            ],
            total=_list_total,
        )
        target = target_check(target, len(ngos), last, period=True)
        notes = [
            str(_("Amounts in foreign currencies are converted to million VND at the rate each unit reported, rounded to the thousand VND.")),
            str(_("The period's figures add up the figures of each year; the cumulative figures of the reports are not added, so nothing is counted twice.")),
            str(_("In the total row, each NGO is counted once, however many years it was active.")),
            *_no_data_note(totals.years, first, last),
            *missing_english_note([row["name"] for row in sectors.records()], language),
        ]
        return PeriodSummary(
            heading=summary_heading(
                programme, language, last, issue,
                _("Review of the implementation of the %(programme)s") % {"programme": printed_text(programme, "title", language)},
            ),
            signature=report_signature(programme, last, language, issue),
            language=language,
            programme=programme,
            first_year=first,
            last_year=last,
            totals=totals,
            target=target,
            sections=numbered([
                Section("years", _("RESULTS YEAR BY YEAR"), pgettext("summary sheet", "By year"), [years], notes=notes),
                Section("sectors", _("AID BY SECTOR OVER THE PERIOD"), pgettext("summary sheet", "By sector"), [sectors, comparison], leads=[list_lead()]),
                Section(
                    "localities", _("AID BY LOCALITY OVER THE PERIOD"), pgettext("summary sheet", "By locality"),
                    [localities],
                    leads=[basis.describe()], maps=[locality_map(localities, basis, language)] if lines else [],
                ),
                Section(
                    "ngos", _("FOREIGN NGOS ACTIVE OVER THE PERIOD"), pgettext("summary sheet", "NGOs"), [period_ngo_table(ngos)],
                    leads=[target.verdict] if target else [],
                ),
                Section("statuses", _("PROJECTS OF THE LIST BY STATUS"), pgettext("summary sheet", "Project status"), status_sections, leads=[list_lead()]),
            ]),
        )


def _list_total(table):
    """The programme's list in all: the projects of its statuses and their aid to be mobilised (the appendix's total)."""
    records = table.records()
    return total_row(
        "", str(_("Total of the list")), sum(r["bank"] for r in records), sum_known(r["aid_sought"] for r in records), sums=["bank", "aid_sought"],
    )


def _covered(years, first, last):
    """The total row's label, which says which years its figures add up."""
    if len(years) == last - first + 1:
        return str(_("Total %(first)s-%(last)s") % {"first": first, "last": last})
    if not years:
        return str(_("Total (no year has data yet)"))
    if len(years) == 1:
        return str(_("Total of %(year)s") % {"year": years[0]})
    return str(_("Total of %(years)s") % {"years": ", ".join(str(year) for year in years)})


def _no_data_note(years, first, last):
    missing = [str(year) for year in range(first, last + 1) if year not in years]
    if not missing:
        return []
    note = _("No reporting round was opened for %(missing)s: those years have no data yet, and the totals cover only the years with a round.")
    return [str(note % {"missing": ", ".join(missing)})]
