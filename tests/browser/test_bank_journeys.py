"""What people do in the project bank, in a real browser, in Vietnamese unless they switch.

The live server only sees committed data, so every test uses a transactional
database and loads the seed programme (Sóc Trăng 2020–2025) in a fixture.
"""
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Sum
from playwright.sync_api import expect

from partners.models import Organisation
from projects.models import BudgetLine, Programme, Project, Sector
from projects.search import search_text_for
from projects.seed import load_programme_fixture
from projects.services import project_create, project_submit
from tests.browser.conftest import PHONE, make_member, scrolls_sideways, within_the_screen

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-demo-2026"
SECTOR_V = "V. Lĩnh vực bảo vệ môi trường, biến đổi khí hậu"
SECTOR_I = "I. Lĩnh vực nông nghiệp và phát triển nông thôn"
LAKE = "Hồ điều hòa diện tích 23.529m² và công viên cây xanh 89.760 m²"


# The workflow steps' buttons (and the fieldsets around them) as the catalogue words them.
SUBMIT = "Gửi đề xuất"  # "Submit the proposal"
RETURN = "Trả lại để bổ sung"  # "Return for revision"


# --- data --------------------------------------------------------------------------


@pytest.fixture
def seed(transactional_db):
    load_programme_fixture()


@pytest.fixture
def coordinator(seed):
    return make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho", first_name="Lan")


@pytest.fixture
def officer(seed):
    return make_member("canbo-chauthanh", PASSWORD, role="officer", organisation="ubnd-huyen-chau-thanh", first_name="Minh")


@pytest.fixture
def farmers_draft(seed):
    """A draft of Hội Nông dân: not the Châu Thành officer's to edit (the seed's own projects are all published)."""
    programme = Programme.objects.get(number="03/CTr-UBND")
    sector = Sector.objects.get(programme=programme, numeral="I")
    project = Project.objects.create(
        code="test-hoi-nong-dan-nhap",
        programme=programme,
        sector=sector,
        position=90 + Project.objects.filter(sector=sector).count(),
        host_agency=Organisation.objects.get(code="hoi-nong-dan-soc-trang"),
        name="Dự án nháp Hội Nông dân",
        location_text="Huyện Châu Thành",
        start_year=2024,
        end_year=2025,
        content="Nội dung thử",
        status=Project.Status.DRAFT,
    )
    BudgetLine.objects.create(project=project, position=1, total=Decimal("100"), aid_sought=Decimal("80"), counterpart=Decimal("20"))
    Project.objects.filter(pk=project.pk).update(search_text=search_text_for(project))
    return project


@pytest.fixture
def submitted_project(officer):
    """A proposal the Châu Thành officer filed and submitted, through the same services the pages use."""
    programme = Programme.objects.get(number="03/CTr-UBND")
    project = project_create(
        by=officer,
        fields={
            "programme": programme,
            "sector": Sector.objects.get(programme=programme, numeral="I"),
            "host_agency": Organisation.objects.get(code="ubnd-huyen-chau-thanh"),
            "name": "Mô hình nuôi tôm sinh thái xã Phú Tân",
            "name_en": "Ecological shrimp farming in Phú Tân commune",
            "location_text": "Xã Phú Tân, huyện Châu Thành",
            "start_year": 2024,
            "end_year": 2025,
            "content": "Hỗ trợ 50 hộ nuôi tôm kết hợp trồng rừng ngập mặn.",
        },
        admin_units=[],
        lines=[{"total": Decimal("1500"), "aid_sought": Decimal("1200"), "counterpart": Decimal("300")}],
    )
    return project_submit(project=project, by=officer)


# --- helpers -----------------------------------------------------------------------


def project_rows(page, region="Danh sách dự án"):
    return page.get_by_role("region", name=region).locator("tbody tr")


def field(text):
    """A form field's label, with or without the asterisk of a required field."""
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


def status_badge(page):
    return page.locator(".page-head .badge")


def section(page, heading):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def step_form(page, label):
    return page.get_by_role("group", name=label, exact=True)


