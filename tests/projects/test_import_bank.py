"""The flat list of the bank: export, import back, every bad input refused with a message and nothing saved."""
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from projects.imports.flat_export import bank_flat_csv, bank_flat_xlsx, bank_template_xlsx
from projects.imports.flat import plan_bank_file
from projects.imports.issues import UnreadableFile
from projects.services import import_apply
from projects.models import BudgetLine, ImportRecord, Project
from tests.support.bank_workbooks import edited, row_of, snapshot, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(programme):
    with translation.override("vi"):
        return bank_flat_xlsx(Project.objects.filter(programme=programme))


def plan_of(content, programme, name="bank.xlsx"):
    with translation.override("en"):
        return plan_bank_file(content, name, programme)


@pytest.mark.parametrize("writer", [bank_flat_xlsx, bank_flat_csv])
def test_exporting_the_seed_and_importing_it_changes_nothing(programme, users, writer):
    before = snapshot()
    with translation.override("vi"):
        content = writer(Project.objects.filter(programme=programme))
    plan = plan_of(content, programme, "bank." + ("csv" if writer is bank_flat_csv else "xlsx"))
    assert plan.errors == [] and plan.counts == {"create": 0, "update": 0, "unchanged": 25}
    record = import_apply(plan=plan, by=users["coordinator"])
    assert (record.created, record.updated, record.unchanged) == (0, 0, 25)
    after = snapshot()
    assert after[:2] == before[:2] and after[2] == before[2] + 1


def test_the_english_headings_are_read_too(programme):
    with translation.override("en"):
        content = bank_flat_xlsx(Project.objects.filter(programme=programme))
    plan = plan_of(content, programme)
    assert plan.errors == [] and plan.counts["unchanged"] == 25


def test_an_edited_amount_updates_that_project_and_its_history_names_the_import(programme, users, exported):
    def edit(sheet, column_of):
        row = row_of(sheet, column_of, "03-2020-v-01")
        sheet.cell(row=row, column=column_of["Tổng vốn dự án"], value=21059)
        sheet.cell(row=row, column=column_of["Vốn vận động viện trợ"], value=Decimal(sheet.cell(row=row, column=column_of["Vốn vận động viện trợ"]).value) + 1000)

    plan = plan_of(edited(exported, edit), programme)
    assert plan.errors == [] and plan.counts == {"create": 0, "update": 1, "unchanged": 24}
    [row] = [r for r in plan.rows if r.action == "update"]
    assert row.project.code == "03-2020-v-01" and [c.label for c in row.changes] == ["budget line 1"]
    record = import_apply(plan=plan, by=users["coordinator"])
    project = Project.objects.get(code="03-2020-v-01")
    assert project.lines.get().total == Decimal("21059")
    reasons = set(project.lines.get().history.values_list("history_change_reason", flat=True))
    with translation.override("vi"):
        assert record.history_reason() in reasons and "Nhập lần" in record.history_reason()


def test_a_new_row_creates_a_project(programme, users, exported):
    def edit(sheet, column_of):
        values = {"Lĩnh vực": "Lĩnh vực y tế, chăm sóc sức khỏe nhân dân", "Chủ khoản viện trợ": "hoi nong dan tinh soc trang", "Tên dự án": "Dự án nước sạch thử nghiệm",
                  "Năm bắt đầu": 2024, "Năm kết thúc": 2025, "Tổng vốn dự án": "1.500", "Vốn vận động viện trợ": "1.200", "Vốn đối ứng": 300}
        row = sheet.max_row + 1
        for heading, value in values.items():
            sheet.cell(row=row, column=column_of[heading], value=value)

    plan = plan_of(edited(exported, edit), programme)
    assert plan.errors == [] and plan.counts["create"] == 1
    with translation.override("vi"):  # as the coordinator's page runs it
        record = import_apply(plan=plan, by=users["coordinator"])
    project = Project.objects.get(name="Dự án nước sạch thử nghiệm")
    assert project.history.get().history_change_reason == record.history_reason() and project.history.get().history_user == users["coordinator"]
    assert project.lines.get().history.get().history_change_reason == record.history_reason()
    assert " nuoc sach " in project.search_text
    assert (project.sector.numeral, project.position, project.host_agency.code) == ("IV", 2, "hoi-nong-dan-soc-trang")
    assert [(line.total, line.aid_sought, line.counterpart) for line in project.lines.all()] == [(Decimal(1500), Decimal(1200), Decimal(300))]
    # Coded like every other project, and where it came from in words, for its history.
    assert project.code == "03-2020-iv-02"
    assert re.fullmatch(r"trang tính .+, dòng \d+", project.source_ref), project.source_ref


