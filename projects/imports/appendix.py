"""A workbook laid out like the programme's appendix, read into plain data.

The appendix ("Danh mục dự án đề xuất vận động viện trợ…") is a table under a few
title lines: a header (one or two rows, the amounts grouped under "Kinh phí
(triệu đồng)"), then sector rows with a Roman numeral and their stated
subtotals, each followed by its numbered projects; a row with an empty number
carries a further budget line of the project above (or more of its text, when it
has no amount); a "Tổng cộng" row states the grand total.

``parse_appendix`` reads such a sheet, whether socaid wrote it or a province
typed it, and says what does not add up. It writes nothing and matches nothing
to the database: the importer does that with what it returns.
"""
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from projects.amounts import format_amount
from projects.appendix_layout import AMOUNT_ROLES, MULTILINE_ROLES, TEXT_ROLES, Amounts, column_label
from projects.imports.issues import ERROR, WARNING, Findings, Issue
from projects.imports.values import clean_text, is_empty, parse_amount, parse_period
from projects.search import fold

REQUIRED = ("number", "name", *AMOUNT_ROLES)

# Header words, folded (lower case, no diacritics, punctuation as spaces), matched as whole words.
# A column takes the first role, in this order, whose words it contains: the amounts come last because
# "viện trợ" and "tổng" also appear in other headers ("Chủ khoản viện trợ").
HEADER_WORDS = {
    "name": {
        "vi": ["ten du an", "ten chuong trinh", "ten cong trinh", "ten de an", "ten hang muc", "du an de xuat"],
        "en": ["project name", "name of project", "name of the project", "project title"],
    },
    "agency": {
        "vi": ["chu khoan", "co quan chu tri", "don vi chu tri", "co quan chu quan", "chu du an", "co quan de xuat",
               "don vi de xuat", "co quan thuc hien", "don vi thuc hien", "chu dau tu"],
        "en": ["host agency", "agency", "host", "lead agency", "implementing agency", "project owner", "owner"],
    },
    "location": {
        "vi": ["dia diem", "dia ban", "noi thuc hien"],
        "en": ["location", "project site", "site", "place"],
    },
    "period": {
        "vi": ["thoi gian", "thoi han", "nam thuc hien", "giai doan"],
        "en": ["period", "duration", "timeline", "timeframe", "time frame", "years"],
    },
    "content": {
        "vi": ["noi dung", "muc tieu", "quy mo"],
        "en": ["content", "description", "activities", "objectives", "scope"],
    },
    "notes": {
        "vi": ["ghi chu"],
        "en": ["notes", "note", "remarks", "comments"],
    },
    "counterpart": {
        "vi": ["doi ung", "nguon khac", "von khac"],
        "en": ["counterpart", "other sources"],
    },
    "aid_sought": {
        "vi": ["van dong", "vien tro", "tai tro", "pcpnn"],
        "en": ["aid", "mobilised", "mobilized", "sought", "donor", "ngo funding", "grant"],
    },
    "total": {
        "vi": ["tong von", "tong kinh phi", "tong muc", "tong so", "tong cong", "tong"],
        "en": ["total", "budget", "amount"],
    },
}
# Weaker words, tried once no role's words above are found: "Name", "Title", "Dự án".
FALLBACK_WORDS = {"name": {"vi": ["ten", "du an"], "en": ["name", "title", "project"]}}
# The number column's header is nothing but these words: "STT", "TT", "Số TT", "Số thứ tự", "No.", "Nr", "#".
NUMBER_WORDS = {"vi": {"stt", "tt", "so", "thu", "tu"}, "en": {"no", "nr", "number", "num", "n", "o"}}
NUMBER_HEADERS = [{"stt"}, {"tt"}, {"so", "tt"}, {"so", "thu", "tu"}, {"thu", "tu"}, {"no"}, {"nr"}, {"number"}, {"num"},
                  {"n", "o"}]
# The grand total's label, folded: "Tổng cộng:", "TỔNG SỐ", "Cộng", "Total", "Grand total".
TOTAL_LABELS = ["tong cong", "tong so", "grand total", "total"]
TOTAL_EXACT = {"tong", "cong", "sum"}  # only when alone: "Cộng đồng…" is no total

