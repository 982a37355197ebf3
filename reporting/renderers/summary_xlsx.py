"""The year-end summary and the whole-period summary as Excel workbooks: one sheet per section.

Lays out what reporting.builders.summary gives, in the look of the appendix's workbook (reporting.renderers.xlsx,
whose styles and cell writers it uses): amounts and counts are numeric cells, text is always text, even text
that begins with "=". No figure is computed here, and no formula is written: the totals are the builder's.
"""
from openpyxl.styles import Alignment

from reporting.renderers.xlsx_document import document_workbook, heading_rows, note_rows
from socaid.spreadsheets import (
    BOLD,
    CENTRED_TOP,
    ITALIC,
    RIGHT,
    TABLE_FONT,
    WRAPPED,
    as_amount,
    as_text,
    fit_row_heights,
    grid,
    header_row,
    merged_text,
    print_setup,
    set_widths,
    to_bytes,
)

DATE_FORMAT = "DD/MM/YYYY"
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

# Sheet names (at most 31 characters); every other text comes from the builder.
SHEET_NAMES = {
    "overview": {"vi": "Tình hình báo cáo", "en": "Reports"},
    "totals": {"vi": "Tổng hợp", "en": "Totals"},
    "sectors": {"vi": "Theo lĩnh vực", "en": "By sector"},
    "localities": {"vi": "Theo địa bàn", "en": "By locality"},
    "projects": {"vi": "Theo dự án", "en": "By project"},
    "statuses": {"vi": "Tình trạng dự án", "en": "Project status"},
    "ngos": {"vi": "Tổ chức PCPNN", "en": "NGOs"},
    "narratives": {"vi": "Ý kiến các đơn vị", "en": "Units' narratives"},
    "years": {"vi": "Theo năm", "en": "By year"},
}

# Column widths in characters, per sheet.
WIDTHS = {
    "overview": [6, 48, 18, 12, 28],
    "totals": [6, 52, 18],
    "sectors": [6, 40, 12, 15, 12, 15, 15, 15],
    "localities": [6, 38, 12, 15, 15, 15, 15],
    "projects": [6, 40, 22, 8, 10, 14, 14, 14, 14, 14, 13, 20],
    "statuses": [6, 40, 18, 18],
    "ngos": [6, 36, 16, 30, 60],
    "narratives": [30, 50, 50, 50],
    "years": [10, 14, 14, 14, 16, 16, 16, 14],
    "period_sectors": [6, 40, 12, 15, 12, 15, 15, 15],
    "period_ngos": [6, 40, 16, 16, 44],
    "period_statuses": [6, 40, 16, 18],
}

# How each column of a table is written: centred text, text, amount (million VND), count (whole number), date.
C, T, A, N, D = "centre", "text", "amount", "count", "date"


