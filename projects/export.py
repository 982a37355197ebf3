"""The bank list as the user filtered it, as a flat spreadsheet with numeric amounts."""
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

AMOUNT_FORMAT = "#,##0.###"


def _text(sheet, value):
    # A text typed as "=..." must stay text: openpyxl would otherwise store it as a formula.
    cell = WriteOnlyCell(sheet, value=value or "")
    cell.data_type = "s"
    return cell


def _amount(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = AMOUNT_FORMAT
    return cell


def bank_workbook(projects):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Project bank")[:31])
    headings = [
        _("Programme"), _("No."), _("Code"), _("Project name"), _("Project name in English"), _("Host agency"),
        _("Location"), _("Start year"), _("End year"), _("Total budget"), _("Aid sought"), _("Counterpart funds"), _("Status"),
    ]
    sheet.append([_("Unit: million VND")])
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=str(heading))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for p in projects.iterator(chunk_size=2000):
        sheet.append(
            [
                _text(sheet, p.programme.number),
                _text(sheet, f"{p.sector.numeral}.{p.position}"),
                _text(sheet, p.code),
                _text(sheet, p.name),
                _text(sheet, p.name_en),
                _text(sheet, p.host_agency.name),
                _text(sheet, p.location_text),
                p.start_year,
                p.end_year,
                _amount(sheet, p.total),
                _amount(sheet, p.aid_sought),
                _amount(sheet, p.counterpart),
                _text(sheet, p.get_status_display()),
            ]
        )
    return workbook


def bank_xlsx_response(projects):
    buffer = io.BytesIO()
    bank_workbook(projects).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ngan-hang-du-an-{stamp}.xlsx"'
    return response


def flat_download(projects, extension):
    """The flat list (a row per budget line) that the import reads back, as .xlsx or .csv."""
    from projects.imports.export import bank_flat_csv, bank_flat_xlsx

    content_types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}
    content = bank_flat_xlsx(projects) if extension == "xlsx" else bank_flat_csv(projects)
    response = HttpResponse(content, content_type=content_types[extension])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ngan-hang-du-an-phang-{stamp}.{extension}"'
    return response
