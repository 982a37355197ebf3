"""The summaries as documents: a report's head and signature, years without data, the workbook's totals and print
settings, and the English edition (issue 11, items 8, 11 and 12)."""
import datetime
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.builders.heading import IssueDetails
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.renderers.summary_pdf import summary_pdf
from reporting.renderers.summary_xlsx import summary_xlsx
from tests.reporting.test_summaries import NOW, rounds, summary_2024, total_of  # noqa: F401  (rounds: a fixture)

pytestmark = pytest.mark.django_db


def pdf_text(pdf, tmp_path):
    """The PDF's text as pdftotext lays it out (a line across the page), and in reading order as one line with
    single spaces (a block at a time: a cell, the recipients, the signature, however they wrap)."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)

    def text(*options):
        return subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True).stdout

    return text("-layout"), " ".join(text().split())


# --- Item 8: a report of its own --------------------------------------------------------------------------------


def test_the_year_summary_is_a_report_of_the_issuing_body_with_number_date_signer_and_recipients(rounds, programme, tmp_path):
    issue = IssueDetails(number="125", day=datetime.date(2025, 1, 5))
    text, flat = pdf_text(summary_pdf(build_year_summary(programme, 2024, now=NOW, issue=issue)), tmp_path)
    assert "Kèm theo" not in flat
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "Số: 125/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 05 tháng 01 năm 2025", "BÁO CÁO",
        f"Kết quả thực hiện năm 2024 {programme.title}",
        "Nơi nhận: - Bộ Tài chính; - Bộ Ngoại giao;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Chuyên",
    ):
        assert line in flat
    first_line = text.splitlines()[0]
    assert "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" in first_line and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_line  # side by side


def test_an_unnumbered_draft_after_the_reform_is_issued_by_the_successor_from_its_place(programme, tmp_path):
    text, flat = pdf_text(summary_pdf(build_year_summary(programme, 2025, now=NOW)), tmp_path)
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in flat and "SÓC TRĂNG" not in text.splitlines()[0]
    assert re.search(r"Số:\s+/BC-UBND", text) and re.search(r"Cần Thơ, ngày\s+tháng\s+năm\s*$", text, re.MULTILINE) and "Kèm theo" not in flat


@pytest.mark.parametrize("period", [False, True])
@pytest.mark.parametrize(("language", "title", "date"), [
    ("vi", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", r"Cần Thơ, ngày\s+tháng\s+năm\s*$"),
    ("en", "ON BEHALF OF THE PEOPLE'S COMMITTEE CHAIRMAN", r"Can Tho,\s*$|Cần Thơ,\s*$"),
])
def test_a_successor_body_signs_with_the_title_lines_and_a_blank_name_not_the_programmes_signer(programme, tmp_path, period, language, title, date):
    """Cần Thơ issues the 2025 and whole-period summaries: Sóc Trăng's chairman does not sign them. The date, year
    included, is left blank: a year-end report is dated when it is signed, often the next year."""
    summary = build_period_summary(programme, language=language, now=NOW) if period else build_year_summary(programme, 2025, language=language, now=NOW)
    text, flat = pdf_text(summary_pdf(summary), tmp_path)
    assert summary.signature.name == "" and "Trần Văn Chuyên" not in flat
    assert title in flat and re.search(date, text, re.MULTILINE) and "2025" not in text.splitlines()[2]
    workbook, _values = workbooks(summary)
    texts = [cell.value for row in workbook.worksheets[-1].iter_rows() for cell in row if cell.value]
    assert "Trần Văn Chuyên" not in texts and title.split(" CH")[0] in texts


def test_the_programmes_issuer_signs_with_its_signer_and_a_name_given_signs_for_a_successor(rounds, programme, tmp_path):
    _text, flat = pdf_text(summary_pdf(summary_2024(programme)), tmp_path)
    assert "Trần Văn Chuyên" in flat and not re.search(r"năm 2024", flat.split("BÁO CÁO")[0])
    summary = build_year_summary(programme, 2025, now=NOW, issue=IssueDetails(signer_name="Nguyễn Văn An"))
    _text, flat = pdf_text(summary_pdf(summary), tmp_path)
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn An" in flat


def test_the_page_prints_the_number_signer_and_recipients_the_coordinator_gives(client, users, rounds, tmp_path):
    client.force_login(users["coordinator"])
    choices = {
        "year": "2024", "number": "17/BC-UBND", "day": "2025-01-06", "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn An", "recipients": "Bộ Tài chính;\nLưu: VT, TH.",
    }
    page = client.get(reverse("reporting:summary"), choices)
    assert "number=17%2FBC-UBND" in page.content.decode()  # the download links keep the choices
    _text, flat = pdf_text(client.get(reverse("reporting:summary"), {**choices, "format": "pdf"}).content, tmp_path)
    assert "Số: 17/BC-UBND" in flat and "ngày 06 tháng 01 năm 2025" in flat
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in flat and "Nguyễn Văn An" in flat and "Trần Văn Chuyên" not in flat
    assert "Nơi nhận: - Bộ Tài chính; - Lưu: VT, TH." in flat and "Bộ Ngoại giao" not in flat


def test_the_whole_period_is_a_report_too_and_its_years_without_a_round_have_no_data(rounds, programme, tmp_path):
    period = build_period_summary(programme, now=NOW)
    text, flat = pdf_text(summary_pdf(period), tmp_path)
    assert "Kèm theo" not in flat and f"Tổng kết thực hiện {programme.title}" in flat and "Nơi nhận:" in flat
    rows = {line.split()[0]: line for line in text.splitlines() if line.strip()[:4] in ("2020", "2021", "2022", "2023", "2024", "2025")}
    for year in ("2020", "2021", "2022", "2025"):
        assert rows[year].split()[1:] == ["Không", "Chưa", "có", "số", "liệu"]  # not 0
    assert "400" in rows["2023"] and "4.771,217" in rows["2024"]
    assert "Tổng cộng các năm 2023, 2024" in flat
    assert "Các năm 2020, 2021, 2022, 2025 không mở đợt báo cáo nên chưa có số liệu" in flat
    total = total_of(period, "years")
    assert (total["year"], total["committed_year"]) == ("Tổng cộng các năm 2023, 2024", Decimal("5171.217"))


def test_the_workbook_carries_the_head_on_every_sheet_and_the_signature_on_the_last(rounds, programme):
    workbook, _values = workbooks(summary_2024(programme))
    for sheet in workbook.worksheets:
        assert [sheet["A1"].value, sheet["A3"].value] == ["ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND"]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [cell.value for cell in sheet[1]] and sheet["A5"].value == "BÁO CÁO"
    texts = [[cell.value for cell in row if cell.value] for row in workbook.worksheets[-1].iter_rows()]
    assert ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"] in texts and ["- Lưu: VT."] in texts and any("Trần Văn Chuyên" in row for row in texts)
    assert not any("Nơi nhận:" in [cell.value for cell in row] for sheet in workbook.worksheets[:-1] for row in sheet.iter_rows())


def test_the_command_takes_the_number_date_signer_and_recipients(rounds, programme, tmp_path):
    from django.core.management import call_command

    call_command(
        "export_year_summary", year="2024", format="pdf", output=str(tmp_path / "s.pdf"), number="9", date="2025-02-03",
        signer_title="KT. CHỦ TỊCH|PHÓ CHỦ TỊCH", signer_name="Lê Văn Bình", recipients="Bộ Tài chính;|Lưu: VT.", stdout=io.StringIO(),
    )
    _text, flat = pdf_text((tmp_path / "s.pdf").read_bytes(), tmp_path)
    assert "Số: 9/BC-UBND" in flat and "ngày 03 tháng 02 năm 2025" in flat and "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in flat
    assert "Lê Văn Bình" in flat and "Nơi nhận: - Bộ Tài chính; - Lưu: VT." in flat


# --- Item 11: the workbook --------------------------------------------------------------------------------------


def workbooks(summary):
    data = summary_xlsx(summary)
    return load_workbook(io.BytesIO(data)), load_workbook(io.BytesIO(data), data_only=True)


@pytest.mark.parametrize("period", [False, True])
def test_only_a_heading_row_is_frozen_and_repeated_on_every_page(rounds, programme, period):
    summary = build_period_summary(programme, now=NOW) if period else summary_2024(programme)
    workbook, _values = workbooks(summary)
    for section, sheet in zip(summary.sections, workbook.worksheets):
        first = section.tables[0] if section.tables else None
        if first is None or not first.header or not first.rows:
            assert sheet.freeze_panes is None and sheet.print_title_rows is None, sheet.title
            continue
        header = int(sheet.freeze_panes[1:]) - 1
        assert sheet.print_title_rows == f"${header}:${header}"
        assert [cell.value for cell in sheet[header]][: len(first.columns)] == [column.label for column in first.columns]
    if not period:  # the overview's first table is a list of figures without headings
        assert workbook["Tình hình báo cáo"].freeze_panes is None and workbook["Tình hình báo cáo"].print_title_rows is None


@pytest.mark.parametrize("period", [False, True])
def test_the_totals_are_formulas_over_the_rows_whose_results_are_the_figures(rounds, programme, period):
    summary = build_period_summary(programme, now=NOW) if period else summary_2024(programme)
    workbook, values = workbooks(summary)
    checked = 0
    for section, sheet in zip(summary.sections, workbook.worksheets):
        for table in section.tables:
            for total in table.totals:
                row = next(r[0].row for r in sheet.iter_rows() if r[0].value == total.values[0] and r[0].value and r[0].font.bold or
                           (total.values[0] == "" and r[1].value == total.values[1] and r[1].font.bold))
                for index, column in enumerate(table.columns):
                    cell = sheet.cell(row=row, column=index + 1)
                    if column.key in total.formulas:  # a count of years or of NGOs (test_the_period_workbooks_figures_...)
                        continue
                    if column.key not in total.sums:
                        assert not str(cell.value or "").startswith("="), (sheet.title, column.key)
                        continue
                    assert cell.value.startswith("=SUM(") or cell.value.startswith("=IF(COUNT("), (sheet.title, column.key)
                    first = row - len(table.rows)
                    above = [values[sheet.title].cell(row=r, column=index + 1).value for r in range(first, row)]
                    figure = total.values[index]
                    stored = values[sheet.title].cell(row=row, column=index + 1).value
                    assert stored == pytest.approx(float(figure)) == pytest.approx(sum(v for v in above if isinstance(v, (int, float))))
                    checked += 1
    assert checked >= (7 if period else 15)


# --- Item 12: the English edition -------------------------------------------------------------------------------


def test_the_english_edition_marks_what_units_wrote_and_names_countries_in_english(rounds, programme, tmp_path):
    english = summary_2024(programme, "en")
    _text, flat = pdf_text(summary_pdf(english), tmp_path)
    assert "Results achieved: =SUM(A1) đã tính [VI]" in flat  # a unit's narrative, in Vietnamese and marked
    activities = {row["name"]: row["activities"] for row in english.table("ngos").records()}
    assert activities["Consulate General of the Czech Republic in Ho Chi Minh City"].endswith("Tư vấn kỹ thuật. [VI]")
    assert "Tư vấn kỹ thuật." in flat and flat.count("[VI]") >= 8
    assert "[VI]: no English translation yet" in flat
    assert "United Kingdom" in flat and "Australia" in flat and "Vương quốc Anh" not in flat and " Úc " not in flat
    _text, vietnamese = pdf_text(summary_pdf(summary_2024(programme, "vi")), tmp_path)
    assert "[VI]" not in vietnamese and "Vương quốc Anh" in vietnamese


def test_statuses_are_in_the_documents_language_whatever_the_readers(rounds, programme, tmp_path):
    """The summary's statuses were left lazy and printed in the language of the page that asked for the PDF."""
    from django.utils import translation

    with translation.override("vi"):
        _text, english = pdf_text(summary_pdf(summary_2024(programme, "en")), tmp_path)
    assert "Published to NGOs" in english and "Đã công bố cho các tổ chức PCPNN" not in english
    with translation.override("en"):
        _text, vietnamese = pdf_text(summary_pdf(summary_2024(programme, "vi")), tmp_path)
    assert "Đã công bố cho các tổ chức PCPNN" in vietnamese and "Published to NGOs" not in vietnamese


