"""Tables as the printed documents hold them: typed columns, rows and total rows, grouped into titled sections.

A builder describes each table once, here; the HTML (and so the PDF) and the XLSX renderers lay out any such
table the same way, with no code of their own for one table or another.
"""
from dataclasses import dataclass, field

from socaid.spreadsheets import AMOUNT, COUNT, DATE, LABEL, TEXT, fitted_width

__all__ = ["AMOUNT", "COUNT", "DATE", "GRID", "LABEL", "RECORDS", "Ref", "TEXT", "TOTAL", "NO_DATA", "Column", "Row", "Section", "Sections", "Table"]

# How a table is laid out in HTML: a grid of rows and columns, or a block per row (the first column its heading,
# the others labelled paragraphs) for tables of long texts. Spreadsheets always get the grid.
GRID, RECORDS = "grid", "records"
TOTAL = "total"  # the kind of a total row
NO_DATA = "no-data"  # a row whose figures nobody has reported: one text ("no data yet") across its figure cells


@dataclass(frozen=True)
class Column:
    key: str  # what the column holds, for readers of the figures: Table.records()
    label: str
    kind: str = TEXT  # TEXT, LABEL (short and centred: a row number), COUNT, AMOUNT (million VND) or DATE
    width: int = 12  # in characters: the spreadsheet column's width, and the column's share of the printed table

    @property
    def fitted_width(self):
        """The width, widened so that no word of the heading breaks."""
        return fitted_width(self.width, self.label)


@dataclass
class Row:
    """One value per column; in a total row the label takes in the empty text cells beside it."""

    values: list
    kind: str = ""  # TOTAL, or a name for the row's look, such as a locality row that is not one unit
    kinds: tuple = ()  # per cell, where this row's kinds differ from its columns' (a list of counts and amounts)
    key: object = None  # what the row stands for (a status, a unit), for readers of the figures
    # In a total row, the keys of the columns whose value is the sum of the table's rows: a spreadsheet writes
    # them as formulas over those rows (with the builder's value as the result), the others as values.
    sums: tuple = ()
    # Figures that repeat or derive from other cells of the document: column key -> (template, refs). A spreadsheet
    # writes "=ROUND({0}*100/{1},1)" with the refs' cells in place of {0}, {1}, the builder's value as the result.
    formulas: dict = field(default_factory=dict)

    def kind_of(self, index, column):
        return self.kinds[index] if self.kinds else column.kind

    def label_span(self, columns):
        """(first, last): the cells one text takes in: a total row's label with the empty text cells on either side
        of it ("Total" across No. and name), a no-data row's text with those after it; None for other rows."""
        if self.kind not in (TOTAL, NO_DATA):
            return None
        texts = [self.kind_of(index, column) in (TEXT, LABEL) for index, column in enumerate(columns)]
        filled = [index for index, value in enumerate(self.values) if texts[index] and value not in (None, "")]
        if not filled:
            return None
        label = filled[0] if self.kind == TOTAL else filled[-1]
        first = label
        while self.kind == TOTAL and first > 0 and texts[first - 1] and self.values[first - 1] in (None, ""):
            first -= 1
        last = label
        while last + 1 < len(columns) and texts[last + 1] and self.values[last + 1] in (None, ""):
            last += 1
        return first, last


@dataclass(frozen=True)
class Ref:
    """A cell of a table of the document, for a spreadsheet's formula (Row.formulas): the row whose key is ``row``,
    the table's total row for TOTAL, or for None all the table's rows (a range)."""

    table: str
    row: object
    column: str


@dataclass
class Table:
    key: str
    columns: list
    rows: list
    totals: list = field(default_factory=list)  # printed after the rows, in bold
    title: str = ""  # a table within a section has a title of its own
    empty: str = ""  # printed instead of the table when it has no rows; without it the table prints as it is
    header: bool = True  # a short list of labelled figures goes without column headings
    layout: str = GRID

    def records(self, rows=None):
        """The rows as dicts keyed by the columns' keys."""
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row.values)) for row in (self.rows if rows is None else rows)]

    def total(self):
        """The first total row as a dict, or None."""
        return self.records(self.totals[:1])[0] if self.totals else None


@dataclass
class Section:
    key: str
    title: str  # numbered, as the document prints it: "III. AID BY SECTOR"
    sheet: str  # the short name of its spreadsheet sheet (at most 31 characters)
    tables: list = field(default_factory=list)
    leads: list = field(default_factory=list)  # paragraphs under the title: what the section's figures stand on
    notes: list = field(default_factory=list)  # below its tables
    # Pictures drawn above its tables, each with an html(): partners.maps.Choropleth, reporting.charts.Chart.
    maps: list = field(default_factory=list)


class Sections:
    """For documents made of ``sections``: a table by its key, and how many rows the document prints."""

    def table(self, key):
        return next(table for section in self.sections for table in section.tables if table.key == key)

    @property
    def row_count(self):
        return sum(len(table.rows) + len(table.totals) for section in self.sections for table in section.tables)