def wait_for_project_page(page, live_server, project=None):
    pk = str(project.pk) if project else r"\d+"
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + "/bank/" + pk + "/$"))


# --- journeys ----------------------------------------------------------------------


def test_coordinator_finds_the_lakes_and_undoes_an_edit_from_the_history(page, live_server, coordinator, sign_in, screenshot):
    lakes = Project.objects.filter(name__startswith="Hồ điều hòa")
    lakes_total = BudgetLine.objects.filter(project__in=lakes).aggregate(total=Sum("total"))["total"]
    assert lakes.count() == 3 and lakes_total == Decimal("162991")  # 20.059 + 97.666 + 45.266
    sector_v = Sector.objects.get(numeral="V")

    sign_in(page, "dieuphoi", PASSWORD)
    expect(project_rows(page)).to_have_count(25)
    screenshot(page, "bank-list-vi")

    page.get_by_text("Bộ lọc", exact=True).click()
    page.get_by_label("Lĩnh vực", exact=True).select_option(label=SECTOR_V)
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    page.get_by_role("searchbox", name="Tìm kiếm").fill("ho dieu hoa")
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()

    rows = project_rows(page)
    expect(rows).to_have_count(3)
    for name in rows.locator("td.name").all_inner_texts():
        assert name.startswith("Hồ điều hòa")
    query = parse_qs(urlsplit(page.url).query)
    assert query["sector"] == [str(sector_v.pk)]
    assert query["q"] == ["ho dieu hoa"]
    grand_total = section(page, "Tổng hợp các dự án theo kết quả lọc").locator("tfoot tr")
    expect(grand_total.get_by_role("rowheader")).to_have_text("Tổng cộng")
    expect(grand_total.get_by_role("cell").nth(0)).to_have_text("3")
    expect(grand_total.get_by_role("cell").nth(1)).to_have_text("162.991")

    # The address is a bookmark: opened again in another tab, it shows the same three lakes.
    bookmark = page.context.new_page()
    bookmark.goto(page.url)
    expect(project_rows(bookmark)).to_have_count(3)
    expect(project_rows(bookmark).locator("td.name")).to_have_text(rows.locator("td.name").all_inner_texts())
    expect(bookmark.get_by_label("Lĩnh vực", exact=True)).to_have_value(str(sector_v.pk))
    expect(bookmark.get_by_role("searchbox", name="Tìm kiếm")).to_have_value("ho dieu hoa")
    bookmark.close()

    lake = lakes.get(name=LAKE)
    old_english = lake.name_en
    new_english = "Regulating lake (23,529 m²) with a green park (89,760 m²)"
    page.get_by_role("link", name=LAKE).click()
    wait_for_project_page(page, live_server, lake)
    expect(page.get_by_role("heading", level=1)).to_contain_text(LAKE)
    screenshot(page, "project-page-vi")

    page.get_by_role("link", name="Sửa", exact=True).click()
    expect(page.get_by_role("heading", name="Chỉnh sửa dự án", level=1)).to_be_visible()
    english_name = page.get_by_label("Tên dự án bằng tiếng Anh")
    expect(english_name).to_have_value(old_english)
    screenshot(page, "edit-form-vi")
    english_name.fill(new_english)
    page.locator('input[name="lines-0-total"]').fill("98.000")
    page.locator('input[name="lines-0-aid_sought"]').fill("98.000")
    page.get_by_role("button", name="Lưu", exact=True).click()

    wait_for_project_page(page, live_server, lake)
    expect(page.get_by_role("status")).to_contain_text("Đã lưu các thay đổi.")
    expect(page.locator('[lang="en"]')).to_contain_text(new_english)
    history = section(page, "Lịch sử thay đổi")
    # The newest entries: the project's fields, and its budget line saved in the same edit.
    change = history.locator("li.history-entry").filter(has_text="Tên dự án bằng tiếng Anh").first.get_by_role("row").filter(has_text="Tên dự án bằng tiếng Anh")
    expect(change.locator("td.old")).to_have_text(old_english)
    expect(change.locator("td.new")).to_have_text(new_english)

    # Only earlier versions offer a restore; the seed's version is the one before the edit. The page first shows
    # what the restore would change, fields and budget lines, and saves nothing until confirmed.
    history.get_by_role("link", name="Khôi phục phiên bản này").last.click()
    expect(page.get_by_role("heading", name="Khôi phục phiên bản trước", level=1)).to_be_visible()
    english_row = page.get_by_role("row").filter(has_text="Tên dự án bằng tiếng Anh")
    expect(english_row.locator("td.old")).to_have_text(new_english)
    expect(english_row.locator("td.new")).to_have_text(old_english)
    total_row = page.locator("table.restore-line-1").get_by_role("row").filter(has_text="Tổng vốn dự án")
    expect(total_row.locator("td.old")).to_have_text("98.000")
    expect(total_row.locator("td.new")).to_have_text("97.666")
    screenshot(page, "restore-confirmation-vi")
    lake.refresh_from_db()
    assert lake.name_en == new_english and lake.lines.get().total == Decimal("98000")
    page.get_by_role("button", name="Khôi phục phiên bản này").click()
    wait_for_project_page(page, live_server, lake)
    expect(page.get_by_role("status")).to_contain_text("Đã khôi phục phiên bản trước.")
    expect(page.locator('[lang="en"]')).to_contain_text(old_english)
    expect(page.locator('[lang="en"]')).not_to_contain_text(new_english)
    restore = history.locator("li.history-entry").filter(has_text="Tên dự án bằng tiếng Anh").first
    expect(restore).to_contain_text("Đã khôi phục một phiên bản trước")
    restored = restore.get_by_role("row").filter(has_text="Tên dự án bằng tiếng Anh")
    expect(restored.locator("td.old")).to_have_text(new_english)
    expect(restored.locator("td.new")).to_have_text(old_english)
    expect(section(page, "Tiến trình xử lý").locator("li.event-restore")).to_contain_text("Lan")
    expect(page.locator("section[aria-labelledby=lines-title] tbody td.amount").first).to_have_text("97.666")
    lake.refresh_from_db()
    assert lake.name_en == old_english and lake.lines.get().total == Decimal("97666")


