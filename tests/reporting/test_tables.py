"""The summaries' renderers lay out any table a builder describes (reporting.tables), with no code of their own per
table: a document made up here, with tables no builder makes, comes out in HTML and in a workbook."""
import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

from openpyxl import load_workbook

from reporting.builders.heading import Heading
from reporting.renderers.summary_html import summary_html
from reporting.renderers.summary_xlsx import summary_xlsx
from reporting.tables import AMOUNT, COUNT, DATE, LABEL, RECORDS, TEXT, TOTAL, Column, Row, Section, Table


def document(language):
    wells = Table(
        "wells",
        [Column("number", "No.", LABEL, 6), Column("name", "Well", TEXT, 40), Column("dug", "Dug on", DATE, 14),
         Column("people", "People", COUNT, 12), Column("cost", "Cost", AMOUNT, 14)],
        [
            Row(["1", "=SUM(A1) well", datetime.date(2025, 2, 5), 1250, Decimal("1250.5")], key="a"),
            Row(["2", "Second well", None, 0, Decimal(0)], kind="dry", key="b"),
        ],
        totals=[Row(["", "Total", None, 1250, Decimal("1250.5")], kind=TOTAL)],
    )
    items = Table("items", [Column("number", "", LABEL, 6), Column("label", "", TEXT, 40), Column("value", "", AMOUNT, 14)],
                  [Row(["1", "Wells", 2], kinds=(LABEL, TEXT, COUNT)), Row(["2", "Cost", Decimal("1250.5")])], header=False)
    nothing = Table("nothing", [Column("name", "Name")], [], title="Nobody", empty="None at all.")
    stories = Table("stories", [Column("unit", "Unit"), Column("said", "What it said")], [Row(["Commune A", "Dug two wells."])], layout=RECORDS)
    sections = [
        Section("first", "I. WELLS", "Wells", [wells, items], leads=["Counted in 2025."], notes=["Cost in million VND."]),
        Section("second", "II. STORIES", "Stories", [nothing, stories]),
    ]
    return SimpleNamespace(heading=Heading(title=["A MADE-UP DOCUMENT"], attached_to=""), language=language, kind="summary", sections=sections, signature=None)


def test_html_lays_out_any_table_by_its_columns_kinds():
    vietnamese, english = summary_html(document("vi")), summary_html(document("en"))
    assert '<td class="amount">1.250,5</td>' in vietnamese and '<td class="amount">1,250.5</td>' in english
    assert '<td class="number">05/02/2025</td>' in vietnamese and '<td class="amount">1.250</td>' in vietnamese
    assert '<td class="amount">0</td><td class="amount">-</td>' in vietnamese  # no people is 0; a known zero cost is "-"
    assert '<tr class="total-row"><td class="total-label" colspan="2">Total</td><td class="number"></td>' in vietnamese
    assert '<tr class="dry-row">' in vietnamese and "=SUM(A1) well" in vietnamese
    widths = [float(width) for width in re.findall(r'<col style="width: ([\d.]+)%">', vietnamese)]
    assert widths[:5] == [6.98, 46.51, 16.28, 13.95, 16.28]  # the width hints 6, 40, 14, 12, 14 as shares of 86
    assert "Counted in 2025." in vietnamese and "Cost in million VND." in vietnamese and "None at all." in vietnamese
    assert "<h3 class=\"summary-subtitle\">1. Commune A</h3>" in vietnamese and "<strong>What it said:</strong> Dug two wells." in vietnamese


def test_a_workbook_has_a_sheet_per_section_and_typed_cells():
    workbook = load_workbook(io.BytesIO(summary_xlsx(document("vi"))))
    assert workbook.sheetnames == ["Wells", "Stories"]
    wells = workbook["Wells"]
    rows = {row[1].value: row for row in wells.iter_rows() if row[1].value}
    assert [cell.value for cell in rows["=SUM(A1) well"]] == ["1", "=SUM(A1) well", datetime.datetime(2025, 2, 5), 1250, 1250.5]
    assert rows["=SUM(A1) well"][1].data_type == "s" and rows["Total"][4].font.bold
    assert rows["Wells"][2].number_format == "#,##0" and rows["Cost"][2].number_format == '#,##0.0##;-#,##0.0##;"-"'
    header = next(row[0].row for row in wells.iter_rows() if row[1].value == "Well")
    assert wells.print_title_rows == f"${header}:${header}"
    stories = workbook["Stories"]
    assert [row[0].value for row in stories.iter_rows() if row[0].value][-4:] == ["Nobody", "None at all.", "Unit", "Commune A"]
