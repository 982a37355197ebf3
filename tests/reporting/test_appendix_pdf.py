"""The printed appendix and plan: what the PDF (WeasyPrint) and its HTML source show, checked on the seed programme."""
import io
import re

import pytest
from pypdf import PdfReader

from projects.models import PlanTask, Programme, Project
from reporting.builders.appendix import build_appendix
from reporting.builders.plan import build_plan
from reporting.line_breaks import HEADING_WORDS, kept_whole
from reporting.renderers.html import appendix_html, plan_html
from reporting.renderers.pdf import LocalStaticFetcher, appendix_pdf, base_url_for_documents, plan_pdf

MM = 72 / 25.4
# As the seed appendix prints them: each sector's total, aid sought and counterpart, then the grand total.
SUBTOTALS_VI = {
    "I": ("132.716", "81.916", "50.800"),
    "II": ("13.233", "11.883", "1.350"),
    "III": ("8.280", "8.280", "-"),
    "IV": ("15.000", "10.000", "5.000"),
    "V": ("178.673", "177.871", "802"),
    "VI": ("20.000", "17.000", "3.000"),
}
TOTAL_VI = ("367.902", "306.950", "60.952")
ATTACHED_TO = "(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của Ủy ban nhân dân tỉnh Sóc Trăng)"


class Rendered:
    def __init__(self, document, pdf):
        self.document = document
        self.pdf = pdf
        self.reader = PdfReader(io.BytesIO(pdf))
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.text = spaced(" ".join(self.pages))

    def contains(self, phrase):
        """Whether the phrase is printed, whatever the line breaks inside a cell ("eco-" / "tourism")."""
        return unspaced(phrase) in unspaced(self.text)


def spaced(value):
    return re.sub(r"\s+", " ", value).strip()


def unspaced(value):
    return re.sub(r"\s+", "", value)


def cells(*values):
    """Consecutive cells of one printed row, e.g. the three amounts of a sector."""
    return r"(?<![\d.,])" + r"\s+".join(re.escape(value) for value in values) + r"(?![\d.,])"


def programme_of_seed():
    return Programme.objects.get(number="03/CTr-UBND")


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker):
    """The seed's documents, rendered once for the module (rendering takes about a second each)."""
    with django_db_blocker.unblock():
        programme = programme_of_seed()
        vi = build_appendix(programme)
        en = build_appendix(programme, language="en")
        plan = build_plan(programme)
        return {
            "vi": Rendered(vi, appendix_pdf(vi)),
            "en": Rendered(en, appendix_pdf(en)),
            "plan": Rendered(plan, plan_pdf(plan)),
            "names": list(Project.objects.in_programme(programme).values_list("name", "name_en")),
            "tasks": list(PlanTask.objects.filter(programme=programme).order_by("position").values_list("position", "content")),
        }


