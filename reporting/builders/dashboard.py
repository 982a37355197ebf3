"""The dashboard: how a programme stands against its targets, from the bank's and the pipeline's own rows.

Every figure is computed here, from the rows read once (``PipelineData``, a fixed number of queries whatever the
data), and never in a template or a renderer. The projects are the programme's list (projects.lifecycle.PUBLISHABLE:
accepted into the bank and further, withdrawn projects excepted). Amounts in million VND: the aid sought is the sum
of the budget lines; pledged, committed and disbursed are sums of each entry's own ``million_vnd()`` (its own rate,
rounded once), never a converted sum. A project counts once in every table: in one sector, one stage (its status),
one place (partners.localities: its units as the province is divided today, through the reform), whatever the
number of its NGOs, agreements or units.

``dashboard_rows`` lists the rows behind any figure, for the page every figure links to.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from partners.localities import Basis, table_order
from projects.lifecycle import FUNDED, PUBLISHABLE
from projects.locality_totals import places_of_projects, units_of_projects
from partners.models import NGO
from projects.models import BudgetLine, ProgrammeTarget, Project, Sector
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from reporting.builders import plan_progress
from reporting.builders.heading import Heading
from reporting.builders.summary.lines import sum_known
from reporting.builders.summary.sections import number_column, numbered, total_row
from reporting.charts import ACROSS, UPRIGHT, Chart, Series
from reporting.formatting import cell_text, printed_amount, printed_count
from reporting.tables import AMOUNT, COUNT, LABEL, TEXT, Column, Row, Section, Sections, Table
from socaid.bilingual import in_language, printed_text

ZERO = Decimal(0)
Status = Project.Status
MONEY = ("pledged", "committed", "disbursed")
FIGURE_KEYS = ("projects", "aid_sought", *MONEY)
FIGURE_LABELS = {
    "projects": gettext_lazy("Projects"),
    "aid_sought": gettext_lazy("Aid sought"),
    "pledged": gettext_lazy("Aid pledged"),
    "committed": gettext_lazy("Aid committed"),
    "disbursed": gettext_lazy("Aid disbursed"),
    "planned": gettext_lazy("Counterpart funds planned"),
    "spent": gettext_lazy("Counterpart funds spent"),
}
# The pipeline's stages, each a status a project holds now (the status follows the pipeline): a project is at one
# stage only, and the bank's list filtered by the status shows the same projects.
STAGES = (Status.PUBLISHED, Status.NEGOTIATION, Status.COMMITTED, Status.APPROVED, Status.IMPLEMENTING, Status.COMPLETED)
PRIORITIES = (("khmer", gettext_lazy("Khmer ethnic-minority areas")), ("difficult", gettext_lazy("Extremely difficult communes")))


class Listed(NamedTuple):
    """What the figures need of a project of the list: a tuple, not a model instance with its sector and host agency
    (a programme of 64,000 projects made 190,000 instances, 3.4 s)."""

    pk: int
    sector_id: int
    status: str
    ngo_id: int | None
    start_year: int | None


class PipelineData:
    """The programme's list and its pipeline, read once: the projects, their aid sought, their entries, their
    places and priority flags. About a dozen queries whatever the number of rows."""

    def __init__(self, programme, today=None):
        self.programme = programme
        self.basis = Basis(today or timezone.localdate())
        bank = Project.objects.in_programme(programme).filter(status__in=PUBLISHABLE)
        ids = bank.order_by().values("pk")
        listed = bank.order_by("sector__position", "position").values_list(*Listed._fields)
        self.projects = {row[0]: Listed(*row) for row in listed}
        self.aid_sought = defaultdict(lambda: ZERO)
        # Summed here, not in SQL: SQLite adds decimals as floats.
        for project_id, amount in BudgetLine.objects.filter(project__in=ids).order_by().values_list("project_id", "aid_sought"):
            self.aid_sought[project_id] += amount or ZERO
        self.pledges = list(Pledge.objects.filter(project__in=ids).select_related("ngo", "project").order_by("pledged_on", "pk"))
        self.agreements = list(Agreement.objects.filter(project__in=ids).select_related("ngo", "project").order_by("signed_on", "pk"))
        self.disbursements = list(
            Disbursement.objects.filter(agreement__project__in=ids).select_related("agreement__ngo", "agreement__project").order_by("year", "pk")
        )
        self.counterpart = list(CounterpartFunds.objects.filter(project__in=ids).select_related("project").order_by("year", "pk"))
        self.bank = bank

    # Read only by the tables that need them (the summary's pipeline section does not).
    @cached_property
    def committed_ngos(self):
        return NGO.objects.in_bulk({p.ngo_id for p in self.projects.values() if p.ngo_id})

    @cached_property
    def units_of(self):
        return units_of_projects(self.bank)

    @cached_property
    def priority(self):
        """{key: {pk, …}}: the projects with a unit in each priority area (AdministrativeUnit.in_priority_area), from
        the units the places are read from, not asked of the whole programme again (2 × 80 ms at 64,000 projects)."""
        links, units = self.units_of
        priority = {}
        for key, _label in PRIORITIES:
            flagged = {pk for pk, unit in units.items() if unit.in_priority_area(**{key: True})}
            priority[key] = {pk for pk, unit_ids in links.items() if not flagged.isdisjoint(unit_ids)}
        return priority

    @cached_property
    def places(self):
        return places_of_projects(self.bank, self.basis, self.units_of)

    def entries(self, kind):
        """The pipeline's entries of a kind, each with its project, year and amount in million VND."""
        if kind == "pledged":
            return [(e.project, e.pledged_on.year, e.million_vnd(), e) for e in self.pledges]
        if kind == "committed":
            return [(e.project, e.signed_on.year, e.million_vnd(), e) for e in self.agreements]
        return [(e.agreement.project, e.year, e.million_vnd(), e) for e in self.disbursements]

    def money(self, kind, year=None):
        """{project pk: the sum of its entries' own conversions} (in ``year`` only, if given)."""
        sums = defaultdict(lambda: ZERO)
        for project, entry_year, amount, _entry in self.entries(kind):
            if year is None or entry_year == year:
                sums[project.pk] += amount
        return sums

    def years(self):
        """The programme's years, and any other year an entry was recorded in, so that the years add up to the totals."""
        years = set(range(self.programme.start_year, self.programme.end_year + 1))
        years |= {year for kind in MONEY for _p, year, _a, _e in self.entries(kind)} | {row.year for row in self.counterpart}
        return sorted(years)

    @cached_property
    def groups(self):
        """{(kind, value): [pk, …] in the list's order} for each sector and status, made in one pass: a dashboard
        asks for some thirty groups, and asking the whole list for each cost seconds at 64,000 projects."""
        groups = defaultdict(list)
        for pk, project in self.projects.items():
            groups[("sector", project.sector_id)].append(pk)
            groups[("status", project.status)].append(pk)
        return groups

    @cached_property
    def place_groups(self):
        """{place key: [pk, …]} likewise, made only for a page that groups by place."""
        groups = defaultdict(list)
        places = self.places
        for pk in self.projects:
            groups[places[pk].key].append(pk)
        return groups

    def select(self, *, sector=None, status=None, place=None, priority=None):
        """The pks of the projects in a group of the dashboard, in the list's order."""
        asked = []
        if sector is not None:
            asked.append(self.groups.get(("sector", sector), []))
        if status is not None:
            asked.append(self.groups.get(("status", status), []))
        if place is not None:
            asked.append(self.place_groups.get(place, []))
        if not asked:
            asked = [list(self.projects)]
        first, *others = sorted(asked, key=len)
        within = [set(group) for group in others]
        if priority is not None:
            within.append(self.priority.get(priority, set()))
        return [pk for pk in first if all(pk in group for group in within)]

    def ngo_first_years(self):
        """{NGO: the first year it had a project of the programme}: an agreement's signing year, or for a project's
        committed NGO without an agreement the project's first year (the programme's first if it has none)."""
        first = {}
        for agreement in self.agreements:
            year = agreement.signed_on.year
            if agreement.ngo_id not in first or year < first[agreement.ngo_id][1]:
                first[agreement.ngo_id] = (agreement.ngo, year)
        for project in self.projects.values():
            if project.ngo_id and project.status in FUNDED:
                year = project.start_year or self.programme.start_year
                if project.ngo_id not in first or year < first[project.ngo_id][1]:
                    first[project.ngo_id] = (self.committed_ngos[project.ngo_id], year)
        return first


