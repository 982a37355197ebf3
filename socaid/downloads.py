"""A file the portal made, sent to the browser as a download: writers return bytes, views send them with this; and a
file kept in the storage (an attachment, a job's file), sent once the view has checked who may read it."""
import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}

# Each downloaded file's name in both languages: whoever reads English, an NGO's staff among them, gets an English name.
FILE_NAMES = {
    "bank": {"vi": "ngan-hang-du-an", "en": "project-bank"},
    "bank-flat": {"vi": "ngan-hang-du-an-phang", "en": "project-bank-flat"},
    "bank-template": {"vi": "mau-nhap-ngan-hang-du-an", "en": "project-bank-import-template"},
    "ngos": {"vi": "danh-ba-to-chuc-pcpnn", "en": "foreign-ngo-registry"},
    "ngo-list": {"vi": "danh-sach-to-chuc-pcpnn", "en": "foreign-ngo-list"},
    "ngo-certificates": {"vi": "giay-dang-ky-to-chuc-pcpnn", "en": "foreign-ngo-certificates"},
    "organisations": {"vi": "co-quan-to-chuc", "en": "agencies-and-organisations"},
    "units": {"vi": "don-vi-hanh-chinh", "en": "administrative-units"},
    "successions": {"vi": "ke-thua-don-vi-hanh-chinh", "en": "administrative-unit-successions"},
    "round": {"vi": "dot-bao-cao", "en": "reporting-round"},
    "appendix": {"vi": "danh-muc-du-an", "en": "list-of-proposed-projects"},
    "plan": {"vi": "ke-hoach-thuc-hien", "en": "implementation-plan"},
    "plan-progress": {"vi": "tien-do-nhiem-vu", "en": "plan-task-progress"},
    "summary-period": {"vi": "tong-hop-giai-doan", "en": "summary-period"},
    "summary-year": {"vi": "tong-hop-nam", "en": "summary-year"},
    "interests": {"vi": "bay-to-quan-tam", "en": "expressions-of-interest"},
    "dashboard": {"vi": "bang-theo-doi", "en": "dashboard"},
    "workshop-pack": {"vi": "tai-lieu-hoi-thao", "en": "workshop-pack"},
}


def file_stem(kind, *parts, language=None):
    """The name of a ``kind`` of file in ``language`` (the reader's by default), followed by ``parts`` (a year, a code)."""
    names = FILE_NAMES[kind]
    return "-".join([names["en" if (language or get_language()) == "en" else "vi"], *(str(part) for part in parts)])


def download(content, stem, extension, *, stamped=True):
    """``content`` as the attachment ``stem-YYYYmmdd-HHMM.extension``, or ``stem.extension`` when not ``stamped``.

    The local time in the name keeps one day's export from overwriting another's in the user's folder. Text is
    sent as UTF-8, with the byte-order mark for .csv, without which Excel reads it in the machine's code page.
    """
    name = stamped_name(stem, extension) if stamped else f"{stem}.{extension}"
    response = HttpResponse(as_bytes(content, extension), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def protected_file(name_in_storage, download_name, content_type=None):
    """The stored file ``name_in_storage`` as the attachment ``download_name``, for a view that has checked access.

    With PROTECTED_MEDIA_REDIRECT set, the proxy sends it: the answer is empty and names the file under that internal
    prefix in X-Accel-Redirect (nginx keeps this answer's type and disposition), so that no application worker is
    held while a slow connection reads a large file, and the media folder itself is never served. Without it, the
    portal streams the file from the storage as before.
    """
    content_type = content_type or mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    prefix = settings.PROTECTED_MEDIA_REDIRECT
    if not prefix:
        try:
            handle = default_storage.open(name_in_storage, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=download_name, content_type=content_type)
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix + quote(name_in_storage)
    response["Content-Disposition"] = content_disposition_header(True, download_name)
    return response


def stamped_name(stem, extension):
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def as_bytes(content, extension):
    """A writer's text or bytes as the file's bytes (a background job keeps bytes too)."""
    if isinstance(content, str):
        return content.encode("utf-8-sig" if extension == "csv" else "utf-8")
    return content
