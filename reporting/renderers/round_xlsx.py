"""The round page's follow-up as a spreadsheet: every unit, where its report stands, and when it was sent."""
from django.utils.translation import gettext as _

from reporting.formatting import cell_text
from reporting.models.rounds import PROVINCE_TZ
from socaid.bilingual import in_language
from socaid.spreadsheets import COUNT, DATE, TEXT, append_values, heading_cells, new_workbook, print_setup, row_cells, set_widths, to_bytes

KINDS = [TEXT, TEXT, TEXT, COUNT, COUNT, DATE, DATE]
HEADER_ROW = 3


def round_xlsx(round_, states) -> bytes:
    wb, sheet = new_workbook(str(round_.year))
    append_values(sheet, [
        [_("Reporting round %(year)s") % {"year": round_.year}],
        [_("Deadline"), _local(round_.deadline)],
    ])
    sheet.append(heading_cells(sheet, [
        _("Unit"), _("Status"), _("Sent, or time left"), _("Days left"), _("Days late"),
        _("First submitted at"), _("Last submitted at"),
    ]))
    for state in states:
        report = state.report
        values = [
            in_language(state.organisation, "name"), cell_text(state.label), cell_text(state.timing), state.days_left, state.days_late,
            _local(report.first_submitted_at) if report else None, _local(report.submitted_at) if report else None,
        ]
        sheet.append(row_cells(sheet, KINDS, values))
    set_widths(sheet, [60, 24, 34, 12, 12, 18, 18])
    print_setup(sheet, HEADER_ROW)
    return to_bytes(wb)


def _local(moment):
    """The moment to the minute in the province's time, without the zone a spreadsheet cannot hold (the deadline,
    23:59:59.999999, would otherwise round to midnight of the next day)."""
    return moment.astimezone(PROVINCE_TZ).replace(tzinfo=None, second=0, microsecond=0) if moment else None
