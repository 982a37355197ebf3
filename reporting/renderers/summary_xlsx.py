"""The year-end and whole-period summaries as Excel workbooks: a sheet per section, each ready to print.

Lays out any document made of sections of tables (reporting.tables) in the look of the appendix's workbook:
counts, amounts and dates are numeric cells in their kind's format, text is always text, even text that begins
with "=". No figure is computed here, and no formula is written: the totals are the builder's.
"""

from reporting.renderers.xlsx_document import document_workbook, heading_rows, note_rows
from reporting.tables import TOTAL
from socaid.spreadsheets import (
    BOLD,
    ITALIC,
    LEFT,
    TABLE_FONT,
    add_sheet,
    fit_row_heights,
    header_row,
    merged_text,
    print_setup,
    set_widths,
    table_cell,
    to_bytes,
)

TEXT_ONLY_WIDTH = 100  # a sheet without a table: its lines' width in characters


def summary_xlsx(summary) -> bytes:
    wb = None
    for section in summary.sections:
        if wb is None:
            wb, ws = document_workbook(section.sheet, summary.heading)
        else:
            ws = add_sheet(wb, section.sheet)
        _section_sheet(ws, summary.heading, section)
    return to_bytes(wb)


def _section_sheet(ws, heading, section):
    """The document's heading, the section's title and leads, its tables one below the other, its notes.

    The sheet's columns serve every table of the section: each as wide as the widest of them asks.
    """
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
        for line in [*table.rows, *table.totals]:
            font = BOLD if line.kind == TOTAL else TABLE_FONT
            for index, (column, value) in enumerate(zip(table.columns, line.values)):
                table_cell(ws, row, index + 1, line.kind_of(index, column), value, font)
            row += 1
    if section.notes:
        row = note_rows(ws, row + 1, section.notes, width)
    fit_row_heights(ws, range(start, row))
    print_setup(ws, header)
