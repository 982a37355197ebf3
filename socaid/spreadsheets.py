"""Every .xlsx the portal writes is written through this module, and every .csv's text is made safe here.

Each writer once dealt with these on its own, and not all of them with all of them:
- openpyxl stores text beginning with "=" as a formula (and "#N/A" as an error) unless the cell is marked as
  text, and refuses the whole file over one control character in one cell;
- Excel and LibreOffice show the whole number 12000 as "12,000." under "#,##0.###", so an amount's format
  depends on its value;
- a spreadsheet runs a .csv cell beginning with = + - @ as a formula, so such text gets a leading apostrophe,
  which the import takes off again.

Cells are openpyxl cells of either kind of workbook: ``ws.cell(row=…, column=…)`` in an ordinary sheet, or
``new_cell(ws)`` handed to ``ws.append`` — the only way into a write-only sheet (``new_workbook(write_only=True)``),
which writes 100,000 rows in about 10 s and 30 MiB where an ordinary one needs several times the memory.
A printed document's sheet is written top to bottom through ``SheetRows`` into either kind alike. A styled cell
takes its whole look at once, as one named style of the workbook registered on first use (``cell_style``).
"""
import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from socaid.text import without_controls

# --- What a cell holds ------------------------------------------------------------------------------------------

TEXT = "text"  # text, always stored as text
LABEL = "label"  # short text set in the middle of its cell: a row number, a sector's numeral, a currency
COUNT = "count"  # a whole number of things: projects, units, people
AMOUNT = "amount"  # million VND to three decimals, or another figure printed the same way (a rate, a share)
DATE = "date"  # a day, or a moment to the minute

# --- Number formats ---------------------------------------------------------------------------------------------

# A known zero prints as "-", as the programme's appendix prints it; one format for whole amounts and one for
# fractions, since "#,##0.###" leaves a stray point after a whole number.
WHOLE_FORMAT = '#,##0;-#,##0;"-"'
FRACTION_FORMAT = '#,##0.0##;-#,##0.0##;"-"'
TYPED_AMOUNT_FORMAT = "#,##0.###"  # for empty cells a user will fill in: the value, whole or not, is not known yet
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
MOMENT_FORMAT = "DD/MM/YYYY HH:MM"

# --- The look of the printed tables (Decree 30/2020: Times New Roman, black) -----------------------------------

FONT_NAME = "Times New Roman"
TABLE_FONT = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
TITLE = Font(name=FONT_NAME, size=13, bold=True)
SUBTITLE = Font(name=FONT_NAME, size=13, italic=True)
HEADING_FONT = Font(bold=True)  # the column headings of a data export, in the spreadsheet's own font
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAPPED = Alignment(wrap_text=True, vertical="top")
CENTRED_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")
RIGHT = Alignment(vertical="top", horizontal="right")
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
BOTTOM_RIGHT = Alignment(horizontal="right", vertical="bottom")  # the unit line above a table
ALIGNMENTS = {TEXT: WRAPPED, LABEL: CENTRED_TOP, COUNT: RIGHT, AMOUNT: RIGHT, DATE: CENTRED_TOP}

# --- Cells ------------------------------------------------------------------------------------------------------


def new_cell(ws):
    """A cell to hand to ``ws.append``, in an ordinary or a write-only sheet."""
    return WriteOnlyCell(ws)


def clean(value) -> str:
    """The text without the control characters a worksheet cannot hold (any stored before socaid.text's rule)."""
    return without_controls(str(value))


def as_text(cell, value, font=None, alignment=None, border=None, fill=None):
    """Text that stays text, never a formula or an error code, whatever it begins with; None and "" leave it empty."""
    if value not in (None, ""):
        cell.value = clean(value)
        cell.data_type = "s"
    return _styled(cell, font, alignment, border, fill)


