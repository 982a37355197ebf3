"""The administrative units' list and a unit's page: who reads them, the filters, the export and the queries."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db
PHU_TAN = "soc-trang-chau-thanh-phu-tan"


def listed(response):
    """The units the list shows, by portal code, in its order."""
    return [unit.code for unit in response.context["units"]]


@pytest.mark.parametrize("role", ["coordinator", "officer", "reviewer", "viewer", "admin"])
def test_every_staff_role_reads_the_units_and_finds_them_in_the_menu(client, users, role):
    client.force_login(users[role])
    response = client.get(reverse("partners:units"))
    assert response.status_code == 200
    assert f'href="{reverse("partners:units")}"' in response.content.decode()
    phu_tan = AdministrativeUnit.objects.get(code=PHU_TAN)
    assert client.get(reverse("partners:unit", args=[phu_tan.pk])).status_code == 200


def test_a_user_without_a_role_reads_nothing_and_sees_no_link(client, users):
    client.force_login(users["nobody"])
    assert client.get(reverse("partners:units")).status_code == 403
    assert client.get(reverse("partners:unit", args=[AdministrativeUnit.objects.get(code=PHU_TAN).pk])).status_code == 403
    assert client.get(reverse("partners:units") + "?export=xlsx").status_code == 403
    assert f'href="{reverse("partners:units")}"' not in client.get(reverse("partners:units")).content.decode()


def test_a_missing_unit_is_not_found(client, users):
    client.force_login(users["viewer"])
    assert client.get(reverse("partners:unit", args=[999999])).status_code == 404


def test_search_without_diacritics_finds_the_new_commune_and_its_predecessors_show(client, users):
    client.force_login(users["viewer"])
    response = client.get(reverse("partners:units"), {"q": "thuan hoa"})
    # The former commune of the same name ended with the reform; the new one is under the new city.
    assert listed(response) == ["soc-trang-chau-thanh-xa-thuan-hoa", "can-tho-2025-xa-thuan-hoa"]
    html = response.content.decode()
    assert "Xã Phú Tân (đến 30/06/2025)" in html and "toàn bộ" in html and "Huyện Châu Thành (đến 30/06/2025)" in html and "một phần" in html
    # A number is a whole one: ward 3, not ward 1 whose official code 31522 holds a 3.
    ward_3 = listed(client.get(reverse("partners:units"), {"q": "Phuong 3", "parent": AdministrativeUnit.objects.get(code="soc-trang-tp-soc-trang").pk}))
    assert ward_3 == ["soc-trang-tp-soc-trang-phuong-3"]
    # The official code is searched too.
    assert listed(client.get(reverse("partners:units"), {"q": "31582"})) == [PHU_TAN, "can-tho-2025-xa-thuan-hoa"]


def test_level_parent_and_validity_filters(client, users):
    client.force_login(users["viewer"])
    url = reverse("partners:units")
    districts = listed(client.get(url, {"level": 2}))
    assert len(districts) == AdministrativeUnit.objects.filter(level=2).count() and "soc-trang-chau-thanh" in districts
    chau_thanh = AdministrativeUnit.objects.get(code="soc-trang-chau-thanh")
    within = listed(client.get(url, {"parent": chau_thanh.pk}))
    assert PHU_TAN in within and len(within) == chau_thanh.children.count()
    # The new city's 103 communes are in force today; none of Sóc Trăng's former communes is.
    today = listed(client.get(url, {"level": 3, "validity": "on", "on": "30/11/2026"}))
    assert len(today) == 103 and PHU_TAN not in today
    before = listed(client.get(url, {"level": 3, "validity": "on", "on": "30/06/2025"}))
    assert PHU_TAN in before and "can-tho-2025-xa-thuan-hoa" not in before
    ended = listed(client.get(url, {"validity": "ended"}))
    assert PHU_TAN in ended and "can-tho-2025" not in ended


def test_ended_units_without_a_recorded_successor(client, users):
    client.force_login(users["viewer"])
    orphans = listed(client.get(reverse("partners:units"), {"no_successor": "on"}))
    assert "soc-trang-tp-soc-trang-phuong-3" in orphans and PHU_TAN not in orphans
    assert all(AdministrativeUnit.objects.get(code=code).valid_to is not None for code in orphans)
    assert not UnitSuccession.objects.filter(predecessor__code__in=orphans).exists()


def test_a_date_written_wrongly_is_reported_and_not_applied(client, users):
    client.force_login(users["viewer"])
    response = client.get(reverse("partners:units"), {"validity": "on", "on": "31/02/2025"})
    assert response.status_code == 200 and "Nhập một ngày hợp lệ." in response.content.decode()
    # The wrong date filters nothing out: every unit is listed, as without it.
    assert len(listed(response)) == AdministrativeUnit.objects.count()


def test_the_export_has_the_filtered_rows_with_their_links(client, users):
    client.force_login(users["officer"])
    response = client.get(reverse("partners:units"), {"q": "phu tan", "level": 3, "export": "xlsx"})
    assert response.status_code == 200 and "don-vi-hanh-chinh" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Tên", "Mã trên cổng", "Mã chính thức", "Cấp"]
    phu_tan = next(row for row in rows if row[1] == PHU_TAN)
    assert phu_tan == [
        "Xã Phú Tân (đến 30/06/2025)", PHU_TAN, "31582", "Cấp xã", "Xã", "Huyện Châu Thành (đến 30/06/2025)",
        None, datetime.datetime(2025, 6, 30), None, "Xã Thuận Hoà (toàn bộ)",
    ]
    assert len(rows) - 1 == len(listed(client.get(reverse("partners:units"), {"q": "phu tan", "level": 3})))


def test_the_english_page_and_export_speak_english(client, users):
    client.force_login(users["viewer"])
    client.cookies["django_language"] = "en"
    today = {"q": "thuan hoa", "validity": "on", "on": "30/11/2026"}
    response = client.get(reverse("partners:units"), today)
    html = response.content.decode()
    assert "Administrative units" in html and "Thuận Hoà commune" in html and "Phú Tân commune (until 30/06/2025)" in html
    assert "the whole of it" in html and "Xã Thuận Hoà" not in html
    unit = AdministrativeUnit.objects.get(code="can-tho-2025-xa-thuan-hoa")
    page = client.get(reverse("partners:unit", args=[unit.pk])).content.decode()
    assert "Predecessors" in page and "Effective on" in page and "01/07/2025" in page and "16/06/2025" in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("partners:units"), today | {"export": "xlsx"}).content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["Name", "Portal code", "Official code"]
    assert sheet["A2"].value == "Thuận Hoà commune"


def test_the_list_runs_a_constant_number_of_queries(client, users, django_assert_max_num_queries):
    client.force_login(users["viewer"])
    assert AdministrativeUnit.objects.count() >= 224
    for query in ({}, {"validity": "ended", "no_successor": "on"}, {"export": "xlsx"}):
        with django_assert_max_num_queries(8):
            assert client.get(reverse("partners:units"), query).status_code == 200
    city = AdministrativeUnit.objects.get(code="can-tho-2025")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("partners:unit", args=[city.pk])).status_code == 200
