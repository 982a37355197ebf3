"""The appendix and the implementation plan as Excel workbooks, read back as a user's spreadsheet program would."""
import io
import json
from unittest import mock
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from projects.models import BudgetLine, Sector
from projects.appendix_layout import layout_columns
from reporting.builders.appendix import Amounts, Appendix, Row, SectorGroup, build_appendix
from reporting.builders.heading import Heading, Signature
from reporting.builders.plan import build_plan
from reporting.renderers.xlsx import appendix_xlsx, plan_xlsx
from tests.support.appendix_workbooks import HEADER as PROVINCE_HEADER
from tests.support.workbook_print import everything_of, fit_to_width_scale, page_number_header

pytestmark = pytest.mark.django_db

FIXTURE = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "soc_trang_2020_2025.json").read_text(encoding="utf-8"))
# Project names as corrected in the fixture (the seed's OCR has "Hỗ điều hòa", "dân Dơi Ngựa"…).
NAME = {(p["sector"], p["position"]): p["name"] for p in FIXTURE["projects"]}
NAME_EN = {(p["sector"], p["position"]): p["name_en"] for p in FIXTURE["projects"]}

SOC_TRANG_CITY = "UBND thành phố Sóc Trăng"
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
SCIENCE = "Sở Khoa học và Công nghệ"
FARMERS = "Hội Nông dân"
PROVINCE = "Tỉnh Sóc Trăng"
CONTINUATION = None  # a further budget line of the project above: its five text cells stay empty

# The appendix of 03/CTr-UBND row by row: (No., name, host agency, location, period, total, aid sought, counterpart).
# A counterpart the seed leaves blank where the sector's figures show it is nothing is a known 0 (shown as "-").
SEED_APPENDIX = [
    ("I", "Lĩnh vực nông nghiệp và phát triển nông thôn", None, None, None, 132716, 81916, 50800),
    ("1", NAME["I", 1], "UBND huyện Châu Thành", "Xã Phú Tân, huyện Châu Thành", "2020-2022", 12000, 5000, 7000),
    ("2", NAME["I", 2], FARMERS, PROVINCE, "2020-2025", None, None, None),
    ("3", NAME["I", 3], "UBND huyện Cù Lao Dung", "Huyện Cù Lao Dung", "2020-2025", 2216, 2016, 200),
    ("4", NAME["I", 4], AGRICULTURE, PROVINCE, "2021-2025", 20000, 10000, 10000),
    ("5", NAME["I", 5], AGRICULTURE, PROVINCE, "2021-2025", 20000, 10000, 10000),
    ("6", NAME["I", 6], AGRICULTURE, PROVINCE, "2021-2025", 40000, 20000, 20000),
    ("7", NAME["I", 7], AGRICULTURE, "Ấp Cảng, thị trấn Trần Đề, huyện Trần Đề, tỉnh Sóc Trăng", "2020-2025", 36000, 32400, 3600),
    ("8", NAME["I", 8], SOC_TRANG_CITY, "TPST", "2021-2023", 2500, 2500, 0),
    ("II", "Lĩnh vực an sinh xã hội", None, None, None, 13233, 11883, 1350),
    ("1", NAME["II", 1], SCIENCE, "Thành phố Sóc Trăng", "2021-2024", 5000, 4000, 1000),
    ("2", NAME["II", 2], FARMERS, PROVINCE, "2021-2025", 500, 360, 140),
    ("3", NAME["II", 3], FARMERS, PROVINCE, "2022-2025", 723, 513, 210),
    ("4", NAME["II", 4], SOC_TRANG_CITY, "TPST", "2020-2025", 5680, 5680, 0),
    ("5", NAME["II", 5], SOC_TRANG_CITY, "TPST", "2020-2025", 195, 195, 0),
    ("6", NAME["II", 6], SOC_TRANG_CITY, "TPST", "2020-2026", 475, 475, 0),
    (CONTINUATION, None, None, None, None, 120, 120, 0),
    (CONTINUATION, None, None, None, None, 240, 240, 0),
    (CONTINUATION, None, None, None, None, 300, 300, 0),
    ("III", "Lĩnh vực giáo dục và đào tạo", None, None, None, 8280, 8280, 0),
    ("1", NAME["III", 1], "UBND huyện Châu Thành", "Huyện Châu Thành", "2021-2025", 8280, 8280, 0),
    ("IV", "Lĩnh vực y tế, chăm sóc sức khỏe nhân dân", None, None, None, 15000, 10000, 5000),
    ("1", NAME["IV", 1], SCIENCE, "Thị xã Vĩnh Châu", "2022-2025", 15000, 10000, 5000),
    ("V", "Lĩnh vực bảo vệ môi trường, biến đổi khí hậu", None, None, None, 178673, 177871, 802),
    ("1", NAME["V", 1], SOC_TRANG_CITY, "Phường 4, TPST", "2023", 20059, 20059, 0),
    ("2", NAME["V", 2], SOC_TRANG_CITY, "Phường 5, TPST", "2024", 97666, 97666, 0),
    ("3", NAME["V", 3], SOC_TRANG_CITY, "Phường 9, TPST", "2025", 45266, 45266, 0),
    ("4", NAME["V", 4], "UBND thị xã Ngã Năm", "Thị xã Ngã Năm", "2020-2025", 7650, 7650, 0),
    ("5", NAME["V", 5], "UBND huyện Cù Lao Dung", "Huyện Cù Lao Dung", "2022-2023", 7700, 7000, 700),
    ("6", NAME["V", 6], FARMERS, PROVINCE, "2021-2025", 214, 164, 50),
    ("7", NAME["V", 7], FARMERS, PROVINCE, "2021-2025", 118, 66, 52),
    ("VI", "Lĩnh vực văn hóa, thể thao, du lịch", None, None, None, 20000, 17000, 3000),
    ("1", NAME["VI", 1], SCIENCE, "Huyện Cù Lao Dung và Trần Đề", "2021-2023", 10000, 7000, 3000),
    ("2", NAME["VI", 2], SOC_TRANG_CITY, "Chùa Mahatup phường 3, TPST", "2020-2025", 10000, 10000, 0),
]
GRAND_TOTAL = (367902, 306950, 60952)
NUMERALS = {"I", "II", "III", "IV", "V", "VI"}

