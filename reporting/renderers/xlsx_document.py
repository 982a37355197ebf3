"""What every printed document's workbook shares: the heading above the table, the notes and the signature below it."""
from socaid.spreadsheets import BOLD, BOTTOM_RIGHT, CENTRED, ITALIC, SUBTITLE, TITLE, WRAPPED, as_text, merged_text, new_workbook


def document_workbook(sheet, heading, *, formulas=False):
    """A workbook and its first sheet, named ``sheet``, titled as the document is."""
    return new_workbook(sheet, title=" ".join(heading.title), formulas=formulas)


def heading_rows(ws, heading, width):
    """Title lines, the attached-to line, filter lines and the unit line across ``width`` columns; returns the next row."""
    row = 1
    for line in heading.title:
        merged_text(ws, row, line, width, TITLE, CENTRED)
        row += 1
    if heading.attached_to:
        merged_text(ws, row, heading.attached_to, width, SUBTITLE, CENTRED)
        row += 1
    for line in heading.filters:
        merged_text(ws, row, line, width, ITALIC, CENTRED)
        row += 1
    row += 1  # a blank row between the heading and the table
    if heading.unit:
        merged_text(ws, row, heading.unit, width, ITALIC, BOTTOM_RIGHT)
        row += 1
    return row


def note_rows(ws, row, notes, width):
    """The notes, a merged row each; returns the next row."""
    for line in notes:
        as_text(ws.cell(row=row, column=1), line, ITALIC, WRAPPED)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row


def signature_rows(ws, row, signature, width):
    """The signature lines, a blank row for the signature itself, then the name: bold, centred over the right half."""
    start = width // 2 + 1
    for value in [*signature.lines, "", "", signature.name]:
        if value:
            as_text(ws.cell(row=row, column=start), value, BOLD, CENTRED)
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=width)
        row += 1
    return row
