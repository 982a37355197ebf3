"""The units list as the reader filtered it, as a spreadsheet: a row per unit, its predecessors and successors
with the extent each took over (the successions that import reads back are projects/imports/resources.py's)."""
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from socaid.spreadsheets import (
    CENTRED,
    DATE,
    LABEL,
    TEXT,
    append_fitted,
    fitted_width,
    heading_cells,
    new_workbook,
    print_setup,
    row_cells,
    set_widths,
    to_bytes,
)

KINDS = [TEXT, LABEL, LABEL, TEXT, TEXT, TEXT, DATE, DATE, TEXT, TEXT]
WIDTHS = [24, 22, 9, 14, 14, 22, 11, 11, 30, 30]
HEADER_ROW = 1


def linked(successions, end):
    """'Xã Phú Tân (until 30/06/2025) (the whole of it); …': the units at the other ``end`` of ``successions``."""
    return "; ".join(
        _("%(unit)s (%(extent)s)") % {"unit": getattr(succession, end), "extent": succession.get_extent_display()}
        for succession in successions
    )


def unit_list_xlsx(units) -> bytes:
    """``units`` as with_successions() reads them, in the order given."""
    wb, sheet = new_workbook(_("Administrative units"), write_only=True)
    headings = [
        _("Name"), _("Portal code"), _("Official code"), _("Level"), _("Kind"), _("Parent unit"), _("Valid from"),
        _("Valid to"), _("Predecessors"), _("Successors"),
    ]
    widths = [fitted_width(width, heading) for width, heading in zip(WIDTHS, headings)]
    set_widths(sheet, widths)
    print_setup(sheet, HEADER_ROW)
    append_fitted(sheet, heading_cells(sheet, headings, CENTRED), HEADER_ROW, widths)
    for row, unit in enumerate(units, start=HEADER_ROW + 1):
        values = [
            str(unit), unit.code, unit.gso_code, capfirst(unit.get_level_display()), capfirst(unit.get_kind_display()),
            str(unit.parent) if unit.parent else "", unit.valid_from, unit.valid_to,
            linked(unit.successions_in.all(), "predecessor"), linked(unit.successions_out.all(), "successor"),
        ]
        append_fitted(sheet, row_cells(sheet, KINDS, values, aligned=True), row, widths)
    return to_bytes(wb)