def test_officer_files_and_submits_a_proposal_but_cannot_edit_another_agencys(page, live_server, officer, farmers_draft, sign_in):
    programme = Programme.objects.get(number="03/CTr-UBND")
    chau_thanh = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    sign_in(page, "canbo-chauthanh", PASSWORD)

    page.get_by_role("link", name="Thêm dự án").click()
    expect(page.get_by_role("heading", name="Thêm dự án", level=1)).to_be_visible()
    expect(page.get_by_label(field("Chương trình"))).to_have_value(str(programme.pk))
    expect(page.get_by_label(field("Chủ khoản viện trợ"))).to_have_value(str(chau_thanh.pk))
    page.get_by_label(field("Lĩnh vực")).select_option(label=SECTOR_I)
    texts = page.get_by_role("group", name="Tên và nội dung")
    texts.get_by_label(field("Tên dự án")).fill("Cống ngăn mặn ấp Phước Thuận")
    texts.get_by_label(field("Nội dung")).fill("Xây cống ngăn mặn, giữ nước ngọt cho 120 ha lúa.")
    place = page.get_by_role("group", name="Địa điểm và thời gian")
    place.get_by_label("Địa điểm (theo văn bản gốc)").fill("Xã Phú Tâm, huyện Châu Thành")
    place.get_by_label(field("Năm bắt đầu")).fill("2024")
    place.get_by_label(field("Năm kết thúc")).fill("2025")
    first_line = page.locator(".budget-line").filter(has=page.get_by_role("heading", name="Hạng mục kinh phí 1"))
    first_line.get_by_label("Tổng vốn dự án").fill("1.000")
    first_line.get_by_label("Vốn vận động viện trợ").fill("800")
    first_line.get_by_label("Vốn đối ứng").fill("200")
    page.get_by_role("button", name="Lưu", exact=True).click()

    wait_for_project_page(page, live_server)
    expect(page.get_by_role("status")).to_contain_text("Dự án đã được lưu ở trạng thái nháp.")
    expect(status_badge(page)).to_have_text("Nháp")
    project = Project.objects.get(name="Cống ngăn mặn ấp Phước Thuận")
    assert project.host_agency == chau_thanh
    assert list(project.lines.values_list("total", "aid_sought", "counterpart")) == [(Decimal("1000"), Decimal("800"), Decimal("200"))]

    step_form(page, SUBMIT).get_by_role("button", name=SUBMIT).click()
    wait_for_project_page(page, live_server, project)
    expect(status_badge(page)).to_have_text("Đề xuất")
    expect(section(page, "Tiến trình xử lý").locator("li.event-submit")).to_contain_text("Đã gửi đề xuất → Đề xuất · Minh")
    expect(page.get_by_role("link", name="Sửa", exact=True)).to_have_count(0)

    response = page.goto(f"{live_server.url}/bank/{farmers_draft.pk}/edit/")
    assert response.status == 404  # another agency's draft: as if it did not exist
    expect(page.get_by_role("heading", name="Không tìm thấy", level=1)).to_be_visible()
    seed_project = Project.objects.get(code="03-2020-v-01")  # in the bank for all, not Châu Thành's to change
    response = page.goto(f"{live_server.url}/bank/{seed_project.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập", level=1)).to_be_visible()


