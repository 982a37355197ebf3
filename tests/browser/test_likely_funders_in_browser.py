"""The likely funders on a proposal's page, in a real browser: the coordinator reads who comes first and why, on a
desktop and on a phone, where each NGO is a card that does not scroll sideways."""
import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from partners.models import NGO, AdministrativeUnit, Organisation
from partners.unit_data import load_units
from projects.models import Project
from projects.models.pipeline import Agreement
from projects.seed import load_programme_fixture
from tests.browser.conftest import PHONE, make_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "socaid-demo-2026"


@pytest.fixture
def smart_fields(transactional_db):
    """I.1, with a completed project of the same sector in the same commune funded by the Australian consulate."""
    load_programme_fixture()
    load_units()
    project = Project.objects.get(code="03-2020-i-01")
    australia = NGO.objects.get(code="tong-lanh-su-quan-uc-tphcm")
    past = Project.objects.create(
        code="past-uc", programme=project.programme, sector=project.sector, position=99, status=Project.Status.COMPLETED,
        host_agency=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), name="Mô hình tưới tiết kiệm nước", ngo=australia,
    )
    past.admin_units.set(AdministrativeUnit.objects.filter(code="soc-trang-chau-thanh-phu-tan"))
    Agreement.objects.create(project=past, ngo=australia, amount=Decimal("50000"), currency="USD", rate_to_vnd=Decimal("25000"),
                             rate_date=datetime.date(2024, 3, 1), signed_on=datetime.date(2024, 3, 1))
    make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")
    return project


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_coordinator_reads_who_comes_first_and_why(new_page, sign_in, live_server, smart_fields, screenshot, viewport):
    page = new_page(viewport) if viewport else new_page()
    sign_in(page, "dieuphoi", PASSWORD)
    page.goto(f"{live_server.url}/bank/{smart_fields.pk}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Nhà tài trợ tiềm năng"))
    expect(section).to_be_visible()
    first = section.locator("tbody tr").first
    expect(first.get_by_role("rowheader")).to_contain_text("Tổng Lãnh sự quán Úc")
    expect(first).to_contain_text("Đã tài trợ 1 dự án thuộc lĩnh vực")
    expect(first).to_contain_text("1.250 triệu đồng")
    expect(first.get_by_role("link", name="I.99 Mô hình tưới tiết kiệm nước").first).to_be_visible()
    expect(section.locator("tbody tr").nth(1)).to_contain_text("Chưa ghi nhận hoạt động nào tại địa bàn của dự án.")
    section.scroll_into_view_if_needed()
    screenshot(page, f"likely-funders-{'phone' if viewport else 'desktop'}")
    # The budget table above scrolls in its own box on a phone; the funders are cards and the page does not.
    wrap = section.locator(".table-wrap")
    assert wrap.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
