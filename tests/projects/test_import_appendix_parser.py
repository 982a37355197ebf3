"""Reading a workbook laid out like the programme's appendix: socaid's own export, a province's file, bad rows."""
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from projects.imports.appendix import parse_appendix
from projects.imports.issues import ERROR, WARNING
from projects.imports.values import clean_text, parse_amount, parse_period
from projects.imports.workbook import open_spreadsheet
from projects.models import BudgetLine, Project, Sector
from reporting.builders.appendix import build_appendix
from socaid.bilingual import printed_text
from reporting.renderers.xlsx import appendix_xlsx
from tests.support.appendix_workbooks import HEADER, province_workbook, table_workbook, workbook_bytes

pytestmark = pytest.mark.django_db

AMOUNTS = ("total", "aid_sought", "counterpart")


def parse(content, name="appendix.xlsx"):
    with translation.override("en"):
        return parse_appendix(open_spreadsheet(content, name))


def by_number(result):
    return {(project.sector, project.number): project for project in result.projects}


def amounts(line):
    return tuple(line.get(role) for role in AMOUNTS)


# 1. socaid's own export, read back -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_own_export_comes_back_whole(programme, language):
    content = appendix_xlsx(build_appendix(programme, language=language))
    result = parse(content)

    assert result.issues == []
    assert result.differences == []
    assert result.language == language
    assert result.sheet == ("Danh mục dự án" if language == "vi" else "Projects")
    assert any("03/CTr-UBND" in line for line in result.title_lines)

    projects = list(
        Project.objects.in_programme(programme).in_appendix_order().select_related("sector", "host_agency").prefetch_related("lines")
    )
    assert len(projects) == 25
    parsed = by_number(result)
    assert len(result.projects) == 25 and len(parsed) == 25
    assert [sector.numeral for sector in result.sectors] == ["I", "II", "III", "IV", "V", "VI"]
    assert [sector.name for sector in result.sectors] == [
        printed_text(sector, "name", language) for sector in Sector.objects.filter(programme=programme).order_by("position")
    ]

    for project in projects:
        got = parsed[project.sector.numeral, str(project.position)]
        agency = (project.host_agency.short_name or project.host_agency.name) if language == "vi" else printed_text(project.host_agency, "name", "en")
        assert (got.sector, got.number) == (project.sector.numeral, str(project.position))
        assert got.name == printed_text(project, "name", language)
        assert got.agency == agency
        assert got.location == printed_text(project, "location_text", language)
        assert got.period == project.period_label
        assert (got.start_year, got.end_year) == (project.start_year, project.end_year)
        assert got.notes == printed_text(project, "notes", language)
        lines = list(project.lines.all())
        assert [amounts(line) for line in got.lines] == [(line.total, line.aid_sought, line.counterpart) for line in lines]
        if len(lines) == 1:
            assert got.content == printed_text(project, "content", language)
            assert got.lines[0].description == ""
        else:  # the export writes each line's description in the content column, not the project's own content
            descriptions = [printed_text(line, "description", language) for line in lines]
            assert [line.description for line in got.lines] == descriptions
            assert got.content == "\n".join(descriptions)
        assert got.lines[0].row == got.row and [line.row for line in got.lines] == list(range(got.row, got.row + len(lines)))

    child_care = parsed["II", "6"]
    assert [line.total for line in child_care.lines] == [475, 120, 240, 300]
    assert [line.aid_sought for line in child_care.lines] == [475, 120, 240, 300]
    assert parsed["I", "2"].lines[0].total is None  # unknown, not zero
    if language == "vi":  # Vietnamese text intact, with the fixture's corrections of the scan
        assert parsed["V", "1"].name.startswith("Hồ điều hòa diện tích 7.384m²")
        assert parsed["V", "6"].name == "Xây dựng mô hình Đèn đường năng lượng mặt trời thích ứng với biến đổi khí hậu"
        assert parsed["I", "7"].location.startswith("Ấp Cảng, thị trấn Trần Đề")

    stated = {sector.numeral: sector for sector in Sector.objects.filter(programme=programme)}
    for sector in result.sectors:
        db = stated[sector.numeral]
        assert sector.stated.as_tuple() == (db.stated_total, db.stated_aid_sought, db.stated_counterpart)
        assert len(sector.projects) == db.projects.count()
    assert result.grand_total.as_tuple() == (367902, 306950, 60952)


