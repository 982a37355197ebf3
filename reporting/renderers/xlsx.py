"""The appendix and the implementation plan as Excel workbooks.

Like the other renderers, this one lays out what the builder gives and never
computes a figure of its own. The one exception is deliberate: the sector
subtotals and the grand total are live formulas, so that a user who edits a
project's amount in the sheet sees the subtotal and the grand total follow.
Their cached results are the builder's figures (see ``_cache_formula_results``).
"""
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

FONT_NAME = "Times New Roman"
TABLE_FONT = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
TITLE = Font(name=FONT_NAME, size=13, bold=True)
SUBTITLE = Font(name=FONT_NAME, size=13, italic=True)
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TEXT = Alignment(wrap_text=True, vertical="top")
CENTRED_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")
AMOUNT = Alignment(vertical="top", horizontal="right")

# Whole numbers with grouping and no stray decimal point; fractions up to three
# decimals; a known zero as "-", as the appendix prints it. Excel and
# LibreOffice both show "12,000." for "#,##0.###", hence one format per cell.
WHOLE_FORMAT = '#,##0;-#,##0;"-"'
FRACTION_FORMAT = '#,##0.0##;-#,##0.0##;"-"'

# Sheet names (at most 31 characters); the rest of the text comes from the builder.
SHEET_NAMES = {
    "appendix": {"vi": "Danh mục dự án", "en": "Projects"},
    "plan": {"vi": "Kế hoạch thực hiện", "en": "Implementation plan"},
}

# Column widths in characters, by the column's role.
APPENDIX_WIDTHS = {
    "number": 6,
    "name": 38,
    "agency": 20,
    "location": 20,
    "period": 11,
    "content": 45,
    "total": 13,
    "aid_sought": 13,
    "counterpart": 13,
    "notes": 22,
}
PLAN_WIDTHS = {"number": 6, "content": 62, "timing": 14, "lead": 24, "coordinators": 42}
AMOUNTS = ("total", "aid_sought", "counterpart")


def appendix_xlsx(appendix) -> bytes:
    """The appendix as an .xlsx workbook of one sheet, ready to print on A4 landscape."""
    roles = ["number", "name", "agency", "location", "period", *(["content"] if appendix.with_content else []), *AMOUNTS, "notes"]
    col = {role: index + 1 for index, role in enumerate(roles)}
    letter = {role: get_column_letter(index) for role, index in col.items()}
    width = len(roles)
    last_text = col["total"] - 1  # sector names and the total label span the text columns up to the amounts

    wb, ws = new_workbook(SHEET_NAMES["appendix"].get(appendix.language, "Sheet"), appendix.heading.title)
    set_widths(ws, [APPENDIX_WIDTHS[role] for role in roles], appendix.columns)

    row = cell_heading(ws, appendix.heading, width)
    header = header_row(ws, row, appendix.columns)
    row = header + 1
    cached = {}  # formula cell -> the builder's figure, written as the formula's cached result

    subtotal_rows = []
    for group in appendix.groups:
        group_row = row
        subtotal_rows.append(group_row)
        cell_grid(ws, group_row, width)
        cell_text(ws, group_row, col["number"], group.numeral, BOLD, CENTRED_TOP)
        cell_text(ws, group_row, col["name"], group.name, BOLD, TEXT)
        ws.merge_cells(start_row=group_row, start_column=col["name"], end_row=group_row, end_column=last_text)
        first, last = group_row + 1, group_row + len(group.rows)
        for role, value in zip(AMOUNTS, group.subtotal.as_tuple()):
            if not group.rows:  # nothing to sum: a formula over no rows would point at the sector row itself
                cell_amount(ws, group_row, col[role], value, BOLD)
                continue
            span = f"{letter[role]}{first}:{letter[role]}{last}"
            formula = f"=SUM({span})" if value is not None else f'=IF(COUNT({span}),SUM({span}),"")'
            cached[_formula_cell(ws, group_row, col[role], formula, value)] = value
        row += 1
        for item in group.rows:
            cell_grid(ws, row, width)
            if item.is_project:
                cell_text(ws, row, col["number"], item.number, TABLE_FONT, CENTRED_TOP)
                cell_text(ws, row, col["name"], item.name, TABLE_FONT, TEXT)
                cell_text(ws, row, col["agency"], item.agency, TABLE_FONT, TEXT)
                cell_text(ws, row, col["location"], item.location, TABLE_FONT, TEXT)
                cell_text(ws, row, col["period"], item.period, TABLE_FONT, CENTRED_TOP)
            elif item.name:  # without the content column a further budget line says what it pays for here
                cell_text(ws, row, col["name"], item.name, TABLE_FONT, TEXT)
            if appendix.with_content:
                cell_text(ws, row, col["content"], item.content, TABLE_FONT, TEXT)
            for role, value in zip(AMOUNTS, item.amounts.as_tuple()):
                cell_amount(ws, row, col[role], value)
            cell_text(ws, row, col["notes"], item.notes, TABLE_FONT, TEXT)
            row += 1

    total_row = row
    cell_grid(ws, total_row, width)
    cell_text(ws, total_row, col["name"], appendix.total_label, BOLD, CENTRED_TOP)
    ws.merge_cells(start_row=total_row, start_column=col["name"], end_row=total_row, end_column=last_text)
    for role, value in zip(AMOUNTS, appendix.total.as_tuple()):
        if not subtotal_rows:
            cell_amount(ws, total_row, col[role], value, BOLD)
            continue
        cells = ",".join(f"{letter[role]}{r}" for r in subtotal_rows)
        # SUM(…) rather than G5+G14+…: a subtotal left empty because all its amounts are unknown is text ("").
        formula = f"=SUM({cells})" if value is not None else f'=IF(COUNT({cells}),SUM({cells}),"")'
        cached[_formula_cell(ws, total_row, col[role], formula, value, BOLD)] = value
    row = total_row + 1

    row = cell_notes(ws, row + 1, appendix.notes, width) if appendix.notes else row
    if appendix.signature:
        _signature(ws, row + 1, appendix.signature, width)
    fit_row_heights(ws, range(header, total_row + 1))
    print_setup(ws, header)
    return _cache_formula_results(save(wb), cached)


