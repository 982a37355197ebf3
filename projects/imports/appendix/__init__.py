"""A workbook laid out like the programme's appendix, read into plain data.

The appendix ("Danh mục dự án đề xuất vận động viện trợ…") is a table under a few
title lines: a header (one or two rows, the amounts grouped under "Kinh phí
(triệu đồng)"), then sector rows with their stated subtotals, each followed by its
numbered projects and their budget lines, and a "Tổng cộng" row with the grand total.

``parse_appendix`` reads such a sheet, whether socaid wrote it or a province
typed it, and says what does not add up. It writes nothing and matches nothing
to the database: the importer (projects.imports.appendix_plan) does that with
what it returns. The modules of this package, in reading order: vocabulary (the
words of headers and totals, the numbering), grid (a sheet's cells, merged ranges
spread), header (where the table starts, which column is which), parser (the rows),
parsed (what the parser returns), reconcile (stated figures against the rows).
"""
from django.utils.translation import gettext as _

from projects.appendix_layout import column_label
from projects.imports.appendix.grid import Grid
from projects.imports.appendix.header import read_header
from projects.imports.appendix.parsed import ParsedAppendix, ParsedLine, ParsedProject, ParsedSector
from projects.imports.appendix.parser import Parser
from projects.imports.appendix.reconcile import Difference, reconcile
from projects.imports.issues import ERROR, Issue

__all__ = ["Difference", "ParsedAppendix", "ParsedLine", "ParsedProject", "ParsedSector", "parse_appendix", "reconcile"]


def parse_appendix(spreadsheet) -> ParsedAppendix:
    """The appendix found in ``spreadsheet`` (see projects.imports.workbook.open_spreadsheet) as plain data.

    The sheet is the first, in the workbook's order, with a header row holding
    a number column and a project-name column. What is wrong is in ``issues``
    (an error stops an import); what does not add up is in ``differences``.
    The issues found while opening the file (``spreadsheet.issues``) are not
    repeated here.
    """
    workbook = spreadsheet.workbook
    looked_at, found_data = [], False
    for ws in workbook.worksheets:
        grid = Grid(ws)
        if all(grid.is_empty_row(row) for row in range(1, grid.height + 1)):
            continue
        found_data = True
        looked_at.append(ws.title)
        header = read_header(ws, grid)
        if header is None:
            continue
        if header.missing:
            result = ParsedAppendix(sheet=ws.title, language=header.language, header_rows=header.rows, columns=header.columns)
            result.issues.append(
                Issue(
                    ERROR,
                    _("The header has no column for: %(columns)s.") % {"columns": ", ".join(column_label(role) for role in header.missing)},
                    sheet=ws.title,
                    row=header.rows[0],
                )
            )
            return result
        return Parser(ws, grid, header).parse()
    if not found_data:
        message = _("The workbook is empty: none of its sheets holds anything to import.")
    else:
        message = _(
            "No sheet is laid out like the appendix: none has a header row with a number column (STT) and a project name "
            "column (Tên dự án). Sheets looked at: %(sheets)s."
        ) % {"sheets": ", ".join(f"“{title}”" for title in looked_at)}
    return ParsedAppendix(issues=[Issue(ERROR, message)])
