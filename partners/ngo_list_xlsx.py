"""The NGO registry as the reader filtered it, as a spreadsheet: a row per NGO with its latest certificate."""
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partners.ngo_forms import CERTIFICATE_STATES
from socaid.spreadsheets import CENTRED, DATE, LABEL, TEXT, append_fitted, fitted_width, heading_cells, new_workbook, print_setup, row_cells, set_widths, to_bytes

KINDS = [TEXT, TEXT, TEXT, LABEL, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, DATE, DATE, TEXT]
WIDTHS = [30, 26, 26, 10, 14, 16, 18, 24, 24, 28, 18, 11, 11, 16]
HEADER_ROW = 1


def ngo_list_xlsx(ngos) -> bytes:
    """``ngos`` as NGO.objects.with_registry() reads them, each with its ``certificate_state``, in the order given."""
    wb, sheet = new_workbook(_("Foreign NGO registry"), write_only=True)
    headings = [
        _("Name in the original language"), _("Name in English"), _("Name in Vietnamese"), _("Country"), _("Type"),
        _("Relationship"), _("Fields of work"), _("Areas of interest"), _("Contact"), _("Latest certificate"),
        _("Issuing authority"), _("Date of issue"), _("Expires on"), _("Certificate"),
    ]
    widths = [fitted_width(width, heading) for width, heading in zip(WIDTHS, headings)]
    set_widths(sheet, widths)
    print_setup(sheet, HEADER_ROW)
    append_fitted(sheet, heading_cells(sheet, headings, CENTRED), HEADER_ROW, widths)
    for row, ngo in enumerate(ngos, start=HEADER_ROW + 1):
        registrations = sorted(ngo.registrations.all(), key=lambda r: r.expires_on)
        latest = registrations[-1] if registrations else None
        contacts = list(ngo.contacts.all())
        values = [
            ngo.name_original, ngo.name_en, ngo.name, ngo.country.code or "", capfirst(ngo.get_kind_display()),
            capfirst(ngo.get_relationship_display()), "; ".join(str(f) for f in ngo.fields.all()),
            "; ".join(str(a) for a in ngo.areas.all()),
            "; ".join(f"{c.name} ({c.get_office_display()}) {c.email}".strip() for c in contacts),
            str(latest) if latest else "", latest.issuer if latest else "", latest.issued_on if latest else None,
            latest.expires_on if latest else None, capfirst(CERTIFICATE_STATES[ngo.certificate_state]),
        ]
        append_fitted(sheet, row_cells(sheet, KINDS, values, aligned=True), row, widths)
    return to_bytes(wb)
