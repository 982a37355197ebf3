"""The spreadsheet toolkit every .xlsx and .csv goes through (socaid.spreadsheets), and the download every view sends."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from socaid.downloads import download
from socaid.spreadsheets import (
    AMOUNT,
    COUNT,
    DATE,
    LABEL,
    TEXT,
    as_formula,
    csv_bytes,
    csv_unescape,
    new_workbook,
    print_setup,
    row_cells,
    to_bytes,
    with_cached_results,
)

RISKY = ['=HYPERLINK("http://evil.example")', "+1-555", "-x", "@SUM(A1)", "#N/A", "=", "bell\x07 and\x1b escape"]


def reread(wb):
    return load_workbook(io.BytesIO(to_bytes(wb)))


@pytest.mark.parametrize("write_only", [False, True])
def test_text_stays_text_in_either_kind_of_workbook(write_only):
    wb, ws = new_workbook("Sheet: [1]", write_only=write_only)
    for value in RISKY:
        ws.append(row_cells(ws, [TEXT, LABEL], [value, None]))
    sheet = reread(wb).worksheets[0]
    assert sheet.title == "Sheet   1 "  # characters a sheet name may not hold are replaced
    cells = [row[0] for row in sheet.iter_rows()]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in cells] == [*RISKY[:-1], "bell and escape"]  # control characters dropped, not the file
    assert sheet.max_column == 1  # an empty text writes no cell


def test_numbers_keep_their_type_and_print_as_the_appendix_does():
    wb, ws = new_workbook("Sheet")
    moment = datetime.datetime(2025, 12, 20, 23, 59)
    ws.append(row_cells(ws, [AMOUNT, AMOUNT, AMOUNT, AMOUNT, COUNT, DATE, DATE, None], [
        Decimal("12000.000"), Decimal("12000.5"), Decimal(0), None, 1250, datetime.date(2025, 2, 5), moment, 2024,
    ]))
    cells = next(reread(wb).worksheets[0].iter_rows())
    assert [(cell.value, cell.number_format) for cell in cells[:5]] == [
        (12000, '#,##0;-#,##0;"-"'),  # no stray point: "12,000", not "12,000."
        (12000.5, '#,##0.0##;-#,##0.0##;"-"'),
        (0, '#,##0;-#,##0;"-"'),  # a known zero prints "-"
        (None, '#,##0;-#,##0;"-"'),  # unknown: empty, never 0
        (1250, "#,##0"),  # a count of zero things prints 0
    ]
    assert all(cell.data_type == "n" for cell in cells[:5])
    assert (cells[5].value, cells[5].number_format) == (datetime.datetime(2025, 2, 5), "DD/MM/YYYY")
    assert (cells[6].value, cells[6].number_format) == (moment, "DD/MM/YYYY HH:MM")
    assert (cells[7].value, cells[7].number_format) == (2024, "General")  # a year is not a count: no thousands separator


def test_formulas_carry_the_result_the_builder_gave():
    wb, ws = new_workbook("Sheet", formulas=True)
    ws.append([Decimal(2), Decimal("3.5")])
    as_formula(ws.cell(row=1, column=3), "=SUM(A1:B1)", Decimal("5.5"))
    as_formula(ws.cell(row=2, column=3), '=IF(COUNT(A2:B2),SUM(A2:B2),"")', None)
    data = with_cached_results(to_bytes(wb), {"C1": Decimal("5.5"), "C2": None})
    assert load_workbook(io.BytesIO(data))["Sheet"]["C1"].value == "=SUM(A1:B1)"
    cached = load_workbook(io.BytesIO(data), data_only=True)["Sheet"]
    assert (cached["C1"].value, cached["C1"].number_format) == (5.5, '#,##0.0##;-#,##0.0##;"-"')
    assert cached["C2"].value in (None, "")
    with pytest.raises(ValueError, match="C9"):
        with_cached_results(to_bytes(wb), {"C9": Decimal(1)})


def test_print_settings_follow_decree_30():
    wb, ws = new_workbook("Sheet")
    print_setup(ws, 4)
    sheet = reread(wb).worksheets[0]
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert (sheet.page_margins.top, sheet.page_margins.bottom, sheet.page_margins.left, sheet.page_margins.right) == (0.8, 0.8, 1.2, 0.7)
    assert sheet.print_title_rows == "$4:$4" and sheet.freeze_panes == "A5"
    # Page numbers centred at the top, none on the first page.
    assert sheet.oddHeader.center.text == "&P" and sheet.HeaderFooter.differentFirst and not sheet.firstHeader.center.text


def test_csv_text_never_runs_and_comes_back_whole():
    data = csv_bytes([["name", "amount"], *[[value, "12.000,5"] for value in RISKY], [None, 5]])
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark by which Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:5]] == [f"'{value}" for value in RISKY[:4]] and rows[5][0] == "#N/A"
    assert rows[-1] == ["", "5"]
    assert [csv_unescape(f"'{value}") for value in RISKY[:4]] == RISKY[:4]
    assert csv_unescape("'quoted on purpose") == "'quoted on purpose"  # only the apostrophe the export added goes


def test_download_names_and_types_the_file(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    stamped = download(b"x", "danh-muc", "xlsx")
    assert stamped["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert stamped["Content-Disposition"].startswith('attachment; filename="danh-muc-2') and stamped["Content-Disposition"].endswith('.xlsx"')
    text = download("a,b\n", "mau", "csv", stamped=False)
    assert (text["Content-Type"], text["Content-Disposition"]) == ("text/csv; charset=utf-8", 'attachment; filename="mau.csv"')
    assert text.content == b"\xef\xbb\xbfa,b\n"
    assert download(b"%PDF", "tong-hop", "pdf")["Content-Type"] == "application/pdf"


def test_the_admins_xlsx_import_reads_the_active_sheet_and_no_padding_the_file_declares():
    """As django-import-export's own XLSX reads it (the active sheet, its first row the headers); the size the
    sheet declares (here A1:XFD1048576) is not believed, its cells are read."""
    import zipfile

    from openpyxl import Workbook

    from socaid.spreadsheet_formats import SafeXLSX

    wb = Workbook()
    wb.active.append(["other"])
    sheet = wb.create_sheet("NGOs")
    sheet.append(["code", "name"])
    sheet.append(["mekong-green", "Mekong Green"])
    wb.active = 1
    saved, claiming = io.BytesIO(), io.BytesIO()
    wb.save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(claiming, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                assert b'<dimension ref="A1:B2" />' in data
                data = data.replace(b'<dimension ref="A1:B2" />', b'<dimension ref="A1:XFD1048576" />')
            target.writestr(info, data)
    dataset = SafeXLSX().create_dataset(claiming.getvalue())
    assert dataset.headers == ["code", "name"] and [list(row) for row in dataset] == [["mekong-green", "Mekong Green"]]