def test_text_that_looks_like_a_formula_stays_text_and_unicode_survives(programme, users):
    project = Project.objects.get(code="03-2020-v-06")
    Project.objects.filter(pk=project.pk).update(name_en='=HYPERLINK("http://evil.example")', content_en="@SUM(A1) -x +y — Đèn đường 🌱 Ω")
    with translation.override("vi"):
        xlsx = bank_flat_xlsx(Project.objects.filter(pk=project.pk))
        csv_bytes = bank_flat_csv(Project.objects.filter(pk=project.pk))
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cell = sheet.cell(row=2, column=7)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert "'=HYPERLINK" in csv_bytes.decode("utf-8-sig") and "'@SUM" in csv_bytes.decode("utf-8-sig")
    for content, name in ((xlsx, "x.xlsx"), (csv_bytes, "x.csv")):
        plan = plan_of(content, programme, name)
        assert plan.errors == [] and plan.counts == {"create": 0, "update": 0, "unchanged": 1}, plan.rows[0].changes


def test_the_template_has_the_headings_and_drop_down_lists(programme):
    with translation.override("vi"):
        workbook = load_workbook(io.BytesIO(bank_template_xlsx(programme)))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Mã dự án" and sheet.max_row <= 2000
    validations = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert len(validations) == 3
    lists = workbook.worksheets[1]
    assert lists.sheet_state == "hidden" and "Lĩnh vực nông nghiệp và phát triển nông thôn" in [c.value for c in lists["A"]]