def texts_in_top_margin(page):
    """The text drawn above the top margin (20 mm): where the page number goes."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y > height - 20 * MM:
                found.append((text.strip(), x))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.django_db
def test_every_project_of_the_seed_is_printed(seed):
    rendered = seed["vi"]
    assert len(seed["names"]) == 25
    missing = [name for name, _ in seed["names"] if not rendered.contains(name)]
    assert missing == []


@pytest.mark.django_db
def test_sector_subtotals_and_grand_total_are_printed_in_their_columns(seed):
    rendered = seed["vi"]
    groups = {group.numeral: group for group in rendered.document.groups}
    assert list(groups) == list(SUBTOTALS_VI)
    for numeral, amounts in SUBTOTALS_VI.items():
        # The sector's row: numeral, name, then total, aid sought and counterpart, in that order.
        row = re.escape(numeral) + r"\s+" + r"\s+".join(re.escape(word) for word in groups[numeral].name.split()) + r"\s+" + cells(*amounts)
        assert re.search(row, rendered.text), f"sector {numeral} with {amounts}"
    assert re.search(re.escape(rendered.document.total_label) + r"\s+" + cells(*TOTAL_VI), rendered.text)


@pytest.mark.django_db
def test_child_protection_prints_each_budget_line(seed):
    """II.6 has four budget lines: 475, 120 and 240 (derived from the content) and 300, none with a counterpart."""
    rendered = seed["vi"]
    for amount in ("475", "120", "240", "300"):
        assert re.search(cells(amount, amount, "-"), rendered.text), amount


@pytest.mark.django_db
def test_heading_names_the_programme(seed):
    rendered = seed["vi"]
    assert ATTACHED_TO in rendered.text
    assert "03/CTr-UBND" in rendered.pages[0]


@pytest.mark.django_db
def test_pages_are_a4_landscape(seed):
    for page in seed["vi"].reader.pages:
        assert float(page.mediabox.width) == pytest.approx(842, abs=1)
        assert float(page.mediabox.height) == pytest.approx(595, abs=1)


@pytest.mark.django_db
def test_page_numbers_centred_at_the_top_from_page_two(seed):
    reader = seed["vi"].reader
    assert len(reader.pages) >= 3
    assert texts_in_top_margin(reader.pages[0]) == []
    centre = (30 + (297 - 15)) / 2 * MM  # the middle of the text area: left margin 30 mm, right 15 mm
    for number, page in enumerate(reader.pages[1:], start=2):
        found = texts_in_top_margin(page)
        assert [text for text, _ in found] == [str(number)]
        assert found[0][1] == pytest.approx(centre, abs=15)


@pytest.mark.django_db
def test_column_headings_repeat_on_every_page(seed):
    rendered = seed["vi"]
    heading = rendered.document.columns[1]
    table_pages = [text for text in rendered.pages if rendered.document.columns[0] in text]
    # Every page but possibly the last (the signature alone) carries the headings.
    assert len(table_pages) >= len(rendered.pages) - 1 >= 2
    assert all(unspaced(heading) in unspaced(text) for text in table_pages)


@pytest.mark.django_db
@pytest.mark.parametrize("edition", ["vi", "en", "plan"])
def test_every_font_is_embedded_liberation_serif(seed, edition):
    reader = seed[edition].reader
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base_font = str(font["/BaseFont"])
            seen.add(base_font)
            descriptor_owner = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{base_font} is not embedded"
            assert "LiberationSerif" in base_font.replace("-", "").replace(" ", ""), base_font
    assert seen


@pytest.mark.django_db
def test_english_edition(seed):
    rendered = seed["en"]
    assert "Grand total" in rendered.text
    assert re.search(cells("367,902", "306,950", "60,952"), rendered.text)
    assert re.search(cells("132,716", "81,916", "50,800"), rendered.text)
    assert "367.902" not in rendered.text
    missing = [english for _, english in seed["names"] if not rendered.contains(english)]
    assert all(english for _, english in seed["names"])
    assert missing == []


@pytest.mark.django_db
def test_plan_holds_its_nine_tasks(seed):
    rendered = seed["plan"]
    assert len(seed["tasks"]) == 9
    for position, content in seed["tasks"]:
        assert rendered.contains(content), position
    assert ATTACHED_TO in rendered.text
    first = rendered.reader.pages[0]
    # The plan is a text table: it stands upright on A4.
    assert (float(first.mediabox.width), float(first.mediabox.height)) == (pytest.approx(595, abs=1), pytest.approx(842, abs=1))
    assert texts_in_top_margin(first) == []


def test_html_preview_stands_alone_with_a_repeating_head(programme):
    html = appendix_html(build_appendix(programme))
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html
    assert re.search(r'<link rel="stylesheet" href="[^"]*reporting/print\.css"', html)
    assert "<thead>" in html and html.index("<thead>") < html.index("132.716")
    for figure in ("132.716", "81.916", "50.800", "13.233", "367.902", "306.950", "60.952"):
        assert f">{figure}<" in html
    assert "Khmer" in html
    assert "<style>" not in html


def test_html_keeps_line_breaks_and_escapes_text(programme):
    plan = build_plan(programme)
    html = plan_html(plan)
    sixth = next(row for row in plan.rows if row.number == "6")
    assert "\n" in sixth.content
    assert sixth.content in html  # printed as is: the stylesheet keeps its line breaks (white-space: pre-line)
    appendix = build_appendix(programme)
    appendix.groups[0].rows[0].name = "<b>A & B</b>"
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in appendix_html(appendix)


def test_html_written_to_a_file_can_carry_its_stylesheet(programme):
    html = appendix_html(build_appendix(programme, language="en"), inline_css=True)
    assert '<html lang="en">' in html
    assert "@page" in html and "<link" not in html
    assert "367,902" in html


def test_html_for_another_page_is_only_the_document(programme):
    html = appendix_html(build_appendix(programme), for_print=False)
    assert "<html" not in html and "<head>" not in html
    assert html.lstrip().startswith('<article class="report-document')
    assert "<thead>" in html


def test_pdf_fetches_nothing_but_the_local_stylesheet(settings):
    fetcher = LocalStaticFetcher(base_url_for_documents())
    for url in ("https://example.com/style.css", "http://127.0.0.1/static/reporting/print.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    stylesheet = fetcher.fetch(fetcher.static_prefix + "reporting/print.css")
    assert b"@page" in stylesheet.read()
    stylesheet.close()


@pytest.mark.django_db
def test_notes_say_where_the_derived_amounts_come_from_and_what_dash_and_empty_mean(seed):
    """II.6's 120 and 240 are printed in the source (its sector II subtotal includes them); the extraction lost them."""
    vietnamese = seed["vi"].text
    assert "không in trong văn bản gốc" not in vietnamese
    assert (
        "Các số liệu ghi “suy ra từ nội dung” (II.6) có in trong văn bản gốc nhưng bị mất khi trích xuất văn bản; "
        "số liệu được khôi phục từ nội dung dự án, và số cộng của lĩnh vực in trong văn bản gốc đã bao gồm các số liệu này."
    ) in vietnamese
    assert "“-”: bằng không; ô để trống: số liệu chưa xác định (I.2)." in vietnamese
    english = seed["en"].text
    assert "are printed in the source document but were lost when its text was extracted" in english
    assert "“-”: zero; an empty cell: an amount not yet known (I.2)." in english