SEED_PLAN = [
    ("1", "Hàng năm", "Sở Kế hoạch và Đầu tư"),
    ("2", "Hàng năm", "Sở Kế hoạch và Đầu tư"),
    ("3", "Hàng năm", "Sở Thông tin và Truyền thông"),
    ("4", "Năm 2020", "Sở Kế hoạch và Đầu tư"),
    ("5", "Hàng năm", "Sở Tài chính"),
    ("6", "Giai đoạn 2020 - 2025", "Sở Kế hoạch và Đầu tư"),
    ("7", "Giai đoạn 2020 - 2025", "Văn phòng UBND tỉnh"),
    ("8", "Giai đoạn 2020 - 2025", "Sở Kế hoạch và Đầu tư"),
    ("9", "Quý IV hàng năm", "Sở Kế hoạch và Đầu tư"),
]


def sheet(data, *, formulas=False):
    """The first sheet; values as cached in the file (what a viewer shows), or the formulas themselves."""
    return load_workbook(io.BytesIO(data), data_only=not formulas).active


def values(ws, row):
    return tuple(cell.value for cell in ws[row])


def header_row(ws, columns):
    """The row of the column headings."""
    for row in range(1, ws.max_row + 1):
        if values(ws, row)[: len(columns)] == tuple(columns):
            return row
    raise AssertionError(f"no header row {columns}")


def table(ws, appendix):
    """(header row, [(row number, cells)] of the body, the grand-total row number)."""
    header = header_row(ws, appendix.columns)
    total = appendix.row_count + header
    return header, [(row, values(ws, row)) for row in range(header + 1, total)], total


def printed(cells, appendix):
    """No., name, agency, location, period and the three amounts of a table row."""
    amounts = 6 if appendix.with_content else 5
    return (*cells[:5], *cells[amounts : amounts + 3])


