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
