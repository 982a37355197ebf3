"""The summaries as they read on paper: titles that wrap like text, a target sentence that does not read as a list
item, and capitals on what stands alone in a cell (issue 11, items 8 and 17)."""
import io
import re

import pytest
from openpyxl import load_workbook

from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.renderers.summary_pdf import summary_pdf
from reporting.renderers.summary_xlsx import summary_xlsx
from tests.reporting.test_summary_documents import pdf_text
from tests.reporting.test_summaries import NOW, rounds  # noqa: F401  (rounds: a fixture)

pytestmark = pytest.mark.django_db


def title_lines(text, first):
    """The lines of the title under ``first`` ("BÁO CÁO"), up to the unit line under it, stripped."""
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index(first) + 1
    end = next(index for index in range(start, len(lines)) if lines[index].startswith(("ĐVT", "Unit")) or not lines[index])
    return lines[start:end]


@pytest.mark.parametrize(("language", "first", "expected"), [
    ("vi", "BÁO CÁO", "Kết quả thực hiện năm 2025 Chương trình Tăng cường hợp tác và vận động viện trợ phi chính phủ nước ngoài"
                      " trên địa bàn tỉnh Sóc Trăng giai đoạn 2020 - 2025"),
    ("en", "REPORT", "2025 results of implementing the Programme for strengthening cooperation with and mobilising aid from"
                     " foreign non-governmental organisations in Sóc Trăng province, 2020–2025"),
])
def test_the_year_title_wraps_like_text_and_keeps_the_name_whole(programme, tmp_path, language, first, expected):
    text, _flat = pdf_text(summary_pdf(build_year_summary(programme, 2025, language=language, now=NOW)), tmp_path)
    lines = title_lines(text, first)
    assert " ".join(lines) == expected  # not "non- / governmental" either
    assert len(lines) == 2  # a name kept whole does not take a line of its own
    assert any("Sóc Trăng" in line for line in lines) and "Sóc Trăng" not in lines


def test_the_period_title_wraps_like_text(programme, tmp_path):
    text, _flat = pdf_text(summary_pdf(build_period_summary(programme, language="en", now=NOW)), tmp_path)
    lines = title_lines(text, "REPORT")
    assert len(lines) == 2 and not {"Sóc Trăng", "province, 2020–2025"} & set(lines) and not lines[0].endswith("-")


@pytest.mark.parametrize(("period", "end"), [
    (False, "; trong năm có 3 tổ chức PCPNN hoạt động: chưa đạt mục tiêu."),  # 2024: the target is for 2025
    (True, "; trong giai đoạn có 3 tổ chức PCPNN hoạt động: không đạt mục tiêu."),
])
def test_the_target_sentence_never_ends_on_its_count(rounds, programme, tmp_path, period, end):
    summary = build_period_summary(programme, now=NOW) if period else build_year_summary(programme, 2024, now=NOW)
    assert summary.target.verdict.endswith(end)
    text, flat = pdf_text(summary_pdf(summary), tmp_path)
    assert summary.target.verdict in flat
    assert not re.search(r"\d\. *(Đạt|Chưa đạt|Không đạt)", flat)
    assert not [line for line in text.splitlines() if re.match(r"\s*\d+\.\s+\S", line) and "mục tiêu" in line]


def small_letter_cells(workbook):
    return sorted({
        f"{sheet.title}: {cell.value[:50]}"
        for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
        if isinstance(cell.value, str) and cell.value[:1].isalpha() and cell.value[:1].islower()
    })


@pytest.mark.parametrize("language", ["vi", "en"])
def test_what_stands_alone_in_a_cell_starts_with_a_capital(rounds, programme, language):
    found = []
    for summary in (build_year_summary(programme, 2024, language=language, now=NOW), build_period_summary(programme, language=language, now=NOW)):
        found += small_letter_cells(load_workbook(io.BytesIO(summary_xlsx(summary))))
    assert found == []


def test_the_period_years_and_new_ngos_print_with_capitals(rounds, programme, tmp_path):
    text, _flat = pdf_text(summary_pdf(build_period_summary(programme, language="en", now=NOW)), tmp_path)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()[:4] in ("2021", "2024")}
    assert rows["2021"] == ["No", "No", "data", "yet"] and rows["2024"][0] == "Yes"
    _text, flat = pdf_text(summary_pdf(build_year_summary(programme, 2024, now=NOW)), tmp_path)
    assert "Đề nghị bổ sung vào danh sách đối tác" in flat and "Lần đầu có trong báo cáo được tiếp nhận" in flat