@pytest.mark.django_db
@pytest.mark.parametrize("with_content", [False, True])
def test_grand_total_stays_with_the_last_rows_and_the_signature_may_move_alone(with_content):
    """Without the content column the seed's table ends at a page's foot: the total once stood alone on the next page."""
    appendix = build_appendix(programme_of_seed(), with_content=with_content, signature=True)
    pages = [spaced(page.extract_text()) for page in PdfReader(io.BytesIO(appendix_pdf(appendix))).pages]
    [total_page] = [text for text in pages if appendix.total_label in text]
    last_project = [row for row in appendix.groups[-1].rows if row.is_project][-1]
    assert unspaced(last_project.name) in unspaced(total_page)
    assert total_page.index(appendix.total_label) < total_page.index(appendix.notes[-1])
    assert appendix.signature.name in pages[-1]


def heading_words_split(page_text, columns):
    """The words of the column headings that the page does not print whole (hyphenated or cut across two lines)."""
    tokens = set(re.findall(r"[^\s]+", page_text))
    return [word for column in columns for word in column.split() if word not in tokens]


@pytest.mark.django_db
@pytest.mark.parametrize("with_content", [True, False])
def test_english_headings_are_not_hyphenated_and_the_signature_is_english(with_content):
    appendix = build_appendix(programme_of_seed(), language="en", with_content=with_content, signature=True)
    reader = PdfReader(io.BytesIO(appendix_pdf(appendix)))
    first = reader.pages[0].extract_text()
    assert heading_words_split(first, appendix.columns) == []  # once "Implement-ation", "Counter-part"
    last = spaced(reader.pages[-1].extract_text())
    assert "ON BEHALF OF THE PEOPLE'S COMMITTEE CHAIRMAN Trần Văn Chuyên" in last
    assert "ỦY BAN" not in last and "[VI]" not in last


