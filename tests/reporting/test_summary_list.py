"""The summaries count the programme's list the appendix prints by default (accepted and further, not withdrawn),
say so, and list drafts, proposals and withdrawn projects apart, outside the list's totals (issue 11, item 5)."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from projects.lifecycle import PUBLISHABLE
from projects.models import Project
from reporting.builders.appendix import build_appendix
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.renderers.summary_pdf import summary_pdf
from reporting.renderers.summary_xlsx import summary_xlsx
from tests.reporting.test_summary_documents import pdf_text
from tests.reporting.test_summaries import NOW, by_key, rounds, total_of  # noqa: F401  (rounds: a fixture)

pytestmark = pytest.mark.django_db
LEAD = "Dự án trong danh mục: dự án từ khi được đưa vào ngân hàng dự án trở đi, trừ dự án đã rút, như phụ lục danh mục in ra."


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_year_summary_counts_the_appendix_list(rounds, programme, unpublishable, year):
    summary = build_year_summary(programme, year, now=NOW)
    appendix = build_appendix(programme)
    sectors = by_key(summary, "sectors")
    assert total_of(summary, "sectors")["bank_projects"] == appendix.project_count == 25
    assert total_of(summary, "sectors")["aid_sought"] == appendix.total.aid_sought == Decimal(306950)
    listed_in_one = Project.objects.filter(programme=programme, sector__numeral="I", status__in=PUBLISHABLE).count()
    assert sectors["I"]["bank_projects"] == listed_in_one == 8 and sectors["I"]["aid_sought"] == Decimal(81916)
    assert [section.leads for section in summary.sections if section.key in ("sectors", "statuses")] == [[LEAD], [LEAD]]


def test_the_year_summary_lists_the_projects_outside_the_list_apart(rounds, programme, unpublishable):
    summary = build_year_summary(programme, 2024, now=NOW)
    assert "draft" not in by_key(summary, "statuses") and "withdrawn" not in by_key(summary, "statuses")
    apart = by_key(summary, "statuses_outside")
    assert {status: row["bank"] for status, row in apart.items()} == {"draft": 1, "proposed": 1, "withdrawn": 1}
    assert [row["label"] for row in apart.values()] == ["Nháp", "Đề xuất", "Đã rút"]


def test_the_period_total_is_the_list_and_the_others_are_not_added(rounds, programme, unpublishable):
    period = build_period_summary(programme, now=NOW)
    assert total_of(period, "sectors")["bank_projects"] == 25 and total_of(period, "sectors")["aid_sought"] == Decimal(306950)
    assert total_of(period, "statuses")["bank"] == 25 and total_of(period, "statuses")["aid_sought"] == Decimal(306950)
    apart = by_key(period, "statuses_outside")
    assert {status: (row["bank"], row["aid_sought"]) for status, row in apart.items()} == {
        status: (1, Decimal(80)) for status in ("draft", "proposed", "withdrawn")
    }
    assert period.table("statuses_outside").totals == []
    comparison = by_key(period, "comparison")
    assert comparison["aid_sought"]["value"] == Decimal(306950)
    assert comparison["share"]["value"] == (Decimal("5171.217") * 100 / 306950).quantize(Decimal("0.1"))
    assert [section.leads for section in period.sections if section.key in ("sectors", "statuses")] == [[LEAD], [LEAD]]


def test_the_documents_print_the_list_and_say_which_statuses_it_holds(rounds, programme, unpublishable, tmp_path):
    period = build_period_summary(programme, now=NOW)
    _, flat = pdf_text(summary_pdf(period), tmp_path)
    assert flat.count(LEAD) == 2 and "306.950" in flat and "307.190" not in flat
    assert "Dự án ngoài danh mục của Chương trình (dự án nháp, đề xuất, đã rút): không tính vào danh mục" in flat
    workbook = load_workbook(io.BytesIO(summary_xlsx(build_year_summary(programme, 2024, now=NOW))), data_only=True)
    sectors = workbook["Theo lĩnh vực"]
    total = next(row for row in sectors.iter_rows() if row[1].value == "Tổng cộng")
    assert [cell.value for cell in total[2:4]] == [25, 306950]
    assert LEAD in [cell.value for row in sectors.iter_rows() for cell in row]
