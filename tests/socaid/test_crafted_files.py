"""Files made to exhaust the server are refused, with a message, on every path that reads an upload, and nothing
is saved. The files are the crafted workbooks of benchmark_crafted_imports at a small size, against lowered limits."""
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from partners.models import NGO, Organisation
from projects.imports.issues import UnreadableFile
from projects.imports.workbook import open_spreadsheet
from projects.management import crafted_files as crafted
from projects.models import BudgetLine, ImportRecord, Project
from reporting.models import ReportAttachment
from socaid.upload_limits import Refused, check_office_file, checked_csv_rows
from tests.support.report_forms import report_post, started
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db
KB = 1024

CELLS = "Bảng tính có hơn 1.000 ô, kể cả ô trống và ô chỉ có định dạng"
COMPRESSED = "Tệp được nén chặt bất thường so với một tài liệu thực"
UNZIPPED = "Tệp khi giải nén lớn hơn 2 MB"
STRINGS = "Bảng chuỗi văn bản dùng chung của bảng tính lớn hơn 1 MB"
DEEP = "Nội dung của tệp lồng nhau sâu hơn 20 cấp"
DAMAGED = "bị hỏng, không đọc được"
ROWS = "Tệp có hơn 50 dòng"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.UPLOAD_MAX_UNZIPPED_MB = 2
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 100
    settings.IMPORT_MAX_CELLS = 1000
    settings.IMPORT_MAX_SHARED_STRINGS_MB = 1
    settings.IMPORT_MAX_XML_DEPTH = 20
    settings.IMPORT_MAX_ROWS = 50
    settings.IMPORT_MAX_COLUMNS = 20
    settings.IMPORT_MAX_CELL_CHARS = 100
    return settings


def workbook(sheet, **parts):
    buffer = io.BytesIO()
    crafted.write_workbook(buffer, sheet, **parts)
    return buffer.getvalue()


def empty_cells():
    """1,250 empty cells, each with its reference, as a spreadsheet program writes formatted blanks."""
    return workbook(crafted.empty_cells(40 * KB, references=True))


def bare_empty_cells():
    """The issue's file: bare empty cells compressed several hundred times."""
    return workbook(crafted.empty_cells(1500 * KB))


def valued_rows():
    return workbook(crafted.valued_rows(60 * KB, references=True))


def big_strings():
    """A shared-strings table of 1.2 MB that compresses only as text does."""
    return workbook(crafted.small_sheet(), shared_strings=crafted.shared_strings(1200 * KB, numbered=True))


def deep():
    return workbook(crafted.deep_nesting(100))


def unzipping_past_the_limit():
    """Parts within the compression ratio that unpack to more than 2 MB in all."""
    return workbook(crafted.small_sheet(), extra=[(f"xl/media/image{n}.png", crafted.shared_strings(900 * KB, numbered=True)) for n in range(3)])


def lying_header(tmp_path):
    path = tmp_path / "lying.xlsx"
    crafted.write_workbook(path, crafted.empty_cells(40 * KB, references=True))
    crafted.lie_about_sizes(path, "xl/worksheets/sheet1.xml", 1000)
    return path.read_bytes()


CRAFTED = {
    "empty cells": (empty_cells, CELLS),
    "bare empty cells": (bare_empty_cells, COMPRESSED),
    "rows of values": (valued_rows, CELLS),
    "rows within the cell limit": (lambda: workbook(crafted.valued_rows(4 * KB, references=True)), "Trang “Sheet1” có hơn 50 dòng"),
    "shared strings": (big_strings, STRINGS),
    "deep nesting": (deep, DEEP),
    "unzipped size": (unzipping_past_the_limit, UNZIPPED),
}


def refusal(content, name="x.xlsx"):
    started_at = time.monotonic()
    with pytest.raises(UnreadableFile) as refused:
        open_spreadsheet(content, name)
    assert time.monotonic() - started_at < 5
    return refused.value.message


@pytest.mark.parametrize("case", CRAFTED)
def test_each_crafted_workbook_is_refused_with_its_reason(case, limits):
    make, message = CRAFTED[case]
    if case == "shared strings":
        limits.IMPORT_MAX_CELLS = 1_000_000  # its strings are elements too: let the table's size be what refuses it
    assert message in refusal(make())


def test_a_header_lying_about_the_size_is_found_out_by_the_bytes_decompressed(tmp_path):
    content = lying_header(tmp_path)
    assert DAMAGED in refusal(content, "lying.xlsx")


def test_a_workbook_within_the_limits_still_reads_and_keeps_only_cells_holding_values(limits):
    limits.IMPORT_MAX_CELLS = 5000
    spreadsheet = open_spreadsheet(empty_cells(), "blank.xlsx")
    [sheet] = spreadsheet.workbook.worksheets
    assert sheet.cells == {(1, 1): "Name", (1, 2): "Code"} and list(sheet.iter_rows()) == [("Name", "Code")]


def test_a_sheet_spanning_more_than_the_cell_limit_is_refused_even_with_few_cells():
    """Two values, at A1 and far down and right: padding the rows between them is what would exhaust the server."""
    sheet = [crafted.SHEET_HEAD + crafted.HEADINGS_ROW + b'<row r="900"><c r="ZZ900"><v>1</v></c></row>' + crafted.SHEET_TAIL]
    assert "trải trên 900 dòng và 702 cột" in refusal(workbook(sheet))


