"""The bank list as the user filtered it, for reading: a row per project with numeric amounts (the flat list that
the import reads back is projects/imports/flat_export.py)."""
from django.utils.translation import gettext as _

from socaid.spreadsheets import AMOUNT, TEXT, as_text, heading_cells, new_cell, new_workbook, row_cells, to_bytes

# Text, except the years, written as the numbers they are, and the three amounts.
KINDS = [TEXT] * 7 + [None, None] + [AMOUNT] * 3 + [TEXT]


def bank_list_xlsx(projects) -> bytes:
    """One row per project; written row by row (write-only), so that 100,000 projects take seconds, not gigabytes."""
    wb, sheet = new_workbook(_("Project bank"), write_only=True)
    headings = [
        _("Programme"), _("No."), _("Code"), _("Project name"), _("Project name in English"), _("Host agency"),
        _("Location"), _("Start year"), _("End year"), _("Total budget"), _("Aid sought"), _("Counterpart funds"), _("Status"),
    ]
    sheet.append([as_text(new_cell(sheet), _("Unit: million VND"))])
    sheet.append(heading_cells(sheet, headings))
    for p in projects.iterator(chunk_size=2000):
        values = [
            p.programme.number, f"{p.sector.numeral}.{p.position}", p.code, p.name, p.name_en, p.host_agency.name,
            p.location_text, p.start_year, p.end_year, p.total, p.aid_sought, p.counterpart, p.get_status_display(),
        ]
        sheet.append(row_cells(sheet, KINDS, values))
    return to_bytes(wb)