def excel_number(value):
    """A Decimal as the number a spreadsheet stores: an int when whole."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def amount_format(value) -> str:
    return WHOLE_FORMAT if value is None or Decimal(value) == Decimal(value).to_integral_value() else FRACTION_FORMAT


def as_amount(cell, value, font=None, alignment=None, border=None, fill=None):
    """An amount as a number; an unknown amount (None) stays an empty cell, never 0 and never text."""
    cell.value = None if value is None else excel_number(value)
    return _styled(cell, font, alignment, border, fill, amount_format(value))


def as_count(cell, value, font=None, alignment=None, border=None, fill=None):
    cell.value = value
    return _styled(cell, font, alignment, border, fill, COUNT_FORMAT)


def as_date(cell, value, font=None, alignment=None, border=None, fill=None):
    """A day, or a moment (given in the province's time: a spreadsheet has no time zones)."""
    cell.value = value
    return _styled(cell, font, alignment, border, fill, MOMENT_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT)


WRITERS = {TEXT: as_text, LABEL: as_text, COUNT: as_count, AMOUNT: as_amount, DATE: as_date}


def as_kind(cell, kind, value, font=None, alignment=None, border=None, fill=None):
    return WRITERS[kind](cell, value, font, alignment, border, fill)


def as_formula(cell, formula, result, font=None, alignment=None, border=None):
    """A formula over amounts; ``result`` is what it computes (see ``with_cached_results``) and sets its format."""
    cell.value = formula
    return _styled(cell, font, alignment, border, None, amount_format(result))


def as_value(cell, value):
    """A value of any type: text stays text, a Decimal is an amount, a day a date; numbers and the rest as they are."""
    if isinstance(value, str):
        return as_text(cell, value)
    if isinstance(value, Decimal):
        return as_amount(cell, value)
    if isinstance(value, datetime.date):
        return as_date(cell, value)
    cell.value = value
    return cell


def row_cells(ws, kinds, values, font=None, *, aligned=False):
    """Cells for ``ws.append``; a kind of None writes the value as it is (``as_value``), such as a year.
    ``aligned``: each kind in its printed table's alignment, text wrapped."""
    return [
        as_value(new_cell(ws), value) if kind is None else as_kind(new_cell(ws), kind, value, font, ALIGNMENTS[kind] if aligned else None)
        for kind, value in zip(kinds, values)
    ]


def append_values(ws, rows):
    """Rows of values of any type below what the sheet holds (``as_value``)."""
    for values in rows:
        ws.append([as_value(new_cell(ws), value) for value in values])


def heading_cells(ws, labels, alignment=None):
    """The column headings of a data export: bold text."""
    return [as_text(new_cell(ws), str(label), HEADING_FONT, alignment) for label in labels]


def _styled(cell, font, alignment, border=None, fill=None, number_format=None):
    """The cell's whole look at once, replacing any it had: a named style of the workbook (``cell_style``).

    Setting a font, a border and an alignment one by one makes openpyxl hash each style object against the
    workbook's lists, cell after cell: four fifths of the appendix workbook's time at 10,000 projects went there.
    A number format alone is cheap and stays an attribute, as in the plain data exports.

    ``cell.style = name`` would do the same as the line below, but looks the name up in a list of the names built
    anew twice for each cell: a fifth of the remaining time. The cell gets a copy of the named style's array, as
    openpyxl's own setter gives it.
    """
    if font is None and alignment is None and border is None and fill is None:
        if number_format is not None:
            cell.number_format = number_format
        return cell
    cell._style = StyleArray(cell_style(cell.parent.parent, font, alignment, border, fill, number_format).as_tuple())
    return cell


def cell_style(wb, font=None, alignment=None, border=None, fill=None, number_format=None) -> NamedStyle:
    """The workbook's named style with this look, registered on its first use.

    The style objects are looked up by identity (they are mostly this module's constants), so the slow comparison
    of their contents runs once per object, not once per cell; the lookup keeps the objects, so that no other
    object takes the identity of one while the workbook is written. Equal looks share one style.
    """
    by_identity, by_look = wb.__dict__.setdefault("_socaid_styles", ({}, {}))
    key = (id(font), id(alignment), id(border), id(fill), number_format)
    found = by_identity.get(key)
    if found is None:
        look = (font, alignment, border, fill, number_format)
        if look not in by_look:
            # Named in order of use: a user who adds a row in Excel finds the table's looks among the cell styles.
            by_look[look] = style = NamedStyle(
                name=f"socaid {len(by_look) + 1}", font=DEFAULT_FONT if font is None else font, alignment=alignment,
                border=DEFAULT_BORDER if border is None else border, fill=fill, number_format=number_format or "General",
            )
            wb.add_named_style(style)
        found = by_identity[key] = (by_look[look], look)
    return found[0]


# --- Printed tables ---------------------------------------------------------------------------------------------


def table_cell(ws, row, column, kind, value, font=TABLE_FONT, alignment=None):
    """A cell of a printed table, in its kind's alignment (or ``alignment``), with its borders."""
    return as_kind(ws.cell(row=row, column=column), kind, value, font, alignment or ALIGNMENTS[kind], BORDER)


def header_row(ws, row, labels):
    """A table's column headings: bold, centred, shaded and bordered. Returns the row."""
    for index, label in enumerate(labels, start=1):
        as_text(ws.cell(row=row, column=index), label, BOLD, CENTRED, BORDER, HEADER_FILL)
    return row


def fitted_width(width, heading=""):
    """A column's width in characters, widened where a word of its heading would otherwise break ("Implementatio-n")."""
    return max(width, max((len(word) for word in str(heading).split()), default=0) + 2)


def set_widths(ws, widths, headings=()):
    """Column widths in characters (``fitted_width``)."""
    headings = list(headings) or [""] * len(widths)
    for index, (width, heading) in enumerate(zip(widths, headings), start=1):
        ws.column_dimensions[get_column_letter(index)].width = fitted_width(width, heading)


def table_width(ws, width):
    """The width in characters of the sheet's first ``width`` columns."""
    return sum(ws.column_dimensions[get_column_letter(index)].width or 9 for index in range(1, width + 1))


def merged_text(ws, row, value, width, font, alignment):
    """One line of text across the first ``width`` columns; a merged row does not grow by itself, so it is sized here."""
    as_text(ws.cell(row=row, column=1), value, font, Alignment(horizontal=alignment.horizontal, vertical=alignment.vertical, wrap_text=True))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    lines = -(-len(str(value or "")) * font.size // (11 * table_width(ws, width)))  # characters at this size / width, rounded up
    if lines > 1:
        ws.row_dimensions[row].height = lines * font.size * 1.35


def append_fitted(ws, cells, row, widths):
    """Append ``cells`` as row ``row`` of a write-only sheet whose columns are ``widths`` characters wide, as tall as
    its wrapped text needs, by the estimate SheetRows fits its rows with (``_text_lines``)."""
    wrapped = [
        _text_lines(cell, width) for cell, width in zip(cells, widths)
        if isinstance(cell.value, str) and cell.alignment.wrap_text
    ]
    ws.row_dimensions[row].height = _lines_height(max(wrapped, default=1))
    ws.append(cells)
    del ws.row_dimensions[row]  # written out: a sheet of 100,000 rows keeps none of them in memory


def _text_lines(cell, width, font=None):
    """The lines a cell's text takes in ``width`` characters (in ``font``, by default the cell's): an estimate on
    the generous side, so that nothing is clipped when printed."""
    font = font or cell.font
    per_line = max(1, width * 1.3 * 11 / (font.size or 11) / (1.1 if font.bold else 1) - 1)
    return sum(-(-len(paragraph) // int(per_line)) or 1 for paragraph in cell.value.split("\n"))


def _lines_height(lines):
    return round(lines * 13 + 3, 1)


class SheetRows:
    """A printed document's sheet written from top to bottom, into an ordinary or a write-only sheet alike.

    It answers what the heading, table, notes and signature code asks of a worksheet (``cell``, ``merge_cells``,
    ``row_dimensions``, ``column_dimensions``) and holds the rows being written until ``flush`` appends them in
    order through ``ws.append``, the one way into a write-only sheet, which then keeps none of them. Such a sheet
    cannot read its cells back, so the rows ``fit_rows`` names are fitted to their text as they are appended
    (an estimate from the characters each column holds per line, on the generous side so that nothing is clipped
    when printed), and a merged range is only recorded: its covered cells keep the look they
    were written with, as Excel keeps them, in either kind of sheet. A write-only sheet writes its frozen panes
    and column widths with its first row: set them (``set_widths``, ``print_setup``) before the first ``flush``.
    """

    def __init__(self, ws):
        self.ws = ws
        self.title = ws.title
        self.column_dimensions = ws.column_dimensions
        self.row_dimensions = ws.row_dimensions
        self._streaming = not isinstance(ws, Worksheet)
        self._pending = {}  # row -> {column: cell}, the rows not yet appended
        self._written = 0  # the last row appended
        self._spans = {}  # row -> {first column: last column} of each range merged within the row
        self._fitted = range(0)
        self._widths = {}
        self._fonts = {}

    def cell(self, row, column):
        if row <= self._written:
            raise ValueError(f"row {row} is already written")
        cells = self._pending.setdefault(row, {})
        cell = cells.get(column)
        if cell is None:
            cell = cells[column] = new_cell(self.ws)
            cell.row, cell.column = row, column  # known before the row is appended: a formula's cell is named by it
        return cell

    def merge_cells(self, *, start_row, start_column, end_row, end_column):
        self.ws.merged_cells.add(CellRange(min_row=start_row, min_col=start_column, max_row=end_row, max_col=end_column))
        if start_row == end_row:
            self._spans.setdefault(start_row, {})[start_column] = end_column

    def grid(self, row, width):
        """Borders, font and alignment on the cells of a table row not written yet, the merged ones included."""
        cells = self._pending.setdefault(row, {})
        for column in range(1, width + 1):
            if column not in cells:
                _styled(self.cell(row, column), TABLE_FONT, WRAPPED, BORDER)

    def fit_rows(self, first, last):
        """Rows ``first`` to ``last`` are as tall as their wrapped text needs."""
        self._fitted = range(first, last + 1)

    def flush(self):
        """Append the rows written so far, and the empty rows between them."""
        for row in sorted(self._pending):
            while self._written < row - 1:
                self._written += 1
                if self._written in self._fitted:  # a blank row among rows fitted to their text: one line
                    self.row_dimensions[self._written].height = _lines_height(1)
                self.ws.append([])
                if self._streaming:
                    self.row_dimensions.pop(self._written, None)
            cells, spans = self._pending.pop(row), self._spans.pop(row, {})
            if row in self._fitted:
                self.row_dimensions[row].height = self._fitted_height(cells, spans)
            self.ws.append([cells.get(column) for column in range(1, max(cells, default=0) + 1)])
            self._written = row
            if self._streaming:  # written out: a sheet of 100,000 rows keeps none of them in memory
                self.row_dimensions.pop(row, None)

    def _fitted_height(self, cells, spans):
        lines = 1
        for column, cell in cells.items():
            if isinstance(cell.value, str) and cell.data_type != "f":
                last = spans.get(column, column)
                width = sum(self._width(index) for index in range(column, last + 1))
                lines = max(lines, _text_lines(cell, width, self._font(cell)))
        return _lines_height(lines)

    def _font(self, cell):
        """The cell's font, read once for each font of the workbook: reading ``cell.font`` builds a proxy each time."""
        key = cell._style.fontId if cell._style else 0
        if key not in self._fonts:
            self._fonts[key] = cell.font
        return self._fonts[key]

    def _width(self, column):
        if column not in self._widths:
            self._widths[column] = self.column_dimensions[get_column_letter(column)].width or 9
        return self._widths[column]


def print_setup(ws, header):
    """A4 landscape, one page wide, the margins of Decree 30/2020 (top and bottom 20 mm, left 30, right 15-20), the
    header row ``header`` (if any) frozen and repeated on every page, page numbers centred at the top from the
    second page."""
    if header:
        ws.freeze_panes = f"A{header + 1}"
        ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # the class's: a write-only sheet has the settings, not the names
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = 1.2  # inches
    ws.page_margins.right = 0.7
    ws.page_margins.top = 0.8
    ws.page_margins.bottom = 0.8
    ws.print_options.horizontalCentered = True
    ws.HeaderFooter.differentFirst = True  # the first page's header is left empty
    ws.HeaderFooter.scaleWithDoc = False  # a sheet shrunk to the page's width keeps its page numbers at 13 pt
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = 13


# --- Workbooks --------------------------------------------------------------------------------------------------


def sheet_title(text) -> str:
    """A sheet's name as a spreadsheet accepts it: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", clean(text))[:31]


def new_workbook(sheet, *, write_only=False, title="", formulas=False):
    """A workbook and its first sheet, named ``sheet``; ``formulas``: Excel recalculates them on opening."""
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet(sheet_title(sheet)) if write_only else wb.active
    if not write_only:
        ws.title = sheet_title(sheet)
    wb.properties.creator = "socaid"
    if title:
        wb.properties.title = clean(title)[:255]
    if formulas:
        wb.calculation.fullCalcOnLoad = True
    return wb, ws


def add_sheet(wb, name):
    return wb.create_sheet(sheet_title(name))


def choice_list(ws, column, lists, list_column, heading, choices, rows, error):
    """A drop-down list of ``choices`` on ``column`` of ``ws`` for ``rows`` rows below the headings; the choices
    are written as text in ``list_column`` of the sheet ``lists``, under ``heading``."""
    as_text(lists.cell(row=1, column=list_column), heading)
    for row, value in enumerate(choices, start=2):
        as_text(lists.cell(row=row, column=list_column), value)
    letter, target = get_column_letter(list_column), get_column_letter(column)
    validation = DataValidation(type="list", formula1=f"='{lists.title}'!${letter}$2:${letter}${max(2, len(choices) + 1)}", allow_blank=True)
    validation.error = error
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    validation.add(f"{target}2:{target}{rows + 1}")


def amounts_to_type(ws, column, rows):
    """Empty cells of ``column`` for ``rows`` rows below the headings, formatted for the amounts a user will type."""
    letter = get_column_letter(column)
    for row in range(2, rows + 2):
        ws[f"{letter}{row}"].number_format = TYPED_AMOUNT_FORMAT


def to_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_cached_results(data: bytes, cached: dict, sheet: int = 1) -> bytes:
    """The saved workbook with each formula's result, ``cached[coordinate]``, written into sheet number ``sheet``.

    openpyxl saves formulas without a result, so viewers that do not recalculate on load (LibreOffice by default,
    file previews, phone apps, openpyxl with data_only=True) would show them empty. The caller knows what each
    formula computes and gives it here as the cached ``<v>``; a result of None is the empty text a formula such
    as ``IF(COUNT(…),SUM(…),"")`` yields. Excel still recalculates on load (``new_workbook(formulas=True)``).
    """
    if not cached:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    part = f"xl/worksheets/sheet{sheet}.xml"
    xml = source.read(part).decode("utf-8")
    written = set()

    def with_result(match):
        coordinate, attributes, formula = match.group(1), match.group(2), match.group(3)
        if coordinate not in cached:
            return match.group(0)
        written.add(coordinate)
        value = cached[coordinate]
        if value is None:
            return f'<c r="{coordinate}"{attributes} t="str">{formula}<v></v></c>'
        return f'<c r="{coordinate}"{attributes}>{formula}<v>{escape(str(excel_number(value)))}</v></c>'

    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: (?!t=)[a-z]+="[^"]*")*)(?: t="[a-z]+")?>(<f>[^<]*</f>)(?:<v\s*/>|<v>[^<]*</v>)?</c>')
    xml = cell.sub(with_result, xml)
    if written != set(cached):
        raise ValueError(f"no formula found in {sorted(set(cached) - written)}")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml.encode("utf-8") if item.filename == part else source.read(item.filename))
    return output.getvalue()


# --- CSV --------------------------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """A .csv cell's value: text a spreadsheet would run as a formula gets a leading apostrophe; None is empty;
    control characters stored before socaid.text's rule are left out, as in a workbook."""
    value = without_controls(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_unescape(value):
    """A .csv cell without the apostrophe ``csv_text`` put before text beginning like a formula."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def csv_bytes(rows) -> bytes:
    """Rows as .csv in UTF-8 with the byte-order mark by which Excel knows the encoding; text made safe (``csv_text``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for values in rows:
        writer.writerow([csv_text(value) for value in values])
    return out.getvalue().encode("utf-8-sig")
