"""The coordinator brings an edited copy of the bank back in through the browser: preview, confirm, recorded."""
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from projects.imports.flat_export import bank_flat_xlsx
from projects.models import ImportRecord, Project
from projects.seed import load_programme_fixture
from tests.browser.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "socaid-demo-2026"


def test_import_preview_then_confirm(transactional_db, page, sign_in, live_server, tmp_path, screenshot):
    load_programme_fixture()
    make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")
    with translation.override("vi"):
        workbook = load_workbook(io.BytesIO(bank_flat_xlsx(Project.objects.all())))
    sheet = workbook.active
    column = {cell.value: cell.column for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=column["Mã dự án"]).value == "03-2020-i-01":
            sheet.cell(row=row, column=column["Tên dự án bằng tiếng Anh"], value="Smart rice fields — imported")
    path = tmp_path / "ngan-hang.xlsx"
    workbook.save(path)

    sign_in(page, "dieuphoi", PASSWORD)
    page.get_by_role("link", name="Nhập dữ liệu").click()
    page.locator("[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="Xem trước kết quả nhập").click()
    expect(page.get_by_text("Tạo mới 0, cập nhật 1, giữ nguyên 24.")).to_be_visible()
    expect(page.get_by_text("Smart rice fields — imported")).to_be_visible()
    assert Project.objects.get(code="03-2020-i-01").name_en != "Smart rice fields — imported"
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Xác nhận và nhập").click()
    expect(page.get_by_text("Đã nhập “ngan-hang.xlsx”: tạo mới 0, cập nhật 1, giữ nguyên 24.")).to_be_visible()
    assert Project.objects.get(code="03-2020-i-01").name_en == "Smart rice fields — imported"
    assert ImportRecord.objects.get().updated == 1
