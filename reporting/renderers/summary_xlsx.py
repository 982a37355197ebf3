"""The year-end and whole-period summaries as Excel workbooks: a sheet per section, each ready to print.

Lays out any document made of sections of tables (reporting.tables) in the look of the appendix's workbook:
counts, amounts and dates are numeric cells in their kind's format, text is always text, even text that begins
with "=". No figure is computed here: a total the builder says is the sum of its table's rows (tables.Row.sums)
is written as that sum's formula, so that a figure changed by hand updates it, with the builder's total stored as
its result for the programs that do not recalculate.
"""
from django.utils import translation
from openpyxl.utils import get_column_letter, quote_sheetname

from reporting.renderers.xlsx_document import document_workbook, heading_rows, note_rows, signature_rows
from reporting.tables import AMOUNT, TOTAL, Ref
from socaid.spreadsheets import (
    BOLD,
    COUNT_FORMAT,
    ITALIC,
    LEFT,
    TABLE_FONT,
    add_sheet,
    as_formula,
    fit_row_heights,
    header_row,
    merged_text,
    print_setup,
    set_widths,
    table_cell,
    to_bytes,
    with_cached_results,
)

TEXT_ONLY_WIDTH = 100  # a sheet without a table: its lines' width in characters


def summary_xlsx(summary) -> bytes:
    wb, results = None, []
    places, derived = {}, []  # where each table's cells went; the formulas over them (Row.formulas), written last
    with translation.override(summary.language):
        for number, section in enumerate(summary.sections):
            if wb is None:
                wb, ws = document_workbook(section.sheet, summary.heading, formulas=True)
            else:
                ws = add_sheet(wb, section.sheet)
            last = number == len(summary.sections) - 1
            results.append(_section_sheet(ws, summary.heading, section, summary.signature if last else None, places, derived))
    for cell, kind, result, template, refs, cached in derived:
        if all(ref in places for ref in refs):  # a reference to a table without rows: the value stays
            as_formula(cell, template.format(*(places[ref] for ref in refs)), result)
            if kind != AMOUNT:
                cell.number_format = COUNT_FORMAT
            cached[cell.coordinate] = result
    data = to_bytes(wb)
    for sheet, cached in enumerate(results, start=1):
        data = with_cached_results(data, cached, sheet=sheet)
    return data


def _section_sheet(ws, heading, section, signature, places, derived):
    """The document's heading, the section's title and leads, its tables one below the other, its notes, and on the
    last sheet the signature. Returns the results of the sheet's formulas by cell; notes where each table's cells
    are in ``places`` (tables.Ref: a cell or a range) and adds the rows' own formulas to ``derived``.

    The sheet's columns serve every table of the section: each as wide as the widest of them asks.
    """
    cached = {}
    widths = {}
    for table in section.tables:
        for index, column in enumerate(table.columns):
            widths[index] = max(widths.get(index, 0), column.fitted_width)
    width = len(widths) or 1
    set_widths(ws, [widths[index] for index in range(len(widths))] or [TEXT_ONLY_WIDTH])
    row = heading_rows(ws, heading, width)
    for line, font in [(section.title, BOLD), *((lead, ITALIC) for lead in section.leads)]:
        merged_text(ws, row, line, width, font, LEFT)
        row += 1
    start, header = row, None
    for number, table in enumerate(section.tables):
        row += 1 if number or section.leads else 0  # a blank row between tables, and under the leads
        if table.title:
            merged_text(ws, row, table.title, width, BOLD, LEFT)
            row += 1
        if not table.rows and table.empty:
            merged_text(ws, row, table.empty, width, ITALIC, LEFT)
            row += 1
            continue
        if table.header:
            header_row(ws, row, [column.label for column in table.columns])
            if number == 0:  # the first table's headings stay in view and print on every page
                header = row
            row += 1
        first = row
        for line in [*table.rows, *table.totals]:
            _table_row(ws, row, table.columns, line)
            for index, column in enumerate(table.columns):
                places[Ref(table.key, TOTAL if line.kind == TOTAL else line.key, column.key)] = _place(ws, row, index + 1)
                if column.key in line.formulas:
                    derived.append((ws.cell(row=row, column=index + 1), line.kind_of(index, column), line.values[index], *line.formulas[column.key], cached))
                elif column.key in line.sums and table.rows:
                    cached[_sum_formula(ws, row, index + 1, line.kind_of(index, column), first, line.values[index])] = line.values[index]
            row += 1
        if table.rows:
            for index, column in enumerate(table.columns):
                places[Ref(table.key, None, column.key)] = _place(ws, first, index + 1, first + len(table.rows) - 1)
    if section.notes:
        row = note_rows(ws, row + 1, section.notes, width)
    if signature:
        row = signature_rows(ws, row + 1, signature, width)
    fit_row_heights(ws, range(start, row))
    print_setup(ws, header)
    return cached


def _place(ws, row, column, last=None):
    """A cell, or the cells of ``column`` from ``row`` to ``last``, as a formula on any sheet names them."""
    cells = f"{get_column_letter(column)}{row}" + (f":{get_column_letter(column)}{last}" if last else "")
    return f"{quote_sheetname(ws.title)}!{cells}"


def _table_row(ws, row, columns, line):
    font = BOLD if line.kind == TOTAL else TABLE_FONT
    for index, (column, value) in enumerate(zip(columns, line.values)):
        table_cell(ws, row, index + 1, line.kind_of(index, column), value, font)
    span = line.label_span(columns)
    if span and span[1] > span[0] and line.values[span[0]] not in (None, ""):  # a text across the empty cells after it
        ws.merge_cells(start_row=row, start_column=span[0] + 1, end_row=row, end_column=span[1] + 1)


def _sum_formula(ws, row, column, kind, first, result):
    """The total in (row, column) as the sum of the rows from ``first`` down to it; where none of them is known
    (``result`` None), the empty text rather than 0. Returns the cell's coordinate."""
    cell = ws.cell(row=row, column=column)
    cells = f"{get_column_letter(column)}{first}:{get_column_letter(column)}{row - 1}"
    as_formula(cell, f'=IF(COUNT({cells}),SUM({cells}),"")' if result is None else f"=SUM({cells})", result)
    if kind != AMOUNT:
        cell.number_format = COUNT_FORMAT
    return cell.coordinate
