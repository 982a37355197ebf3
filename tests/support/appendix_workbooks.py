"""Workbooks laid out like the programme's appendix, as a province types them rather than as socaid writes them."""
import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook

from projects.models import Project, Sector

HEADER = [
    "STT",
    "Tên dự án",
    "Chủ khoản viện trợ",
    "Địa điểm thực hiện dự án",
    "Thời gian thực hiện",
    "Nội dung dự án",
    "Tổng vốn dự án",
    "Vốn vận động viện trợ",
    "Vốn đối ứng từ nguồn khác",
    "Ghi chú",
]
AMOUNT_GROUP = "Kinh phí (triệu đồng)"
NUMBER, NAME, AGENCY, LOCATION, PERIOD, CONTENT, TOTAL, AID, COUNTERPART, NOTES = range(1, 11)
AGENCY_MERGED = ("I", 4, 5)  # projects I.4 and I.5 share one agency cell merged down over both rows
NAME_ON_TWO_LINES = ("I", 3)
PERIODS = {("I", 2): "2020 - 2025", ("II", 2): "2021 – 2025", ("III", 1): "Giai đoạn 2021-2025"}
NUMBER_CELLS = {("I", 1): 1, ("I", 2): "2.", ("I", 3): "03"}  # a number, "2." and "03" mean projects 2 and 3


def vi_amount(value, *, zero=""):
    """12000 -> '12.000' as the source prints it; a zero as the source prints it (blank in a project row, '-' in a subtotal)."""
    if value is None:
        return None
    value = Decimal(value)
    if value == 0:
        return zero
    whole, _, fraction = f"{value.normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def workbook_bytes(wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _two_level_header(ws, row):
    """STT … Nội dung merged down over two rows; "Kinh phí (triệu đồng)" merged over the three amounts; Ghi chú merged down."""
    for column, text in enumerate(HEADER, start=1):
        if column in (TOTAL, AID, COUNTERPART):
            ws.cell(row=row + 1, column=column, value=text)
        else:
            ws.cell(row=row, column=column, value=text)
            ws.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
    ws.cell(row=row, column=TOTAL, value=AMOUNT_GROUP)
    ws.merge_cells(start_row=row, start_column=TOTAL, end_row=row, end_column=COUNTERPART)


@dataclass
class ProvinceFile:
    """The workbook and where its rows stand, for the assertions."""

    content: bytes
    sheet: str
    rows: dict = field(default_factory=dict)  # ("II", 6) -> row; ("II", None) -> the sector's row; "total" -> row
    printed: dict = field(default_factory=dict)  # ("II", 6) -> the budget lines as the file prints them
    texts: dict = field(default_factory=dict)  # ("I", 1, "total") -> the cell's value as written
    stated_total: tuple = ()