def test_own_export_without_content_column_keeps_the_lines(programme):
    result = parse(appendix_xlsx(build_appendix(programme, language="vi", with_content=False)))

    assert result.issues == [] and result.differences == []
    assert "content" not in result.columns
    child_care = by_number(result)["II", "6"]
    lines = list(BudgetLine.objects.filter(project__code="03-2020-ii-06").order_by("position"))
    assert [amounts(line) for line in child_care.lines] == [(line.total, line.aid_sought, line.counterpart) for line in lines]
    assert child_care.content == ""


def test_own_export_without_content_column_keeps_line_descriptions(programme):
    result = parse(appendix_xlsx(build_appendix(programme, language="vi", with_content=False)))
    child_care = by_number(result)["II", "6"]
    lines = list(BudgetLine.objects.filter(project__code="03-2020-ii-06").order_by("position"))
    assert [line.description for line in child_care.lines[1:]] == [line.description for line in lines[1:]]


def test_a_further_line_described_in_the_name_column_when_there_is_no_content_column():
    header = [h for h in HEADER if h != "Nội dung dự án"]
    content, first = table_workbook(
        [
            ["II", "Lĩnh vực an sinh xã hội", None, None, None, "775", "775", None, None],
            [6, "Bảo vệ chăm sóc trẻ em", "UBND thành phố Sóc Trăng", "TPST", "2020-2026", "475", "475", None, "Mô hình hỗ trợ"],
            [None, "Tổ chức diễn đàn, Lắng nghe trẻ em nói", None, None, None, "300", "300", None, "Quyết định 582"],
        ],
        header=header,
    )
    result = parse(content)
    assert result.issues == [] and result.differences == []
    project = result.projects[0]
    assert [(line.row, line.description, line.total, line.notes) for line in project.lines] == [
        (first + 1, "", 475, ""),
        (first + 2, "Tổ chức diễn đàn, Lắng nghe trẻ em nói", 300, "Quyết định 582"),
    ]
    assert (project.name, project.notes, project.content) == ("Bảo vệ chăm sóc trẻ em", "Mô hình hỗ trợ", "")


# 2. A province's own file --------------------------------------------------------------------------------------


