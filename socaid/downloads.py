"""A file the portal made, sent to the browser as a download: writers return bytes, views send them with this."""
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def download(content, stem, extension, *, stamped=True):
    """``content`` as the attachment ``stem-YYYYmmdd-HHMM.extension``, or ``stem.extension`` when not ``stamped``.

    The local time in the name keeps one day's export from overwriting another's in the user's folder. Text is
    sent as UTF-8, with the byte-order mark for .csv, without which Excel reads it in the machine's code page.
    """
    if isinstance(content, str):
        content = content.encode("utf-8-sig" if extension == "csv" else "utf-8")
    name = f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}" if stamped else f"{stem}.{extension}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