@pytest.fixture
def appendix(programme):
    return build_appendix(programme)


@pytest.fixture
def workbook(appendix):
    return appendix_xlsx(appendix)


def test_the_sheet_lists_every_row_of_the_seed_appendix_in_order_with_its_figures(appendix, workbook):
    ws = sheet(workbook)
    _, body, total = table(ws, appendix)
    assert [printed(cells, appendix) for _, cells in body] == SEED_APPENDIX
    assert printed(values(ws, total), appendix) == (None, appendix.total_label, None, None, None, *GRAND_TOTAL)


def test_content_and_notes_are_in_their_columns(appendix, workbook):
    ws = sheet(workbook)
    _, body, _ = table(ws, appendix)
    child_protection = [cells for _, cells in body[15:19]]
    assert child_protection[0][5].startswith("Số lượng trẻ em có hoàn cảnh đặc biệt")
    assert child_protection[0][9].startswith("Mô hình hỗ trợ, can thiệp")
    assert child_protection[1][5].startswith("Hỗ trợ kinh phí phục vụ công tác tại địa chỉ tin cậy")
    assert child_protection[3][9].startswith("Thực hiện theo Quyết định số 582/QĐ-TTg")


def test_amounts_are_numbers_a_spreadsheet_can_add_up(appendix, workbook):
    ws = sheet(workbook, formulas=True)
    _, body, _ = table(ws, appendix)
    project_rows = [row for row, cells in body if cells[0] not in NUMERALS]
    for row in project_rows:
        for cell in ws[row][6:9]:
            assert cell.value is None or (cell.data_type == "n" and isinstance(cell.value, int | float)), cell.coordinate
    whole = ws.cell(project_rows[0], 7)
    assert (whole.value, whole.number_format) == (12000, '#,##0;-#,##0;"-"')  # 12,000 — no stray "12,000."


def test_subtotals_and_grand_total_are_formulas_that_follow_edits(appendix):
    ws = sheet(appendix_xlsx(appendix), formulas=True)
    _, body, total = table(ws, appendix)
    sector_rows = [row for row, cells in body if cells[0] in NUMERALS]
    ends = [*[row - 1 for row in sector_rows[1:]], total - 1]
    for letter in "GHI":
        for start, end in zip(sector_rows, ends):
            assert ws[f"{letter}{start}"].value == f"=SUM({letter}{start + 1}:{letter}{end})"
        assert ws[f"{letter}{total}"].value == "=SUM(" + ",".join(f"{letter}{row}" for row in sector_rows) + ")"


def test_subtotals_show_the_builders_figures_without_recalculation(appendix):
    """A viewer that does not recalculate (or openpyxl's data_only) shows the builder's figures, equal to the rows' sums."""
    ws = sheet(appendix_xlsx(appendix))
    _, body, total = table(ws, appendix)
    sector_rows = [row for row, cells in body if cells[0] in NUMERALS]
    shown = [values(ws, row)[6:9] for row in sector_rows]
    assert shown == [group.subtotal.as_tuple() for group in appendix.groups]
    assert values(ws, total)[6:9] == GRAND_TOTAL
    ends = [*[row - 1 for row in sector_rows[1:]], total - 1]
    for (start, end), subtotal in zip(zip(sector_rows, ends), shown):
        rows_sum = tuple(sum(ws.cell(row, column).value or 0 for row in range(start + 1, end + 1)) for column in (7, 8, 9))
        assert rows_sum == subtotal
    assert load_workbook(io.BytesIO(appendix_xlsx(appendix))).calculation.fullCalcOnLoad  # Excel recalculates on opening


def test_a_project_without_known_amounts_shows_empty_cells_not_zero(appendix):
    ws = sheet(appendix_xlsx(appendix), formulas=True)
    _, body, _ = table(ws, appendix)
    row, cells = next((row, cells) for row, cells in body if cells[1] == NAME["I", 2])
    assert cells[6:9] == (None, None, None)
    assert [ws.cell(row, column).data_type for column in (7, 8, 9)] == ["n", "n", "n"]