def test_province_file_reads_like_the_source(programme):
    file = province_workbook(programme)
    result = parse(file.content, "danh-muc.xlsx")

    # The sheet: the second, under a cover note whose little table is not the appendix.
    assert result.sheet == "Danh mục dự án"
    assert result.language == "vi"
    assert result.header_rows == (6, 7)
    assert result.title_lines == [
        "DANH MỤC DỰ ÁN ĐỀ XUẤT VẬN ĐỘNG VIỆN TRỢ PHI CHÍNH PHỦ NƯỚC NGOÀI",
        "GIAI ĐOẠN 2020-2025",
        "(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của Ủy ban nhân dân tỉnh Sóc Trăng)",
        "ĐVT: Triệu đồng",
    ]
    assert {role: column.letter for role, column in result.columns.items()} == {
        "number": "A", "name": "B", "agency": "C", "location": "D", "period": "E", "content": "F",
        "total": "G", "aid_sought": "H", "counterpart": "I", "notes": "J",
    }
    assert result.columns["aid_sought"].header == "Kinh phí (triệu đồng) / Vốn vận động viện trợ"
    assert result.issues == []

    # Sectors, with the subtotals as the source states them; "-" is a known zero.
    assert [(sector.numeral, sector.name, sector.row) for sector in result.sectors] == [
        (s.numeral, s.name, file.rows[s.numeral, None]) for s in Sector.objects.filter(programme=programme, numeral__in=["I", "II", "III"])
    ]
    sectors = {sector.numeral: sector for sector in result.sectors}
    assert sectors["II"].stated.as_tuple() == (13233, 11883, 1350)
    assert sectors["III"].stated.as_tuple() == (8280, 8280, 0)
    assert result.grand_total.as_tuple() == file.stated_total
    assert result.grand_total_row == file.rows["total"]
    assert result.trailing_lines == ["Ghi chú: số liệu theo Chương trình số 03/CTr-UBND.", "TM. ỦY BAN NHÂN DÂN"]

    parsed = by_number(result)
    db = {(p.sector.numeral, str(p.position)): p for p in Project.objects.filter(programme=programme, sector__numeral__in=["I", "II", "III"])}
    assert set(parsed) == set(db)
    # Amounts written as Vietnamese text: "12.000" is twelve thousand, "2.216" two thousand two hundred and sixteen.
    assert file.texts["I", 1, 0, "total"] == "12.000" and amounts(parsed["I", "1"].lines[0]) == (12000, 5000, 7000)
    assert file.texts["I", 3, 0, "total"] == "2.216" and amounts(parsed["I", "3"].lines[0]) == (2216, 2016, 200)
    assert amounts(parsed["I", "2"].lines[0]) == (None, None, None)  # empty: unknown
    assert amounts(parsed["III", "1"].lines[0]) == (8280, 8280, None)  # blank in the project row, "-" in the subtotal
    # A name typed over two lines of one cell is one line.
    assert parsed["I", "3"].name == db["I", "3"].name and "\n" not in parsed["I", "3"].name
    # An agency cell merged down over two projects belongs to both.
    assert parsed["I", "4"].agency == parsed["I", "5"].agency == "Sở Nông nghiệp và Phát triển nông thôn"
    assert (parsed["I", "2"].start_year, parsed["I", "2"].end_year, parsed["I", "2"].period) == (2020, 2025, "2020 - 2025")
    assert (parsed["II", "2"].start_year, parsed["II", "2"].end_year) == (2021, 2025)
    assert (parsed["III", "1"].start_year, parsed["III", "1"].end_year) == (2021, 2025)
    for key, project in db.items():
        got = parsed[key]
        assert got.row == file.rows[key[0], project.position]
        assert (got.name, got.location) == (project.name, project.location_text)
        assert (got.start_year, got.end_year) == (project.start_year, project.end_year)
        printed = file.printed[key[0], project.position]
        assert [line.total for line in got.lines] == [line.total for line in printed]
        assert [line.aid_sought for line in got.lines] == [line.aid_sought for line in printed]

    # II.6 as the source prints it: the 475 row carrying three items' text, and the 300 row below it.
    child_care = parsed["II", "6"]
    assert [amounts(line) for line in child_care.lines] == [(475, 475, None), (300, 300, None)]
    source = db["II", "6"].source_text
    assert [line.description for line in child_care.lines] == [source["content"], source["content (dòng tiếp)"]]
    assert child_care.content == source["content"] + "\n" + source["content (dòng tiếp)"]
    assert child_care.notes == db["II", "6"].notes
    assert child_care.lines[1].notes == "Thực hiện theo Quyết định số 582/QĐ-TTg ngày 28/4/2017 của Thủ tướng Chính phủ"


def test_province_file_reconciliation_finds_the_360_of_sector_two(programme):
    file = province_workbook(programme)
    result = parse(file.content)

    derived = BudgetLine.objects.filter(project__sector__programme=programme, project__sector__numeral="II", is_derived=True)
    assert sorted(line.total for line in derived) == [120, 240]  # the two lines the source does not print
    found = {(d.scope, d.numeral, d.column, d.basis): d for d in result.differences}
    assert set(found) == {
        ("sector", "II", "total", "lines"),
        ("sector", "II", "aid_sought", "lines"),
        ("total", "", "total", "lines"),
        ("total", "", "aid_sought", "lines"),
    }
    sector_two = found["sector", "II", "total", "lines"]
    assert sector_two.difference == Decimal(360)
    assert sector_two.difference == sum(line.total for line in derived)
    assert (sector_two.stated, sector_two.computed) == (13233, 12873)
    assert (sector_two.sheet, sector_two.row) == (file.sheet, file.rows["II", None])
    assert found["sector", "II", "aid_sought", "lines"].difference == 360
    assert (found["sector", "II", "aid_sought", "lines"].stated, found["sector", "II", "aid_sought", "lines"].computed) == (11883, 11523)
    assert found["total", "", "total", "lines"].difference == 360
    assert found["total", "", "total", "lines"].row == file.rows["total"]
    with translation.override("en"):
        message = sector_two.message()
    assert "Sector II" in message and "13,233" in message and "12,873" in message and "360" in message