@dataclass
class Dashboard(Sections):
    heading: Heading
    language: str
    programme: object
    sections: list
    # (table key, row key, column key) -> the address of the rows behind the figure
    links: dict = field(default_factory=dict)
    target: object = None  # the NGO target's check: (text, achieved, met) or None
    signature: object = None
    kind: str = "dashboard"

    def link(self, table, row, column):
        return self.links.get((table, row, column))


def rows_address(programme, **filters):
    """The page of the rows behind a figure: the dashboard's rows page with the figure and the group's filters."""
    query = {"programme": programme.pk, **{key: value for key, value in filters.items() if value is not None}}
    return f"{reverse('reporting:dashboard_rows')}?{urlencode(query)}"


def build_dashboard(programme, language="vi", today=None):
    tables = DashboardTables(programme, language, today)
    with translation.override(language):
        ngos, ngo_list, target = tables.ngos()
        sections = numbered([
            Section("ngos", _("NGOS WITH PROJECTS AGAINST THE TARGET"), pgettext("dashboard sheet", "NGOs"), [ngos, ngo_list],
                    leads=[target[0]] if target else [], maps=[tables.chart("ngos", ngos)]),
            tables.years_section(),
            tables.section("sectors", _("AID BY SECTOR"), pgettext("dashboard sheet", "By sector"), tables.sectors()),
            tables.section("units", _("AID BY LOCALITY"), pgettext("dashboard sheet", "By locality"), tables.units(), leads=[tables.data.basis.describe()]),
            Section("priorities", _("AID FOR THE PROGRAMME'S PRIORITIES"), pgettext("dashboard sheet", "Priorities"), [tables.priorities()],
                    leads=[str(_("A project in both kinds of area counts in both rows; the rows are not added up."))]),
            tables.funnel_section(),
            tables.section("counterpart", _("COUNTERPART FUNDS PLANNED AND SPENT"), pgettext("dashboard sheet", "Counterpart funds"), tables.counterpart()),
            plan_progress.dashboard_section(programme, language, tables.today, tables.links),
        ])
        heading = Heading(
            title=[_("DASHBOARD OF THE PROGRAMME"), printed_text(programme, "title", language)],
            attached_to=str(programme), unit=pgettext("appendix heading", "Unit: million VND"),
        )
    return Dashboard(heading=heading, language=language, programme=programme, sections=sections, links=tables.links, target=target)