@pytest.mark.parametrize(
    "choices, name",
    [
        ({"year": "2024", "lang": "en"}, "summary-year-2024-"), ({"year": "period", "lang": "en"}, "summary-period-"),
        ({"year": "2024"}, "tong-hop-nam-2024-"), ({"year": "period"}, "tong-hop-giai-doan-"),
    ],
)
def test_an_english_summarys_file_is_named_in_english(client, users, rounds, choices, name):
    client.force_login(users["coordinator"])
    response = client.get(reverse("reporting:summary"), {**choices, "format": "xlsx"})
    assert f'filename="{name}' in response["Content-Disposition"]



# --- The tester's walk after items 8, 11 and 12 -------------------------------------------------------------------


def test_the_report_date_is_typed_day_first_whatever_the_browsers_locale(client, users, rounds, tmp_path):
    """<input type=date> showed mm/dd/yyyy to an en-US browser: the field is the dd/mm/yyyy text box of the round forms."""
    client.force_login(users["coordinator"])
    choices = {"year": "2024", "day": "06/01/2025"}
    page = client.get(reverse("reporting:summary"), choices).content.decode()
    field = re.search(r'<input[^>]*name="day"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'value="06/01/2025"' in field and 'placeholder="' in field
    _text, flat = pdf_text(client.get(reverse("reporting:summary"), {**choices, "format": "pdf"}).content, tmp_path)
    assert "ngày 06 tháng 01 năm 2025" in flat  # 6 January, not 1 June


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_period_title_keeps_the_province_name_whole(rounds, programme, tmp_path, language):
    """The title once broke "tỉnh Sóc / Trăng" across two lines."""
    text, flat = pdf_text(summary_pdf(build_period_summary(programme, language=language, now=NOW)), tmp_path)
    head = text.split("\nI. ")[0]  # the head and the title, above the first section
    assert "Sóc Trăng" in head and "Sóc Trăng" in flat
    assert not re.search(r"Sóc\s*$", head, re.MULTILINE) and not re.search(r"^\s*Trăng", head, re.MULTILINE)


def broken_words(texts, text):
    """The long words of ``texts`` that the PDF's ``text`` shows cut in two: a piece of a word ("Counterpar", then
    "t" on the cell's next line) printed where no whole word of the texts is that piece."""
    def words(lines):
        return {word.strip(".,;:()[]") for line in lines for word in str(line).split()}

    known = words(texts)
    pieces = words(text.splitlines()) - known
    return sorted(
        f"{piece} ({word})" for piece in pieces if len(piece) >= 5 for word in known
        if len(word) >= 8 and len(word) > len(piece) and word.isalpha() and word.startswith(piece)
    )


def table_texts(summary):
    """The words of the tables, and of the paragraphs that lead into them (a lead may hold a shorter word, such as
    "project" beside the heading "Projects reported")."""
    paragraphs = [str(text) for section in summary.sections for text in section.leads]
    return paragraphs + [text for table in (t for section in summary.sections for t in section.tables)
                         for text in [column.label for column in table.columns] + [value for row in table.rows for value in row.values if isinstance(value, str)]]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("period", [False, True])
def test_no_word_of_a_summary_is_broken_inside(rounds, programme, tmp_path, language, period):
    """The English summary's heading read "Counterpar / t funds spent": a column is as wide as its longest word."""
    summary = build_period_summary(programme, language=language, now=NOW) if period else summary_2024(programme, language)
    text, flat = pdf_text(summary_pdf(summary), tmp_path)
    assert (language == "vi") or "Counterpart" in flat
    assert broken_words(table_texts(summary), text) == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_word_of_the_plan_is_broken_inside(programme, tmp_path, language):
    """The English plan read "Communication / s of Sóc Trăng province"."""
    from reporting.builders.plan import build_plan
    from reporting.renderers.pdf import plan_pdf

    plan = build_plan(programme, language=language)
    text, flat = pdf_text(plan_pdf(plan), tmp_path)
    texts = plan.columns + [value for row in plan.rows for value in vars(row).values() if isinstance(value, str)]
    assert (language == "vi") or "Communications" in flat
    assert broken_words(texts, text) == []


def test_the_period_workbooks_repeated_totals_ratio_and_counts_are_formulas_and_numbers(rounds, programme):
    """'Theo lĩnh vực' C19-C22 (the period's totals and a ratio) were typed numbers; on 'Theo năm' B17 was the text
    '2' and H17 (the NGOs, each once) a typed value."""
    workbook, values = workbooks(build_period_summary(programme, now=NOW))
    years, sectors = workbook["Theo năm"], workbook["Theo lĩnh vực"]
    total = next(row[0].row for row in years.iter_rows() if str(row[0].value or "").startswith("Tổng cộng"))
    assert years[f"B{total}"].value == f"=COUNT('Theo năm'!C{total - 6}:C{total - 1})" and values["Theo năm"][f"B{total}"].value == 2
    assert years[f"H{total}"].value.startswith("=COUNTA('Tổ chức PCPNN'!A") and values["Theo năm"][f"H{total}"].value == 3
    labels = {row[1].value: row[2] for row in sectors.iter_rows() if row[1].value}
    committed = labels["Vốn cam kết cả giai đoạn (cộng các năm)"]
    assert committed.value == f"='Theo năm'!E{total}" and values["Theo lĩnh vực"][committed.coordinate].value == pytest.approx(5171.217)
    assert labels["Vốn giải ngân cả giai đoạn (cộng các năm)"].value == f"='Theo năm'!F{total}"
    sought = labels["Vốn vận động viện trợ theo danh mục dự án"]
    assert re.fullmatch(r"='Theo lĩnh vực'!D\d+", sought.value)
    share = labels["Tỷ lệ vốn cam kết so với vốn vận động viện trợ (%)"]
    assert share.value == f"=ROUND('Theo lĩnh vực'!{committed.coordinate}*100/'Theo lĩnh vực'!{sought.coordinate},1)"
    assert values["Theo lĩnh vực"][share.coordinate].value == pytest.approx(round(5171.217 * 100 / 306950, 1))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("period", [False, True])
def test_every_summary_sheet_prints_at_9_pt_or_more_with_its_text_wrapped(rounds, programme, language, period):
    """'Theo dự án' printed at about 7.5 pt (198 characters fitted to A4's width at 68 %), 'Ý kiến các đơn vị' at 8.2."""
    from tests.support.workbook_print import fit_to_width_scale

    summary = build_period_summary(programme, language=language, now=NOW) if period else summary_2024(programme, language)
    workbook, _values = workbooks(summary)
    sizes = {}
    for section, sheet in zip(summary.sections, workbook.worksheets):
        columns = max((len(table.columns) for table in section.tables), default=0)
        if not columns:
            continue
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        sizes[sheet.title] = round(11 * fit_to_width_scale(sheet, columns), 1)
        texts = [cell for row in sheet.iter_rows() for cell in row[1:columns] if isinstance(cell.value, str) and cell.data_type != "f" and cell.border.left.style]
        assert [cell.coordinate for cell in texts if not cell.alignment.wrap_text] == [], sheet.title
    assert {title: size for title, size in sizes.items() if size < 9} == {}
