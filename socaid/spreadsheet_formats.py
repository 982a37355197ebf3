"""django-import-export's .xlsx and .csv, written through socaid.spreadsheets so that no text runs as a formula.

Here rather than in an app: the registries' exports (projects/views/imports.py) write through them, the
registries' import reads back through ``unescape``, and they know nothing of the domain. Files are read by the
import page alone (projects/imports), which checks their limits first (socaid.upload_limits).
"""
import tablib
from import_export.formats import base_formats

from socaid.spreadsheets import append_values, csv_text, csv_unescape, heading_cells, new_workbook, to_bytes


class SafeXLSX(base_formats.XLSX):
    """Every text a string cell, whatever it begins with."""

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


def unescape(dataset):
    """The dataset read from a .csv without the apostrophes its export put before text beginning like a formula."""
    clean = tablib.Dataset(headers=dataset.headers)
    for values in dataset:
        clean.append([csv_unescape(value) for value in values])
    return clean