# --- bad input: a clear message, and nothing saved ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "is neither an Excel workbook"),
        (b"PK\x03\x04 broken zip", "is damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected or in the old .xls format"),
        (b"", "is empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(programme, content, message):
    before = snapshot()
    with translation.override("en"), pytest.raises(UnreadableFile) as error:
        plan_bank_file(content, "upload.xlsx", programme)
    assert message in error.value.message
    assert snapshot() == before


def test_a_truncated_workbook_is_damaged(programme, exported):
    with translation.override("en"), pytest.raises(UnreadableFile, match="damaged|not an Excel"):
        plan_bank_file(exported[: len(exported) // 2], "cut.xlsx", programme)


def test_size_and_row_limits(programme, exported, settings):
    settings.IMPORT_MAX_ROWS = 10
    with translation.override("en"), pytest.raises(UnreadableFile, match="at most 10"):
        plan_bank_file(exported, "bank.xlsx", programme)
    settings.IMPORT_MAX_ROWS = 20000
    settings.IMPORT_MAX_MB = 0
    with translation.override("en"), pytest.raises(UnreadableFile, match="at most 0 MB"):
        plan_bank_file(exported, "bank.xlsx", programme)


def test_an_empty_sheet_and_missing_columns(programme):
    empty = Workbook()
    plan = plan_of(workbook_bytes(empty), programme)
    assert "No row of column headings" in plan.errors[0].message
    only_headings = Workbook()
    only_headings.active.append(["Mã dự án", "Lĩnh vực", "Tên dự án"])
    plan = plan_of(workbook_bytes(only_headings), programme)
    assert "Columns missing" in plan.errors[0].message and "Host agency" in plan.errors[0].message


def edit_cell(exported, code, heading, value):
    def edit(sheet, column_of):
        sheet.cell(row=row_of(sheet, column_of, code), column=column_of[heading], value=value)

    return edited(exported, edit)


@pytest.mark.parametrize(
    "heading, value, column, message",
    [
        ("Tổng vốn dự án", "khoảng 500", "Total budget", "is not an amount in million VND"),
        ("Vốn đối ứng", -5, "Counterpart funds", "Amounts cannot be negative"),
        ("Tổng vốn dự án", 1, "Total budget", "is not aid sought plus counterpart funds"),
        ("Lĩnh vực", "Lĩnh vực nông nghiệp và phát triển nông thông", "Sector", "Did you mean: Lĩnh vực nông nghiệp và phát triển nông thôn"),
        ("Chủ khoản viện trợ", "Hội Nông dâm tỉnh Sóc Trăng", "Host agency", "Did you mean: Hội Nông dân tỉnh Sóc Trăng"),
        ("Năm kết thúc", "hai nghìn", "End year", "Write a whole number"),
        ("Trạng thái", "đang bay", "Status", "Unknown status"),
    ],
)
def test_a_bad_cell_is_reported_where_it_stands_and_nothing_is_saved(programme, users, exported, heading, value, column, message):
    before = snapshot()
    plan = plan_of(edit_cell(exported, "03-2020-i-01", heading, value), programme)
    [error] = plan.errors
    assert message in error.message and error.column == column and error.row == 2 and error.value == str(value)
    with pytest.raises(Exception):
        import_apply(plan=plan, by=users["coordinator"])
    assert snapshot() == before


def test_a_duplicate_line_of_a_code_is_an_error(programme, exported):
    def edit(sheet, column_of):
        row = row_of(sheet, column_of, "03-2020-i-01")
        sheet.append([sheet.cell(row=row, column=c).value for c in range(1, sheet.max_column + 1)])

    plan = plan_of(edited(exported, edit), programme)
    assert any("two budget lines with the same number" in e.message for e in plan.errors)


def test_a_formula_without_a_stored_result_is_an_error(programme, exported):
    plan = plan_of(edit_cell(exported, "03-2020-i-01", "Tổng vốn dự án", "=C2+D2"), programme)
    assert any("formula's result is not stored" in e.message and e.value == "=C2+D2" for e in plan.errors)


# --- the command and the page ------------------------------------------------------------------------------------


def test_import_bank_exit_status(programme, exported, tmp_path, users):
    good = tmp_path / "bank.xlsx"
    good.write_bytes(edit_cell(exported, "03-2020-i-01", "Tên dự án bằng tiếng Anh", "Smart fields, imported"))
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_bank", str(good), "--dry-run", stdout=out)
    assert "0 to create, 1 to update, 24 unchanged" in out.getvalue()
    assert Project.objects.get(code="03-2020-i-01").name_en != "Smart fields, imported"
    call_command("import_bank", str(good), stdout=io.StringIO())
    assert Project.objects.get(code="03-2020-i-01").name_en == "Smart fields, imported"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edit_cell(exported, "03-2020-i-01", "Tổng vốn dự án", -1))
    with pytest.raises(CommandError) as error:
        call_command("import_bank", str(bad), stdout=io.StringIO())
    assert error.value.returncode == 1
    unreadable = tmp_path / "notes.xlsx"
    unreadable.write_bytes(b"just text\x00")
    with pytest.raises(CommandError) as error:
        call_command("import_bank", str(unreadable), stdout=io.StringIO())
    assert error.value.returncode == 2


def test_the_page_previews_then_saves_on_confirmation(client, users, programme, exported, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["officer"])
    assert client.get(reverse("projects:import")).status_code == 403
    client.force_login(users["coordinator"])
    content = edit_cell(exported, "03-2020-i-01", "Tên dự án bằng tiếng Anh", "Smart fields, from the page")
    with django_assert_max_num_queries(40):
        preview = client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("bank.xlsx", content)})
    assert preview.status_code == 200 and preview.context["plan"].counts["update"] == 1
    assert Project.objects.get(code="03-2020-i-01").name_en != "Smart fields, from the page"
    client.post(reverse("projects:import_confirm"), {"token": "not-the-token"})
    assert not ImportRecord.objects.exists()
    done = client.post(reverse("projects:import_confirm"), {"token": preview.context["token"]})
    assert done.status_code == 302
    assert Project.objects.get(code="03-2020-i-01").name_en == "Smart fields, from the page"
    record = ImportRecord.objects.get()
    assert (record.by, record.file_name, record.updated, record.unchanged) == (users["coordinator"], "bank.xlsx", 1, 24)


def test_the_page_shows_errors_and_offers_no_confirmation(client, users, programme, exported):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["coordinator"])
    content = edit_cell(exported, "03-2020-i-01", "Vốn đối ứng", -5)
    preview = client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("bank.xlsx", content)})
    assert preview.status_code == 400 and reverse("projects:import_confirm") not in preview.content.decode()
    assert "Số tiền không được là số âm" in preview.content.decode()
    garbage = client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("x.xlsx", b"\x00\x01garbage")})
    assert garbage.status_code == 400 and garbage.context["form"].errors["file"]


# --- what the database would refuse is found in the preview ------------------------------------------------------