def test_the_whole_source_appendix_differs_only_by_the_360(programme):
    file = province_workbook(programme, numerals=("I", "II", "III", "IV", "V", "VI"))
    result = parse(file.content)

    assert result.issues == []
    assert result.grand_total.as_tuple() == (367902, 306950, 60952)
    assert {(d.scope, d.numeral, d.column, d.basis, d.difference) for d in result.differences} == {
        ("sector", "II", "total", "lines", 360),
        ("sector", "II", "aid_sought", "lines", 360),
        ("total", "", "total", "lines", 360),
        ("total", "", "aid_sought", "lines", 360),
    }


def test_a_difference_says_when_amounts_were_unknown():
    content, first = table_workbook(
        [
            ["I", "Lĩnh vực thử", None, None, None, None, "1.000", "1.000", None],
            [1, "Dự án A", "Hội Nông dân", "Tỉnh Sóc Trăng", "2021-2025", None, "600", "600", None],
            [2, "Dự án B", "Hội Nông dân", "Tỉnh Sóc Trăng", "2021-2025", None, None, None, None],
            [None, "Tổng cộng", None, None, None, None, "1.200", None, None],
        ]
    )
    result = parse(content)

    assert result.issues == []
    found = {(d.scope, d.column, d.basis): d for d in result.differences}
    assert set(found) == {("sector", "total", "lines"), ("sector", "aid_sought", "lines"), ("total", "total", "subtotals"), ("total", "total", "lines")}
    assert (found["sector", "total", "lines"].difference, found["sector", "total", "lines"].unknown) == (400, 1)
    assert (found["total", "total", "subtotals"].difference, found["total", "total", "subtotals"].unknown) == (200, 0)
    assert found["total", "total", "lines"].difference == 600
    with translation.override("en"):
        assert "1 of the amounts added up are empty (unknown)" in found["sector", "total", "lines"].message()


def test_sector_name_merged_with_its_numeral_text_rows_and_a_total_on_top():
    content, first = table_workbook(
        [
            [None, "TỔNG CỘNG", None, None, None, None, 100, 100, "-"],
            ["II. Lĩnh vực an sinh xã hội", None, None, None, None, None, 100, 100, "-"],
            ["1", "Giảm nghèo", "UBND thành phố Sóc Trăng", "TPST", 2023, "Xây dựng nhà ở", 100, 100, None],
            [None, "cho hộ nghèo", None, None, None, "cho hộ nghèo, cận nghèo", None, None, None],
        ]
    )
    wb = load_workbook(io.BytesIO(content))
    wb.active.merge_cells(start_row=first + 1, start_column=1, end_row=first + 1, end_column=6)
    result = parse(workbook_bytes(wb))

    assert result.issues == [] and result.differences == []
    assert (result.grand_total_row, result.grand_total.as_tuple()) == (first, (100, 100, 0))
    assert [(s.numeral, s.name) for s in result.sectors] == [("II", "Lĩnh vực an sinh xã hội")]
    project = result.projects[0]
    assert (project.name, project.content) == ("Giảm nghèo cho hộ nghèo", "Xây dựng nhà ở\ncho hộ nghèo, cận nghèo")
    assert (project.period, project.start_year, project.end_year) == ("2023", 2023, 2023)
    assert len(project.lines) == 1


# 3. Bad input, row by row --------------------------------------------------------------------------------------