def test_merged_ranges_covering_the_table_many_times_over_are_refused():
    """Excel never overlaps merged ranges; twenty over the same 100 cells would make the reader spread them 2,000 times."""
    cells = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="10"><c r="J10"><v>2</v></c></row>'
    merges = b'<mergeCells count="20">' + b'<mergeCell ref="A1:J10"/>' * 20 + b"</mergeCells>"
    sheet = [crafted.SHEET_HEAD + cells + b"</sheetData>" + merges + b"</worksheet>"]
    assert "trải trên 10 dòng và 10 cột" in refusal(workbook(sheet))


def test_csv_rows_columns_and_cell_length_are_bounded():
    assert len(checked_csv_rows("a,b\n" * 50)) == 50
    for text, message in [
        ("a,b\n" * 51, "The file has more than 50 rows"),
        (",".join(["x"] * 21), "Row 1 has more than 20 columns"),
        ("a\n" + "x" * 101, "Row 2 has a cell longer than 100 characters"),
    ]:
        with pytest.raises(Refused, match=message), translation.override("en"):
            checked_csv_rows(text)


def bank_form(programme, kind, name, content):
    return {"kind": kind, "programme": programme.pk, "file": SimpleUploadedFile(name, content)}


def counts():
    return Project.objects.count(), BudgetLine.objects.count(), NGO.objects.count(), Organisation.objects.count(), ImportRecord.objects.count()


@pytest.mark.parametrize("kind, name, make, message", [
    ("bank", "bank.xlsx", empty_cells, CELLS),
    ("bank", "bank.xlsx", bare_empty_cells, COMPRESSED),
    ("bank", "bank.csv", lambda: b"a,b\n" * 51, ROWS),
    ("appendix", "phu-luc.xlsx", valued_rows, CELLS),
    ("appendix", "phu-luc.xlsx", deep, DEEP),
    ("ngos", "ngos.xlsx", empty_cells, CELLS),
    ("ngos", "ngos.csv", lambda: ("code," + "x" * 101 + "\n").encode(), "Dòng 1 có ô dài hơn 100 ký tự"),
    ("organisations", "orgs.xlsx", unzipping_past_the_limit, UNZIPPED),
])
def test_the_import_page_refuses_a_crafted_file_and_saves_nothing(client, users, programme, kind, name, make, message):
    client.force_login(users["coordinator"])
    before = counts()
    response = client.post(reverse("projects:import"), bank_form(programme, kind, name, make()))
    assert response.status_code == 400 and message in response.content.decode()
    assert counts() == before and not ImportRecord.objects.exists()


@pytest.mark.parametrize("make, message", [(empty_cells, CELLS), (deep, DEEP), (bare_empty_cells, COMPRESSED)])
def test_the_import_command_exits_with_the_reason_and_saves_nothing(tmp_path, programme, make, message):
    path = tmp_path / "crafted.xlsx"
    path.write_bytes(make())
    before = counts()
    for command in ("import_bank", "import_appendix"):
        with pytest.raises(CommandError) as refused:
            call_command(command, str(path), stdout=io.StringIO())
        assert refused.value.returncode == 2 and message in str(refused.value)
    assert counts() == before


def office_document(*parts):
    buffer = io.BytesIO()
    crafted.write_workbook(buffer, crafted.small_sheet(), extra=[("word/document.xml", [b"<w:document/>"]), *parts])
    return buffer.getvalue()


def test_an_office_file_within_the_limits_is_accepted_and_a_zip_bomb_is_not():
    check_office_file(office_document())
    with pytest.raises(Refused):
        check_office_file(office_document(("word/media/image1.png", crafted.zeros(1500 * KB))))


@pytest.mark.parametrize("name, part, message", [
    ("bao-cao.docx", ("word/media/image1.png", crafted.zeros(1500 * KB)), COMPRESSED),
    ("so-lieu.xlsx", ("xl/media/image1.png", crafted.shared_strings(2200 * KB, numbered=True)), UNZIPPED),
])
def test_a_report_attachment_that_unpacks_too_far_is_refused_and_nothing_saved(client, users, programme, name, part, message):
    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh"])
    round_ = open_round(programme, users["coordinator"], units)
    client.force_login(users["officer"])
    url = reverse("reporting:report", args=[round_.pk, units[0].pk])
    data = report_post(started(client, url), results="Không được lưu")
    data["attachment"] = SimpleUploadedFile(name, office_document(part))
    answer = client.post(url, data)
    assert answer.status_code == 400
    errors = " ".join(answer.context["upload"].errors["attachment"])
    assert f"Không thể đính kèm tệp “{name}”." in errors and message in errors
    assert not ReportAttachment.objects.exists()


def test_the_benchmark_command_runs_at_a_small_scale(settings):
    out = io.StringIO()
    call_command("benchmark_crafted_imports", "--scale", "0.002", stdout=out)
    lines = out.getvalue().splitlines()
    crafted_lines = [line for line in lines if ": " in line and "legitimate" not in line and "parent" not in line]
    assert len(crafted_lines) == 13 and all(": refused: " in line for line in crafted_lines)
    assert ": read: 11 rows" in lines[-1]
