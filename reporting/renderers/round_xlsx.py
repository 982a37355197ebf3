"""The round page's follow-up as a spreadsheet: every unit, where its report stands, and when it was sent."""
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from projects.imports.formats import append_as_text
from reporting.models.rounds import PROVINCE_TZ


def round_xlsx_response(round_, states):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(round_.year)
    sheet.append([_("Reporting round %(year)s") % {"year": round_.year}])
    sheet.append([_("Deadline"), round_.deadline.astimezone(PROVINCE_TZ).strftime("%d/%m/%Y %H:%M")])
    sheet.append([_("Unit"), _("Status"), _("Days left"), _("Days late"), _("First submitted at"), _("Last submitted at")])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    rows = []
    for state in states:
        report = state.report
        rows.append([
            state.organisation.name, str(state.label), max(state.days, 0), state.days_late,
            _local(report.first_submitted_at) if report else "", _local(report.submitted_at) if report else "",
        ])
    append_as_text(sheet, rows)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="dot-bao-cao-{round_.year}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    return response


def _local(moment):
    return moment.astimezone(PROVINCE_TZ).strftime("%d/%m/%Y %H:%M") if moment else ""
