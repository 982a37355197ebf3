"""The coordinator starts the 2026–2030 programme in a real browser and takes over two projects of 2020–2025."""
import pytest
from playwright.sync_api import expect

from projects.models import Programme, Project
from projects.seed import load_programme_fixture
from tests.browser.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-demo-2026"
TAKEN = ("03-2020-ii-06", "03-2020-v-01")


@pytest.fixture
def coordinator(transactional_db):
    load_programme_fixture()
    return make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho", first_name="Lan")


def test_the_coordinator_starts_the_next_programme_and_takes_over_two_projects(coordinator, page, sign_in, live_server, screenshot):
    sign_in(page, "dieuphoi", PASSWORD)
    page.get_by_role("link", name="Chương trình", exact=True).click()
    expect(page.get_by_role("cell", name="2020–2025")).to_be_visible()
    page.get_by_role("link", name="Khởi tạo chương trình giai đoạn tiếp theo").click()

    # The years follow the seed's, its six sectors are offered to edit.
    expect(page.locator("[name=start_year]")).to_have_value("2026")
    expect(page.locator("[name=end_year]")).to_have_value("2030")
    expect(page.locator("[name=sectors-5-numeral]")).to_have_value("VI")
    page.locator("[name=number]").fill("15/CTr-UBND")
    page.locator("[name=issued_on]").fill("12/01/2026")
    page.locator("[name=issuer]").select_option(label="Ủy ban nhân dân thành phố Cần Thơ")
    page.locator("[name=province]").select_option(label="Thành phố Cần Thơ")
    page.locator("[name=coordinator]").select_option(label="Sở Tài chính thành phố Cần Thơ")
    page.locator("[name=title]").fill("Chương trình vận động viện trợ phi chính phủ nước ngoài thành phố Cần Thơ giai đoạn 2026 - 2030")
    page.locator("[name=sectors-5-name]").fill("Lĩnh vực khác và chuyển đổi số")
    page.locator("[name=targets-0-target_year]").fill("2030")
    screenshot(page, "next-programme-start")
    page.get_by_role("button", name="Khởi tạo chương trình").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("15/CTr-UBND (2026–2030)")
    rows = page.locator("table.take-over tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator("table.take-over input:checked")).to_have_count(0)
    for code in TAKEN:
        page.get_by_label(Project.objects.get(code=code).name).check()
    screenshot(page, "next-programme-take-over")
    page.get_by_role("button", name="Chuyển tiếp các dự án đã đánh dấu").click()

    expect(page.get_by_text("Đã chuyển tiếp 2 dự án.")).to_be_visible()
    new = Programme.objects.get(start_year=2026)
    assert new.sectors.get(numeral="VI").name == "Lĩnh vực khác và chuyển đổi số"
    assert sorted(new.projects.values_list("carried_over_from__code", flat=True)) == list(TAKEN)
    page.get_by_role("link", name="Chuyển tiếp dự án").click()
    expect(page.locator("table.take-over tbody tr")).to_have_count(23)
