"""What an uploaded file may hold once opened, checked while it is streamed, before any library builds it in memory.

An .xlsx or .docx is a zip of XML: 68 KB can unpack to 60 MB of empty cells, and openpyxl makes an object for
each. So the archive is checked first: what its parts unpack to in all, and how much more each part unpacks to
than it is compressed (counted on the bytes really decompressed, not on what the zip's headers claim). A workbook's
parts are then streamed twice in chunks: once counting on the bytes its cells (every cell element, empty or not),
all its elements and the shared-strings table, which refuses a crafted file within a second; once through expat,
whose work the first pass has bounded, for how deep the XML nests. A CSV is read row by row against its limits. Each refusal is a
``Refused`` with a message for the user; the callers turn it into their own error (UnreadableFile, a form's
ValidationError). The limits are settings (``UPLOAD_MAX_*``, ``IMPORT_MAX_*``).
"""
import csv
import io
import re
import zipfile
from xml.parsers import expat

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MB = 1024 * 1024
CHUNK = MB
# A part this small may be compressed as tightly as it likes: a page of repeated markup is harmless.
RATIO_FREE_BYTES = MB
# A cell element with its value or formula, or with an inline string, and its row: a workbook within the cell
# limit holds fewer elements.
ELEMENTS_PER_CELL = 4
# Parts that must be well-formed XML. Others (a legacy .vml drawing is often not) are counted by their tags only.
XML_PARTS = (".xml", ".rels")
CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
SHARED_STRINGS_ROOT = re.compile(rb"<(?:[\w.-]+:)?sst[\s>]")
TAG_CARRY = 4096  # a tag beginning this near a chunk's end is counted with the next chunk


class Refused(ValueError):
    """The file is refused before it is read; ``message`` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Damaged(Refused):
    """The file is not the zip or the XML it claims to be."""

    def __init__(self):
        super().__init__(_("The file is damaged and cannot be read."))


def check_office_file(content):
    """Refused unless the zip's parts unpack within the size and compression limits (a .docx, an attachment)."""
    with _archive(content) as archive:
        budget = _Budget()
        for info in _checked_infos(archive):
            for _chunk in _unzipped(archive, info, budget):
                pass


def check_workbook(content):
    """Refused unless the .xlsx is within the archive limits and its XML within the workbook limits."""
    with _archive(content) as archive:
        infos = _checked_infos(archive)
        # First by the bytes alone, at the speed of decompression: a file over a limit is refused within a second.
        budget, counts = _Budget(), _Counts()
        for info in infos:
            _count_tags(archive, info, budget, counts)
        # Then the XML through expat, whose work the first pass has bounded: well-formed, no DTD, not too deep.
        budget = _Budget()
        for info in infos:
            if info.filename.lower().endswith(XML_PARTS):
                _check_nesting(archive, info, budget)


def checked_csv_rows(text, delimiter=","):
    """The CSV's rows as lists of text, Refused at the first row, column or cell over the limits."""
    rows = []
    try:
        for values in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(rows) >= settings.IMPORT_MAX_ROWS:
                raise Refused(_too_many_rows())
            if len(values) > settings.IMPORT_MAX_COLUMNS:
                raise Refused(_too_many_columns(len(rows) + 1))
            if any(len(value) > settings.IMPORT_MAX_CELL_CHARS for value in values):
                raise Refused(_cell_too_long(len(rows) + 1))
            rows.append(values)
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own limit, above ours
            raise Refused(_cell_too_long(len(rows) + 1)) from None
        raise Refused(_("The file is not a readable CSV file.")) from None  # a stray NUL, a broken quote
    return rows


def check_size(content):
    """Refused when the uploaded bytes are over IMPORT_MAX_MB."""
    if len(content) > settings.IMPORT_MAX_MB * MB:
        raise Refused(
            _("The file is %(size)s MB; an import takes at most %(limit)s MB.")
            % {"size": number_format(len(content) / MB, decimal_pos=1), "limit": settings.IMPORT_MAX_MB}
        )


class _archive:
    """The zip, or Refused as damaged; a context manager closing it."""

    def __init__(self, content):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise Damaged() from None

    def __enter__(self):
        return self.zip

    def __exit__(self, *exc):
        self.zip.close()


class _Budget:
    """The bytes unpacked so far, against UPLOAD_MAX_UNZIPPED_MB."""

    def __init__(self):
        self.left = settings.UPLOAD_MAX_UNZIPPED_MB * MB

    def spend(self, size):
        self.left -= size
        if self.left < 0:
            raise Refused(_too_much_unzipped())


