"""What every printed document's workbook shares: the heading above the table, the notes and the signature below it."""
from django.utils.translation import pgettext
from openpyxl.styles import Font

from socaid.spreadsheets import (
    BOLD,
    BOTTOM_RIGHT,
    CENTRED,
    FONT_NAME,
    ITALIC,
    LEFT,
    SUBTITLE,
    TABLE_FONT,
    TITLE,
    WRAPPED,
    as_text,
    merged_text,
    new_workbook,
)

BOLD_UNDERLINED = Font(name=FONT_NAME, size=11, bold=True, underline="single")
BOLD_ITALIC = Font(name=FONT_NAME, size=11, bold=True, italic=True)


def document_workbook(sheet, heading, *, formulas=False, write_only=False):
    """A workbook and its first sheet, named ``sheet``, titled as the document is."""
    return new_workbook(sheet, title=" ".join(heading.title), formulas=formulas, write_only=write_only)


def heading_rows(ws, heading, width):
    """A report's head (issuer and number, nation and date) above the title lines, the attached-to line, filter
    lines and the unit line across ``width`` columns; returns the next row."""
    row = 1
    if heading.issuance:
        row = _issuance_rows(ws, heading.issuance, width)
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


def _issuance_rows(ws, issuance, width):
    """The issuer and the number over the left half, the nation's name, motto and the place and date over the right."""
    left, right = [(issuance.issuer, BOLD), ("", None), (issuance.number, None)], [
        (issuance.nation[0], BOLD), (issuance.nation[1], BOLD_UNDERLINED), (issuance.place_date, ITALIC)
    ]
    middle = max(1, width // 2)
    for row, ((left_text, left_font), (right_text, right_font)) in enumerate(zip(left, right), start=1):
        for text, font, first, last in ((left_text, left_font, 1, middle), (right_text, right_font, middle + 1, max(width, middle + 1))):
            if text:
                as_text(ws.cell(row=row, column=first), text, font or TABLE_FONT, CENTRED)
            if last > first:
                ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    return len(left) + 2  # a blank row under the head


def note_rows(ws, row, notes, width):
    """The notes, a merged row each; returns the next row."""
    for line in notes:
        as_text(ws.cell(row=row, column=1), line, ITALIC, WRAPPED)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row


def signature_rows(ws, row, signature, width):
    """The signature lines, a blank row for the signature itself, then the name: bold, centred over the right half;
    a report's recipients over the left half."""
    start = width // 2 + 1
    signed = [*signature.lines, "", "", signature.name]
    recipients = [pgettext("report", "Recipients:"), *(f"- {line}" for line in signature.recipients)] if signature.recipients else []
    for index in range(max(len(signed), len(recipients))):
        if index < len(recipients):
            as_text(ws.cell(row=row, column=1), recipients[index], BOLD_ITALIC if index == 0 else TABLE_FONT, LEFT)
            if start > 2:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=start - 1)
        if index < len(signed):
            if signed[index]:
                as_text(ws.cell(row=row, column=start), signed[index], BOLD, CENTRED)
            if width > start:
                ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=width)
        row += 1
    return row
