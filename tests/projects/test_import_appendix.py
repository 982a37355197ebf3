"""The appendix layout brought back into the bank: socaid's own export changes nothing, in either language; the
preview and the command say what a province's file would do and how its stated totals reconcile."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from projects.imports.appendix_plan import plan_appendix_file
from projects.services import import_apply
from projects.models import Project
from reporting.builders.appendix import build_appendix
from reporting.renderers.xlsx import appendix_xlsx
from tests.support.bank_workbooks import snapshot, workbook_bytes

pytestmark = pytest.mark.django_db


def appendix_file(programme, language="vi", **options):
    with translation.override(language):
        return appendix_xlsx(build_appendix(programme, language=language, **options))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_importing_socaids_own_appendix_changes_nothing(programme, users, language):
    before = snapshot()
    with translation.override("en"):
        plan = plan_appendix_file(appendix_file(programme, language), "phu-luc.xlsx", programme)
    assert plan.errors == [] and plan.differences == [] and plan.counts == {"create": 0, "update": 0, "unchanged": 25}
    import_apply(plan=plan, by=users["coordinator"])
    after = snapshot()
    assert after[:2] == before[:2]


def test_a_changed_amount_and_english_name_come_back_as_updates(programme, users):
    # Loaded with the formulas' stored results, so the edited file keeps figures where the subtotals were.
    workbook = load_workbook(io.BytesIO(appendix_file(programme, "en")), data_only=True)
    sheet = workbook.active
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Smart rice-field production project":
                cell.value = "Smart rice fields (renamed)"
    with translation.override("en"):
        plan = plan_appendix_file(workbook_bytes(workbook), "appendix-en.xlsx", programme)
    assert plan.errors == [] and plan.counts["update"] == 1
    [row] = [r for r in plan.rows if r.action == "update"]
    assert [(c.old, c.new) for c in row.changes] == [("Smart rice-field production project", "Smart rice fields (renamed)")]
    import_apply(plan=plan, by=users["coordinator"])
    project = Project.objects.get(code="03-2020-i-01")
    assert project.name_en == "Smart rice fields (renamed)" and project.name == "Dự án cánh đồng sản xuất thông minh"


def test_subtotals_whose_results_are_not_stored_are_refused(programme):
    """openpyxl (or any tool that writes formulas without computing them) leaves the subtotals empty."""
    workbook = load_workbook(io.BytesIO(appendix_file(programme)))
    with translation.override("en"):
        plan = plan_appendix_file(workbook_bytes(workbook), "resaved.xlsx", programme)
    assert plan.errors and all("formula's result is not stored" in e.message for e in plan.errors)
    assert {e.value for e in plan.errors} >= {"=SUM(G9:G16)"}  # sector I's subtotal


def test_the_command_prints_the_preview_and_the_reconciliation(programme, tmp_path):
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(appendix_file(programme))
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_appendix", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "0 to create, 0 to update, 25 unchanged" in text and "every stated subtotal and the grand total equal" in text
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CommandError) as error:
        call_command("import_appendix", str(broken), stdout=io.StringIO())
    assert error.value.returncode == 2


def test_the_page_imports_an_appendix(client, users, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["coordinator"])
    preview = client.post(reverse("projects:import"), {"kind": "appendix", "programme": programme.pk, "file": SimpleUploadedFile("phu-luc.xlsx", appendix_file(programme))})
    assert preview.status_code == 200 and preview.context["plan"].counts["unchanged"] == 25
    assert "Mọi dòng cộng lĩnh vực và dòng tổng cộng đều khớp" in preview.content.decode()


def test_a_provinces_own_file_is_matched_and_its_sector_ii_differs_by_360(programme, tmp_path):
    """The source's appendix as a province types it: II.6 has only the two lines the source prints, so sector II's
    stated subtotal is 360 more than its rows; the preview says so, and shows II.6 losing the two derived lines."""
    from tests.support.appendix_workbooks import province_workbook

    file = province_workbook(programme, numerals=("I", "II", "III", "IV", "V", "VI"))
    with translation.override("en"):
        plan = plan_appendix_file(file.content, "so-khdt.xlsx", programme)
    assert plan.errors == []
    sector_ii = [d for d in plan.differences if d.scope == "sector" and d.numeral == "II"]
    assert {(d.column, d.difference) for d in sector_ii} >= {("total", 360), ("aid_sought", 360)}
    changed = {row.project.code: row for row in plan.rows if row.action == "update"}
    assert "03-2020-ii-06" in changed and plan.counts["create"] == 0
    assert any(change.new == "—" for change in changed["03-2020-ii-06"].changes)  # a derived line the file does not have
    path = tmp_path / "so-khdt.xlsx"
    path.write_bytes(file.content)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_appendix", str(path), "--dry-run", stdout=out)
    assert "Sector II" in out.getvalue() and "difference 360" in out.getvalue()


def test_importing_the_provinces_file_leaves_no_line_marked_derived_by_mistake(programme, users):
    from projects.models import BudgetLine
    from tests.support.appendix_workbooks import province_workbook

    file = province_workbook(programme, numerals=("I", "II", "III", "IV", "V", "VI"))
    plan = plan_appendix_file(file.content, "so-khdt.xlsx", programme)
    import_apply(plan=plan, by=users["coordinator"])
    lines = list(BudgetLine.objects.filter(project__code="03-2020-ii-06").order_by("position"))
    assert [(line.total, line.is_derived, line.derivation) for line in lines] == [(475, False, ""), (300, False, "")]


def test_an_empty_appendix_is_an_error(programme):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["STT", "Tên dự án", "Chủ khoản viện trợ", "Tổng vốn", "Vốn viện trợ", "Vốn đối ứng"])
    with translation.override("en"):
        plan = plan_appendix_file(workbook_bytes(workbook), "empty.xlsx", programme)
    assert any("no project rows" in e.message for e in plan.errors)


def test_without_the_content_column_the_round_trip_keeps_line_descriptions(programme):
    with translation.override("en"):
        plan = plan_appendix_file(appendix_file(programme, with_content=False), "no-content.xlsx", programme)
    assert plan.errors == [] and plan.counts["unchanged"] == 25