def pipeline_section(programme, language):
    """The year-end summary's section on the pipeline: the dashboard's figures by year and by stage, with their
    charts, drawn by the same code as on the page."""
    tables = DashboardTables(programme, language)
    with translation.override(language):
        parts = [tables.years_section(), tables.funnel_section()]
        return Section(
            "pipeline", _("THE AID PIPELINE OF THE PROGRAMME"), pgettext("summary sheet", "Pipeline"),
            [table for part in parts for table in part.tables], leads=[lead for part in parts for lead in part.leads],
            maps=[chart for part in parts for chart in part.maps],
        )


class DashboardTables:
    """The dashboard's tables and charts from one reading of the rows; ``links``: where each figure's rows are."""

    def __init__(self, programme, language, today=None):
        self.programme, self.language = programme, language
        self.today = today or timezone.localdate()
        self.data = PipelineData(programme, self.today)
        self.links = {}
        self.money = {kind: self.data.money(kind) for kind in MONEY}

    def figures(self, table, key, pks, **filters):
        """A group's figures, each linked to the rows behind it."""
        for column in FIGURE_KEYS:
            self.links[(table, key, column)] = rows_address(self.programme, figure=column, **filters)
        money = self.money
        return [len(pks), sum((self.data.aid_sought[pk] for pk in pks), ZERO), *(sum((money[kind][pk] for pk in pks), ZERO) for kind in MONEY)]

    def figure_columns(self, name):
        return [name, *(Column(key, str(FIGURE_LABELS[key]), COUNT if key == "projects" else AMOUNT, 14) for key in FIGURE_KEYS)]

    def section(self, key, title, sheet, table, leads=()):
        return Section(key, title, sheet, [table], leads=list(leads), maps=[self.chart(key, table)])

    def ngos(self):
        ngos, ngo_list, target = _ngo_tables(self.data, self.language, self.today)
        for row in ngos.rows:
            self.links[("ngos", row.key, "ngos")] = self.links[("ngos", row.key, "new")] = "#ngo_list"
        return ngos, ngo_list, target

    def years_section(self):
        return self.section(
            "years", _("AID PLEDGED, COMMITTED AND DISBURSED BY YEAR"), pgettext("dashboard sheet", "By year"), _years_table(self.data, self.links),
            leads=[str(_("Pledges by the day they were made, agreements by the day they were signed, disbursements by their year; each entry converted at its own rate."))],
        )

    def funnel_section(self):
        funnel = _group_table("funnel", self.figure_columns(Column("name", str(_("Stage")), TEXT, 36)), [
            Row([cell_text(status.label), *self.figures("funnel", str(status), self.data.select(status=status), status=status)], key=str(status)) for status in STAGES
        ], label=_("All stages"))
        return self.section(
            "funnel", _("THE PIPELINE: PROJECTS AT EACH STAGE"), pgettext("dashboard sheet", "Pipeline"), funnel,
            leads=[str(_("Each project counts at the stage its status says, once."))],
        )

    def sectors(self):
        table = _group_table("sectors", [number_column(), *self.figure_columns(Column("name", str(_("Sector")), TEXT, 36))], [
            Row([sector.numeral, printed_text(sector, "name", self.language), *self.figures("sectors", sector.pk, self.data.select(sector=sector.pk), sector=sector.pk)], key=sector.pk)
            for sector in Sector.objects.in_programme(self.programme).order_by("position")
        ])
        self.total_links("sectors")
        return table

    def units(self):
        data = self.data
        # Every place a project of the list is in (one in no unit too: its place is "none"), from the groups by place.
        places = [data.places[pks[0]] for pks in data.place_groups.values()]
        labelled = sorted(((data.basis.label(place, self.language), place) for place in places), key=lambda item: table_order(item[1], item[0]))
        table = _group_table("units", self.figure_columns(Column("name", str(_("Locality")), TEXT, 36)), [
            Row([label, *self.figures("units", place.key, data.select(place=place.key), place=place.key)], key=place.key) for label, place in labelled
        ])
        self.total_links("units")
        return table

    def total_links(self, table):
        """Every project of the list is in one sector and one place: the total's rows are the whole list's."""
        for column in FIGURE_KEYS:
            self.links[(table, "total", column)] = rows_address(self.programme, figure=column)

    def priorities(self):
        return Table("priorities", self.figure_columns(Column("name", str(_("Priority area")), TEXT, 36)), [
            Row([str(label), *self.figures("priorities", key, self.data.select(priority=key), priority=key)], key=key) for key, label in PRIORITIES
        ])

    def counterpart(self):
        return _counterpart_table(self.data, self.links)

    def chart(self, key, table):
        """The chart of a table, from its own figures: what the chart draws is what the table prints."""
        title, description, series, orientation, link = CHARTS[key]
        amount = lambda value: printed_amount(value, self.language) or "0"  # noqa: E731 - a bar of zero prints 0, not a dash
        count = lambda value: printed_count(value, self.language)  # noqa: E731
        records = table.records()
        label = "year" if orientation == UPRIGHT else "name"
        categories = [str(record[label]) if "number" not in record else f"{record['number']}. {record['name']}" for record in records]
        return Chart(
            f"chart-{key}", str(title), str(description) % {"unit": _("in million VND")}, categories,
            [Series(str(FIGURE_LABELS.get(s, _("NGOs"))), tuple(record[s] for record in records)) for s in series],
            count if series[0] in ("projects", "ngos") else amount, orientation,
            [self.links.get((table.key, row.key, link)) for row in table.rows] if link else [],
        )


