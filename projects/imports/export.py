"""The flat list of the bank as .xlsx or .csv, and the empty template with its drop-down lists.

Text that a spreadsheet would run as a formula (a cell beginning with =, +, - or @) stays text: in .xlsx it is
stored as a string cell, never a formula; in .csv it gets a leading apostrophe, which the importer removes.
Amounts in .csv are written the way the headings' language writes numbers (12.000,5 or 12,000.5), which is how
the importer, knowing the language from the headings, reads them back.
"""
import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partners.models import Organisation
from projects.amounts import format_amount
from projects.imports.columns import AMOUNTS, BANK_COLUMNS, headings
from projects.imports.formats import RISKY, append_as_text
from projects.imports.resources import BankResource
from projects.models import Project, Sector

TEMPLATE_ROWS = 2000


def bank_dataset(projects):
    resource = BankResource()
    return resource.export(BankResource.lines_of(projects))


def bank_flat_xlsx(projects) -> bytes:
    dataset = bank_dataset(projects)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Project bank")[:31]
    _header(sheet)
    append_as_text(sheet, dataset)
    return _bytes(workbook)


def bank_flat_csv(projects) -> bytes:
    dataset = bank_dataset(projects)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings())
    for values in dataset:
        writer.writerow([format_amount(value) if isinstance(value, Decimal) else _safe_csv(value) for value in values])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read the file as UTF-8


def bank_template_xlsx(programme) -> bytes:
    """The headings, and drop-down lists of the programme's sectors, the current host agencies and the statuses."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Project bank")[:31]
    _header(sheet)
    lists = workbook.create_sheet(_("Lists")[:31])
    choices = {
        "sector": [sector.name for sector in Sector.objects.filter(programme=programme).order_by("position")],
        "host_agency": sorted(Organisation.objects.filter(valid_to__isnull=True).values_list("name", flat=True)),
        "status": [str(label) for _value, label in Project.Status.choices],
    }
    keys = [key for key, _heading in BANK_COLUMNS]
    for index, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=str(dict(BANK_COLUMNS)[key]))
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value).data_type = "s"
        target = get_column_letter(keys.index(key) + 1)
        validation = DataValidation(type="list", formula1=f"='{lists.title}'!${letter}$2:${letter}${max(2, len(values) + 1)}", allow_blank=True)
        validation.error = _("Choose a value from the list.")
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS}")
    for key in AMOUNTS:
        column = get_column_letter(keys.index(key) + 1)
        for row in range(2, TEMPLATE_ROWS + 1):
            sheet[f"{column}{row}"].number_format = "#,##0.###"
    lists.sheet_state = "hidden"
    return _bytes(workbook)


def _header(sheet):
    sheet.append(headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (key, _heading) in enumerate(BANK_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 40 if key in ("name", "content", "content_en", "name_en") else 16


def _safe_csv(value):
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return "" if value is None else value


def _bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
