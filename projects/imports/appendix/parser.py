"""Reading an appendix's rows, below its header, into sectors, projects and their budget lines.

A sector row carries a Roman numeral and its stated subtotals; each is followed by
its numbered projects; a row with an empty number carries a further budget line of
the project above (or more of its text, when it has no amount); a "Tổng cộng" row
states the grand total. Each cell's problem becomes an issue pinned to its row and
column; the figures are reconciled once every row is read.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from projects.amounts import format_amount
from projects.appendix_layout import AMOUNT_ROLES, MULTILINE_ROLES, TEXT_ROLES, Amounts
from projects.imports.appendix.parsed import ParsedAppendix, ParsedLine, ParsedProject, ParsedSector
from projects.imports.appendix.reconcile import reconcile
from projects.imports.appendix.vocabulary import are_column_numbers, fold_words, is_total_label, project_number, sector_numeral
from projects.imports.issues import ERROR, WARNING, Issue
from projects.imports.values import clean_text, is_empty, parse_amount, parse_period


@dataclass
class _RawRow:
    """A row of a project as read, before the project is put together."""

    row: int
    texts: dict
    amounts: Amounts


class Parser:
    """Reads the rows below ``header`` (see header.read_header) once: ``parse()`` returns the ParsedAppendix."""

    def __init__(self, ws, grid, header):
        self.grid, self.columns = grid, header.columns
        self.sheet = ws.title
        self.result = ParsedAppendix(sheet=ws.title, language=header.language, header_rows=header.rows, columns=header.columns)
        self.top, self.end = header.rows
        self.sector = None
        self.project_rows = None  # the _RawRow list of the project being read
        self.project_sector = None
        self.last = None  # "sector", "project" or None: what a text-only row continues
        self.pending = []  # (raw rows, sector) of every project, put together at the end
        self.header_texts = {
            column.index: {fold_words(grid.value(row, column.index)) for row in range(self.top, self.end + 1)} - {""}
            for column in self.columns.values()
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
            sector = sector_numeral(number_text)
            if sector:
                numeral, name = sector
                self.read_sector(row, numeral, name, number_text)
            elif project_number(number_raw) is not None:
                self.read_project(row, project_number(number_raw), number_text)
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
        words = fold_words(label).split()
        if not words:
            return False
        content = fold_words(self.text(row, "content", inherited=False))
        if content and content != " ".join(words):  # a line of its own with a content: not a label
            return False
        return is_total_label(words)

    def is_header_again(self, row):
        """The header repeated (a table copied page by page from a printed document)."""
        found = False
        for column in range(1, self.grid.width + 1):
            words = fold_words(self.grid.own(row, column))
            if not words:
                continue
            if words not in self.header_texts.get(column, set()):
                return False
            found = True
        return found

    def is_column_numbers(self, row):
        """The row of column numbers under the header: (1) (2) (3)… or 1 2 3…"""
        texts = (clean_text(self.grid.own(row, column)) for column in range(1, self.grid.width + 1))
        return are_column_numbers([text for text in texts if text])

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