BAD_ROWS = [
    [1, "Dự án trước lĩnh vực", "Hội Nông dân", "Tỉnh", "2021-2025", None, 10, 10, 0],  # +0
    ["I", "Lĩnh vực thử", None, None, None, None, None, None, None],  # +1
    [1, "Dự án có chữ", "Hội Nông dân", "Tỉnh", "2021-2025", None, "1.000", "khoảng 500", "500"],  # +2
    [2, "Dự án âm", "Hội Nông dân", "Tỉnh", "2021-2025", None, 200, 300, "-100"],  # +3
    [3, "Dự án lệch tổng", "Hội Nông dân", "Tỉnh", "2021-2025", None, "1.000", "600", "300"],  # +4
    [3, "Dự án trùng số", "Hội Nông dân", "Tỉnh", "2021-2025", None, None, None, None],  # +5
    [4, None, "Hội Nông dân", "Tỉnh", "2021-2025", None, "50", "50", None],  # +6
    [5, "Dự án thiếu chủ khoản", None, "Tỉnh", "sắp tới", None, "năm trăm", None, None],  # +7
    ["a)", "Hạng mục con", None, None, None, None, 5, 5, None],  # +8
    ["II", "Lĩnh vực khác", None, None, None, None, None, None, None],  # +9
    [None, None, None, None, None, "Một dòng kinh phí", 70, 70, None],  # +10
    [1, "Dự án có dấu phẩy", "Hội Nông dân", "Tỉnh", "2025-2021", None, "12,000", None, None],  # +11
]


@pytest.fixture
def bad():
    content, first = table_workbook(BAD_ROWS, header=HEADER[:9])
    result = parse(content)
    return result, first


def issue_at(result, row, column):
    found = [issue for issue in result.issues if issue.row == row and issue.column == column]
    assert found, f"no issue in row {row}, column {column}: {result.issues}"
    return found


@pytest.mark.parametrize(
    "offset, column, severity, message, value",
    [
        (0, "STT", ERROR, "comes before any sector row", "1"),
        (2, "Vốn vận động viện trợ", ERROR, "is not an amount", "khoảng 500"),
        (3, "Vốn đối ứng từ nguồn khác", ERROR, "cannot be negative", "-100"),
        (4, "Tổng vốn dự án", ERROR, "the difference is 100", "1,000"),
        (5, "STT", ERROR, "Project number 3 appears twice in sector I: first in row", "3"),
        (6, "Tên dự án", ERROR, "The project has no name", ""),
        (7, "Chủ khoản viện trợ", WARNING, "The project has no host agency", ""),
        (7, "Thời gian thực hiện", WARNING, "is not an implementation period", "sắp tới"),
        (7, "Tổng vốn dự án", ERROR, "“năm trăm” is not an amount", "năm trăm"),
        (8, "STT", ERROR, "is neither a sector numeral", "a)"),
        (10, "STT", ERROR, "This budget line has no project above it", ""),
        (11, "Tổng vốn dự án", ERROR, "is ambiguous: 12 read the Vietnamese way, 12000 read the English way", "12,000"),
        (11, "Thời gian thực hiện", WARNING, "The end year cannot come before the start year", "2025-2021"),
    ],
)
def test_bad_rows_are_pinned_to_sheet_row_column_and_value(bad, offset, column, severity, message, value):
    result, first = bad
    found = [issue for issue in issue_at(result, first + offset, column) if message in issue.message]
    assert len(found) == 1, result.issues
    issue = found[0]
    assert (issue.severity, issue.sheet, issue.value) == (severity, "Danh mục", value)


def test_bad_rows_report_nothing_else(bad):
    result, first = bad
    assert len(result.issues) == 13
    assert result.issues == sorted(result.issues, key=lambda issue: issue.row)
    assert f"first in row {first + 4}" in issue_at(result, first + 5, "STT")[0].message
    # Rows with errors are still read, so that every error shows at once.
    assert [p.number for p in result.projects] == ["1", "1", "2", "3", "3", "4", "5", "1"]
    assert [p.sector for p in result.projects] == ["", "I", "I", "I", "I", "I", "I", "II"]
    assert amounts(result.projects[1].lines[0]) == (1000, None, 500)  # the bad cell is unknown
    assert amounts(result.projects[2].lines[0]) == (200, 300, -100)  # the negative one is kept, and reported


