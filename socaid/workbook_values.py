"""An .xlsx workbook's values, read in one streaming pass per sheet, keeping only the cells that hold something.

openpyxl's full load makes an object for every cell element, empty ones included, and its read-only sheets pad
every row to the width the file declares (a 1 KB file can declare a million rows by sixteen thousand columns).
Here each sheet's XML is parsed once by openpyxl's own sheet parser (so values, dates and shared strings read as
openpyxl reads them) into a dict of the cells that hold a value or a formula, with the merged ranges; what lies
outside the table's real extent is never made. Call ``socaid.upload_limits.check_workbook`` first: it bounds what
this pass reads.
"""
import io

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import SHEET_MAIN_NS

from socaid.upload_limits import Refused


class SheetValues:
    """One sheet's values; ``iter_rows`` and ``merged_cells.ranges`` read like an openpyxl worksheet's."""

    def __init__(self, title, cells, formulas, merged):
        self.title = title
        self.cells = cells  # {(row, column): value}, only cells holding a value
        self.formulas = formulas  # [(row, column, formula)] of every formula cell, its stored result in cells
        self.max_row = max((row for row, _column in cells), default=0)
        self.max_column = max((column for _row, column in cells), default=0)
        self.merged_cells = _Merged(merged)

    def value(self, row, column):
        return self.cells.get((row, column))

    def iter_rows(self, values_only=True):
        width = range(1, self.max_column + 1)
        for row in range(1, self.max_row + 1):
            yield tuple(self.cells.get((row, column)) for column in width)


class _Merged:
    def __init__(self, ranges):
        self.ranges = ranges


class WorkbookValues:
    """The sheets in the workbook's order, and the one it opens on."""

    def __init__(self, worksheets, active_index):
        self.worksheets = worksheets
        self.active = worksheets[active_index] if 0 <= active_index < len(worksheets) else (worksheets[0] if worksheets else None)

    def __getitem__(self, title):
        return next(ws for ws in self.worksheets if title == title)


def read_values(content):
    """The workbook's values (formulas as their stored results, and listed apart), Refused as soon as a sheet has
    more rows holding values than IMPORT_MAX_ROWS, or when its table spans more cells than IMPORT_MAX_CELLS.
    openpyxl's errors on a damaged file pass through."""
    # openpyxl's own reader for the package, its strings and styles (dates are numbers with a date format), but
    # not load_workbook: its read-only sheets parse a whole sheet on opening to find its size when the file
    # declares none, and its full load makes an object per cell.
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        book, sheets, active = reader.wb, [], None
        for index, (sheet, rel) in enumerate(reader.parser.find_sheets()):
            if rel.target not in reader.valid_files or "chartsheet" in rel.Type:
                continue
            if index == book._active_sheet_index:
                active = len(sheets)
            with reader.archive.open(rel.target) as source:
                sheets.append(_sheet(book, sheet.name, source, reader.shared_strings))
        return WorkbookValues(sheets, active or 0)  # a chart sheet may be the active one: the first stands in
    finally:
        reader.archive.close()


INLINE = f"{{{SHEET_MAIN_NS}}}is"
TEXT = f"{{{SHEET_MAIN_NS}}}t"
RUN = f"{{{SHEET_MAIN_NS}}}r"


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser reading stored results, which also notes each cell's formula and reads an inline
    string's text directly (openpyxl builds a rich-text object for each, most of the time a workbook takes)."""

    def parse_cell(self, element):
        if element.get("t") == "inlineStr" and element.find(FORMULA_TAG) is None:
            return self._inline(element)
        cell = super().parse_cell(element)
        if element.find(FORMULA_TAG) is not None:
            cell["formula"] = self.parse_formula(element)
        return cell

    def _inline(self, element):
        """What openpyxl's Text.content gives: the plain text, then each run's, phonetic guides left out."""
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        text = element.find(INLINE)
        value = None
        if text is not None:
            value = (text.findtext(TEXT) or "") + "".join(run.findtext(TEXT) or "" for run in text.iterfind(RUN))
        return {"row": row, "column": column, "value": value, "data_type": "s" if text is not None else "inlineStr", "style_id": 0}


def _sheet(book, title, source, shared_strings):
    limit = settings.IMPORT_MAX_CELLS
    cells, formulas = {}, []
    parser = _Parser(source, shared_strings, data_only=True, epoch=book.epoch,
                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    rows = 0
    for _index, row in parser.parse():
        if any(cell["value"] is not None for cell in row):
            rows += 1  # formatted blank rows are not counted; the cell limit has bounded them
            if rows > settings.IMPORT_MAX_ROWS:
                raise Refused(_too_many_rows(title))
        for cell in row:
            if "formula" in cell:
                formulas.append((cell["row"], cell["column"], cell["formula"]))
            if cell["value"] is not None:
                cells[cell["row"], cell["column"]] = cell["value"]
    merged = [CellRange(merge.ref) for merge in (parser.merged_cells.mergeCell if parser.merged_cells else [])]
    sheet = SheetValues(title, cells, formulas, [])
    if sheet.max_row * sheet.max_column > limit:
        raise Refused(_spans_too_much(title, sheet.max_row, sheet.max_column))
    # Merged ranges are cut to the table's extent, and together cover no more than it could (Excel never overlaps
    # them); a merged range hides the values of all but its first cell, as Excel and openpyxl show it.
    kept, area = [], 0
    for merged_range in merged:
        top, left = merged_range.min_row, merged_range.min_col
        if top > sheet.max_row or left > sheet.max_column:
            continue
        bottom, right = min(merged_range.max_row, sheet.max_row), min(merged_range.max_col, sheet.max_column)
        area += (bottom - top + 1) * (right - left + 1)
        if area > limit:
            raise Refused(_spans_too_much(title, sheet.max_row, sheet.max_column))
        kept.append(merged_range)
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left):
                    cells.pop((row, column), None)
    sheet.merged_cells = _Merged(kept)
    return sheet


def _too_many_rows(title):
    return _("Sheet “%(sheet)s” has more than %(limit)s rows; an import takes at most %(limit)s.") % {
        "sheet": title, "limit": settings.IMPORT_MAX_ROWS
    }


def _spans_too_much(title, rows, columns):
    return _(
        "Sheet “%(sheet)s” spans %(rows)s rows and %(columns)s columns, more than the %(limit)s cells an import reads. "
        "Delete what lies outside the table, save, and try again."
    ) % {
        "sheet": title, "rows": number_format(rows, force_grouping=True), "columns": number_format(columns, force_grouping=True),
        "limit": number_format(settings.IMPORT_MAX_CELLS, force_grouping=True),
    }
