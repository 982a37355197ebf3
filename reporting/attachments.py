"""Which files an annual report accepts: PDF, Word, Excel and pictures, checked by their content and not only their name.

A renamed executable or a password-protected Office file (which is not a zip
archive) is refused with a message the officer can act on.
"""
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from socaid.upload_limits import Refused, check_office_file

OFFICE = ("docx", "xlsx")
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


def _zip_member(upload, member):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    finally:
        upload.seek(0)


def _starts_with(upload, signature):
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    return head == signature


KINDS = {
    "pdf": ("application/pdf", lambda f: _starts_with(f, b"%PDF-")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", lambda f: _zip_member(f, "word/document.xml")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda f: _zip_member(f, "xl/workbook.xml")),
    "png": ("image/png", lambda f: _starts_with(f, PNG)),
    "jpg": ("image/jpeg", lambda f: _starts_with(f, JPEG)),
    "jpeg": ("image/jpeg", lambda f: _starts_with(f, JPEG)),
}


def max_bytes():
    return settings.REPORT_ATTACHMENT_MAX_MB * 1024 * 1024


def checked_kind(upload):
    """The content type of an acceptable upload; ValidationError saying what is wrong otherwise."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ValidationError(
            _("“%(name)s” cannot be attached: only PDF, Word (.docx), Excel (.xlsx) and pictures (.png, .jpg) are accepted.") % {"name": name},
            code="type",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB per file.")
            % {"name": name, "size": number_format(upload.size / 1024 / 1024, decimal_pos=1), "limit": settings.REPORT_ATTACHMENT_MAX_MB},
            code="size",
        )
    content_type, looks_right = KINDS[extension]
    if not looks_right(upload):
        raise ValidationError(
            _("“%(name)s” is not a readable %(kind)s file (damaged, password-protected, or renamed from another type).")
            % {"name": name, "kind": extension.upper()},
            code="content",
        )
    if extension in OFFICE:
        _check_unzipped(upload, name)
    return content_type


def _check_unzipped(upload, name):
    """An Office file is a zip: one that unpacks to far more than it weighs is refused before anyone opens it."""
    upload.seek(0)
    try:
        check_office_file(upload.read())
    except Refused as refusal:
        raise ValidationError(
            _("“%(name)s” cannot be attached. %(reason)s") % {"name": name, "reason": refusal.message}, code="unzipped"
        ) from None
    finally:
        upload.seek(0)