def test_a_code_of_another_programme_is_an_error(programme, make_programme, exported):
    other = make_programme()
    from projects.models import Sector

    sector = Sector.objects.create(programme=other, position=1, numeral="I", name="Nông nghiệp")
    Project.objects.create(code="du-an-cua-ctr-khac", programme=other, sector=sector, position=1, host_agency=Project.objects.first().host_agency, name="X")
    plan = plan_of(edit_cell(exported, "03-2020-i-01", "Mã dự án", "du-an-cua-ctr-khac"), programme)
    assert any("belongs to a project of programme 05/CTr-UBND" in e.message for e in plan.errors)


def test_a_new_project_on_a_taken_number_is_an_error_and_swapping_two_numbers_saves(programme, users, exported):
    plan = plan_of(edit_cell(exported, "03-2020-i-01", "Mã dự án", "du-an-moi"), programme)
    assert any("Number 1 of sector I is already taken by 03-2020-i-01" in e.message for e in plan.errors)

    def swap(sheet, column_of):
        first, second = row_of(sheet, column_of, "03-2020-i-01"), row_of(sheet, column_of, "03-2020-i-02")
        sheet.cell(row=first, column=column_of["Số thứ tự trong lĩnh vực"], value=2)
        sheet.cell(row=second, column=column_of["Số thứ tự trong lĩnh vực"], value=1)

    plan = plan_of(edited(exported, swap), programme)
    assert plan.errors == [] and plan.counts["update"] == 2
    import_apply(plan=plan, by=users["coordinator"])
    assert (Project.objects.get(code="03-2020-i-01").position, Project.objects.get(code="03-2020-i-02").position) == (2, 1)


def test_columns_the_file_lacks_change_nothing(programme, users, exported):
    BudgetLine.objects.filter(project__code="03-2020-ii-06", position=2).update(description_en="Trusted address support")

    def drop(sheet, column_of):
        for heading in ("Năm bắt đầu", "Năm kết thúc", "Số thứ tự trong lĩnh vực", "Nội dung hạng mục kinh phí (tiếng Anh)"):
            sheet.delete_cols(column_of[heading])
            column_of.update({cell.value: cell.column for cell in sheet[1]})

    before = snapshot()
    plan = plan_of(edited(exported, drop), programme)
    assert plan.errors == [] and plan.counts["unchanged"] == 25
    import_apply(plan=plan, by=users["coordinator"])
    assert snapshot()[:2] == before[:2]


@pytest.mark.parametrize(
    "heading, value, message",
    [
        ("Tổng vốn dự án", 1e30, "too large"),
        ("Tổng vốn dự án", 10**15, "too large"),
        ("Số thứ tự trong lĩnh vực", "²", "Write a whole number"),
        ("Số thứ tự trong lĩnh vực", 70000, "between 1 and 32767"),
        ("Năm bắt đầu", 1900, "not a plausible year"),
        ("Tên dự án", "x" * 600, "longer than 500 characters"),
    ],
)
def test_values_the_database_cannot_hold_are_errors(programme, exported, heading, value, message):
    plan = plan_of(edit_cell(exported, "03-2020-i-01", heading, value), programme)
    assert any(message in e.message for e in plan.errors), [e.message for e in plan.errors]


def test_english_csv_keeps_three_decimals(programme, users):
    BudgetLine.objects.filter(project__code="03-2020-i-01").update(total=Decimal("120.125"), aid_sought=Decimal("100.125"), counterpart=Decimal(20))
    with translation.override("en"):
        content = bank_flat_csv(Project.objects.filter(programme=programme))
    plan = plan_of(content, programme, "bank.csv")
    assert plan.errors == [] and plan.counts["unchanged"] == 25


def test_a_csv_with_a_title_line_and_semicolons(programme):
    with translation.override("vi"):
        body = bank_flat_csv(Project.objects.filter(programme=programme)).decode("utf-8-sig")
    import csv as csvmodule

    rows = list(csvmodule.reader(io.StringIO(body)))
    out = io.StringIO()
    out.write("Danh sách dự án, bản sửa, tháng 11\n")
    csvmodule.writer(out, delimiter=";").writerows(rows)
    plan = plan_of(out.getvalue().encode("utf-8"), programme, "bank.csv")
    assert plan.errors == [] and plan.counts["unchanged"] == 25


def test_a_heading_given_twice_and_a_code_naming_two_projects(programme, exported):
    def twice(sheet, column_of):
        sheet.cell(row=1, column=sheet.max_column + 1, value="Tổng vốn dự án")

    plan = plan_of(edited(exported, twice), programme)
    assert "Columns given twice: Tổng vốn dự án" in plan.errors[0].message

    def same_code(sheet, column_of):
        sheet.cell(row=row_of(sheet, column_of, "03-2020-i-02"), column=column_of["Mã dự án"], value="03-2020-i-01")

    plan = plan_of(edited(exported, same_code), programme)
    assert any("has the code of row" in e.message for e in plan.errors)


