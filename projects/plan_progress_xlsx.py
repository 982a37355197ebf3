"""The plan's grid as the user filtered it, one row per task and year, with the text the user may read."""
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socaid.bilingual import printed_text
from socaid.spreadsheets import COUNT, DATE, LABEL, TEXT, append_fitted, fitted_width, heading_cells, new_workbook, print_setup, row_cells, set_widths, to_bytes

KINDS = [LABEL, TEXT, TEXT, COUNT, TEXT, TEXT, TEXT, TEXT, TEXT, DATE, TEXT]
WIDTHS = [6, 40, 24, 8, 16, 24, 40, 30, 30, 16, 30]
HEADER_ROW = 1


def plan_progress_xlsx(rows, rules, leads) -> bytes:
    wb, sheet = new_workbook(_("Plan's tasks by year"), write_only=True)
    headings = [
        _("No."), _("Task"), _("Lead unit today"), _("Year"), _("State"), _("Reporting unit"), _("What was done"),
        _("Difficulties and proposals"), _("Plan for the next year"), _("Recorded at"), _("Coordinator's note"),
    ]
    widths = [fitted_width(width, heading) for width, heading in zip(WIDTHS, headings)]
    set_widths(sheet, widths)
    print_setup(sheet, HEADER_ROW)
    append_fitted(sheet, heading_cells(sheet, headings), HEADER_ROW, widths)
    number = HEADER_ROW
    for row in rows:
        task = row.task
        for year, progress in row.cells:
            readable = progress is not None and rules.can_read_progress(progress, task, leads)
            values = [
                task.position, printed_text(task, "content", get_language()), row.answering.printed_name(), year,
                capfirst(progress.get_state_display()) if progress else _("not recorded yet"),
                progress.organisation.printed_name() if readable else "",
                *((progress.done, progress.difficulties, progress.next_year) if readable else ("", "", "")),
                timezone.localtime(progress.recorded_at).replace(tzinfo=None) if readable else None,
                progress.review_note if readable else "",
            ]
            number += 1
            append_fitted(sheet, row_cells(sheet, KINDS, values, aligned=True), number, widths)
    return to_bytes(wb)