def test_a_known_zero_is_printed_as_a_dash(appendix, workbook):
    ws = sheet(workbook)
    _, body, _ = table(ws, appendix)
    cell = next(ws.cell(row, 9) for row, cells in body if cells[1] == NAME["I", 8])
    assert cell.value == 0
    assert cell.number_format.endswith(';"-"')


def test_the_english_edition_has_english_headings_and_names(programme):
    appendix = build_appendix(programme, language="en")
    ws = sheet(appendix_xlsx(appendix))
    header, body, total = table(ws, appendix)
    assert values(ws, header) == (
        "No.",
        "Project name",
        "Host agency",
        "Project location",
        "Implementation period",
        "Project content",
        "Total project budget",
        "Aid to be mobilised",
        "Counterpart funds from other sources",
        "Notes",
    )
    heading = [values(ws, row)[0] for row in range(1, header)]
    assert heading[:3] == [
        "LIST OF PROJECTS PROPOSED FOR FOREIGN NON-GOVERNMENTAL AID",
        "PERIOD 2020-2025",
        "(Attached to Programme No. 03/CTr-UBND of 6 May 2020 of the People's Committee of Sóc Trăng province)",
    ]
    assert "Unit: million VND" in heading
    names = [cells[1] for _, cells in body if cells[0] and cells[0] not in NUMERALS]
    assert names == list(NAME_EN.values())
    sectors = [cells[1] for _, cells in body if cells[0] in NUMERALS]
    assert sectors[0] == "Agriculture and rural development"
    assert values(ws, total)[1] == "Grand total:"
    assert values(ws, total)[6:9] == GRAND_TOTAL


def test_the_vietnamese_edition_has_the_headings_the_province_prints(appendix, workbook):
    ws = sheet(workbook)
    header, _, total = table(ws, appendix)
    assert [values(ws, row)[0] for row in range(1, 3)] == [
        "DANH MỤC DỰ ÁN ĐỀ XUẤT VẬN ĐỘNG VIỆN TRỢ PHI CHÍNH PHỦ NƯỚC NGOÀI",
        "GIAI ĐOẠN 2020-2025",
    ]
    assert values(ws, header) == tuple(PROVINCE_HEADER)
    assert values(ws, header - 1)[0] == "ĐVT: Triệu đồng"
    assert values(ws, total)[1].startswith("Tổng")


def test_the_heading_lines_stand_above_the_table_as_the_builder_wrote_them(appendix, workbook):
    ws = sheet(workbook)
    header = header_row(ws, appendix.columns)
    heading = [values(ws, row)[0] for row in range(1, header) if values(ws, row)[0]]
    assert heading == [*appendix.heading.title, appendix.heading.attached_to, *appendix.heading.filters, appendix.heading.unit]
    assert appendix.heading.filters == ["Dự án từ khi được đưa vào ngân hàng dự án trở đi, trừ dự án đã rút"]
    assert ws.cell(1, 1).font.bold and ws.cell(1, 1).alignment.horizontal == "center"
    assert ws.cell(3, 1).font.italic
    assert ws.cell(header - 1, 1).alignment.horizontal == "right"
    assert all(cell.font.bold for cell in ws[header])


def test_without_the_content_column_the_amounts_move_left(programme):
    appendix = build_appendix(programme, with_content=False)
    ws = sheet(appendix_xlsx(appendix))
    header, body, total = table(ws, appendix)
    assert values(ws, header) == tuple(appendix.columns)
    assert ws.max_column == 9
    rows = [printed(cells, appendix) for _, cells in body]
    # A further budget line keeps its description in the name column, as the PDF prints it.
    continuations = [index for index, row in enumerate(SEED_APPENDIX) if row[0] is None and row[1] is None]
    assert [rows[index][1] for index in continuations] == list(
        BudgetLine.objects.filter(project__code="03-2020-ii-06", position__gt=1).order_by("position").values_list("description", flat=True)
    )
    assert [(row[0], *row[2:]) for row in rows] == [(row[0], *row[2:]) for row in SEED_APPENDIX]
    assert [row[1] for index, row in enumerate(rows) if index not in continuations] == [row[1] for index, row in enumerate(SEED_APPENDIX) if index not in continuations]
    assert not any("Xây dựng mô hình sản xuất lúa" in str(value) for _, cells in body for value in cells)
    formulas = sheet(appendix_xlsx(appendix), formulas=True)
    assert formulas.cell(total, 6).value.startswith("=SUM(F")


