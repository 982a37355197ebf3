"""The bank's flat list as a test edits it: the exported workbook with a cell changed, and what an import could change."""
import io

from openpyxl import load_workbook

from projects.models import BudgetLine, ImportRecord, Project


PROJECT_COLUMNS = [f.name for f in Project._meta.concrete_fields if f.name not in ("id", "search_text")]
LINE_COLUMNS = [f.name for f in BudgetLine._meta.concrete_fields if f.name not in ("id",)]


def snapshot():
    """Everything an import could change, every column of projects and budget lines and their units."""
    projects = list(Project.objects.order_by("code").values_list(*PROJECT_COLUMNS))
    lines = list(BudgetLine.objects.order_by("project__code", "position").values_list(*LINE_COLUMNS))
    units = list(Project.admin_units.through.objects.order_by("project_id", "administrativeunit_id").values_list("project_id", "administrativeunit_id"))
    return projects, lines + units, ImportRecord.objects.count()


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edited(content, edit):
    """The exported workbook with ``edit(sheet, column_of)`` applied."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    column_of = {cell.value: cell.column for cell in sheet[1]}
    edit(sheet, column_of)
    return workbook_bytes(workbook)


def row_of(sheet, column_of, code):
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=column_of["Mã dự án"]).value == code:
            return row
    raise AssertionError(code)