CHARTS = {  # table -> title, description, the columns drawn, bars across or upright, the column whose rows a bar links to
    "ngos": (
        gettext_lazy("NGOs with projects by the end of each year"),
        gettext_lazy("Upright bars, one per year of the programme: the number of NGOs with projects by the end of the year. The table below gives the figures."),
        ("ngos",), UPRIGHT, None,
    ),
    "years": (
        gettext_lazy("Aid pledged, committed and disbursed by year"),
        gettext_lazy("Upright bars, three per year: aid pledged, committed and disbursed, %(unit)s. The table below gives the figures."),
        MONEY, UPRIGHT, None,
    ),
    "sectors": (
        gettext_lazy("Aid sought and committed by sector"),
        gettext_lazy("Bars across, two per sector: aid sought and aid committed, %(unit)s. The table below gives the figures."),
        ("aid_sought", "committed"), ACROSS, "aid_sought",
    ),
    "units": (
        gettext_lazy("Aid sought and committed by locality"),
        gettext_lazy("Bars across, two per locality: aid sought and aid committed, %(unit)s. The table below gives the figures."),
        ("aid_sought", "committed"), ACROSS, "aid_sought",
    ),
    "funnel": (
        gettext_lazy("Projects at each stage of the pipeline"),
        gettext_lazy("Bars across, one per stage from published to completed: the number of projects at the stage. The table below gives the figures and amounts."),
        ("projects",), ACROSS, "projects",
    ),
    "counterpart": (
        gettext_lazy("Counterpart funds planned and spent by year"),
        gettext_lazy("Upright bars, two per year: counterpart funds planned and spent, %(unit)s. The table below gives the figures."),
        ("planned", "spent"), UPRIGHT, None,
    ),
}


