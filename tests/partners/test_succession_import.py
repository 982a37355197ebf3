"""Successions of administrative units through the import page: exported, completed in a spreadsheet, imported
back with a preview, each row checked as the unit's page checks it."""
import datetime
import io

import pytest
import tablib
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import AdministrativeUnit, UnitSuccession
from projects.imports.registry import plan_succession_file
from projects.models import ImportRecord, Programme

pytestmark = pytest.mark.django_db
HEADERS = ["predecessor", "successor", "extent", "effective_on", "legal_act", "act_date", "notes"]
ACT = "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
PHU_LOI = "can-tho-2025-phuong-phu-loi"


def workbook(*rows):
    return tablib.Dataset(*rows, headers=HEADERS).export("xlsx")


def upload(client, content, name="ke-thua.xlsx"):
    return client.post(reverse("projects:import"), {
        "kind": "successions", "programme": Programme.objects.first().pk, "file": _file(content, name),
    })


def _file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_the_portal_codes_used_here_exist():
    assert AdministrativeUnit.objects.filter(code__in=[PHU_LOI, "soc-trang-tp-soc-trang-phuong-3", "soc-trang-tp-soc-trang-phuong-4"]).count() == 3


def test_a_small_file_is_previewed_then_confirmed_and_the_import_is_recorded_in_the_history(client, users):
    client.force_login(users["coordinator"])
    content = workbook(
        ["soc-trang-tp-soc-trang-phuong-3", PHU_LOI, "toàn bộ", "01/07/2025", ACT, datetime.datetime(2025, 6, 16), "Khoản 1 Điều 1"],
        ["soc-trang-tp-soc-trang-phuong-4", PHU_LOI, "whole", datetime.datetime(2025, 7, 1), ACT, "16/06/2025", ""],
    )
    preview = upload(client, content)
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.errors == [] and plan.counts == {"create": 2, "update": 0, "unchanged": 0}
    assert not UnitSuccession.objects.filter(successor__code=PHU_LOI, predecessor__code__in=["soc-trang-tp-soc-trang-phuong-3", "soc-trang-tp-soc-trang-phuong-4"]).exists()

    assert client.post(reverse("projects:import_confirm"), {"token": preview.context["token"]}).status_code == 302
    saved = UnitSuccession.objects.filter(successor__code=PHU_LOI, predecessor__code__in=["soc-trang-tp-soc-trang-phuong-3", "soc-trang-tp-soc-trang-phuong-4"])
    assert sorted(saved.values_list("predecessor__code", "extent", "effective_on", "act_date")) == [
        ("soc-trang-tp-soc-trang-phuong-3", "whole", datetime.date(2025, 7, 1), datetime.date(2025, 6, 16)),
        ("soc-trang-tp-soc-trang-phuong-4", "whole", datetime.date(2025, 7, 1), datetime.date(2025, 6, 16)),
    ]
    record = ImportRecord.objects.get()
    assert (record.kind, record.created, record.by) == ("successions", 2, users["coordinator"])
    change = saved.get(predecessor__code="soc-trang-tp-soc-trang-phuong-3").history.get()
    assert (change.history_user, change.history_change_reason) == (users["coordinator"], record.history_reason())


def test_a_bad_row_is_refused_with_its_message_and_nothing_is_saved(client, users):
    client.force_login(users["coordinator"])
    content = workbook(
        ["soc-trang-tp-soc-trang-phuong-3", PHU_LOI, "whole", "01/07/2025", ACT, "16/06/2025", ""],
        # Phường 4 ended on 30/06/2025: a succession taking effect on 02/07/2025 cannot follow it.
        ["soc-trang-tp-soc-trang-phuong-4", PHU_LOI, "whole", "02/07/2025", ACT, "16/06/2025", ""],
        ["khong-co-ma-nay", PHU_LOI, "half", "01/07/2025", "", "", ""],
    )
    preview = upload(client, content)
    assert preview.status_code == 400
    errors = {(issue.row, issue.column): issue.message for issue in preview.context["plan"].errors}
    assert "30/06/2025" in errors[3, "predecessor"] and "02/07/2025" in errors[3, "predecessor"]
    assert "khong-co-ma-nay" in errors[4, "predecessor"]
    assert "half" in errors[4, "extent"] and errors[4, "legal_act"] and errors[4, "act_date"]
    assert (2, "predecessor") not in errors
    assert preview.context["token"] is None  # a file with errors cannot be confirmed
    assert not UnitSuccession.objects.filter(predecessor__code="soc-trang-tp-soc-trang-phuong-3").exists()
    assert not ImportRecord.objects.exists()


def test_rows_need_the_act_and_its_date_as_the_page_does(users):
    plan = plan_succession_file(workbook(["soc-trang-tp-soc-trang-phuong-3", PHU_LOI, "whole", "01/07/2025", "", "17/07/2025", ""]), "x.xlsx", None)
    assert {issue.column for issue in plan.errors} == {"legal_act", "act_date"}


def test_the_export_imports_back_unchanged_and_a_change_in_it_updates_the_pair(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("projects:registry_export", args=["successions", "xlsx"])).status_code == 403
    client.force_login(users["coordinator"])
    response = client.get(reverse("projects:registry_export", args=["successions", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == UnitSuccession.objects.count()
    phu_tan = next(row for row in rows if row[0] == "soc-trang-chau-thanh-phu-tan")
    assert phu_tan[1:4] == ("can-tho-2025-xa-thuan-hoa", "toàn bộ", datetime.datetime(2025, 7, 1))
    plan = plan_succession_file(response.content, "ke-thua.xlsx", None)
    assert plan.errors == [] and plan.counts == {"create": 0, "update": 0, "unchanged": len(rows)}
    # The coordinator corrects one row in Excel: the same pair, now a part.
    at = next(index for index, row in enumerate(sheet.iter_rows(min_row=2), start=2) if row[0].value == "soc-trang-chau-thanh-phu-tan")
    sheet.cell(row=at, column=3, value="một phần")
    edited = io.BytesIO()
    sheet.parent.save(edited)
    plan = plan_succession_file(edited.getvalue(), "ke-thua.xlsx", None)
    assert plan.errors == [] and plan.counts["update"] == 1