def test_no_sheet_like_the_appendix():
    wb = Workbook()
    wb.active.title = "Kế hoạch"
    for row in (["TT", "NỘI DUNG", "THỜI GIAN", "ĐƠN VỊ CHỦ TRÌ"], [1, "Hội thảo", "Hàng năm", "Sở Kế hoạch và Đầu tư"]):
        wb.active.append(row)
    wb.create_sheet("Trống")
    result = parse(workbook_bytes(wb))
    assert [(i.severity, i.sheet, i.row) for i in result.issues] == [(ERROR, "", None)]
    assert "No sheet is laid out like the appendix" in result.issues[0].message
    assert "“Kế hoạch”" in result.issues[0].message
    assert result.projects == [] and result.sectors == [] and result.differences == []


def test_empty_workbook():
    result = parse(workbook_bytes(Workbook()))
    assert len(result.issues) == 1 and result.issues[0].is_error
    assert "The workbook is empty" in result.issues[0].message
    assert result.projects == []


def test_header_without_amount_columns_names_them():
    content, first = table_workbook([[1, "Dự án", "Hội Nông dân"]], header=["STT", "Tên dự án", "Chủ khoản viện trợ", "Ghi chú"])
    result = parse(content)
    assert len(result.issues) == 1
    issue = result.issues[0]
    assert (issue.severity, issue.sheet, issue.row) == (ERROR, "Danh mục", first - 1)
    assert "Total project budget, Aid to be mobilised, Counterpart funds from other sources" in issue.message
    with translation.override("vi"):
        result = parse_appendix(open_spreadsheet(content, "x.xlsx"))
    assert "Tổng vốn dự án" in result.issues[0].message


def test_english_headers_of_another_layout():
    content, first = table_workbook(
        [
            ["I", "Health", None, None, "5,000.5", "5,000.5", None],
            ["1.", "Clinic", "People's Committee", "2022-2024", "5,000.5", "5,000.5", None],
            ["2", "School", "People's Committee", "2022", "12,000", "12,000", "-"],
            [None, "Total", None, None, "17,000.5", "17,000.5", "-"],
        ],
        header=["No.", "Project name", "Host agency", "Duration", "Total (million VND)", "Aid sought", "Counterpart"],
        sheet="Projects",
    )
    result = parse(content)
    assert result.language == "en"
    assert result.issues == []
    assert amounts(result.projects[0].lines[0]) == (Decimal("5000.5"), Decimal("5000.5"), None)
    assert amounts(result.projects[1].lines[0]) == (12000, 12000, 0)  # under English headers "12,000" is twelve thousand
    assert {(d.scope, d.basis, d.column, d.difference) for d in result.differences} == {
        ("sector", "lines", "total", -12000), ("sector", "lines", "aid_sought", -12000),
        ("total", "subtotals", "total", 12000), ("total", "subtotals", "aid_sought", 12000),
    }
    assert "location" not in result.columns and "content" not in result.columns


def test_a_bilingual_header_on_two_rows_and_a_sector_twice():
    content, first = table_workbook(
        [
            ["No.", "Project name", "Host agency", "Location", "Period", "Content", "Total", "Aid sought", "Counterpart", "Notes"],
            ["I", "Nông nghiệp", None, None, None, None, "12.000", "5.000", "7.000"],
            [1, "Cánh đồng thông minh", "UBND huyện Châu Thành", "Xã Phú Tân", "2020-2022", None, "12.000", "5.000", "7.000"],
            ["I.", "Nông nghiệp", None, None, None, None, None, None, None],
        ]
    )
    result = parse(content)
    assert result.header_rows == (first - 1, first)
    assert result.columns["number"].header == "STT / No."
    assert result.columns["total"].header == "Tổng vốn dự án / Total"
    assert result.language == "vi"
    assert [(p.sector, p.number, p.name) for p in result.projects] == [("I", "1", "Cánh đồng thông minh")]
    assert [(i.severity, i.row, i.column, i.value) for i in result.issues] == [(ERROR, first + 3, "STT / No.", "I.")]
    assert "Sector I appears twice: first in row %s" % (first + 1) in result.issues[0].message