def plan_xlsx(plan) -> bytes:
    """The implementation plan as an .xlsx workbook of one sheet, in the appendix's look."""
    roles = ["number", "content", "timing", "lead", "coordinators"]
    width = len(roles)
    wb, ws = new_workbook(SHEET_NAMES["plan"].get(plan.language, "Sheet"), plan.heading.title)
    set_widths(ws, [PLAN_WIDTHS[role] for role in roles], plan.columns)
    row = cell_heading(ws, plan.heading, width)
    header = header_row(ws, row, plan.columns)
    row = header + 1
    for item in plan.rows:
        cell_grid(ws, row, width)
        cell_text(ws, row, 1, item.number, TABLE_FONT, CENTRED_TOP)
        cell_text(ws, row, 2, item.content, TABLE_FONT, TEXT)
        cell_text(ws, row, 3, item.timing, TABLE_FONT, CENTRED_TOP)
        cell_text(ws, row, 4, item.lead, TABLE_FONT, TEXT)
        cell_text(ws, row, 5, item.coordinators, TABLE_FONT, TEXT)
        row += 1
    if plan.signature:
        _signature(ws, row + 1, plan.signature, width)
    fit_row_heights(ws, range(header, row))
    print_setup(ws, header)
    return save(wb)


def new_workbook(sheet_name, title_lines):
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet_name)[:31]
    wb.properties.title = " ".join(title_lines)[:255]
    wb.properties.creator = "socaid"
    wb.calculation.fullCalcOnLoad = True  # Excel recalculates the subtotal formulas on opening
    return wb, ws


def cell_heading(ws, heading, width):
    """Title lines, the attached-to line, filter lines and the unit line; returns the header's row."""
    table_chars = sum(ws.column_dimensions[get_column_letter(index)].width for index in range(1, width + 1))
    row = 1
    for line in heading.title:
        merged_line(ws, row, line, width, TITLE, CENTRED, table_chars)
        row += 1
    if heading.attached_to:
        merged_line(ws, row, heading.attached_to, width, SUBTITLE, CENTRED, table_chars)
        row += 1
    for line in heading.filters:
        merged_line(ws, row, line, width, ITALIC, CENTRED, table_chars)
        row += 1
    row += 1  # a blank row between the heading and the table
    if heading.unit:
        merged_line(ws, row, heading.unit, width, ITALIC, Alignment(horizontal="right", vertical="bottom"), table_chars)
        row += 1
    return row


