"""The appendix and the implementation plan as Excel workbooks.

Like the other renderers, this one lays out what the builder gives and never
computes a figure of its own. The one exception is deliberate: the sector
subtotals and the grand total are live formulas, so that a user who edits a
project's amount in the sheet sees the subtotal and the grand total follow.
Their cached results are the builder's figures (socaid.spreadsheets.with_cached_results).
"""
from django.conf import settings
from openpyxl.utils import get_column_letter

from projects.appendix_layout import AMOUNT_ROLES as AMOUNTS
from reporting.renderers.xlsx_document import document_workbook, heading_rows, note_rows, signature_rows
from socaid.spreadsheets import (
    AMOUNT,
    BOLD,
    BORDER,
    CENTRED_TOP,
    RIGHT,
    TABLE_FONT,
    WRAPPED,
    as_amount,
    as_formula,
    as_text,
    header_row,
    print_setup,
    SheetRows,
    set_widths,
    table_cell,
    to_bytes,
    with_cached_results,
)

# Sheet names (at most 31 characters); the rest of the text comes from the builder.
SHEET_NAMES = {
    "appendix": {"vi": "Danh mục dự án", "en": "Projects"},
    "plan": {"vi": "Kế hoạch thực hiện", "en": "Implementation plan"},
}

# Column widths in characters, by the column's role, for each edition with and without the content column. Fitted
# to the page's width, the table prints at 9 pt or more: about 150 characters across A4 landscape (each column also
# takes 5 pixels of padding), the content column the widest but no wider than the name and agency together, the
# rows growing downwards instead. English host-agency names run longer and its headings carry longer words
# ("Implementation", "Counterpart"), so the English edition has widths of its own.
APPENDIX_WIDTHS = {
    ("vi", True): {"number": 5, "name": 24, "agency": 16, "location": 14, "period": 10, "content": 32,
                   "total": 11, "aid_sought": 11, "counterpart": 11, "notes": 16},
    ("en", True): {"number": 5, "name": 22, "agency": 19, "location": 14, "period": 16, "content": 27,
                   "total": 11, "aid_sought": 11, "counterpart": 13, "notes": 13},
    ("vi", False): {"number": 5, "name": 34, "agency": 20, "location": 18, "period": 10,
                    "total": 11, "aid_sought": 11, "counterpart": 11, "notes": 24},
    ("en", False): {"number": 5, "name": 31, "agency": 24, "location": 18, "period": 16,
                    "total": 11, "aid_sought": 11, "counterpart": 13, "notes": 17},
}
PLAN_WIDTHS = {"number": 6, "content": 62, "timing": 14, "lead": 24, "coordinators": 42}


