"""How many rows an uploaded file holds, told before it is planned: reading a file is quick, checking its rows
against the bank is not, and a large one is planned by a job (projects/import_jobs.py)."""
from projects.imports.flat import read_table
from projects.imports.workbook import open_spreadsheet


def count_rows(content, name):
    """The rows holding a value, over every sheet of a workbook; UnreadableFile when the file cannot be read."""
    if content[:2] == b"PK":
        return sum(len({row for row, _column in sheet.cells}) for sheet in open_spreadsheet(content, name).workbook.worksheets)
    _sheet, rows, _issues = read_table(content, name)
    return sum(1 for _number, values in rows if any(value not in (None, "") for value in values))