def merged_line(ws, row, value, width, font, alignment, table_chars):
    """One line of text across the table's width; merged rows do not grow by themselves, so set the height."""
    cell_text(ws, row, 1, value, font, Alignment(horizontal=alignment.horizontal, vertical=alignment.vertical, wrap_text=True))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    lines = -(-len(str(value or "")) * font.size // (11 * table_chars))  # characters at this size / width, rounded up
    if lines > 1:
        ws.row_dimensions[row].height = lines * font.size * 1.35


def set_widths(ws, widths, columns):
    """The given widths, widened where a header word would otherwise break in the middle ("Implementatio-n")."""
    for index, (width, name) in enumerate(zip(widths, columns), start=1):
        longest = max((len(word) for word in str(name).split()), default=0)
        ws.column_dimensions[get_column_letter(index)].width = max(width, longest + 2)


def header_row(ws, row, columns):
    for index, name in enumerate(columns, start=1):
        cell = cell_text(ws, row, index, name, BOLD, CENTRED)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    return row


def cell_grid(ws, row, width):
    """Borders on every cell of a table row, empty and merged ones included."""
    for index in range(1, width + 1):
        cell = ws.cell(row=row, column=index)
        cell.border = BORDER
        cell.font = TABLE_FONT
        cell.alignment = TEXT


def _clean(value):
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def cell_text(ws, row, column, value, font, alignment):
    """A text cell; text beginning with "=" (or "+", "-", "@") stays text, never a formula."""
    cell = ws.cell(row=row, column=column)
    if value not in (None, ""):
        cell.value = _clean(value)
        cell.data_type = "s"
    cell.font = font
    cell.alignment = alignment
    return cell


def _number(value):
    """A Decimal from the builder as the number Excel stores: an int when whole."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _number_format(value):
    return WHOLE_FORMAT if value is None or _number(value) == int(_number(value)) else FRACTION_FORMAT


def cell_amount(ws, row, column, value, font=TABLE_FONT):
    """An amount as a numeric cell; an unknown amount as an empty cell, never 0 and never text."""
    cell = ws.cell(row=row, column=column)
    cell.value = None if value is None else _number(value)
    cell.number_format = _number_format(value)
    cell.font = font
    cell.alignment = AMOUNT
    return cell


def _formula_cell(ws, row, column, formula, value, font=BOLD):
    cell = ws.cell(row=row, column=column)
    cell.value = formula
    cell.number_format = _number_format(value)
    cell.font = font
    cell.alignment = AMOUNT
    return cell.coordinate


def cell_notes(ws, row, notes, width):
    for line in notes:
        cell_text(ws, row, 1, line, ITALIC, Alignment(wrap_text=True, vertical="top"))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row


def _signature(ws, row, signature, width):
    """The signature lines, a blank row for the signature itself, then the name: bold, centred over the right half."""
    start = width // 2 + 1
    for value in [*signature.lines, "", "", signature.name]:
        if value:
            cell_text(ws, row, start, value, BOLD, CENTRED)
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=width)
        row += 1
    return row


def fit_row_heights(ws, rows):
    """Row heights for wrapped text: spreadsheet programs do not grow rows written without a height.

    An estimate from the number of characters a column holds per line, on the
    generous side so that nothing is clipped when printed.
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
            width = sum(widths[index] for index in range(cell.column, last + 1))
            per_line = max(1, width * 1.3 * 11 / (cell.font.size or 11) / (1.1 if cell.font.bold else 1) - 1)
            lines = max(lines, sum(-(-len(paragraph) // int(per_line)) or 1 for paragraph in cell.value.split("\n")))
        ws.row_dimensions[row].height = round(lines * 13 + 3, 1)


def print_setup(ws, header):
    ws.freeze_panes = f"A{header + 1}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = 1.2
    ws.page_margins.right = 0.7
    ws.page_margins.top = 0.8
    ws.page_margins.bottom = 0.8
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P/&N"
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"
    ws.oddFooter.center.size = 10


def save(wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cache_formula_results(data, cached):
    """Write each formula's result, the builder's figure, into the saved sheet.

    openpyxl saves formulas without a result, so viewers that do not recalculate
    on load (LibreOffice by default, file previews, phone apps, openpyxl with
    data_only=True) would show empty subtotals and totals. The builder's figures
    are what the formulas compute, so they are written as the cached ``<v>``;
    Excel still recalculates on load (fullCalcOnLoad).
    """
    if not cached:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = "xl/worksheets/sheet1.xml"
    xml = source.read(sheet).decode("utf-8")

    written = set()

    def with_result(match):
        coordinate, attributes, formula = match.group(1), match.group(2), match.group(3)
        if coordinate not in cached:
            return match.group(0)
        written.add(coordinate)
        value = cached[coordinate]
        if value is None:  # all amounts unknown: the formula yields "" (text)
            return f'<c r="{coordinate}"{attributes} t="str">{formula}<v></v></c>'
        return f'<c r="{coordinate}"{attributes}>{formula}<v>{escape(str(_number(value)))}</v></c>'

    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: (?!t=)[a-z]+="[^"]*")*)(?: t="[a-z]+")?>(<f>[^<]*</f>)(?:<v\s*/>|<v>[^<]*</v>)?</c>')
    xml = cell.sub(with_result, xml)
    if written != set(cached):
        raise ValueError(f"no formula found in {sorted(set(cached) - written)}")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml.encode("utf-8") if item.filename == sheet else source.read(item.filename))
    return output.getvalue()
