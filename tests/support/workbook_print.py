"""How a spreadsheet program prints a sheet set up by socaid.spreadsheets.print_setup: its scale and its page numbers."""
from openpyxl.utils import get_column_letter

A4_LANDSCAPE_WIDTH = 11.69  # inches
DEFAULT_WIDTH = 8.43  # characters: a column without a width of its own


def column_pixels(width):
    """A column of ``width`` characters on screen at 96 dpi, as Excel draws it: 7 pixels a character of the default
    font (Calibri 11), plus 5 of padding."""
    return int(width * 7 + 5)


def fit_to_width_scale(ws, columns):
    """The scale a sheet fitted one page wide prints at: the printable width over the width of its ``columns``
    first columns, never above 100 %."""
    printable = (A4_LANDSCAPE_WIDTH - ws.page_margins.left - ws.page_margins.right) * 96
    table = sum(column_pixels(ws.column_dimensions[get_column_letter(i)].width or DEFAULT_WIDTH) for i in range(1, columns + 1))
    return min(1.0, printable / table)


def page_number_header(ws):
    """(first page's header, other pages' header, footer) as the sheet's XML writes them."""
    headers = ws.HeaderFooter
    return (headers.firstHeader.center.text, headers.oddHeader.center.text, headers.oddFooter.center.text, headers.differentFirst)


def look(cell):
    """What a user sees of a cell: its value as stored, its type, number format, font, borders, alignment, shading."""
    font, border, alignment = cell.font, cell.border, cell.alignment
    return (
        cell.value, cell.data_type, cell.number_format,
        (font.name, font.size, font.bold, font.italic, font.underline),
        tuple(side.style if side else None for side in (border.left, border.right, border.top, border.bottom)),
        (alignment.horizontal, alignment.vertical, alignment.wrap_text),
        (cell.fill.fill_type, cell.fill.fgColor.rgb),
    )


def everything_of(ws):
    """Everything of a sheet a user sees or prints: every cell's look, the merged ranges, the rows' heights, the
    columns' widths, the frozen panes, the print titles and the page setup."""
    return {
        "cells": {cell.coordinate: look(cell) for row in ws.iter_rows() for cell in row},
        "merged": sorted(str(cells) for cells in ws.merged_cells.ranges),
        "heights": {row: dimension.height for row, dimension in ws.row_dimensions.items() if dimension.height},
        "widths": {letter: dimension.width for letter, dimension in ws.column_dimensions.items()},
        "panes": ws.freeze_panes,
        "titles": ws.print_title_rows,
        "page": (ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
                 ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_margins.left, ws.page_margins.top, ws.oddHeader.center.text),
        "size": (ws.max_row, ws.max_column),
    }
