"""The summary of the programme's whole period (2020–2025): the years side by side, added up without counting twice."""
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from projects.models import ProgrammeTarget, Project, Sector
from reporting.builders.summary.common import ACCEPTED, ZERO, thousandth
from reporting.builders.summary.ngos import Registry, ngo_rows, target_check
from reporting.builders.summary.rows import Item, PeriodSummary, StatusRow, YearRow
from reporting.builders.summary.shared import (
    accepted_lines,
    accepted_mentions,
    converted_lines,
    section_titles,
    sector_table_rows,
    sum_known,
    summary_heading,
    tally,
)
from socaid.bilingual import missing_english_note
from reporting.models import ReportingRound

# --- The whole period -------------------------------------------------------------------------------------------


def build_period_summary(programme, language="vi", now=None):
    """The programme's whole period, year by year, in about ten queries whatever the data.

    Sums of the yearly figures only: a "to date" figure repeats the earlier years and is never added up.
    """
    first, last = programme.start_year, programme.end_year
    rounds = {
        round_.year: round_
        for round_ in ReportingRound.objects.filter(programme=programme, year__range=(first, last)).annotate(
            unit_count=Count("units", distinct=True),
            accepted_count=Count("reports", filter=Q(reports__status=ACCEPTED), distinct=True),
        )
    }
    lines = converted_lines(accepted_lines(report__round__programme=programme, report__round__year__range=(first, last)))
    mentions = list(accepted_mentions(report__round__programme=programme, report__round__year__range=(first, last)))
    sectors = list(Sector.objects.in_programme(programme).with_totals().order_by("position"))
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
        years = []
        for year in range(first, last + 1):
            round_ = rounds.get(year)
            figures = tally(by_year[year])
            years.append(
                YearRow(
                    year=year,
                    round_opened=round_ is not None,
                    round_label=str(_("yes") if round_ else _("no")),
                    obliged=round_.unit_count if round_ else 0,
                    accepted=round_.accepted_count if round_ else 0,
                    committed_year=figures.committed_year,
                    disbursed_year=figures.disbursed_year,
                    counterpart_spent=figures.counterpart_spent,
                    ngos=len(ngo_keys_by_year[year]),
                )
            )
        ngos = ngo_rows(mentions, registry, language, earlier=None)
        year_total = YearRow(
            year=0,
            round_opened=bool(rounds),
            round_label=str(len(rounds)),
            obliged=sum(row.obliged for row in years),
            accepted=sum(row.accepted for row in years),
            committed_year=sum((row.committed_year for row in years), ZERO),
            disbursed_year=sum((row.disbursed_year for row in years), ZERO),
            counterpart_spent=sum((row.counterpart_spent for row in years), ZERO),
            ngos=len(ngos),  # each NGO once, however many years it was active
        )
        sector_rows, sector_total = sector_table_rows(sectors, lines, language)
        statuses = [
            StatusRow(status=status, label=str(label), reported=0, bank=bank[status]["n"], aid_sought=thousandth(bank[status]["aid"]))
            for status, label in Project.Status.choices
            if status in bank
        ]
        status_total = StatusRow(
            status="",
            label=str(_("Total")),
            reported=0,
            bank=sum(row.bank for row in statuses),
            aid_sought=sum_known(row.aid_sought for row in statuses),
        )
        committed = year_total.committed_year
        share = None
        if sector_total.aid_sought:
            share = (committed * 100 / sector_total.aid_sought).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        comparison = [
            Item(str(_("Aid to be mobilised, all projects of the list")), sector_total.aid_sought),
            Item(str(_("Aid committed over the period (sum of the years)")), committed),
            Item(str(_("Aid disbursed over the period (sum of the years)")), year_total.disbursed_year),
            Item(str(_("Committed as a share of the aid to be mobilised (%)")), share),
        ]
        columns = {
            "years": [
                str(_("Year")), str(_("Reporting round opened")), str(_("Units obliged to report")), str(_("Reports accepted")),
                str(_("Aid committed in the year")), str(_("Aid disbursed in the year")), str(_("Counterpart funds spent")),
                str(_("NGOs active")),
            ],
            "sectors": [
                str(_("No.")), str(_("Sector")), str(_("Projects in the list")), str(_("Aid to be mobilised")),
                str(_("Projects reported")), str(_("Aid committed over the period")), str(_("Aid disbursed over the period")),
                str(_("Counterpart funds spent")),
            ],
            "ngos": [str(_("No.")), str(_("Organisation")), str(_("Country")), str(_("Years active")), str(_("Units working with it"))],
            "statuses": [str(_("No.")), str(_("Status")), str(_("Projects in the bank")), str(_("Aid to be mobilised"))],
        }
        notes = [
            str(_("Amounts in foreign currencies are converted to million VND at the rate each unit reported, rounded to the thousand VND.")),
            str(_("The period's figures add up the figures of each year; the cumulative figures of the reports are not added, so nothing is counted twice.")),
            str(_("In the total row, each NGO is counted once, however many years it was active.")),
            *missing_english_note([row.name for row in sector_rows], language),
        ]
        return PeriodSummary(
            heading=summary_heading(programme, language, _("PERIOD %(start)s-%(end)s") % {"start": first, "end": last}),
            language=language,
            programme=programme,
            first_year=first,
            last_year=last,
            titles=section_titles(
                years=_("RESULTS YEAR BY YEAR"),
                sectors=_("AID BY SECTOR OVER THE PERIOD"),
                ngos=_("FOREIGN NGOS ACTIVE OVER THE PERIOD"),
                statuses=_("PROJECTS OF THE LIST BY STATUS"),
            ),
            columns=columns,
            years=years,
            year_total=year_total,
            sectors=sector_rows,
            sector_total=sector_total,
            ngos=ngos,
            target=target_check(target, len(ngos), last, period=True),
            statuses=statuses,
            status_total=status_total,
            comparison=comparison,
            total_label=str(_("Total")),
            empty=str(_("No accepted report.")),
            nothing=str(_("None.")),
            notes=notes,
        )