def test_coordinator_returns_a_proposal_and_the_officer_sees_why(page, new_page, live_server, coordinator, submitted_project, sign_in):
    comment = "Đề nghị bổ sung danh sách 50 hộ hưởng lợi và ý kiến của UBND xã."
    sign_in(page, "dieuphoi", PASSWORD)
    page.get_by_role("searchbox", name="Tìm kiếm").fill("nuoi tom phu tan")
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()
    page.get_by_role("link", name=submitted_project.name).click()
    wait_for_project_page(page, live_server, submitted_project)
    expect(status_badge(page)).to_have_text("Đề xuất")

    returning = step_form(page, RETURN)
    returning.get_by_label("Ghi chú").fill(comment)
    returning.get_by_role("button", name=RETURN).click()
    wait_for_project_page(page, live_server, submitted_project)
    expect(status_badge(page)).to_have_text("Trả lại để bổ sung, hoàn thiện")

    officer_page = new_page()
    sign_in(officer_page, "canbo-chauthanh", PASSWORD)
    officer_page.get_by_role("link", name=submitted_project.name).click()
    wait_for_project_page(officer_page, live_server, submitted_project)
    expect(status_badge(officer_page)).to_have_text("Trả lại để bổ sung, hoàn thiện")
    returned = section(officer_page, "Tiến trình xử lý").locator("li.event-return")
    expect(returned).to_contain_text("Lan")
    expect(returned.locator("blockquote")).to_have_text(comment)
    expect(step_form(officer_page, SUBMIT)).to_be_visible()  # they may submit it again once revised
    officer_page.get_by_role("link", name="Sửa", exact=True).click()
    expect(officer_page.get_by_role("heading", name="Chỉnh sửa dự án", level=1)).to_be_visible()
    expect(officer_page.get_by_label(field("Tên dự án"))).to_have_value(submitted_project.name)