@pytest.mark.django_db
def test_english_documents_mark_the_vietnamese_that_stands_in_for_missing_english():
    programme = programme_of_seed()
    programme.signer_title_en = ""
    task = PlanTask.objects.filter(programme=programme).order_by("position").first()
    task.timing_en = ""
    task.save()
    appendix = build_appendix(programme, language="en", signature=True)
    assert appendix.signature.lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH [VI]"]
    assert appendix.notes[-1] == "[VI]: no English translation yet; the Vietnamese text is shown."
    plan = build_plan(programme, language="en", signature=True)
    assert plan.rows[0].timing == f"{task.timing} [VI]"
    rendered = spaced(PdfReader(io.BytesIO(plan_pdf(plan))).pages[-1].extract_text())
    assert "CHỦ TỊCH [VI]" in rendered and "[VI]: no English translation yet; the Vietnamese text is shown." in rendered


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_plan_keeps_names_and_words_whole(seed, language):
    """Portrait A4 once split the subtitle "Sóc / Trăng" and the headings "THỜI / GIAN", "CHỦ / TRÌ"."""
    if language == "vi":
        rendered = seed["plan"]
    else:
        plan = build_plan(programme_of_seed(), language="en")
        rendered = Rendered(plan, plan_pdf(plan))
    lines = [spaced(line) for line in rendered.reader.pages[0].extract_text().splitlines()]
    issuer = rendered.document.heading.whole[0]
    assert issuer in ("Ủy ban nhân dân tỉnh Sóc Trăng", "People's Committee of Sóc Trăng province")
    assert any(issuer in line for line in lines), lines[:4]
    words = ("THỜI GIAN", "ĐƠN VỊ", "CHỦ TRÌ", "PHỐI HỢP", "NỘI DUNG") if language == "vi" else ("LEAD UNIT",)
    for word in words:
        assert any(word in line for line in lines), word


def test_kept_whole_escapes_the_text_around_the_names():
    assert kept_whole("<i>của Ủy ban nhân dân tỉnh Sóc Trăng</i>", ["Ủy ban nhân dân tỉnh Sóc Trăng"]) == (
        '&lt;i&gt;của <span class="whole">Ủy ban nhân dân tỉnh Sóc Trăng</span>&lt;/i&gt;'
    )
    assert kept_whole("ĐƠN VỊ CHỦ TRÌ", HEADING_WORDS) == '<span class="whole">ĐƠN VỊ</span> <span class="whole">CHỦ TRÌ</span>'
    assert kept_whole("A & B", []) == "A &amp; B"


def cell_line_counts(page, first_line):
    """How many lines each cell starting with ``first_line`` takes: the lines below it at the same left edge."""
    fragments = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            fragments.append((round(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], 1), tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    counts = []
    for x, y, text in fragments:
        if text == first_line:
            below = sorted((y - other_y for other_x, other_y, _ in fragments if other_x == x and other_y < y), reverse=False)
            lines, step = 1, None
            for gap in below:
                step = step or gap
                if gap > lines * step + 1:
                    break
                lines += 1
            counts.append(lines)
    return counts


@pytest.mark.django_db
def test_english_host_agencies_take_few_lines(seed):
    """"Department of Agriculture and Rural Development of Sóc Trăng province" once took six lines."""
    counts = [count for page in seed["en"].reader.pages for count in cell_line_counts(page, "Department of")]
    assert counts and max(counts) <= 4


@pytest.mark.django_db
@pytest.mark.parametrize("language, with_content", [("vi", True), ("vi", False), ("en", True), ("en", False)])
def test_no_word_runs_past_the_tables_right_border(tmp_path, language, with_content):
    """Words are never broken inside, so a column must be as wide as its longest word: "circumstances" in II.6's
    notes once ran over the table's border into the margin."""
    import subprocess

    appendix = build_appendix(programme_of_seed(), language=language, with_content=with_content)
    path = tmp_path / "appendix.pdf"
    path.write_bytes(appendix_pdf(appendix))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    right_border = page_width - 15 * MM  # the right margin of Decree 30/2020
    beyond = [word for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]+)</word>', boxes) if float(x_max) > right_border + 1]
    assert beyond == []
