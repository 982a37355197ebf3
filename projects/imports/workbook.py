"""Opening an uploaded spreadsheet safely: the right kind of file, not too big, readable, with every formula's
result stored. Anything else is refused with a message the user can act on, before a row is read."""
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from projects.imports.issues import ERROR, Issue, UnreadableFile
from socaid.upload_limits import Damaged, Refused, check_workbook
from socaid.workbook_values import read_values

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted (password-protected) Office file, or an old .xls


@dataclass
class Spreadsheet:
    """A workbook's values (formulas read as their stored results) and what was found wrong while opening it."""

    workbook: object
    name: str
    issues: list = field(default_factory=list)


def read_bytes(source, name=""):
    """The file's content from a path, an uploaded file or bytes, refused when over the size limit."""
    if isinstance(source, (bytes, bytearray)):
        content = bytes(source)
    elif hasattr(source, "read"):
        if getattr(source, "size", 0) and source.size > max_bytes():
            raise UnreadableFile(_too_big(source.size))
        source.seek(0)
        content = source.read()
    else:
        with open(source, "rb") as handle:
            content = handle.read(max_bytes() + 1)
    if len(content) > max_bytes():
        raise UnreadableFile(_too_big(len(content)))
    if not content:
        raise UnreadableFile(_("The file “%(name)s” is empty.") % {"name": name})
    return content


def open_spreadsheet(source, name=""):
    """An .xlsx workbook ready to read, or UnreadableFile saying why not."""
    content = read_bytes(source, name)
    if content.startswith(OLE):
        raise UnreadableFile(
            _("“%(name)s” is password-protected or in the old .xls format. Remove the password, or save it as .xlsx, and try again.") % {"name": name}
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        if content.startswith(b"PK"):
            raise UnreadableFile(_("“%(name)s” is damaged and cannot be read as a workbook.") % {"name": name})
        raise UnreadableFile(_("“%(name)s” is not an Excel workbook (.xlsx).") % {"name": name})
    try:
        # The archive and its XML are checked as they stream, before openpyxl sees them; then one pass per sheet
        # keeps the cells that hold something, counting the rows that hold values against the row limit.
        check_workbook(content)
        values = read_values(content)
    except Refused as refusal:
        if isinstance(refusal, Damaged):
            raise UnreadableFile(_("“%(name)s” is damaged and cannot be read as a workbook.") % {"name": name}) from None
        raise UnreadableFile(refusal.message) from None
    except Exception:  # openpyxl raises many kinds of errors on a damaged archive
        raise UnreadableFile(_("“%(name)s” is damaged and cannot be read as a workbook.") % {"name": name}) from None
    sheet = Spreadsheet(values, name)
    for ws in values.worksheets:
        for row, column, formula in sorted(ws.formulas):
            if ws.value(row, column) is None:
                sheet.issues.append(
                    Issue(ERROR, _("The formula's result is not stored in the file: open it in Excel or LibreOffice, save it, and import again."),
                          sheet=ws.title, row=row, column=get_column_letter(column), value=str(formula))
                )
    return sheet


def max_bytes():
    return settings.IMPORT_MAX_MB * 1024 * 1024


def _too_big(size):
    return _("The file is %(size)s MB; an import takes at most %(limit)s MB.") % {
        "size": number_format(size / 1024 / 1024, decimal_pos=1), "limit": settings.IMPORT_MAX_MB,
    }