def _group_table(key, columns, rows, label=None):
    """A table of groups that each project is in at most one of: its total row adds the rows up."""
    first_figure = next(index for index, column in enumerate(columns) if column.key == "projects")
    records = [row.values for row in rows]
    sums = [sum((values[index] for values in records), ZERO if columns[index].kind == AMOUNT else 0) for index in range(first_figure, len(columns))]
    total = total_row(*([""] * (first_figure - 1)), str(label or _("Total")), *sums, sums=[column.key for column in columns[first_figure:]])
    return Table(key, columns, rows, totals=[total], empty=str(_("None.")))


def _ngo_tables(data, language, today):
    """NGOs with projects by the end of each year of the programme, and the NGOs themselves (the rows behind the count)."""
    first = data.ngo_first_years()
    rows = []
    for year in range(data.programme.start_year, data.programme.end_year + 1):
        new = sum(1 for _ngo, first_year in first.values() if first_year == year or (year == data.programme.start_year and first_year < year))
        to_date = sum(1 for _ngo, first_year in first.values() if first_year <= year)
        rows.append(Row([str(year), to_date, new], key=year))
    ngos = Table("ngos", [
        Column("year", str(_("Year")), LABEL, 8),
        Column("ngos", str(_("NGOs with projects by the end of the year")), COUNT, 20),
        Column("new", str(_("Of which new in the year")), COUNT, 16),
    ], rows)
    listed = sorted(first.values(), key=lambda item: (item[1], str(item[0])))
    ngo_list = Table("ngo_list", [number_column(), Column("name", str(_("NGO")), TEXT, 40), Column("first_year", str(_("First year with a project")), LABEL, 14)], [
        Row([str(number), str(ngo), str(year)], key=ngo.pk) for number, (ngo, year) in enumerate(listed, start=1)
    ], title=str(_("The NGOs counted")), empty=str(_("None yet.")))
    target = ProgrammeTarget.objects.filter(programme=data.programme, indicator=ProgrammeTarget.Indicator.NGOS_WITH_PROJECTS).order_by("position").first()
    return ngos, ngo_list, _target_check(target, first, data.programme, today)


def _target_check(target, first, programme, today):
    if target is None:
        return None
    year = target.target_year or programme.end_year
    achieved = sum(1 for _ngo, first_year in first.values() if first_year <= year)
    met = target.is_met_by(achieved)
    if met is None:
        verdict = _("the target has no figure to compare with")
    elif met:
        verdict = _("target met")
    else:
        verdict = _("target not yet met") if today.year <= year else _("target not met")
    text = _("Target: %(text)s. NGOs with projects by the end of %(year)s: %(achieved)s; %(verdict)s.") % {
        "text": in_language(target, "text").rstrip("."), "year": year, "achieved": achieved, "verdict": verdict,
    }
    return (str(text), achieved, met)