def year_summary_xlsx(summary) -> bytes:
    """The year's summary as a workbook of eight sheets, each ready to print on A4 landscape."""
    language = summary.language
    wb, ws = document_workbook(_sheet_name("overview", language), summary.heading)
    sheets = _Sheets(wb, ws, summary.heading, language)

    # I. Reports of the units
    ws, row = sheets.start("overview", summary.titles["overview"], WIDTHS["overview"])
    _line(ws, row, summary.round_line, len(WIDTHS["overview"]), ITALIC)
    row += 2
    header = row
    if summary.round is not None:
        items = [[str(i), item.label, item.value] for i, item in enumerate(summary.overview.items, start=1)]
        row = _rows(ws, row, items, [C, T, N])
        row = _subtable(ws, row + 1, summary.titles["late"], summary.columns["late"], [
            [r.number, r.unit, r.submitted_on, r.days_late, r.state_label] for r in summary.late
        ], [C, T, D, N, T], summary.nothing)
        row = _subtable(ws, row + 1, summary.titles["not_reported"], summary.columns["not_reported"], [
            [r.number, r.unit, r.state_label] for r in summary.not_reported
        ], [C, T, T], summary.nothing)
    sheets.finish(ws, header, row)

    # II. Totals, and the notes on the amounts
    ws, row = sheets.start("totals", summary.titles["totals"], WIDTHS["totals"])
    header = row
    row = _rows(ws, row, [[str(i), item.label, item.value] for i, item in enumerate(summary.total_items, start=1)], [C, T, A], counts={
        i for i, item in enumerate(summary.total_items) if item.is_count
    })
    row = note_rows(ws, row + 1, summary.notes, len(WIDTHS["totals"]))
    sheets.finish(ws, header, row)

    # III. By sector
    ws, row = sheets.start("sectors", summary.titles["sectors"], WIDTHS["sectors"], summary.columns["sectors"])
    header = header_row(ws, row, summary.columns["sectors"])
    row = _rows(ws, header + 1, [_sector(r) for r in summary.sectors], [C, T, N, A, N, A, A, A])
    row = _rows(ws, row, [_sector(summary.sector_total)], [C, T, N, A, N, A, A, A], bold=True)
    sheets.finish(ws, header, row)

    # IV. By locality
    ws, row = sheets.start("localities", summary.titles["localities"], WIDTHS["localities"], summary.columns["localities"])
    header = header_row(ws, row, summary.columns["localities"])
    kinds = [C, T, N, A, A, A, N]
    row = _rows(ws, header + 1, [_locality(r) for r in summary.localities], kinds)
    row = _rows(ws, row, [_locality(summary.locality_total)], kinds, bold=True)
    sheets.finish(ws, header, row)

    # V. Project by project
    ws, row = sheets.start("projects", summary.titles["projects"], WIDTHS["projects"], summary.columns["projects"])
    header = header_row(ws, row, summary.columns["projects"])
    kinds = [C, T, T, C, A, A, A, A, A, A, N, T]
    row = _rows(ws, header + 1, [_project(r) for r in summary.projects], kinds)
    row = _rows(ws, row, [_project(summary.project_total)], kinds, bold=True)
    sheets.finish(ws, header, row)

    # VI. Projects by status
    ws, row = sheets.start("statuses", summary.titles["statuses"], WIDTHS["statuses"], summary.columns["statuses"])
    header = header_row(ws, row, summary.columns["statuses"])
    row = _rows(ws, header + 1, [[str(i), r.label, r.reported, r.bank] for i, r in enumerate(summary.statuses, start=1)], [C, T, N, N])
    sheets.finish(ws, header, row)

    # VII. NGOs, against the programme's target; the new ones
    ws, row = sheets.start("ngos", summary.titles["ngos"], WIDTHS["ngos"], summary.columns["ngos"])
    if summary.target:
        _line(ws, row, summary.target.verdict, len(WIDTHS["ngos"]), TABLE_FONT)
        row += 1
    header = header_row(ws, row, summary.columns["ngos"])
    row = _rows(ws, header + 1, [[r.number, r.name, r.country, r.units, r.activities] for r in summary.ngos], [C, T, T, T, T])
    row = _subtable(ws, row + 1, summary.titles["new_ngos"], summary.columns["new_ngos"], [
        [str(i), r.name, r.country, r.note] for i, r in enumerate(summary.new_ngos, start=1)
    ], [C, T, T, T], summary.nothing)
    sheets.finish(ws, header, row)

    # VIII. What each unit wrote
    columns = [summary.columns["late"][1], *summary.columns["narratives"]]
    ws, row = sheets.start("narratives", summary.titles["narratives"], WIDTHS["narratives"], columns)
    header = header_row(ws, row, columns)
    row = _rows(ws, header + 1, [[r.unit, r.results, r.difficulties, r.proposals] for r in summary.narratives], [T, T, T, T])
    sheets.finish(ws, header, row)
    return to_bytes(wb)


