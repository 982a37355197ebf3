"""django-import-export's .xlsx and .csv, made safe to open: text that a spreadsheet would run as a formula
stays text (a string cell in .xlsx, a leading apostrophe in .csv, removed again on import)."""
import io

from import_export.formats import base_formats
from openpyxl import Workbook

RISKY = ("=", "+", "-", "@", "\t", "\r")


def append_as_text(sheet, dataset):
    """The dataset's rows below the sheet's header, every text a string cell: never a formula, whatever it begins with."""
    for values in dataset:
        sheet.append(list(values))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(list(dataset.headers or []))
        append_as_text(sheet, dataset)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        import tablib

        escaped = tablib.Dataset(headers=dataset.headers)
        for values in dataset:
            escaped.append([f"'{value}" if isinstance(value, str) and value.startswith(RISKY) else value for value in values])
        return super().export_data(escaped, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        return unescape(dataset)


def unescape_value(value):
    """A cell without the apostrophe the export put before text beginning like a formula."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in RISKY:
        return value[1:]
    return value


def unescape(dataset):
    import tablib

    clean = tablib.Dataset(headers=dataset.headers)
    for values in dataset:
        clean.append([unescape_value(value) for value in values])
    return clean


SAFE_FORMATS = [SafeCSV, SafeXLSX]