def test_a_name_that_names_two_agencies_asks_for_the_code(programme, exported):
    from partners.models import Organisation

    Organisation.objects.filter(code__in=["so-tai-chinh-soc-trang", "so-tai-chinh-can-tho"]).update(short_name="Sở Tài chính")
    plan = plan_of(edit_cell(exported, "03-2020-i-01", "Chủ khoản viện trợ", "So Tai chinh"), programme)
    [error] = plan.errors
    assert "names several" in error.message and "so-tai-chinh-soc-trang" in error.message and "so-tai-chinh-can-tho" in error.message


def test_created_projects_have_their_units_in_history_and_a_creation_event(programme, users, exported):
    from projects.models import ProjectEvent

    def edit(sheet, column_of):
        row = sheet.max_row + 1
        for heading, value in {"Lĩnh vực": "I", "Chủ khoản viện trợ": "hoi-nong-dan-soc-trang", "Tên dự án": "Dự án có địa bàn",
                               "Đơn vị hành chính": "soc-trang", "Tổng vốn dự án": 10, "Vốn vận động viện trợ": 10, "Vốn đối ứng": 0}.items():
            sheet.cell(row=row, column=column_of[heading], value=value)

    record = import_apply(plan=plan_of(edited(exported, edit), programme), by=users["coordinator"])
    project = Project.objects.get(name="Dự án có địa bàn")
    assert list(project.history.get().admin_units.values_list("administrativeunit__code", flat=True)) == ["soc-trang"]
    assert ProjectEvent.objects.get(project=project).comment == record.history_reason()


def test_confirming_after_the_bank_changed_shows_the_new_preview(client, users, programme, exported):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["coordinator"])
    content = edit_cell(exported, "03-2020-i-01", "Tên dự án bằng tiếng Anh", "From the file")
    preview = client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("bank.xlsx", content)})
    Project.objects.filter(code="03-2020-v-01").update(name_en="Changed meanwhile", version=99)
    second = client.post(reverse("projects:import_confirm"), {"token": preview.context["token"]})
    assert second.status_code == 409 and second.context["plan"].counts["update"] == 2
    assert Project.objects.get(code="03-2020-v-01").name_en == "Changed meanwhile" and not ImportRecord.objects.exists()
    assert client.post(reverse("projects:import_confirm"), {"token": preview.context["token"]}).status_code == 302
    assert ImportRecord.objects.get().updated == 2


def test_a_preview_with_errors_keeps_no_file_and_old_previews_are_swept(client, users, programme, exported, settings, tmp_path):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.imports import pending

    def kept():
        return set(default_storage.listdir(pending.FOLDER)[1]) if default_storage.exists(pending.FOLDER) else set()

    client.force_login(users["coordinator"])
    before = kept()
    client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("bad.xlsx", edit_cell(exported, "03-2020-i-01", "Vốn đối ứng", -5))})
    assert kept() == before
    default_storage.save(f"{pending.FOLDER}/1000-old.bin", io.BytesIO(b"x"))
    client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("good.xlsx", exported)})
    assert [name for name in default_storage.listdir(pending.FOLDER)[1] if name.startswith("1000-")] == []


def test_the_template_survives_a_bad_programme_parameter(client, users):
    client.force_login(users["coordinator"])
    assert client.get(reverse("projects:import_template"), {"programme": "abc"}).status_code == 200


def test_the_preview_runs_the_same_queries_for_a_small_and_a_large_file(client, users, programme, exported):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_rows(count):
        def edit(sheet, column_of):
            for i in range(count):
                row = sheet.max_row + 1
                for heading, value in {"Lĩnh vực": "II", "Chủ khoản viện trợ": "hoi-nong-dan-soc-trang", "Tên dự án": f"Dự án mới {i}",
                                       "Tổng vốn dự án": 10, "Vốn vận động viện trợ": 10, "Vốn đối ứng": 0}.items():
                    sheet.cell(row=row, column=column_of[heading], value=value)
        return edited(exported, edit)

    client.force_login(users["coordinator"])
    counts = []
    for content in (add_rows(2), add_rows(200)):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("bank.xlsx", content)})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