# 4. Cell values ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (12000, Decimal(12000)),
        (2216.0, Decimal(2216)),
        (0.1 + 0.2, Decimal("0.3")),
        (28740.904, Decimal("28740.904")),
        (1.23456, Decimal("1.235")),
        (Decimal("475.000"), Decimal(475)),
        ("12.000", Decimal(12000)),
        ("2.216", Decimal(2216)),
        ("132.716", Decimal(132716)),
        ("12.000,5", Decimal("12000.5")),
        ("1.234.567", Decimal(1234567)),
        ("1.234.567,25", Decimal("1234567.25")),
        ("12,000.5", Decimal("12000.5")),
        ("1,234,567", Decimal(1234567)),
        ("2,5", Decimal("2.5")),
        ("2.5", Decimal("2.5")),
        ("1234.567", Decimal("1234.567")),
        (" 12 000 ", Decimal(12000)),
        ("12\u00a0000", Decimal(12000)),
        ("500", Decimal(500)),
        ("-", Decimal(0)),
        ("–", Decimal(0)),
        ("—", Decimal(0)),
        (" - ", Decimal(0)),
        ("-300", Decimal(-300)),
        (-300, Decimal(-300)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_amount(value, expected):
    amount, problem = parse_amount(value)
    assert problem is None
    assert amount == expected
    if expected is not None:
        assert isinstance(amount, Decimal)


@pytest.mark.parametrize("value", ["khoảng 500", "năm trăm", "500 triệu", "1.2.3", "12.00.000", "1,23,456", "12.000,5.5", "#VALUE!", True, "1e5"])
def test_parse_amount_refuses(value):
    with translation.override("en"):
        amount, problem = parse_amount(value)
    assert amount is None
    assert "not an amount" in problem


def test_parse_amount_ambiguous_comma():
    with translation.override("en"):
        amount, problem = parse_amount("12,000")
    assert amount is None and "ambiguous" in problem
    assert parse_amount("12,000", language="en") == (Decimal(12000), None)
    assert parse_amount("12,000", language="vi") == (Decimal(12), None)
    assert parse_amount("12,0000")[0] == Decimal(12)  # four decimals cannot be a group of thousands: 12.0000 → 12


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021-2025", (2021, 2025)),
        ("2021 - 2025", (2021, 2025)),
        ("2021–2025", (2021, 2025)),
        ("2021 — 2025", (2021, 2025)),
        ("2020 -2025", (2020, 2025)),
        ("2022", (2022, 2022)),
        (2023, (2023, 2023)),
        ("Năm 2022", (2022, 2022)),
        ("năm 2022", (2022, 2022)),
        ("Giai đoạn 2020 - 2025", (2020, 2025)),
        ("2021-2023", (2021, 2023)),
        ("Từ năm 2021 đến năm 2025", (2021, 2025)),
        ("2021\n-2025", (2021, 2025)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_period(text, expected):
    start, end, problem = parse_period(text)
    assert problem is None
    assert (start, end) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("sắp tới", "is not an implementation period"),
        ("Hàng năm", "is not an implementation period"),
        ("2021-25", "is not an implementation period"),
        ("06/5/2020", "is not an implementation period"),
        ("1900", "is not an implementation period"),
        ("2025-2021", "The end year cannot come before the start year"),
    ],
)
def test_parse_period_refuses(text, message):
    with translation.override("en"):
        start, end, problem = parse_period(text)
    assert (start, end) == (None, None)
    assert message in problem


def test_clean_text():
    assert clean_text(None) == ""
    assert clean_text("  Dự án\ncải thiện   môi trường ") == "Dự án cải thiện môi trường"
    assert clean_text("1. Đào tạo\r\n\r\n2. Học tập\u00a0kinh nghiệm", multiline=True) == "1. Đào tạo\n2. Học tập kinh nghiệm"
    assert clean_text("Ho\u0302\u0300 đie\u0302\u0300u ho\u0300a") == "Hồ điều hòa"  # decomposed letters composed
    assert clean_text(2023.0) == "2023"