def test_a_filtered_appendix_names_its_filter_and_totals_its_one_sector(programme):
    sector = Sector.objects.in_programme(programme).get(numeral="III")
    appendix = build_appendix(programme, sector=sector)
    ws = sheet(appendix_xlsx(appendix))
    header, body, total = table(ws, appendix)
    heading = [values(ws, row)[0] for row in range(1, header)]
    assert appendix.heading.filters and appendix.heading.filters[0] in heading
    assert [printed(cells, appendix) for _, cells in body] == SEED_APPENDIX[19:21]
    assert values(ws, total)[6:9] == (8280, 8280, 0)
    assert sheet(appendix_xlsx(appendix), formulas=True).cell(total, 7).value == f"=SUM(G{header + 1})"


def test_an_appendix_without_projects_still_opens_with_an_empty_total(programme):
    appendix = build_appendix(programme, statuses=["approved"])
    assert appendix.groups == []
    ws = sheet(appendix_xlsx(appendix))
    header = header_row(ws, appendix.columns)
    assert values(ws, header + 1)[1] == appendix.total_label
    assert values(ws, header + 1)[6:9] == (None, None, None)


def test_the_sheet_prints_on_a4_landscape_with_the_header_on_every_page(appendix, workbook):
    ws = sheet(workbook)
    header = header_row(ws, appendix.columns)
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert (ws.page_margins.top, ws.page_margins.bottom, ws.page_margins.left, ws.page_margins.right) == (0.8, 0.8, 1.2, 0.7)
    merged = {str(cells) for cells in ws.merged_cells.ranges}
    assert {"A1:J1", "A2:J2", "A3:J3"} <= merged
    assert ws.column_dimensions["B"].width == 24 and ws.column_dimensions["F"].width == 32
    assert all(ws.cell(header + 2, column).border.left.style == "thin" for column in range(1, 11))