def test_an_edit_saved_in_another_tab_is_not_overwritten(page, live_server, coordinator, submitted_project, sign_in):
    original_name = submitted_project.name
    tab1_english = "Eco-shrimp farming with mangroves, Phú Tân commune"
    edit_url = f"{live_server.url}/bank/{submitted_project.pk}/edit/"
    sign_in(page, "dieuphoi", PASSWORD)
    tab1, tab2 = page, page.context.new_page()
    tab1.goto(edit_url)
    tab2.goto(edit_url)

    tab1.get_by_label("Tên dự án bằng tiếng Anh").fill(tab1_english)
    tab1.get_by_role("button", name="Lưu", exact=True).click()
    wait_for_project_page(tab1, live_server, submitted_project)
    expect(tab1.get_by_role("status")).to_contain_text("Đã lưu các thay đổi.")

    tab2.get_by_role("group", name="Tên và nội dung").get_by_label(field("Tên dự án")).fill("Tên mới từ thẻ thứ hai")
    with tab2.expect_response(lambda r: r.request.method == "POST" and r.url == edit_url) as posted:
        tab2.get_by_role("button", name="Lưu", exact=True).click()
    assert posted.value.status == 409
    notice = tab2.get_by_role("alert").filter(has=tab2.get_by_role("heading", name="Chưa lưu: người khác đã thay đổi dự án này sau khi bạn mở"))
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Lan")
    change = notice.get_by_role("row").filter(has_text="Tên dự án bằng tiếng Anh")
    expect(change.locator("td.old")).to_have_text(submitted_project.name_en)
    expect(change.locator("td.new")).to_have_text(tab1_english)
    # The second tab's typing is kept in the form for the user to compare.
    expect(tab2.get_by_role("group", name="Tên và nội dung").get_by_label(field("Tên dự án"))).to_have_value("Tên mới từ thẻ thứ hai")

    submitted_project.refresh_from_db()
    assert submitted_project.name_en == tab1_english
    assert submitted_project.name == original_name


def test_bank_list_fits_a_phone(new_page, live_server, coordinator, sign_in, screenshot):
    phone = new_page(viewport=PHONE)
    sign_in(phone, "dieuphoi", PASSWORD)

    assert not scrolls_sideways(phone)
    # A compact header: the brand, the language and sign-out on one line, the menu under them.
    header = phone.locator("header.site-header")
    assert header.bounding_box()["height"] <= 100
    for name in ("Ngân hàng dự án", "Báo cáo", "Báo cáo hằng năm"):
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(header.get_by_role("button", name="Đăng xuất")).to_be_visible()
    search = phone.get_by_role("searchbox", name="Tìm kiếm")
    expect(search).to_be_visible()
    assert within_the_screen(phone, search)
    search.fill("ho dieu hoa")
    search.press("Enter")
    expect(project_rows(phone)).to_have_count(3)
    assert not scrolls_sideways(phone)

    # Each project is a card: its name, host agency, the three amounts under their names and its status, all in view.
    lake = Project.objects.get(name=LAKE, status=Project.Status.PUBLISHED)
    card = project_rows(phone).filter(has_text=LAKE)
    assert within_the_screen(phone, card)
    for cell, text in [
        ("td.name", LAKE),
        ("td.agency", "UBND thành phố Sóc Trăng"),
        ("td.total", "97.666"),
        ("td.aid", "97.666"),
        ("td.counterpart", "0"),
        ("td.status", "Đã công bố cho các tổ chức PCPNN"),
    ]:
        expect(card.locator(cell)).to_be_visible()
        expect(card.locator(cell)).to_contain_text(text)
        assert within_the_screen(phone, card.locator(cell)), cell
    labels = card.locator("td.amount").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels == ['"Tổng vốn dự án"', '"Vốn vận động viện trợ"', '"Vốn đối ứng"']
    screenshot(phone, "bank-list-phone")


def test_login_form_is_usable_with_the_keyboard(page, live_server, coordinator):
    page.goto(f"{live_server.url}/accounts/login/")
    username = page.get_by_label("Tên đăng nhập")
    password = page.get_by_label("Mật khẩu")
    button = page.get_by_role("button", name="Đăng nhập")
    expect(username).to_be_focused()  # the form is ready to type into on arrival
    # From the page's heading, the next Tab stops are the form's, in reading order.
    page.get_by_role("heading", name="Đăng nhập", level=1).click()

    def outline_of_focused():
        return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    for target in (username, password, button):
        page.keyboard.press("Tab")
        expect(target).to_be_focused()
        assert outline_of_focused() != "none"

    username.fill("dieuphoi")
    password.fill(PASSWORD)
    password.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/bank/")


def test_coordinator_switches_the_bank_to_english(page, live_server, coordinator, sign_in, screenshot):
    sign_in(page, "dieuphoi", PASSWORD)
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.get_by_role("heading", name="Project bank", level=1)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(project_rows(page, region="Project list")).to_have_count(25)
    screenshot(page, "bank-list-en")
