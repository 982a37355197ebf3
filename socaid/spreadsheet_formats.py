"""django-import-export's .xlsx and .csv, written through socaid.spreadsheets so that no text runs as a formula.

Here rather than in an app: the registry's admin lists (projects/admin.py) and the project bank's import page
offer them, and they know nothing of the domain.
"""
import tablib
from django.conf import settings
from import_export.formats import base_formats

from socaid.spreadsheets import append_values, csv_text, csv_unescape, heading_cells, new_workbook, to_bytes
from socaid.upload_limits import check_size, check_workbook, checked_csv_rows
from socaid.workbook_values import read_values


class SafeXLSX(base_formats.XLSX):
    """Every text a string cell, whatever it begins with. Reading checks the file's limits (socaid.upload_limits)
    before openpyxl sees it, and never pads rows to the size the file declares."""

    def create_dataset(self, in_stream):
        """The active sheet, its first row the headers (as django-import-export's own XLSX reads it)."""
        content = bytes(in_stream)
        check_size(content)
        check_workbook(content)
        sheet = read_values(content).active
        dataset = tablib.Dataset()
        rows = sheet.iter_rows() if sheet is not None else iter(())
        headers = next(rows, None)
        if headers is None:
            return dataset
        dataset.headers = list(headers)
        ignore_blanks = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
        for values in rows:
            if not (ignore_blanks and all(value is None for value in values)):
                dataset.append(list(values))
        return dataset

    def export_data(self, dataset, **kwargs):
        wb, ws = new_workbook(dataset.title or "Sheet")
        ws.append(heading_cells(ws, dataset.headers or []))
        append_values(ws, dataset)
        return to_bytes(wb)


class SafeCSV(base_formats.CSV):
    """Text beginning like a formula gets a leading apostrophe, which reading the file takes off again."""

    def export_data(self, dataset, **kwargs):
        escaped = tablib.Dataset(headers=dataset.headers)
        for values in dataset:
            escaped.append([csv_text(value) if isinstance(value, str) else value for value in values])
        return super().export_data(escaped, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        text = in_stream.decode(self.encoding or "utf-8") if isinstance(in_stream, bytes) else in_stream
        check_size(text.encode())
        checked_csv_rows(text)  # refuses before tablib holds every row
        return unescape(super().create_dataset(in_stream, **kwargs))


def unescape(dataset):
    """The dataset read from a .csv without the apostrophes its export put before text beginning like a formula."""
    clean = tablib.Dataset(headers=dataset.headers)
    for values in dataset:
        clean.append([csv_unescape(value) for value in values])
    return clean


SAFE_FORMATS = [SafeCSV, SafeXLSX]