def test_notes_and_signature_follow_the_table(programme):
    # The seed's appendix has no signature; a coordinator may ask for the issuing body's.
    appendix = build_appendix(programme, signature=True)
    ws = sheet(appendix_xlsx(appendix))
    _, _, total = table(ws, appendix)
    below = [(row, cell.column, cell.value) for row in range(total + 1, ws.max_row + 1) for cell in ws[row] if cell.value]
    texts = [value for _, _, value in below]
    assert appendix.notes and appendix.notes[0] in texts
    assert texts[-3:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Chuyên"]
    name_row, name_column, _ = below[-1]
    assert name_column > 5 and ws.cell(name_row, name_column).font.bold
    assert f"{ws.cell(name_row, name_column).coordinate}:J{name_row}" in {str(cells) for cells in ws.merged_cells.ranges}


def test_text_that_looks_like_a_formula_stays_text():
    row = Row(number="1", name="=HYPERLINK(\"http://example.org\")", agency="+84 agency", location="@home", period="2020-2021",
              content="- first step", amounts=Amounts(Decimal("12.5"), Decimal("10"), Decimal("2.5")), notes="=1+1")
    appendix = Appendix(
        heading=Heading(title=["=TITLE"], attached_to="(attached)", unit="Unit"),
        language="en",
        roles=[column.role for column in layout_columns(with_content=True)],
        columns=["No.", "Name", "Agency", "Location", "Period", "Content", "Total", "Aid", "Counterpart", "Notes"],
        with_content=True,
        groups=[SectorGroup(numeral="I", name="-sector", subtotal=Amounts(Decimal("12.5"), Decimal("10"), Decimal("2.5")), rows=[row])],
        total=Amounts(Decimal("12.5"), Decimal("10"), Decimal("2.5")),
        project_count=1,
        signature=Signature(lines=["=SIGN"], name="Name"),
        total_label="Total",
    )
    ws = sheet(appendix_xlsx(appendix), formulas=True)
    header = header_row(ws, appendix.columns)
    cells = ws[header + 2]
    assert [cell.value for cell in cells[1:6]] + [cells[9].value] == [row.name, row.agency, row.location, "2020-2021", row.content, row.notes]
    assert {cell.data_type for cell in cells[1:6]} | {cells[9].data_type} == {"s"}
    assert ws["A1"].value == "=TITLE" and ws["A1"].data_type == "s"
    assert ws.cell(header + 1, 2).value == "-sector"
    fraction = ws.cell(header + 2, 7)
    assert (fraction.value, fraction.number_format) == (12.5, '#,##0.0##;-#,##0.0##;"-"')
    assert sheet(appendix_xlsx(appendix)).cell(header + 3, 7).value == 12.5  # cached total of a fractional sum


def test_a_sector_whose_amounts_are_all_unknown_shows_an_empty_subtotal_not_zero():
    unknown = Row(number="1", name="Irrigation", agency="A", location="L", period="2020", content="", amounts=Amounts(), notes="")
    known = Row(number="1", name="Bridge", agency="A", location="L", period="2021", content="", amounts=Amounts(Decimal(500), Decimal(360), Decimal(140)), notes="")
    appendix = Appendix(
        heading=Heading(title=["T"], attached_to="", unit=""),
        language="en",
        roles=[column.role for column in layout_columns(with_content=False)],
        columns=["No.", "Name", "Agency", "Location", "Period", "Total", "Aid", "Counterpart", "Notes"],
        with_content=False,
        groups=[
            SectorGroup(numeral="I", name="Unknown", subtotal=Amounts(), rows=[unknown]),
            SectorGroup(numeral="II", name="Known", subtotal=Amounts(Decimal(500), Decimal(360), Decimal(140)), rows=[known]),
        ],
        total=Amounts(Decimal(500), Decimal(360), Decimal(140)),
        project_count=2,
        total_label="Total",
    )
    shown = sheet(appendix_xlsx(appendix))
    header = header_row(shown, appendix.columns)
    assert [values(shown, row)[5:8] for row in range(header + 1, header + 6)] == [
        (None, None, None),  # sector I: nothing known, nothing shown
        (None, None, None),
        (500, 360, 140),
        (500, 360, 140),
        (500, 360, 140),
    ]
    formulas = sheet(appendix_xlsx(appendix), formulas=True)
    assert formulas.cell(header + 1, 6).value == f'=IF(COUNT(F{header + 2}:F{header + 2}),SUM(F{header + 2}:F{header + 2}),"")'
    assert formulas.cell(header + 5, 6).value == f"=SUM(F{header + 1},F{header + 3})"


def test_the_plan_lists_the_nine_tasks_with_their_timing_and_lead_unit(programme):
    plan = build_plan(programme, signature=True)
    ws = sheet(plan_xlsx(plan))
    header = header_row(ws, plan.columns)
    rows = [values(ws, row) for row in range(header + 1, header + 1 + len(plan.rows))]
    assert [(number, timing, lead) for number, _, timing, lead, _ in rows] == SEED_PLAN
    assert rows[0][1].startswith("Cụ thể hóa cơ chế, chính sách của Đảng và Nhà nước")
    assert rows[0][4] == "VP UBND, Sở Tài chính, Công an tỉnh và các ngành có liên quan."
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.cell(1, 1).value == plan.heading.title[0] and "A1:E1" in {str(cells) for cells in ws.merged_cells.ranges}
    below = [value for row in range(header + len(plan.rows) + 1, ws.max_row + 1) for value in values(ws, row) if value]
    assert below == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Chuyên"]


def test_the_english_plan_names_the_lead_units_in_english(programme):
    plan = build_plan(programme, language="en")
    ws = sheet(plan_xlsx(plan))
    header = header_row(ws, plan.columns)
    assert values(ws, header) == ("No.", "Content", "Timing", "Lead unit", "Coordinating units")
    assert len([row for row in range(header + 1, ws.max_row + 1) if values(ws, row)[0]]) == 9


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("with_content", [True, False])
def test_the_sheet_prints_at_a_readable_size_with_wrapped_rows_and_numbered_pages(programme, language, with_content):
    """Fitted to A4's width the table once shrank to about 6 pt; at least 9 pt now, its text wrapped in taller rows."""
    appendix = build_appendix(programme, language=language, with_content=with_content)
    ws = sheet(appendix_xlsx(appendix))
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    table_font = ws.cell(header_row(ws, appendix.columns) + 2, 2).font.size
    assert table_font * fit_to_width_scale(ws, len(appendix.columns)) >= 9
    # Page numbers at the top from page 2, as in the PDF; none on the first page, no footer.
    first, others, footer, different_first = page_number_header(ws)
    assert (first, footer, different_first) == (None, None, True)
    assert others == "&P" and ws.HeaderFooter.oddHeader.center.size == 13 and ws.HeaderFooter.scaleWithDoc is False
    header = header_row(ws, appendix.columns)
    body = range(header + 1, ws.max_row + 1)
    text_cells = [cell for row in body for cell in ws[row][: len(appendix.columns)] if isinstance(cell.value, str) and cell.data_type != "f"]
    assert text_cells and all(cell.alignment.wrap_text for cell in text_cells if cell.column != 1)
    # The longest content or name runs over several lines: its row is as tall as they need.
    tallest = max((ws.row_dimensions[cell.row].height or 0) for cell in text_cells if cell.row <= header + appendix.row_count)
    assert tallest >= 13 * 6


def whole_sheet(data, *, formulas):
    return everything_of(sheet(data, formulas=formulas))


@pytest.mark.parametrize("language,with_content", [("vi", True), ("en", False)])
def test_a_large_appendix_written_row_by_row_is_the_same_sheet_as_a_small_one(programme, settings, language, with_content):
    """Past XLSX_WRITE_ONLY_ABOVE_ROWS the sheet is written in openpyxl's write-only mode; lowered here to the seed's
    size, the same appendix comes out the same in every cell, look, merged range, height and print setting."""
    from openpyxl import Workbook

    from socaid import spreadsheets

    appendix = build_appendix(programme, language=language, with_content=with_content, signature=True)
    modes = []

    def recorded(*args, write_only=False, **kwargs):
        modes.append(write_only)
        return Workbook(*args, write_only=write_only, **kwargs)

    settings.XLSX_WRITE_ONLY_ABOVE_ROWS = appendix.row_count
    with mock.patch.object(spreadsheets, "Workbook", recorded):
        small = appendix_xlsx(appendix)
        settings.XLSX_WRITE_ONLY_ABOVE_ROWS = appendix.row_count - 1
        large = appendix_xlsx(appendix)
    assert modes == [False, True]
    for formulas in (False, True):
        ours, streamed = whole_sheet(small, formulas=formulas), whole_sheet(large, formulas=formulas)
        for part in ours:
            assert streamed[part] == ours[part], part
    # Not vacuous: the table is there, bordered, its sectors merged, its rows fitted to their text.
    header = header_row(sheet(large), appendix.columns)
    assert ours["panes"] == f"A{header + 1}" and ours["titles"] == f"${header}:${header}"
    assert ours["cells"][f"G{header + 2}"][4] == ("thin",) * 4
    assert f"B{header + 1}:{'F' if with_content else 'E'}{header + 1}" in ours["merged"]
    assert max(ours["heights"].values()) >= 13 * 6
    assert sheet(large).cell(header + 2, 2).style.startswith("socaid ")  # a named style, registered once


def test_each_look_is_one_named_style_of_the_workbook(appendix):
    """Every table cell refers to one of a few named styles instead of carrying its own style objects."""
    wb = load_workbook(io.BytesIO(appendix_xlsx(appendix)))
    ws = wb.active
    header = header_row(ws, appendix.columns)
    names = {ws.cell(row, column).style for row in range(header, header + appendix.row_count + 1) for column in range(1, 11)}
    assert names <= set(wb.named_styles) and len(names) <= 12
    assert len(set(wb.named_styles)) == len(wb.named_styles)
