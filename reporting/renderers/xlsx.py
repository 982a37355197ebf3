"""The appendix and the implementation plan as Excel workbooks.

Like the other renderers, this one lays out what the builder gives and never
computes a figure of its own. The one exception is deliberate: the sector
subtotals and the grand total are live formulas, so that a user who edits a
project's amount in the sheet sees the subtotal and the grand total follow.
Their cached results are the builder's figures (socaid.spreadsheets.with_cached_results).
"""
from openpyxl.utils import get_column_letter

from projects.appendix_layout import AMOUNT_ROLES as AMOUNTS
from reporting.renderers.xlsx_document import document_workbook, heading_rows, note_rows, signature_rows
from socaid.spreadsheets import (
    AMOUNT,
    BOLD,
    CENTRED_TOP,
    RIGHT,
    TABLE_FONT,
    WRAPPED,
    as_amount,
    as_formula,
    as_text,
    fit_row_heights,
    grid,
    header_row,
    print_setup,
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
    """The appendix as an .xlsx workbook of one sheet, ready to print on A4 landscape."""
    roles = appendix.roles
    col = {role: index + 1 for index, role in enumerate(roles)}
    letter = {role: get_column_letter(index) for role, index in col.items()}
    width = len(roles)
    last_text = col[AMOUNTS[0]] - 1  # sector names and the total label span the text columns up to the amounts

    wb, ws = document_workbook(SHEET_NAMES["appendix"].get(appendix.language, "Sheet"), appendix.heading, formulas=True)
    widths = APPENDIX_WIDTHS[appendix.language if appendix.language == "en" else "vi", appendix.with_content]
    set_widths(ws, [widths[role] for role in roles], appendix.columns)

    row = heading_rows(ws, appendix.heading, width)
    header = header_row(ws, row, appendix.columns)
    row = header + 1
    cached = {}  # formula cell -> the builder's figure, written as the formula's cached result

    subtotal_rows = []
    for group in appendix.groups:
        group_row = row
        subtotal_rows.append(group_row)
        grid(ws, group_row, width)
        as_text(ws.cell(row=group_row, column=col["number"]), group.numeral, BOLD, CENTRED_TOP)
        as_text(ws.cell(row=group_row, column=col["name"]), group.name, BOLD, WRAPPED)
        ws.merge_cells(start_row=group_row, start_column=col["name"], end_row=group_row, end_column=last_text)
        first, last = group_row + 1, group_row + len(group.rows)
        for role, value in zip(AMOUNTS, group.subtotal.as_tuple()):
            if not group.rows:  # nothing to sum: a formula over no rows would point at the sector row itself
                as_amount(ws.cell(row=group_row, column=col[role]), value, BOLD, RIGHT)
                continue
            span = f"{letter[role]}{first}:{letter[role]}{last}"
            formula = f"=SUM({span})" if value is not None else f'=IF(COUNT({span}),SUM({span}),"")'
            cached[as_formula(ws.cell(row=group_row, column=col[role]), formula, value, BOLD, RIGHT).coordinate] = value
        row += 1
        for item in group.rows:
            grid(ws, row, width)
            texts = {"notes": item.notes, **({"content": item.content} if appendix.with_content else {})}
            if item.is_project:
                texts |= {"name": item.name, "agency": item.agency, "location": item.location}
                as_text(ws.cell(row=row, column=col["number"]), item.number, TABLE_FONT, CENTRED_TOP)
                as_text(ws.cell(row=row, column=col["period"]), item.period, TABLE_FONT, CENTRED_TOP)
            elif item.name:  # without the content column a further budget line says what it pays for here
                texts["name"] = item.name
            for role, value in texts.items():
                as_text(ws.cell(row=row, column=col[role]), value, TABLE_FONT, WRAPPED)
            for role, value in zip(AMOUNTS, item.amounts.as_tuple()):
                table_cell(ws, row, col[role], AMOUNT, value)
            row += 1

    total_row = row
    grid(ws, total_row, width)
    as_text(ws.cell(row=total_row, column=col["name"]), appendix.total_label, BOLD, CENTRED_TOP)
    ws.merge_cells(start_row=total_row, start_column=col["name"], end_row=total_row, end_column=last_text)
    for role, value in zip(AMOUNTS, appendix.total.as_tuple()):
        if not subtotal_rows:
            as_amount(ws.cell(row=total_row, column=col[role]), value, BOLD, RIGHT)
            continue
        cells = ",".join(f"{letter[role]}{r}" for r in subtotal_rows)
        # SUM(…) rather than G5+G14+…: a subtotal left empty because all its amounts are unknown is text ("").
        formula = f"=SUM({cells})" if value is not None else f'=IF(COUNT({cells}),SUM({cells}),"")'
        cached[as_formula(ws.cell(row=total_row, column=col[role]), formula, value, BOLD, RIGHT).coordinate] = value
    row = total_row + 1

    row = note_rows(ws, row + 1, appendix.notes, width) if appendix.notes else row
    if appendix.signature:
        signature_rows(ws, row + 1, appendix.signature, width)
    fit_row_heights(ws, range(header, total_row + 1))
    print_setup(ws, header)
    return with_cached_results(to_bytes(wb), cached)


def plan_xlsx(plan) -> bytes:
    """The implementation plan as an .xlsx workbook of one sheet, in the appendix's look."""
    roles = ["number", "content", "timing", "lead", "coordinators"]
    width = len(roles)
    wb, ws = document_workbook(SHEET_NAMES["plan"].get(plan.language, "Sheet"), plan.heading)
    set_widths(ws, [PLAN_WIDTHS[role] for role in roles], plan.columns)
    row = heading_rows(ws, plan.heading, width)
    header = header_row(ws, row, plan.columns)
    row = header + 1
    for item in plan.rows:
        grid(ws, row, width)
        for column, value in enumerate((item.number, item.content, item.timing, item.lead, item.coordinators), start=1):
            as_text(ws.cell(row=row, column=column), value, TABLE_FONT, CENTRED_TOP if column in (1, 3) else WRAPPED)
        row += 1
    last_row = row - 1
    row = note_rows(ws, row + 1, plan.notes, width) if plan.notes else row
    if plan.signature:
        signature_rows(ws, row + 1, plan.signature, width)
    fit_row_heights(ws, range(header, last_row + 1))
    print_setup(ws, header)
    return to_bytes(wb)