def period_summary_xlsx(summary) -> bytes:
    """The whole period as a workbook of four sheets: year by year, sectors, NGOs, the list by status."""
    language = summary.language
    wb, ws = document_workbook(_sheet_name("years", language), summary.heading)
    sheets = _Sheets(wb, ws, summary.heading, language)

    ws, row = sheets.start("years", summary.titles["years"], WIDTHS["years"], summary.columns["years"])
    header = header_row(ws, row, summary.columns["years"])
    kinds = [C, C, N, N, A, A, A, N]
    row = _rows(ws, header + 1, [_year(r) for r in summary.years], kinds)
    row = _rows(ws, row, [_year(summary.year_total, summary.total_label)], kinds, bold=True)
    row = note_rows(ws, row + 1, summary.notes, len(WIDTHS["years"]))
    sheets.finish(ws, header, row)

    ws, row = sheets.start("sectors", summary.titles["sectors"], WIDTHS["period_sectors"], summary.columns["sectors"])
    header = header_row(ws, row, summary.columns["sectors"])
    kinds = [C, T, N, A, N, A, A, A]
    row = _rows(ws, header + 1, [_sector(r) for r in summary.sectors], kinds)
    row = _rows(ws, row, [_sector(summary.sector_total)], kinds, bold=True)
    row = _rows(ws, row + 1, [["", item.label, item.value] for item in summary.comparison], [C, T, A])
    sheets.finish(ws, header, row)

    ws, row = sheets.start("ngos", summary.titles["ngos"], WIDTHS["period_ngos"], summary.columns["ngos"])
    if summary.target:
        _line(ws, row, summary.target.verdict, len(WIDTHS["period_ngos"]), TABLE_FONT)
        row += 1
    header = header_row(ws, row, summary.columns["ngos"])
    row = _rows(ws, header + 1, [[r.number, r.name, r.country, r.years, r.units] for r in summary.ngos], [C, T, T, T, T])
    sheets.finish(ws, header, row)

    ws, row = sheets.start("statuses", summary.titles["statuses"], WIDTHS["period_statuses"], summary.columns["statuses"])
    header = header_row(ws, row, summary.columns["statuses"])
    kinds = [C, T, N, A]
    row = _rows(ws, header + 1, [[str(i), r.label, r.bank, r.aid_sought] for i, r in enumerate(summary.statuses, start=1)], kinds)
    total = summary.status_total
    row = _rows(ws, row, [["", total.label, total.bank, total.aid_sought]], kinds, bold=True)
    sheets.finish(ws, header, row)
    return to_bytes(wb)


class _Sheets:
    """Starts each section's sheet with the document's heading and the section's title."""

    def __init__(self, wb, first, heading, language):
        self.wb, self.first, self.heading, self.language = wb, first, heading, language

    def start(self, key, title, widths, columns=None):
        if self.first is not None:
            ws, self.first = self.first, None
        else:
            ws = self.wb.create_sheet(_sheet_name(key, self.language))
        set_widths(ws, widths, columns or [""] * len(widths))
        row = heading_rows(ws, self.heading, len(widths))
        _line(ws, row, title, len(widths), BOLD)
        return ws, row + 1

    def finish(self, ws, header, last):
        fit_row_heights(ws, range(header, last))
        print_setup(ws, header)


def _sheet_name(key, language):
    return SHEET_NAMES[key].get(language, SHEET_NAMES[key]["en"])


def _line(ws, row, value, width, font):
    merged_text(ws, row, value, width, font, LEFT)


def _rows(ws, row, rows, kinds, *, bold=False, counts=()):
    """Table rows from the builder's values; ``counts``: indexes of rows whose amount column holds a count."""
    font = BOLD if bold else TABLE_FONT
    for index, values in enumerate(rows):
        grid(ws, row, len(kinds))
        for column, (kind, value) in enumerate(zip(kinds, values), start=1):
            if kind == A and index in counts:
                kind = N
            if kind in (A, N):
                as_amount(ws.cell(row=row, column=column), value, font, RIGHT)
            elif kind == D:
                cell = ws.cell(row=row, column=column, value=value)
                cell.number_format = DATE_FORMAT
                cell.font = font
                cell.alignment = CENTRED_TOP
            else:
                as_text(ws.cell(row=row, column=column), value, font, CENTRED_TOP if kind == C else WRAPPED)
        row += 1
    return row


def _subtable(ws, row, title, columns, rows, kinds, nothing):
    as_text(ws.cell(row=row, column=1), title, BOLD, Alignment(vertical="top"))
    row += 1
    if not rows:
        as_text(ws.cell(row=row, column=1), nothing, ITALIC, Alignment(vertical="top"))
        return row + 1
    header_row(ws, row, columns)
    return _rows(ws, row + 1, rows, kinds)


def _sector(row):
    return [row.numeral, row.name, row.bank_projects, row.aid_sought, row.reported_projects, row.committed_year, row.disbursed_year, row.counterpart_spent]


def _locality(row):
    f = row.figures
    return [row.number, row.name, f.projects, f.committed_year, f.disbursed_year, f.counterpart_spent, f.beneficiaries]


def _project(row):
    return [
        row.number, row.name, row.agency, row.currency, row.rate, row.committed_year, row.disbursed_year,
        row.committed_total, row.disbursed_total, row.counterpart_spent, row.beneficiaries, row.status,
    ]


def _year(row, label=None):
    return [label or str(row.year), row.round_label, row.obliged, row.accepted, row.committed_year, row.disbursed_year, row.counterpart_spent, row.ngos]
