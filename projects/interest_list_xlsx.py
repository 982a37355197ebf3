"""The expressions of interest as the coordinator filtered them, one row each, to follow up outside the portal."""
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from projects.models import Interest
from socaid.bilingual import in_language
from socaid.spreadsheets import DATE, TEXT, append_fitted, fitted_width, heading_cells, new_workbook, print_setup, row_cells, set_widths, to_bytes

KINDS = [DATE, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT]
WIDTHS = [14, 24, 10, 18, 22, 18, 12, 28, 22, 30, 12, 24, 20]
HEADER_ROW = 1


def interest_list_xlsx(interests) -> bytes:
    """Written row by row (write-only), whatever the number of rows."""
    wb, sheet = new_workbook(_("Expressions of interest"), write_only=True)
    headings = [
        _("Received at"), _("Organisation"), _("Country"), _("Contact person"), _("E-mail"), _("Support considered"), _("Project code"),
        _("Project name"), _("Programme"), _("Message"), _("State"), _("Coordinator's note"), _("NGO in the registry"),
    ]
    widths = [fitted_width(width, heading) for width, heading in zip(WIDTHS, headings)]
    set_widths(sheet, widths)
    print_setup(sheet, HEADER_ROW)
    append_fitted(sheet, heading_cells(sheet, headings), HEADER_ROW, widths)
    support = dict(Interest.Support.choices)
    for row, interest in enumerate(interests.iterator(chunk_size=2000), start=HEADER_ROW + 1):
        project = interest.project
        values = [
            timezone.localtime(interest.received_at).replace(tzinfo=None), interest.organisation_name, interest.country.name,
            interest.contact_name, interest.email, "; ".join(str(support.get(kind, kind)) for kind in interest.support), project.code,
            in_language(project, "name"), project.programme.number, interest.message, capfirst(interest.get_state_display()),
            interest.state_note, str(interest.ngo) if interest.ngo else "",
        ]
        append_fitted(sheet, row_cells(sheet, KINDS, values, aligned=True), row, widths)
    return to_bytes(wb)
