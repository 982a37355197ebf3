"""The flat list of the bank as .xlsx or .csv, and the empty template with its drop-down lists.

Text that a spreadsheet would run as a formula (a cell beginning with =, +, - or @) stays text: in .xlsx it is
stored as a string cell, never a formula; in .csv it gets a leading apostrophe, which the importer removes.
Amounts in .csv are written the way the headings' language writes numbers (12.000,5 or 12,000.5), which is how
the importer, knowing the language from the headings, reads them back.
"""
from decimal import Decimal

from django.utils.translation import gettext as _

from partners.models import Organisation
from projects.amounts import format_amount
from projects.imports.columns import AMOUNTS, BANK_COLUMNS, headings
from projects.imports.resources import BankResource
from projects.models import Project, Sector
from socaid.spreadsheets import (
    add_sheet,
    amounts_to_type,
    append_values,
    choice_list,
    csv_bytes,
    heading_cells,
    new_workbook,
    set_widths,
    to_bytes,
)

TEMPLATE_ROWS = 2000


def bank_dataset(projects):
    resource = BankResource()
    return resource.export(BankResource.lines_of(projects))


def bank_flat_xlsx(projects) -> bytes:
    workbook, sheet = _with_header(write_only=True)  # row after row: a whole bank holds no sheet of cells in memory
    append_values(sheet, bank_dataset(projects))
    return to_bytes(workbook)


def bank_flat_csv(projects) -> bytes:
    rows = [[format_amount(value) if isinstance(value, Decimal) else value for value in values] for values in bank_dataset(projects)]
    return csv_bytes([headings(), *rows])


def flat_export(projects, extension) -> bytes:
    """The flat list as ``extension`` says: "xlsx" or "csv"."""
    return bank_flat_xlsx(projects) if extension == "xlsx" else bank_flat_csv(projects)


def bank_template_xlsx(programme) -> bytes:
    """The headings, and drop-down lists of the programme's sectors, the current host agencies and the statuses."""
    workbook, sheet = _with_header()
    lists = add_sheet(workbook, _("Lists"))
    choices = {
        "sector": [sector.name for sector in Sector.objects.filter(programme=programme).order_by("position")],
        "host_agency": sorted(Organisation.objects.filter(valid_to__isnull=True).values_list("name", flat=True)),
        "status": [str(label) for _value, label in Project.Status.choices],
    }
    keys = [key for key, _heading in BANK_COLUMNS]
    for index, (key, values) in enumerate(choices.items(), start=1):
        choice_list(sheet, keys.index(key) + 1, lists, index, str(dict(BANK_COLUMNS)[key]), values, TEMPLATE_ROWS - 1, _("Choose a value from the list."))
    for key in AMOUNTS:
        amounts_to_type(sheet, keys.index(key) + 1, TEMPLATE_ROWS - 1)
    lists.sheet_state = "hidden"
    return to_bytes(workbook)


def _with_header(write_only=False):
    """A workbook whose first sheet holds the headings, frozen above the rows."""
    workbook, sheet = new_workbook(_("Project bank"), write_only=write_only)
    sheet.freeze_panes = "A2"  # before the first row: a write-only sheet writes its panes and widths with it
    set_widths(sheet, [40 if key in ("name", "content", "content_en", "name_en") else 16 for key, _heading in BANK_COLUMNS])
    sheet.append(heading_cells(sheet, headings()))
    return workbook, sheet