def province_workbook(programme, numerals=("I", "II", "III")):
    """The source document's appendix for the given sectors, as a province would have typed it from the printed text.

    From the database, written the way the source prints it: amounts as
    Vietnamese text (12.000, 2.216), a zero counterpart blank in a project row
    and "-" in a subtotal, the subtotals the source states, and II.6 with only
    the two lines the source prints (475 and 300): its 120 and 240 are derived
    in the database, not printed. On the second sheet, under a cover note.
    """
    wb = Workbook()
    cover = wb.active
    cover.title = "Công văn"
    cover["A1"] = "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"
    cover["A2"] = "Sở Kế hoạch và Đầu tư"
    cover["A4"] = "Kính gửi: Sở Ngoại vụ"
    cover["A6"], cover["B6"] = "TT", "Nội dung"  # a table, but not the appendix: no project-name column
    cover["A7"], cover["B7"] = 1, "Danh mục dự án đề xuất vận động viện trợ (trang tính kèm theo)"

    ws = wb.create_sheet("Danh mục dự án")
    file = ProvinceFile(content=b"", sheet=ws.title)
    for row, line in enumerate(
        [
            "DANH MỤC DỰ ÁN ĐỀ XUẤT VẬN ĐỘNG VIỆN TRỢ PHI CHÍNH PHỦ NƯỚC NGOÀI",
            "GIAI ĐOẠN 2020-2025",
            "(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của Ủy ban nhân dân tỉnh Sóc Trăng)",
        ],
        start=1,
    ):
        ws.cell(row=row, column=1, value=line)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADER))
    ws.cell(row=5, column=COUNTERPART, value="ĐVT: Triệu đồng")
    ws.merge_cells(start_row=5, start_column=COUNTERPART, end_row=5, end_column=NOTES)
    _two_level_header(ws, 6)
    for column in range(1, len(HEADER) + 1):  # the row of column numbers under the header
        ws.cell(row=8, column=column, value=f"({column})")
    row = 9

    sectors = Sector.objects.filter(programme=programme, numeral__in=numerals).order_by("position")
    stated_total = [Decimal(0)] * 3
    for sector in sectors:
        if sector.numeral != numerals[0]:  # the header again at the top of a printed page, single-level this time
            for column, text in enumerate(HEADER, start=1):
                ws.cell(row=row, column=column, value=text.replace("viện trợ", "viên trợ"))  # with the scan's OCR error
            row += 1
        stated = (sector.stated_total, sector.stated_aid_sought, sector.stated_counterpart)
        stated_total = [a + (b or 0) for a, b in zip(stated_total, stated)]
        file.rows[sector.numeral, None] = row
        ws.cell(row=row, column=NUMBER, value=sector.numeral)
        ws.cell(row=row, column=NAME, value=sector.name)
        ws.merge_cells(start_row=row, start_column=NAME, end_row=row, end_column=CONTENT)
        for column, value in zip((TOTAL, AID, COUNTERPART), stated):
            ws.cell(row=row, column=column, value=vi_amount(value, zero="-"))
        row += 1
        projects = Project.objects.filter(sector=sector).order_by("position").select_related("host_agency").prefetch_related("lines")
        for project in projects:
            key = (sector.numeral, project.position)
            printed = [line for line in project.lines.all() if not line.is_derived]
            file.rows[key] = row
            file.printed[key] = printed
            several = len(printed) > 1
            name = project.name
            if key == NAME_ON_TWO_LINES:
                words = name.split(" ")
                name = " ".join(words[: len(words) // 2]) + "\n" + " ".join(words[len(words) // 2:])
            content = project.source_text.get("content", printed[0].description if several else project.content)
            values = {
                NUMBER: NUMBER_CELLS.get(key, str(project.position)),
                NAME: name,
                AGENCY: project.host_agency.short_name or project.host_agency.name,
                LOCATION: project.location_text,
                PERIOD: PERIODS.get(key, project.period_label),
                CONTENT: content,
                NOTES: project.notes or None,
            }
            if key[0] == AGENCY_MERGED[0] and project.position == AGENCY_MERGED[2]:
                values[AGENCY] = None  # under the merged cell of the project above
            for column, value in values.items():
                ws.cell(row=row, column=column, value=value)
            if key[0] == AGENCY_MERGED[0] and project.position == AGENCY_MERGED[1]:
                ws.merge_cells(start_row=row, start_column=AGENCY, end_row=row + 1, end_column=AGENCY)
            for index, line in enumerate(printed):
                if index:
                    ws.cell(row=row, column=CONTENT, value=project.source_text.get("content (dòng tiếp)", line.description))
                    ws.cell(row=row, column=NOTES, value=line.notes or None)
                for column, role, value in zip((TOTAL, AID, COUNTERPART), ("total", "aid_sought", "counterpart"), (line.total, line.aid_sought, line.counterpart)):
                    written = vi_amount(value)
                    ws.cell(row=row, column=column, value=written)
                    file.texts[(*key, index, role)] = written
                row += 1

    file.rows["total"] = row
    file.stated_total = tuple(stated_total)
    ws.cell(row=row, column=NAME, value="Tổng cộng:")
    ws.merge_cells(start_row=row, start_column=NAME, end_row=row, end_column=CONTENT)
    for column, value in zip((TOTAL, AID, COUNTERPART), stated_total):
        ws.cell(row=row, column=column, value=vi_amount(value, zero="-"))
    ws.cell(row=row + 2, column=1, value="Ghi chú: số liệu theo Chương trình số 03/CTr-UBND.")
    ws.cell(row=row + 4, column=7, value="TM. ỦY BAN NHÂN DÂN")
    file.content = workbook_bytes(wb)
    return file


def table_workbook(rows, *, header=HEADER, sheet="Danh mục", title=("DANH MỤC DỰ ÁN",)):
    """A one-sheet appendix with a one-row header in row len(title) + 1 and ``rows`` below it, cells as given.

    Returns the bytes and the first data row's number.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row, line in enumerate(title, start=1):
        ws.cell(row=row, column=1, value=line)
    header_row = len(title) + 1
    for column, text in enumerate(header, start=1):
        ws.cell(row=header_row, column=column, value=text)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=header_row + offset, column=column, value=value)
    return workbook_bytes(wb), header_row + 1
