"""The bank list as the user filtered it, for reading: a row per project with numeric amounts (the flat list that
the import reads back is projects/imports/flat_export.py)."""
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from socaid.bilingual import in_language
from socaid.spreadsheets import (
    AMOUNT,
    CENTRED,
    TEXT,
    append_fitted,
    as_text,
    fitted_width,
    heading_cells,
    new_cell,
    new_workbook,
    print_setup,
    row_cells,
    set_widths,
    to_bytes,
)

# Text, except the years, written as the numbers they are, and the three amounts.
KINDS = [TEXT] * 7 + [None, None] + [AMOUNT] * 3 + [TEXT]
# Column widths in characters: about 150 across, so that fitted to A4 landscape's width the list prints at 9 pt or
# more, the names wrapping onto more lines rather than the columns widening.
WIDTHS = [10, 5, 12, 22, 18, 15, 12, 6, 6, 10, 10, 11, 12]
HEADER_ROW = 2


def bank_list_xlsx(projects, on_row=None) -> bytes:
    """One row per project; written row by row (write-only), so that 100,000 projects take seconds, not gigabytes.
    ``on_row(done)``, if given, hears of each row written: a background job's progress."""
    wb, sheet = new_workbook(_("Project bank"), write_only=True)
    headings = [
        _("Programme"), _("No."), _("Code"), _("Project name"), _("Project name in English"), _("Host agency"),
        _("Location"), _("Start year"), _("End year"), _("Total budget"), _("Aid sought"), _("Counterpart funds"), _("Status"),
    ]
    widths = [fitted_width(width, heading) for width, heading in zip(WIDTHS, headings)]
    # A write-only sheet writes its widths, frozen rows and print settings before the first row.
    set_widths(sheet, widths)
    print_setup(sheet, HEADER_ROW)
    sheet.append([as_text(new_cell(sheet), _("Unit: million VND"))])
    append_fitted(sheet, heading_cells(sheet, headings, CENTRED), HEADER_ROW, widths)
    for row, p in enumerate(projects.iterator(chunk_size=2000), start=HEADER_ROW + 1):
        values = [
            p.programme.number, f"{p.sector.numeral}.{p.position}", p.code, p.name, p.name_en, in_language(p.host_agency, "name"),
            in_language(p, "location_text"), p.start_year, p.end_year, p.total, p.aid_sought, p.counterpart, capfirst(p.get_status_display()),
        ]
        append_fitted(sheet, row_cells(sheet, KINDS, values, aligned=True), row, widths)
        if on_row:
            on_row(row - HEADER_ROW)
    return to_bytes(wb)