def _checked_infos(archive):
    """The archive's members, once what their headers claim is within the limits (a quick first refusal)."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if sum(info.file_size for info in infos) > settings.UPLOAD_MAX_UNZIPPED_MB * MB:
        raise Refused(_too_much_unzipped())
    for info in infos:
        if info.file_size > max(RATIO_FREE_BYTES, settings.UPLOAD_MAX_COMPRESSION_RATIO * info.compress_size):
            raise Refused(_too_compressed(info.file_size, info.compress_size))
    return infos


def _unzipped(archive, info, budget):
    """The member's bytes in chunks, counting what is really decompressed whatever its header says."""
    most = max(RATIO_FREE_BYTES, settings.UPLOAD_MAX_COMPRESSION_RATIO * info.compress_size)
    unpacked = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                unpacked += len(chunk)
                budget.spend(len(chunk))
                if unpacked > most:
                    raise Refused(_too_compressed(unpacked, info.compress_size))
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as error:
        if isinstance(error, Refused):
            raise
        # A wrong checksum or size, an encrypted member, an unknown compression method.
        raise Damaged() from None


class _Counts:
    """Elements and cells in the whole workbook so far, counted on the bytes: in XML every "<" opens markup
    (text writes it "&lt;"), and a cell element is "<c" followed by a space, "/" or ">", with any prefix."""

    def __init__(self):
        self.cells = 0
        self.elements = 0

    def add(self, markup):
        self.cells += len(CELL_TAG.findall(markup))
        if self.cells > settings.IMPORT_MAX_CELLS:
            raise Refused(_too_many_cells())
        self.elements += markup.count(b"<") - markup.count(b"</") - markup.count(b"<?") - markup.count(b"<!")
        if self.elements > ELEMENTS_PER_CELL * settings.IMPORT_MAX_CELLS:
            raise Refused(_too_many_cells())


def _count_tags(archive, info, budget, counts):
    """Counts one part's elements and cells, and the shared-strings table's bytes, cutting chunks before a "<"."""
    carry, strings_left = b"", None
    for chunk in _unzipped(archive, info, budget):
        if strings_left is None and not carry and SHARED_STRINGS_ROOT.search(chunk[:4096]):
            strings_left = settings.IMPORT_MAX_SHARED_STRINGS_MB * MB
        if strings_left is not None:
            strings_left -= len(chunk)
            if strings_left < 0:
                raise Refused(_too_many_strings())
        markup = carry + chunk
        cut = markup.rfind(b"<")
        if cut < 0 or len(markup) - cut > TAG_CARRY:
            cut = len(markup)  # no tag begins near the end: nothing to carry over
        counts.add(markup[:cut])
        carry = markup[cut:]
    counts.add(carry)


def _check_nesting(archive, info, budget):
    """Streams one XML part through expat: well-formed, without a DTD, no deeper than IMPORT_MAX_XML_DEPTH."""
    parser = expat.ParserCreate()
    depth = 0
    max_depth = settings.IMPORT_MAX_XML_DEPTH

    def start(_name, _attributes):
        nonlocal depth
        depth += 1
        if depth > max_depth:
            raise Refused(_too_deep())

    def end(_name):
        nonlocal depth
        depth -= 1

    def no_doctype(*_args):
        # No Office part declares a DTD; one that does may define entities that expand a thousandfold.
        raise Damaged()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    try:
        for chunk in _unzipped(archive, info, budget):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise Damaged() from None


def _too_much_unzipped():
    return _("The file unpacks to more than %(limit)s MB; a file may unpack to at most %(limit)s MB.") % {
        "limit": settings.UPLOAD_MAX_UNZIPPED_MB
    }


def _too_compressed(size, compressed):
    return _(
        "The file is compressed far more tightly than a real document (a part unpacks to %(ratio)s times its size, "
        "at most %(limit)s is accepted); it was not opened."
    ) % {"ratio": number_format(size // max(compressed, 1), force_grouping=True), "limit": settings.UPLOAD_MAX_COMPRESSION_RATIO}


def _too_many_cells():
    return _(
        "The workbook holds more than %(limit)s cells, empty and formatted ones included; an import reads at most "
        "%(limit)s. Delete the rows and columns outside the table, save, and try again."
    ) % {"limit": number_format(settings.IMPORT_MAX_CELLS, force_grouping=True)}


def _too_many_strings():
    return _("The workbook's table of texts is larger than %(limit)s MB; an import reads at most %(limit)s MB.") % {
        "limit": settings.IMPORT_MAX_SHARED_STRINGS_MB
    }


def _too_deep():
    return _("The file nests its content more than %(limit)s levels deep, which no spreadsheet does; it was not read.") % {
        "limit": settings.IMPORT_MAX_XML_DEPTH
    }


def _too_many_rows():
    return _("The file has more than %(limit)s rows; an import takes at most %(limit)s.") % {
        "limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)
    }


def _too_many_columns(row):
    return _("Row %(row)s has more than %(limit)s columns; an import takes at most %(limit)s.") % {
        "row": row, "limit": settings.IMPORT_MAX_COLUMNS
    }


def _cell_too_long(row):
    return _("Row %(row)s has a cell longer than %(limit)s characters; an import takes at most %(limit)s.") % {
        "row": row, "limit": number_format(settings.IMPORT_MAX_CELL_CHARS, force_grouping=True)
    }
