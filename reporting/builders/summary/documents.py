"""The two summaries as the renderers take them: sections of tables (reporting.tables), and the typed figures
that other readers (the summary page, the command, a dashboard) take without reading a table."""
from dataclasses import dataclass
from decimal import Decimal

from reporting.builders.heading import Heading
from reporting.builders.summary.lines import Figures
from reporting.tables import Sections


@dataclass
class Overview:
    """Where the obliged units' reports stand: only the accepted ones are counted in the figures."""

    obliged: int
    accepted: int
    on_time: int  # accepted, first sent by the deadline
    late: int  # accepted, first sent after it
    not_accepted: int  # sent, then returned for revision or still awaiting review
    not_sent: int


@dataclass
class PeriodFigures:
    """The period's figures: sums of the years' own figures, never of their "to date" ones; each NGO once."""

    rounds: int
    committed: Decimal
    disbursed: Decimal
    counterpart_spent: Decimal
    ngos: int
    years: list  # the years the figures cover: those with a reporting round


@dataclass
class NGORow:
    """An NGO as the year's and the period's NGO tables list it."""

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
class YearSummary(Sections):
    heading: Heading
    language: str
    programme: object
    year: int
    round: object  # the ReportingRound, or None when no round was opened for the year
    round_line: str
    overview: Overview
    totals: Figures
    target: TargetCheck | None
    sections: list
    signature: object = None  # heading.Signature, with the recipients
    kind: str = "summary"


@dataclass
class PeriodSummary(Sections):
    heading: Heading
    language: str
    programme: object
    first_year: int
    last_year: int
    totals: PeriodFigures
    target: TargetCheck | None
    sections: list
    signature: object = None
    kind: str = "period"
