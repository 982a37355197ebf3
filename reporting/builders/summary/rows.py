"""The summary's data as the renderers lay it out: figures, rows and the two documents."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from reporting.builders.common import Heading
from reporting.builders.summary.common import ZERO

# --- The data the renderers lay out -------------------------------------------------------------------------------


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


@dataclass
class Item:
    """A labelled figure of a short list (the overview, the totals); ``is_count`` for whole numbers of things."""

    label: str
    value: object
    is_count: bool = False


@dataclass
class Overview:
    obliged: int
    accepted: int
    on_time: int
    late: int
    not_reported: int
    items: list = field(default_factory=list)


@dataclass
class SectorRow:
    numeral: str
    name: str
    bank_projects: int
    aid_sought: Decimal | None  # in the bank (the appendix's "aid to be mobilised")
    reported_projects: int
    committed_year: Decimal
    disbursed_year: Decimal
    counterpart_spent: Decimal


@dataclass
class LocalityRow:
    number: str
    name: str
    kind: str  # "unit", or PROVINCE, SEVERAL, UNSPECIFIED
    figures: Figures


@dataclass
class ProjectRow:
    number: str
    name: str
    agency: str
    unit: str  # the unit that reported the line
    currency: str
    rate: Decimal | None  # VND for one unit of the currency; None for VND itself and where the rate is missing
    committed_year: Decimal | None
    disbursed_year: Decimal | None
    committed_total: Decimal | None
    disbursed_total: Decimal | None
    counterpart_spent: Decimal | None
    beneficiaries: int | None
    status: str
    rate_missing: bool = False


@dataclass
class NGORow:
    number: str
    name: str
    country: str
    proposed: bool  # named by a unit, not (yet) in the registry
    new: bool
    units: str
    activities: str
    years: str = ""  # the period summary: the years the NGO was active
    note: str = ""


@dataclass
class TargetCheck:
    text: str
    value: Decimal | None
    comparison: str
    target_year: int | None
    achieved: int
    met: bool | None
    verdict: str


@dataclass
class StatusRow:
    status: str
    label: str
    reported: int
    bank: int
    aid_sought: Decimal | None = None


@dataclass
class LateRow:
    number: str
    unit: str
    submitted_on: datetime.date
    days_late: int
    state: str
    state_label: str


@dataclass
class MissingRow:
    number: str
    unit: str
    state: str
    state_label: str


@dataclass
class NarrativeRow:
    unit: str
    results: str
    difficulties: str
    proposals: str


@dataclass
class YearSummary:
    heading: Heading
    language: str
    programme: object
    year: int
    round: object  # the ReportingRound, or None when no round was opened for the year
    round_line: str
    titles: dict
    columns: dict
    overview: Overview
    totals: Figures
    total_items: list
    sectors: list
    sector_total: SectorRow
    localities: list
    locality_total: LocalityRow
    projects: list
    project_total: ProjectRow
    ngos: list
    new_ngos: list
    target: TargetCheck | None
    statuses: list
    late: list
    not_reported: list
    narratives: list
    total_label: str
    empty: str
    nothing: str
    notes: list = field(default_factory=list)
    kind: str = "summary"


@dataclass
class YearRow:
    year: int
    round_opened: bool
    round_label: str
    obliged: int
    accepted: int
    committed_year: Decimal
    disbursed_year: Decimal
    counterpart_spent: Decimal
    ngos: int


@dataclass
class PeriodSummary:
    heading: Heading
    language: str
    programme: object
    first_year: int
    last_year: int
    titles: dict
    columns: dict
    years: list
    year_total: YearRow
    sectors: list
    sector_total: SectorRow
    ngos: list
    target: TargetCheck | None
    statuses: list
    status_total: StatusRow
    comparison: list
    total_label: str
    empty: str
    nothing: str
    notes: list = field(default_factory=list)
    kind: str = "period"
