"""What reading an appendix gives: its sectors, projects and budget lines as the sheet has them, and what is wrong."""
from dataclasses import dataclass, field
from decimal import Decimal

from projects.appendix_layout import Amounts
from projects.imports.issues import Findings


@dataclass
class ParsedLine:
    """One budget line: the project's row itself, or a row below it with an empty number."""

    row: int
    description: str = ""
    total: Decimal | None = None
    aid_sought: Decimal | None = None
    counterpart: Decimal | None = None
    notes: str = ""

    def get(self, role):
        return getattr(self, role)


@dataclass
class ParsedProject:
    sheet: str
    row: int
    sector: str  # the numeral of the sector row above; "" when there is none (an error)
    number: str  # "6" for "6", "6.", "06"
    name: str
    agency: str
    location: str
    period: str  # as written
    start_year: int | None
    end_year: int | None
    content: str
    notes: str
    lines: list = field(default_factory=list)  # ParsedLine, the first being the project's own row


@dataclass
class ParsedSector:
    sheet: str
    row: int
    numeral: str
    name: str
    stated: Amounts  # the subtotals as the sheet states them; None where its cell is empty
    projects: list = field(default_factory=list)


@dataclass
class ParsedAppendix(Findings):
    sheet: str = ""
    language: str = "vi"  # of the header: "vi" or "en"
    title_lines: list = field(default_factory=list)  # the rows above the header: title, "Kèm theo…", "ĐVT: triệu đồng"
    header_rows: tuple = ()  # (first, last)
    columns: dict = field(default_factory=dict)  # role -> Column
    sectors: list = field(default_factory=list)  # ParsedSector, in sheet order
    projects: list = field(default_factory=list)  # every ParsedProject, in sheet order, those before any sector included
    grand_total: Amounts | None = None
    grand_total_row: int | None = None
    trailing_lines: list = field(default_factory=list)  # text below the grand total: notes, signature
    differences: list = field(default_factory=list)  # Difference; empty when everything adds up
    issues: list = field(default_factory=list)  # Issue, in row order