def appendix_xlsx(appendix) -> bytes:
    """The appendix as an .xlsx workbook of one sheet, ready to print on A4 landscape.

    Past ``XLSX_WRITE_ONLY_ABOVE_ROWS`` table rows the sheet is written in openpyxl's write-only mode, row after
    row, with the same cells, looks, merged ranges and heights (``SheetRows``): it needs neither the memory of
    every cell at once nor the sorting of them all when saved.
    """
    roles = appendix.roles
    col = {role: index + 1 for index, role in enumerate(roles)}
    letter = {role: get_column_letter(index) for role, index in col.items()}
    width = len(roles)
    last_text = col[AMOUNTS[0]] - 1  # sector names and the total label span the text columns up to the amounts

    wb, ws = document_workbook(
        SHEET_NAMES["appendix"].get(appendix.language, "Sheet"), appendix.heading, formulas=True,
        write_only=appendix.row_count > settings.XLSX_WRITE_ONLY_ABOVE_ROWS,
    )
    widths = APPENDIX_WIDTHS[appendix.language if appendix.language == "en" else "vi", appendix.with_content]
    set_widths(ws, [widths[role] for role in roles], appendix.columns)
    sheet = SheetRows(ws)

    row = heading_rows(sheet, appendix.heading, width)
    header = header_row(sheet, row, appendix.columns)
    total_row = header + appendix.row_count  # the builder counts the sectors', the projects' and the total's rows
    sheet.fit_rows(header, total_row)
    print_setup(ws, header)  # before the first row is written: a write-only sheet writes its panes with it
    row = header + 1
    cached = {}  # formula cell -> the builder's figure, written as the formula's cached result

    subtotal_rows = []
    for group in appendix.groups:
        group_row = row
        subtotal_rows.append(group_row)
        as_text(sheet.cell(group_row, col["number"]), group.numeral, BOLD, CENTRED_TOP, BORDER)
        as_text(sheet.cell(group_row, col["name"]), group.name, BOLD, WRAPPED, BORDER)
        sheet.merge_cells(start_row=group_row, start_column=col["name"], end_row=group_row, end_column=last_text)
        first, last = group_row + 1, group_row + len(group.rows)
        for role, value in zip(AMOUNTS, group.subtotal.as_tuple()):
            if not group.rows:  # nothing to sum: a formula over no rows would point at the sector row itself
                as_amount(sheet.cell(group_row, col[role]), value, BOLD, RIGHT, BORDER)
                continue
            span = f"{letter[role]}{first}:{letter[role]}{last}"
            formula = f"=SUM({span})" if value is not None else f'=IF(COUNT({span}),SUM({span}),"")'
            cached[as_formula(sheet.cell(group_row, col[role]), formula, value, BOLD, RIGHT, BORDER).coordinate] = value
        sheet.grid(group_row, width)
        sheet.flush()
        row += 1
        for item in group.rows:
            texts = {"notes": item.notes, **({"content": item.content} if appendix.with_content else {})}
            if item.is_project:
                texts |= {"name": item.name, "agency": item.agency, "location": item.location}
                as_text(sheet.cell(row, col["number"]), item.number, TABLE_FONT, CENTRED_TOP, BORDER)
                as_text(sheet.cell(row, col["period"]), item.period, TABLE_FONT, CENTRED_TOP, BORDER)
            elif item.name:  # without the content column a further budget line says what it pays for here
                texts["name"] = item.name
            for role, value in texts.items():
                as_text(sheet.cell(row, col[role]), value, TABLE_FONT, WRAPPED, BORDER)
            for role, value in zip(AMOUNTS, item.amounts.as_tuple()):
                table_cell(sheet, row, col[role], AMOUNT, value)
            sheet.grid(row, width)
            sheet.flush()
            row += 1

    as_text(sheet.cell(total_row, col["name"]), appendix.total_label, BOLD, CENTRED_TOP, BORDER)
    sheet.merge_cells(start_row=total_row, start_column=col["name"], end_row=total_row, end_column=last_text)
    for role, value in zip(AMOUNTS, appendix.total.as_tuple()):
        if not subtotal_rows:
            as_amount(sheet.cell(total_row, col[role]), value, BOLD, RIGHT, BORDER)
            continue
        cells = ",".join(f"{letter[role]}{r}" for r in subtotal_rows)
        # SUM(…) rather than G5+G14+…: a subtotal left empty because all its amounts are unknown is text ("").
        formula = f"=SUM({cells})" if value is not None else f'=IF(COUNT({cells}),SUM({cells}),"")'
        cached[as_formula(sheet.cell(total_row, col[role]), formula, value, BOLD, RIGHT, BORDER).coordinate] = value
    sheet.grid(total_row, width)
    row = total_row + 1

    row = note_rows(sheet, row + 1, appendix.notes, width) if appendix.notes else row
    if appendix.signature:
        signature_rows(sheet, row + 1, appendix.signature, width)
    sheet.flush()
    return with_cached_results(to_bytes(wb), cached)


def plan_xlsx(plan) -> bytes:
    """The implementation plan as an .xlsx workbook of one sheet, in the appendix's look."""
    roles = ["number", "content", "timing", "lead", "coordinators"]
    width = len(roles)
    wb, ws = document_workbook(SHEET_NAMES["plan"].get(plan.language, "Sheet"), plan.heading)
    set_widths(ws, [PLAN_WIDTHS[role] for role in roles], plan.columns)
    sheet = SheetRows(ws)
    row = heading_rows(sheet, plan.heading, width)
    header = header_row(sheet, row, plan.columns)
    sheet.fit_rows(header, header + len(plan.rows))
    print_setup(ws, header)
    row = header + 1
    for item in plan.rows:
        for column, value in enumerate((item.number, item.content, item.timing, item.lead, item.coordinators), start=1):
            as_text(sheet.cell(row, column), value, TABLE_FONT, CENTRED_TOP if column in (1, 3) else WRAPPED, BORDER)
        row += 1
    row = note_rows(sheet, row + 1, plan.notes, width) if plan.notes else row
    if plan.signature:
        signature_rows(sheet, row + 1, plan.signature, width)
    sheet.flush()
    return to_bytes(wb)