def _years_table(data, links):
    by_year = {kind: defaultdict(lambda: ZERO) for kind in MONEY}
    for kind in MONEY:
        for _project, year, amount, _entry in data.entries(kind):
            by_year[kind][year] += amount
    rows = []
    for year in data.years():
        for kind in MONEY:
            links[("years", year, kind)] = rows_address(data.programme, figure=kind, year=year)
        rows.append(Row([str(year), *(by_year[kind][year] for kind in MONEY)], key=year))
    columns = [Column("year", str(_("Year")), LABEL, 8), *(Column(kind, str(FIGURE_LABELS[kind]), AMOUNT, 16) for kind in MONEY)]
    for kind in MONEY:
        links[("years", "total", kind)] = rows_address(data.programme, figure=kind)
    total = total_row(str(_("Total")), *(sum((row.values[1 + i] for row in rows), ZERO) for i in range(len(MONEY))), sums=MONEY)
    return Table("years", columns, rows, totals=[total])


def _counterpart_table(data, links):
    by_year = defaultdict(list)
    for row in data.counterpart:
        by_year[row.year].append(row)
    rows = []
    for year in data.years():
        for key in ("planned", "spent"):
            links[("counterpart", year, key)] = rows_address(data.programme, figure="counterpart", year=year)
        rows.append(Row([str(year), sum_known(r.planned for r in by_year[year]), sum_known(r.spent for r in by_year[year])], key=year))
    for key in ("planned", "spent"):
        links[("counterpart", "total", key)] = rows_address(data.programme, figure="counterpart")
    columns = [Column("year", str(_("Year")), LABEL, 8), Column("planned", str(FIGURE_LABELS["planned"]), AMOUNT, 18), Column("spent", str(FIGURE_LABELS["spent"]), AMOUNT, 18)]
    total = total_row(str(_("Total")), *(sum_known(row.values[i] for row in rows) for i in (1, 2)), sums=("planned", "spent"))
    return Table("counterpart", columns, rows, totals=[total])


# --- The rows behind a figure ---------------------------------------------------------------------------------


@dataclass
class RowsBehind:
    title: str
    columns: list  # the labels of the text cells
    figures: list  # the labels of the figure columns
    rows: list  # [(project pk, [text], [figure])]: the page shows a page of them (reporting.dashboard_views)
    totals: list  # per figure column, the sum of the rows: the dashboard's figure
    amount: bool = True  # whether the figures are amounts (else the projects are counted)


def dashboard_rows(programme, *, figure, year=None, sector=None, status=None, place=None, priority=None, language="vi", today=None):
    """The projects or the pipeline's entries a figure of the dashboard adds up, with their sum, which is the figure."""
    data = PipelineData(programme, today)
    pks = set(data.select(sector=sector, status=status, place=place, priority=priority))
    with translation.override(language):
        title = str(FIGURE_LABELS.get(figure, _("Counterpart funds planned and spent")))
        if figure in ("projects", "aid_sought"):
            rows = [(pk, [], [data.aid_sought[pk]]) for pk in data.projects if pk in pks]
            totals = [sum((figures[0] for _p, _c, figures in rows), ZERO)]
            if figure == "projects":
                return RowsBehind(title, [], [], rows, [len(rows)], amount=False)
            return RowsBehind(title, [], [str(_("Aid sought"))], rows, totals)
        if figure == "counterpart":
            rows = [
                (row.project_id, [str(row.year)], [row.planned, row.spent])
                for row in data.counterpart if row.project_id in pks and (year is None or row.year == year)
            ]
            totals = [sum_known(figures[i] for _p, _c, figures in rows) for i in (0, 1)]
            return RowsBehind(title, [str(_("Year"))], [str(FIGURE_LABELS["planned"]), str(FIGURE_LABELS["spent"])], rows, totals)
        rows = []
        for project, entry_year, amount, entry in data.entries(figure):
            if project.pk in pks and (year is None or entry_year == year):
                ngo = entry.agreement.ngo if figure == "disbursed" else entry.ngo
                rate = "" if entry.currency == "VND" else printed_amount(entry.rate_to_vnd, language)
                rows.append((project.pk, [str(ngo), str(entry_year), f"{printed_amount(entry.amount, language)} {entry.currency}", rate], [amount]))
        columns = [str(_("NGO")), str(_("Year")), str(_("Amount in its currency")), str(_("Rate (VND)"))]
        return RowsBehind(title, columns, [str(_("Million VND"))], rows, [sum((figures[0] for _p, _c, figures in rows), ZERO)])
