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
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
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


def as_text(cell, value, font=None, alignment=None):
    """Text that stays text, never a formula or an error code, whatever it begins with; None and "" leave it empty."""
    if value not in (None, ""):
        cell.value = clean(value)
        cell.data_type = "s"
    return _styled(cell, font, alignment)


def excel_number(value):
    """A Decimal as the number a spreadsheet stores: an int when whole."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def amount_format(value) -> str:
    return WHOLE_FORMAT if value is None or Decimal(value) == Decimal(value).to_integral_value() else FRACTION_FORMAT


def as_amount(cell, value, font=None, alignment=None):
    """An amount as a number; an unknown amount (None) stays an empty cell, never 0 and never text."""
    cell.value = None if value is None else excel_number(value)
    cell.number_format = amount_format(value)
    return _styled(cell, font, alignment)


def as_count(cell, value, font=None, alignment=None):
    cell.value = value
    cell.number_format = COUNT_FORMAT
    return _styled(cell, font, alignment)


def as_date(cell, value, font=None, alignment=None):
    """A day, or a moment (given in the province's time: a spreadsheet has no time zones)."""
    cell.value = value
    cell.number_format = MOMENT_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT
    return _styled(cell, font, alignment)


WRITERS = {TEXT: as_text, LABEL: as_text, COUNT: as_count, AMOUNT: as_amount, DATE: as_date}


def as_kind(cell, kind, value, font=None, alignment=None):
    return WRITERS[kind](cell, value, font, alignment)


def as_formula(cell, formula, result, font=None, alignment=None):
    """A formula over amounts; ``result`` is what it computes (see ``with_cached_results``) and sets its format."""
    cell.value = formula
    cell.number_format = amount_format(result)
    return _styled(cell, font, alignment)


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


def _styled(cell, font, alignment):
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


# --- Printed tables ---------------------------------------------------------------------------------------------


def table_cell(ws, row, column, kind, value, font=TABLE_FONT):
    """A cell of a printed table, in its kind's alignment, with its borders."""
    cell = as_kind(ws.cell(row=row, column=column), kind, value, font, ALIGNMENTS[kind])
    cell.border = BORDER
    return cell


def grid(ws, row, width):
    """Borders, font and alignment on every cell of a table row, the empty and merged ones included."""
    for index in range(1, width + 1):
        cell = ws.cell(row=row, column=index)
        cell.border = BORDER
        cell.font = TABLE_FONT
        cell.alignment = WRAPPED


def header_row(ws, row, labels):
    """A table's column headings: bold, centred, shaded and bordered. Returns the row."""
    for index, label in enumerate(labels, start=1):
        cell = as_text(ws.cell(row=row, column=index), label, BOLD, CENTRED)
        cell.fill = HEADER_FILL
        cell.border = BORDER
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


def fit_row_heights(ws, rows):
    """Row heights for wrapped text: spreadsheet programs do not grow rows written without a height.

    An estimate from the number of characters a column holds per line, on the generous side so that nothing is
    clipped when printed.
    """
    spans = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges if r.min_row == r.max_row}
    last_column = ws.max_column  # computed once: openpyxl scans every cell for it
    widths = {index: ws.column_dimensions[get_column_letter(index)].width or 9 for index in range(1, last_column + 1)}
    for row in rows:
        lines = 1
        for cell in next(ws.iter_rows(min_row=row, max_row=row, max_col=last_column)):
            if not isinstance(cell.value, str) or cell.data_type == "f":
                continue
            last = spans.get((row, cell.column), cell.column)
            lines = max(lines, _text_lines(cell, sum(widths[index] for index in range(cell.column, last + 1))))
        ws.row_dimensions[row].height = _lines_height(lines)


def append_fitted(ws, cells, row, widths):
    """Append ``cells`` as row ``row`` of a write-only sheet whose columns are ``widths`` characters wide, as tall as
    its wrapped text needs: ``fit_row_heights`` for a sheet that cannot read its cells back."""
    wrapped = [
        _text_lines(cell, width) for cell, width in zip(cells, widths)
        if isinstance(cell.value, str) and cell.alignment.wrap_text
    ]
    ws.row_dimensions[row].height = _lines_height(max(wrapped, default=1))
    ws.append(cells)
    del ws.row_dimensions[row]  # written out: a sheet of 100,000 rows keeps none of them in memory


def _text_lines(cell, width):
    """The lines a cell's text takes in ``width`` characters: an estimate on the generous side, so that nothing is
    clipped when printed."""
    per_line = max(1, width * 1.3 * 11 / (cell.font.size or 11) / (1.1 if cell.font.bold else 1) - 1)
    return sum(-(-len(paragraph) // int(per_line)) or 1 for paragraph in cell.value.split("\n"))


def _lines_height(lines):
    return round(lines * 13 + 3, 1)


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