ROMAN = re.compile(r"(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
# "II", "II.", "II)" alone; or followed by the sector's name when one merged cell holds both: "II. Lĩnh vực an sinh xã hội".
SECTOR_NUMBER = re.compile(r"(?P<numeral>[IVXLC]+)\s*[.):]?")
SECTOR_WITH_NAME = re.compile(r"(?P<numeral>[IVXLC]+)(?:\s*[.):-]\s*|\s+)(?P<name>\S.*)", re.S)
PROJECT_NUMBER = re.compile(r"0*(?P<number>\d+)\s*[.)]?")
COLUMN_NUMBER = re.compile(r"\(?(?P<n>\d+)\)?(?:\s*=.*)?")


@dataclass
class Column:
    role: str
    index: int  # 1-based, as openpyxl counts
    letter: str
    header: str  # the header's text, the levels of a two-level header joined by " / "


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
class Difference:
    """A stated figure that its parts do not add up to: a finding to show, not an error."""

    sheet: str
    row: int
    scope: str  # "sector" or "total"
    numeral: str  # the sector's numeral; "" for the grand total
    column: str  # "total", "aid_sought" or "counterpart"
    stated: Decimal
    computed: Decimal  # the sum of the known amounts
    difference: Decimal  # stated - computed
    basis: str = "lines"  # what was added up: "lines" (budget lines) or "subtotals" (the sectors' stated subtotals)
    unknown: int = 0  # how many of the added amounts are empty (unknown), so left out of ``computed``
    header: str = ""  # the column's header text

    def message(self):
        values = {
            "numeral": self.numeral,
            "column": self.header or self.column,
            "stated": format_amount(self.stated),
            "computed": format_amount(self.computed),
            "difference": format_amount(self.difference),
        }
        if self.scope == "sector":
            text = _("Sector %(numeral)s, “%(column)s”: the sheet states %(stated)s, its projects add up to %(computed)s (difference %(difference)s).")
        elif self.basis == "subtotals":
            text = _("Grand total, “%(column)s”: the sheet states %(stated)s, the sector subtotals add up to %(computed)s (difference %(difference)s).")
        else:
            text = _("Grand total, “%(column)s”: the sheet states %(stated)s, all the projects add up to %(computed)s (difference %(difference)s).")
        text = text % values
        if self.unknown:
            text += " " + _("%(count)s of the amounts added up are empty (unknown) and were left out.") % {"count": self.unknown}
        return text


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


# Reading the grid ------------------------------------------------------------------------------------------------


class _Grid:
    """The sheet's values with every merged range's value given to each of its cells.

    ``cell(row, column)`` is ``(value, first_row, first_column)`` of the range it
    belongs to, so that a caller can tell a value merged down from the row above
    (an agency shared by two projects) from the row's own.
    """

    def __init__(self, ws):
        self.rows = [list(values) for values in ws.iter_rows(values_only=True)]
        self.height = len(self.rows)
        # The last column holding anything: a sheet formatted to its far right edge holds no more data for it.
        self.width = max((index + 1 for values in self.rows for index, value in enumerate(values) if value is not None), default=0)
        self.rows = [values[: self.width] for values in self.rows]
        self.origin = {}
        for merged in ws.merged_cells.ranges:
            top, left = merged.min_row, merged.min_col
            value = self.rows[top - 1][left - 1] if top <= self.height and left <= len(self.rows[top - 1]) else None
            for row in range(top, min(merged.max_row, self.height) + 1):
                for column in range(left, min(merged.max_col, self.width) + 1):
                    if (row, column) == (top, left):
                        continue
                    self.origin[row, column] = (value, top, left)

    def cell(self, row, column):
        if (row, column) in self.origin:
            return self.origin[row, column]
        values = self.rows[row - 1] if 1 <= row <= self.height else []
        return (values[column - 1] if column <= len(values) else None), row, column

    def value(self, row, column):
        return self.cell(row, column)[0]

    def own(self, row, column):
        """The value unless it is merged down from a row above."""
        value, top, _left = self.cell(row, column)
        return value if top == row else None

    def top_left(self, row, column):
        """The value only in the range's first cell: an amount belongs to one row and one column."""
        value, top, left = self.cell(row, column)
        return value if (top, left) == (row, column) else None

    def texts(self, row):
        """The row's distinct texts, left to right (a title merged across the table counts once)."""
        seen = []
        for column in range(1, self.width + 1):
            text = clean_text(self.own(row, column))
            if text and text not in seen:
                seen.append(text)
        return seen

    def is_empty_row(self, row):
        return all(is_empty(self.own(row, column)) for column in range(1, self.width + 1))


def _words(value):
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", fold(clean_text(value))).split())


def _has(words, phrase):
    return f" {phrase} " in f" {words} "


def _number_header(words):
    """'stt', 'so tt', 'no' -> the language; None when the text is not a number column's header."""
    if words.strip() == "#":
        return "en"
    found = set(words.split())
    if not found:
        return None
    for accepted in NUMBER_HEADERS:
        if found == accepted:
            return "vi" if accepted <= NUMBER_WORDS["vi"] else "en"
    # A bilingual header: "STT (No.)"
    if found <= NUMBER_WORDS["vi"] | NUMBER_WORDS["en"] and found & {"stt", "tt"} and found & {"no", "nr", "number"}:
        return "vi"
    return None


def _role_of(words):
    """(role, language) of a header text, or (None, None)."""
    if _number_header(words):
        return "number", _number_header(words)
    for table in (HEADER_WORDS, FALLBACK_WORDS):
        for role, languages in table.items():
            for language, phrases in languages.items():
                if any(_has(words, phrase) for phrase in phrases):
                    return role, language
    return None, None


def _find_header(grid, scan=60):
    """The first row with a number column and a project-name column, or None."""
    for row in range(1, min(grid.height, scan) + 1):
        roles = [_role_of(_words(grid.value(row, column)))[0] for column in range(1, grid.width + 1)]
        if "number" in roles and "name" in roles:
            return row
    return None


def _header_end(ws, grid, top):
    """The header's last row: the lowest row of a cell merged down from the first, or the rows below that hold
    nothing but header words (the amounts' sub-header under "Kinh phí", an English line under the Vietnamese)."""
    end = top
    for merged in ws.merged_cells.ranges:
        if merged.min_row == top and merged.max_row > top:
            end = max(end, min(merged.max_row, top + 2))
    number_column = next(
        (column for column in range(1, grid.width + 1) if _role_of(_words(grid.value(top, column)))[0] == "number"), None
    )
    while end < min(top + 2, grid.height):
        below = end + 1
        number = _words(grid.own(below, number_column))
        words = [_words(grid.own(below, column)) for column in range(1, grid.width + 1)]
        words = [word for word in words if word]
        if not words or (number and not _number_header(number)) or any(_role_of(word)[0] is None for word in words):
            break
        end = below
    return end


def _columns(grid, top, end):
    """Role -> Column from the header's rows; and the header's language."""
    columns, votes = {}, {"vi": 0, "en": 0}
    for index in range(1, grid.width + 1):
        levels = []
        for row in range(top, end + 1):
            text = clean_text(grid.value(row, index))
            if text and text not in levels:
                levels.append(text)
        if not levels:
            continue
        role, language = _role_of(" ".join(_words(level) for level in levels))
        if role is None or role in columns:
            continue
        votes[language] += 1
        columns[role] = Column(role=role, index=index, letter=get_column_letter(index), header=" / ".join(levels))
    language = "en" if votes["en"] > votes["vi"] else "vi"
    return columns, language


# Parsing -------------------------------------------------------------------------------------------------------


@dataclass
class _RawRow:
    """A row of a project as read, before the project is put together."""

    row: int
    texts: dict
    amounts: Amounts


class _Parser:
    def __init__(self, ws, grid, top, end, columns, language):
        self.grid, self.columns = grid, columns
        self.sheet = ws.title
        self.result = ParsedAppendix(sheet=ws.title, language=language, header_rows=(top, end), columns=columns)
        self.top, self.end = top, end
        self.sector = None
        self.project_rows = None  # the _RawRow list of the project being read
        self.project_sector = None
        self.last = None  # "sector", "project" or None: what a text-only row continues
        self.pending = []  # (raw rows, sector) of every project, put together at the end
        self.header_texts = {
            column.index: {_words(grid.value(row, column.index)) for row in range(top, end + 1)} - {""}
            for column in columns.values()
        }
        self.numbers = {}  # (sector row, number) -> the first row

    # issues
    def issue(self, severity, message, row, role="", value=""):
        column = self.columns[role].header if role in self.columns else ""
        self.result.issues.append(Issue(severity, message, sheet=self.sheet, row=row, column=column, value=str(value)))

    def error(self, message, row, role="", value=""):
        self.issue(ERROR, message, row, role, value)

    def warning(self, message, row, role="", value=""):
        self.issue(WARNING, message, row, role, value)

    # cells
    def col(self, role):
        column = self.columns.get(role)
        return column.index if column else None

    def text(self, row, role, *, inherited=True):
        index = self.col(role)
        if index is None:
            return ""
        value = self.grid.value(row, index) if inherited else self.grid.own(row, index)
        return clean_text(value, multiline=role in MULTILINE_ROLES)

    def amounts(self, row):
        """The row's amounts, each problem reported; and whether any amount cell holds anything."""
        amounts, present = Amounts(), False
        for role in AMOUNT_ROLES:
            index = self.col(role)
            if index is None:
                continue
            raw = self.grid.top_left(row, index)
            if is_empty(raw):
                continue
            present = True
            # "12,000" is twelve thousand under English headers; under Vietnamese ones it is ambiguous, so reported.
            value, problem = parse_amount(raw, "en" if self.result.language == "en" else None)
            if problem:
                self.error(problem, row, role, clean_text(raw))
                continue
            if value < 0:
                self.error(_("An amount cannot be negative."), row, role, clean_text(raw))
            setattr(amounts, role, value)
        return amounts, present

    def check_sum(self, row, amounts, severity=ERROR):
        if None in amounts.as_tuple():
            return
        difference = amounts.total - amounts.aid_sought - amounts.counterpart
        if difference:
            self.issue(
                severity,
                _("The total (%(total)s) must equal aid sought plus counterpart funds (%(sum)s); the difference is %(diff)s.")
                % {
                    "total": format_amount(amounts.total),
                    "sum": format_amount(amounts.aid_sought + amounts.counterpart),
                    "diff": format_amount(abs(difference)),
                },
                row,
                "total",
                format_amount(amounts.total),
            )

    # rows
    def parse(self):
        grid, result = self.grid, self.result
        result.title_lines = [" ".join(grid.texts(row)) for row in range(1, self.top) if grid.texts(row)]
        number_column = self.col("number")
        row = self.end
        while row < grid.height:
            row += 1
            if grid.is_empty_row(row):
                continue
            number_raw = grid.own(row, number_column)
            number_text = clean_text(number_raw)
            if self.is_total(row, number_text):
                self.read_total(row)
                if result.sectors or result.projects:  # a total at the top of the table (some provinces put it there) ends nothing
                    result.trailing_lines = [" ".join(grid.texts(r)) for r in range(row + 1, grid.height + 1) if grid.texts(r)]
                    break
                continue
            if self.is_header_again(row) or self.is_column_numbers(row):
                continue
            sector = SECTOR_NUMBER.fullmatch(number_text) or SECTOR_WITH_NAME.fullmatch(number_text)
            if sector and ROMAN.fullmatch(sector.group("numeral")):
                name = clean_text(sector.groupdict().get("name"))
                self.read_sector(row, sector.group("numeral"), name, number_text)
            elif self.project_number(number_raw) is not None:
                self.read_project(row, self.project_number(number_raw), number_text)
            elif number_text:
                self.error(
                    _("“%(value)s” is neither a sector numeral (I, II, III…) nor a project number (1, 2, 3…).") % {"value": number_text},
                    row, "number", number_text,
                )
            else:
                self.read_continuation(row)
        self.finish()
        return result

    def is_total(self, row, number_text):
        """The grand total's row: "Tổng cộng:" (or "Tổng số", "Cộng", "Total"…) in the number or the name column."""
        label = number_text or self.text(row, "name", inherited=False)
        words = _words(label).split()
        if not words:
            return False
        content = _words(self.text(row, "content", inherited=False))
        if content and content != " ".join(words):  # a line of its own with a content: not a label
            return False
        if " ".join(words) in TOTAL_EXACT:
            return True
        for phrase in TOTAL_LABELS:
            start = phrase.split()
            if words[: len(start)] == start:
                rest = words[len(start):]
                # "Tổng cộng toàn tỉnh", "Total (I+II+…+VI)"; not "Tổng số 78 xe lăn…"
                if all(ROMAN.fullmatch(word.upper()) for word in rest):
                    return True
                if len(rest) <= 3 and not any(character.isdigit() for word in rest for character in word):
                    return True
        return False

    def is_header_again(self, row):
        """The header repeated (a table copied page by page from a printed document)."""
        found = False
        for column in range(1, self.grid.width + 1):
            words = _words(self.grid.own(row, column))
            if not words:
                continue
            if words not in self.header_texts.get(column, set()):
                return False
            found = True
        return found

    def is_column_numbers(self, row):
        """The row of column numbers under the header: (1) (2) (3)… or 1 2 3…"""
        numbers = []
        for column in range(1, self.grid.width + 1):
            text = clean_text(self.grid.own(row, column))
            if not text:
                continue
            match = COLUMN_NUMBER.fullmatch(text)
            if not match:
                return False
            numbers.append(int(match.group("n")))
        return len(numbers) >= 3 and numbers[0] in (0, 1) and all(b > a for a, b in zip(numbers, numbers[1:]))

    @staticmethod
    def project_number(raw):
        if isinstance(raw, bool) or raw is None:
            return None
        if isinstance(raw, int):
            return str(raw) if raw >= 0 else None
        if isinstance(raw, float):
            return str(int(raw)) if raw.is_integer() and raw >= 0 else None
        match = PROJECT_NUMBER.fullmatch(clean_text(raw))
        return str(int(match.group("number"))) if match else None

    def read_total(self, row):
        amounts, _present = self.amounts(row)
        self.check_sum(row, amounts, WARNING)
        self.result.grand_total, self.result.grand_total_row = amounts, row
        self.close_project()
        self.last = None

    def read_sector(self, row, numeral, name, number_text):
        if not name:
            name = self.text(row, "name")
        if not name:  # the name in whatever text column it was written
            for role in TEXT_ROLES:
                name = self.text(row, role, inherited=False)
                if name:
                    break
        amounts, _present = self.amounts(row)
        self.check_sum(row, amounts, WARNING)
        self.close_project()
        first = next((sector.row for sector in self.result.sectors if sector.numeral == numeral), None)
        if first is not None:
            self.error(
                _("Sector %(numeral)s appears twice: first in row %(row)s.") % {"numeral": numeral, "row": first}, row, "number", number_text
            )
        self.sector = ParsedSector(sheet=self.sheet, row=row, numeral=numeral, name=name, stated=amounts)
        self.result.sectors.append(self.sector)
        self.last = "sector"

    def read_project(self, row, number, number_text):
        self.close_project()
        if self.sector is None:
            self.error(_("This project comes before any sector row: put its sector's row (I, II, III…) above it."), row, "number", number_text)
        else:
            first = self.numbers.setdefault((self.sector.row, number), row)
            if first != row:
                self.error(
                    _("Project number %(number)s appears twice in sector %(numeral)s: first in row %(row)s.")
                    % {"number": number, "numeral": self.sector.numeral, "row": first},
                    row, "number", number_text,
                )
        texts = {role: self.text(row, role) for role in TEXT_ROLES}
        texts["number"] = number
        amounts, _present = self.amounts(row)
        self.check_sum(row, amounts)
        self.project_rows = [_RawRow(row, texts, amounts)]
        self.project_sector = self.sector
        self.last = "project"

    def read_continuation(self, row):
        amounts, present = self.amounts(row)
        texts = {role: self.text(row, role, inherited=False) for role in TEXT_ROLES}
        if present:
            if self.last != "project":
                self.error(_("This budget line has no project above it: its number column is empty."), row, "number", "")
                return
            self.check_sum(row, amounts)
            self.project_rows.append(_RawRow(row, texts, amounts))
            return
        if not any(texts.values()):
            return
        # Text only: the cells of the row above go on (a cell broken across pages, or typed over two rows).
        if self.last == "project":
            last = self.project_rows[-1]
            for role, text in texts.items():
                if text:
                    joiner = "\n" if role in MULTILINE_ROLES else " "
                    last.texts[role] = f"{last.texts[role]}{joiner}{text}" if last.texts.get(role) else text
        elif self.last == "sector":
            extra = " ".join(text for text in texts.values() if text)
            self.sector.name = f"{self.sector.name} {extra}".strip()

    def close_project(self):
        if self.project_rows:
            self.pending.append((self.project_rows, self.project_sector))
        self.project_rows, self.project_sector = None, None

    def finish(self):
        self.close_project()
        for rows, sector in self.pending:
            project = self.build_project(rows, sector)
            self.result.projects.append(project)
            if sector is not None:
                sector.projects.append(project)
        self.result.differences = reconcile(self.result)
        self.result.issues.sort(key=lambda issue: issue.row or 0)

    def build_project(self, rows, sector):
        first = rows[0]
        several = len(rows) > 1
        lines = []
        for index, raw in enumerate(rows):
            # A further line says what it pays for in the content column, or in the name column when there is none.
            description = raw.texts["content"] or (raw.texts["name"] if index else "")
            lines.append(
                ParsedLine(
                    row=raw.row,
                    description=description if several else "",
                    total=raw.amounts.total,
                    aid_sought=raw.amounts.aid_sought,
                    counterpart=raw.amounts.counterpart,
                    notes=raw.texts["notes"] if index else "",  # the project row's notes are the project's
                )
            )
        content = "\n".join(raw.texts["content"] for raw in rows if raw.texts["content"]) if several else first.texts["content"]
        start, end, problem = parse_period(first.texts["period"])
        if problem:
            self.warning(problem, first.row, "period", first.texts["period"])
        if not first.texts["name"]:
            self.error(_("The project has no name."), first.row, "name", "")
        if not first.texts["agency"]:
            self.warning(_("The project has no host agency."), first.row, "agency", "")
        return ParsedProject(
            sheet=self.sheet,
            row=first.row,
            sector=sector.numeral if sector else "",
            number=first.texts["number"],
            name=first.texts["name"],
            agency=first.texts["agency"],
            location=first.texts["location"],
            period=first.texts["period"],
            start_year=start,
            end_year=end,
            content=content,
            notes=first.texts["notes"],
            lines=lines,
        )


def reconcile(result):
    """Each stated subtotal against its projects' lines; the grand total against the subtotals and against all lines."""
    differences = []
    headers = {role: column.header for role, column in result.columns.items()}

    def compare(row, scope, numeral, role, stated, values, basis):
        known = [value for value in values if value is not None]
        computed = sum(known, Decimal(0))
        if computed != stated:
            differences.append(
                Difference(
                    sheet=result.sheet, row=row, scope=scope, numeral=numeral, column=role, stated=stated, computed=computed,
                    difference=stated - computed, basis=basis, unknown=len(values) - len(known), header=headers.get(role, ""),
                )
            )

    for sector in result.sectors:
        lines = [line for project in sector.projects for line in project.lines]
        for role in AMOUNT_ROLES:
            stated = sector.stated.get(role)
            if stated is not None:
                compare(sector.row, "sector", sector.numeral, role, stated, [line.get(role) for line in lines], "lines")
    if result.grand_total is not None:
        lines = [line for project in result.projects for line in project.lines]
        for role in AMOUNT_ROLES:
            stated = result.grand_total.get(role)
            if stated is None:
                continue
            subtotals = [sector.stated.get(role) for sector in result.sectors]
            if any(value is not None for value in subtotals):
                compare(result.grand_total_row, "total", "", role, stated, subtotals, "subtotals")
            compare(result.grand_total_row, "total", "", role, stated, [line.get(role) for line in lines], "lines")
    return differences


def parse_appendix(spreadsheet) -> ParsedAppendix:
    """The appendix found in ``spreadsheet`` (see projects.imports.workbook.open_spreadsheet) as plain data.

    The sheet is the first, in the workbook's order, with a header row holding
    a number column and a project-name column. What is wrong is in ``issues``
    (an error stops an import); what does not add up is in ``differences``.
    The issues found while opening the file (``spreadsheet.issues``) are not
    repeated here.
    """
    workbook = spreadsheet.workbook
    looked_at, found_data = [], False
    for ws in workbook.worksheets:
        grid = _Grid(ws)
        if all(grid.is_empty_row(row) for row in range(1, grid.height + 1)):
            continue
        found_data = True
        looked_at.append(ws.title)
        top = _find_header(grid)
        if top is None:
            continue
        end = _header_end(ws, grid, top)
        columns, language = _columns(grid, top, end)
        missing = [role for role in REQUIRED if role not in columns]
        if missing:
            result = ParsedAppendix(sheet=ws.title, language=language, header_rows=(top, end), columns=columns)
            result.issues.append(
                Issue(
                    ERROR,
                    _("The header has no column for: %(columns)s.") % {"columns": ", ".join(column_label(role) for role in missing)},
                    sheet=ws.title,
                    row=top,
                )
            )
            return result
        return _Parser(ws, grid, top, end, columns, language).parse()
    if not found_data:
        message = _("The workbook is empty: none of its sheets holds anything to import.")
    else:
        message = _(
            "No sheet is laid out like the appendix: none has a header row with a number column (STT) and a project name "
            "column (Tên dự án). Sheets looked at: %(sheets)s."
        ) % {"sheets": ", ".join(f"“{title}”" for title in looked_at)}
    return ParsedAppendix(issues=[Issue(ERROR, message)])
