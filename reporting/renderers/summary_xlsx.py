"""The year-end and whole-period summaries as Excel workbooks: a sheet per section, each ready to print.

Lays out any document made of sections of tables (reporting.tables) in the look of the appendix's workbook:
counts, amounts and dates are numeric cells in their kind's format, text is always text, even text that begins
with "=". No figure is computed here: a total the builder says is the sum of its table's rows (tables.Row.sums)
is written as that sum's formula, so that a figure changed by hand updates it, with the builder's total stored as
its result for the programs that do not recalculate.
"""
from dataclasses import dataclass, field

from django.conf import settings
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
    SheetRows,
    add_sheet,
    as_formula,
    header_row,
    merged_text,
    print_setup,
    set_widths,
    table_cell,
    to_bytes,
    with_cached_results,
)

TEXT_ONLY_WIDTH = 100  # a sheet without a table: its lines' width in characters


@dataclass
class Layout:
    """Where the document's cells go, known before any is written: each table's cells (tables.Ref: a cell or a
    range, as a formula on any sheet names them), and each sheet's frame."""

    places: dict = field(default_factory=dict)
    frames: list = field(default_factory=list)  # per sheet: (first row fitted to its text, last one, header row)


def summary_xlsx(summary) -> bytes:
    """Past XLSX_WRITE_ONLY_ABOVE_ROWS table rows the workbook is written in openpyxl's write-only mode, row after
    row (socaid.spreadsheets.SheetRows): the same sheets without holding every cell. Either way the document is laid
    out once first without keeping a row (``_laid_out``), since a formula may name a table of a later sheet."""
    write_only = sum(len(table.rows) for section in summary.sections for table in section.tables) > settings.XLSX_WRITE_ONLY_ABOVE_ROWS
    results = []
    with translation.override(summary.language):
        layout = _laid_out(summary)
        for number, section in enumerate(summary.sections):
            if number == 0:
                wb, ws = document_workbook(section.sheet, summary.heading, formulas=True, write_only=write_only)
            else:
                ws = add_sheet(wb, section.sheet)
            results.append(_section_sheet(SheetRows(ws), summary, number, layout))
    data = to_bytes(wb)
    for sheet, cached in enumerate(results, start=1):
        data = with_cached_results(data, cached, sheet=sheet)
    return data


class _Forgotten(SheetRows):
    """A sheet laid out and not kept: its rows are dropped as they are flushed."""

    def flush(self):
        self._pending.clear()
        self._spans.clear()


def _laid_out(summary):
    """The document's Layout, from laying every sheet out into sheets that keep nothing, named as the real ones."""
    layout = Layout()
    for number, section in enumerate(summary.sections):
        if number == 0:
            wb, ws = document_workbook(section.sheet, summary.heading, write_only=True)
        else:
            ws = add_sheet(wb, section.sheet)
        _section_sheet(_Forgotten(ws), summary, number, layout)
    return layout


def _section_sheet(sheet, summary, number, layout):
    """The document's heading, the section's title and leads, its tables one below the other, its notes, and on the
    last sheet the signature. Returns the results of the sheet's formulas by cell. Laying out (``layout`` without
    this sheet's frame yet), it notes the sheet's frame and where each table's cells are; writing, it writes each
    row's own formulas (Row.formulas) over the places the layout found.

    The sheet's columns serve every table of the section: each as wide as the widest of them asks.
    """
    section = summary.sections[number]
    signature = summary.signature if number == len(summary.sections) - 1 else None
    frame = layout.frames[number] if number < len(layout.frames) else None
    places, cached = layout.places, {}
    widths = {}
    for table in section.tables:
        for index, column in enumerate(table.columns):
            widths[index] = max(widths.get(index, 0), column.fitted_width)
    width = len(widths) or 1
    set_widths(sheet, [widths[index] for index in range(len(widths))] or [TEXT_ONLY_WIDTH])
    if frame:  # before the first row: a write-only sheet writes its panes and the rows' heights as it goes
        sheet.fit_rows(frame[0], frame[1])
        print_setup(sheet.ws, frame[2])
    row = heading_rows(sheet, summary.heading, width)
    for line, font in [(section.title, BOLD), *((lead, ITALIC) for lead in section.leads)]:
        merged_text(sheet, row, line, width, font, LEFT)
        row += 1
    start, header = row, None
    for index_of_table, table in enumerate(section.tables):
        row += 1 if index_of_table or section.leads else 0  # a blank row between tables, and under the leads
        if table.title:
            merged_text(sheet, row, table.title, width, BOLD, LEFT)
            row += 1
        if not table.rows and table.empty:
            merged_text(sheet, row, table.empty, width, ITALIC, LEFT)
            row += 1
            continue
        if table.header:
            header_row(sheet, row, [column.label for column in table.columns])
            if index_of_table == 0:  # the first table's headings stay in view and print on every page
                header = row
            row += 1
        first = row
        for line in [*table.rows, *table.totals]:
            _table_row(sheet, row, table.columns, line)
            for index, column in enumerate(table.columns):
                places[Ref(table.key, TOTAL if line.kind == TOTAL else line.key, column.key)] = _place(sheet, row, index + 1)
                if column.key in line.formulas:
                    template, refs = line.formulas[column.key]
                    if frame and all(ref in places for ref in refs):  # a reference to a table without rows: the value stays
                        cell = sheet.cell(row, index + 1)
                        as_formula(cell, template.format(*(places[ref] for ref in refs)), line.values[index])
                        if line.kind_of(index, column) != AMOUNT:
                            cell.number_format = COUNT_FORMAT
                        cached[cell.coordinate] = line.values[index]
                elif column.key in line.sums and table.rows:
                    cached[_sum_formula(sheet, row, index + 1, line.kind_of(index, column), first, line.values[index])] = line.values[index]
            sheet.flush()
            row += 1
        if table.rows:
            for index, column in enumerate(table.columns):
                places[Ref(table.key, None, column.key)] = _place(sheet, first, index + 1, first + len(table.rows) - 1)
    if section.notes:
        row = note_rows(sheet, row + 1, section.notes, width)
    if signature:
        row = signature_rows(sheet, row + 1, signature, width)
    sheet.flush()
    if not frame:
        layout.frames.append((start, row - 1, header))
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
