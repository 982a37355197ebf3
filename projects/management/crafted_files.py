"""Files made to exhaust a server that reads them naively, for benchmark_crafted_imports and the tests of the limits.

Each writer streams its file to ``target`` (a path or a binary file object) in chunks, so a workbook of 600 MB
of XML costs its writer no more memory than one of 60 KB. The workbooks are minimal but complete .xlsx files
that openpyxl opens: one sheet, and a shared-strings table where asked.
"""
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CHUNK = 1024 * 1024

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"
HEADINGS_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Code</t></is></c></row>'
SMALL_STRINGS = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}"><si><t>Name</t></si></sst>'


def write_workbook(target, sheet, *, shared_strings=None, extra=()):
    """An .xlsx whose sheet XML is the chunks of ``sheet``; ``shared_strings`` likewise (a one-string table if
    None); ``extra`` more (name, chunks) parts."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        parts = [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared_strings or [SMALL_STRINGS.encode()]), *extra]
        for name, chunks in parts:
            with archive.open(name, "w") as member:
                for chunk in chunks:
                    member.write(chunk)


def repeated(head, unit, size, tail):
    """head, then ``unit`` repeated until about ``size`` bytes, then tail, in chunks of about a megabyte."""
    block = unit * max(1, CHUNK // len(unit))
    yield head
    written = 0
    while written < size:
        piece = block[: max(len(unit), (size - written) // len(unit) * len(unit))]
        yield piece
        written += len(piece)
    yield tail


def numbered_rows(size, make_row, start=2):
    """Rows made by ``make_row(number)`` from ``start`` until about ``size`` bytes, in chunks."""
    number, written, chunk = start, 0, []
    while written < size:
        row = make_row(number)
        chunk.append(row)
        written += len(row)
        number += 1
        if len(chunk) >= 1000:
            yield b"".join(chunk)
            chunk = []
    yield b"".join(chunk)


def empty_cells(size, *, references=False):
    """A sheet of ``size`` bytes of empty cell elements: bare ``<c/>`` as in the issue's file (compressed a
    thousandfold), or each with its reference, as a spreadsheet program writes formatted blanks."""
    if not references:
        yield from repeated(SHEET_HEAD + HEADINGS_ROW, b"<row>" + b"<c/>" * 1000 + b"</row>", size, SHEET_TAIL)
        return
    yield SHEET_HEAD + HEADINGS_ROW
    columns = [_column(index) for index in range(1, 51)]
    yield from numbered_rows(size, lambda n: b'<row r="%d">' % n + b"".join(b'<c r="%s%d" s="1"/>' % (c, n) for c in columns) + b"</row>")
    yield SHEET_TAIL


def valued_rows(size, *, references=False):
    """A sheet of ``size`` bytes of rows that each hold values."""
    if not references:
        yield from repeated(SHEET_HEAD + HEADINGS_ROW, b"<row>" + b"<c><v>12345</v></c>" * 10 + b"</row>", size, SHEET_TAIL)
        return
    yield SHEET_HEAD + HEADINGS_ROW
    yield from numbered_rows(size, lambda n: b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>' % (n, n, n, n, n * 7))
    yield SHEET_TAIL


def small_sheet():
    yield SHEET_HEAD + HEADINGS_ROW + b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>' + SHEET_TAIL


def shared_strings(size, *, numbered=False):
    """A shared-strings table of about ``size`` bytes."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}">'.encode()
    if not numbered:
        yield from repeated(head, b"<si><t>Lorem ipsum dolor sit amet</t></si>", size, b"</sst>")
        return
    yield head
    yield from numbered_rows(size, lambda n: b"<si><t>Text number %d of the table</t></si>" % n, start=0)
    yield b"</sst>"


def deep_nesting(depth):
    """A sheet with an element nested ``depth`` levels deep after its cells."""
    yield SHEET_HEAD + HEADINGS_ROW + b"</sheetData>"
    yield from repeated(b"", b"<extLst>", depth * 8, b"")
    yield from repeated(b"", b"</extLst>", depth * 9, b"</worksheet>")


def zeros(size):
    """A part of ``size`` zero bytes: compressed about a thousandfold."""
    yield from repeated(b"", b"\0" * 1024, size, b"")


def lie_about_sizes(path, member, claimed):
    """Rewrites the zip at ``path`` so that its headers say ``member`` unpacks to ``claimed`` bytes (zip32 only)."""
    with open(path, "r+b") as handle:
        data = bytearray(handle.read())
        name = member.encode()
        for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
            at = data.find(signature)
            while at != -1:
                name_at = at + (46 if signature == b"PK\x01\x02" else 30)
                if data[name_at:name_at + len(name)] == name:
                    data[at + size_at:at + size_at + 4] = struct.pack("<L", claimed)
                at = data.find(signature, at + 4)
        handle.seek(0)
        handle.write(data)


def _column(index):
    letters = b""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters
