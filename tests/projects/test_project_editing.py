"""The project form and page: validation in the user's language, no lost edit, history and restore."""
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import AdministrativeUnit, Organisation
from projects.models import Project
from tests.support.project_forms import edit_payload

pytestmark = pytest.mark.django_db


def new_project_payload(programme, **changes):
    data = {
        "programme": programme.pk,
        "sector": programme.sectors.get(numeral="I").pk,
        "position": "",
        "host_agency": Organisation.objects.get(code="ubnd-huyen-chau-thanh").pk,
        "name": "Nhà văn hóa ấp Phú Lợi",
        "name_en": "",
        "location_text": "Xã Phú Tân, huyện Châu Thành",
        "admin_units": [AdministrativeUnit.objects.get(code="soc-trang-chau-thanh-phu-tan").pk],
        "start_year": 2023,
        "end_year": 2025,
        "content": "Xây dựng nhà văn hóa cộng đồng",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-total": "1.250,5",
        "lines-0-aid_sought": "1.000",
        "lines-0-counterpart": "250,5",
    }
    return data | changes


def test_officer_creates_a_draft_with_vietnamese_amounts(client, users, programme):
    client.force_login(users["officer"])
    response = client.post(reverse("projects:create"), new_project_payload(programme))
    project = Project.objects.get(name="Nhà văn hóa ấp Phú Lợi")
    assert response.status_code == 302 and response["Location"] == reverse("projects:detail", args=[project.pk])
    line = project.lines.get()
    assert (line.total, line.aid_sought, line.counterpart) == (Decimal("1250.5"), Decimal("1000"), Decimal("250.5"))
    assert (project.status, project.position, project.version) == ("draft", 9, 1)
    assert "nha van hoa ap phu loi" in project.search_text
    assert project.events.get().action == "create"
    page = client.get(response["Location"]).content.decode()
    assert "1.250,5" in page and "Chưa có bản tiếng Anh" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"lines-0-total": "-5"}, "total", "không được là số âm"),
        ({"lines-0-total": "1.300"}, None, "chênh lệch là 49,5"),
        ({"lines-0-total": "mười"}, "total", "triệu đồng"),
        ({"start_year": 2025, "end_year": 2024}, "end_year", "Năm kết thúc"),
        ({"start_year": 2026, "end_year": 2027}, "admin_units", "không tồn tại"),
        ({"name": ""}, "name", "bắt buộc"),
    ],
)
def test_invalid_input_is_explained_in_vietnamese_and_nothing_is_saved(client, users, programme, changes, field, message):
    client.force_login(users["officer"])
    before = Project.objects.count()
    response = client.post(reverse("projects:create"), new_project_payload(programme, **changes))
    assert response.status_code == 200
    assert Project.objects.count() == before
    html = response.content.decode()
    assert message in html, html[html.find('class="notice error"'):][:2000]


def test_period_beyond_the_programme_is_a_warning_not_an_error(client, users, programme):
    client.force_login(users["officer"])
    response = client.post(reverse("projects:create"), new_project_payload(programme, end_year=2027), follow=True)
    assert response.status_code == 200
    assert Project.objects.filter(name="Nhà văn hóa ấp Phú Lợi").exists()
    assert "2023–2027" in response.content.decode()


def test_two_editors_the_second_save_is_refused_and_shows_what_changed(client, users, own_draft):
    first = client
    first.force_login(users["officer"])
    from django.test import Client

    second = Client()
    second.force_login(users["coordinator"])
    loaded = edit_payload(own_draft)  # both opened version 1
    assert first.post(reverse("projects:edit", args=[own_draft.pk]), loaded | {"name_en": "Community hall"}).status_code == 302
    response = second.post(reverse("projects:edit", args=[own_draft.pk]), loaded | {"name": "Tên mới của điều phối viên"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Community hall" in html and "Officer" in html
    own_draft.refresh_from_db()
    assert (own_draft.name, own_draft.name_en, own_draft.version) == ("Dự án nháp Châu Thành", "Community hall", 2)


def test_history_shows_each_change_and_restores_an_earlier_version(client, users):
    client.force_login(users["coordinator"])
    lake = Project.objects.get(code="03-2020-v-01")
    original = lake.name_en
    assert client.post(reverse("projects:edit", args=[lake.pk]), edit_payload(lake, name_en="Lake and park, Ward 4")).status_code == 302
    page = client.get(reverse("projects:detail", args=[lake.pk]))
    entries = page.context["history"]
    latest = next(e for e in entries if e.kind == "project")
    assert [(c.old, c.new) for c in latest.changes] == [(original, "Lake and park, Ward 4")]
    assert latest.user == users["coordinator"]
    earlier = [e for e in entries if e.kind == "project" and not e.is_current][0]
    lake.refresh_from_db()
    response = client.post(reverse("projects:restore", args=[lake.pk, earlier.record_id]), {"version": lake.version})
    assert response.status_code == 302
    lake.refresh_from_db()
    assert lake.name_en == original and lake.version == 3
    assert lake.events.timeline().last().action == "restore"


def test_line_breaks_a_browser_sends_as_cr_lf_are_no_change(client, users):
    client.force_login(users["coordinator"])
    lake = Project.objects.get(code="03-2020-i-08")  # its content runs over several lines
    assert "\n" in lake.content
    as_browser_sends = lake.content.replace("\n", "\r\n")
    assert client.post(reverse("projects:edit", args=[lake.pk]), edit_payload(lake, content=as_browser_sends, name_en="Lake")).status_code == 302
    lake.refresh_from_db()
    assert "\r" not in lake.content
    latest = next(e for e in client.get(reverse("projects:detail", args=[lake.pk])).context["history"] if e.kind == "project")
    assert [c.new for c in latest.changes] == ["Lake"]


def test_budget_line_changes_appear_in_the_history(client, users, own_draft):
    client.force_login(users["officer"])
    data = edit_payload(own_draft, **{"lines-0-total": "150", "lines-0-aid_sought": "120", "lines-0-counterpart": "30"})
    assert client.post(reverse("projects:edit", args=[own_draft.pk]), data).status_code == 302
    entries = client.get(reverse("projects:detail", args=[own_draft.pk])).context["history"]
    line_changes = [(c.old, c.new) for e in entries if e.kind == "line" for c in e.changes]
    assert ("100", "150") in line_changes


def test_project_page_queries_do_not_grow(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["coordinator"])
    lake = Project.objects.get(code="03-2020-v-01")

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("projects:detail", args=[lake.pk])).status_code == 200
        return len(captured)

    before = queries_for_page()
    for n in range(5):
        client.post(reverse("projects:edit", args=[lake.pk]), edit_payload(Project.objects.get(pk=lake.pk), name_en=f"Version {n}"))
    assert len(client.get(reverse("projects:detail", args=[lake.pk])).context["history"]) >= 6
    # 12 of them read the likely funders (projects/likely_funders.py; 16 once certificates and funded projects
    # exist), whatever the registry's size; the pipeline and the engagements sections a few more, never per row.
    assert queries_for_page() == before <= 36


def test_completeness_lists_what_is_missing(client, users, own_draft):
    client.force_login(users["officer"])
    missing = [str(item) for item in client.get(reverse("projects:detail", args=[own_draft.pk])).context["missing"]]
    assert missing == ["Đơn vị hành chính thuộc địa bàn dự án", "Tên dự án bằng tiếng Anh", "Nội dung bằng tiếng Anh"]


def test_an_edit_without_a_number_is_refused_with_the_fields_message(client, users, own_draft):
    client.force_login(users["officer"])
    response = client.post(reverse("projects:edit", args=[own_draft.pk]), edit_payload(own_draft, position=""))
    assert response.status_code == 200 and "không thể để trống" in " ".join(response.context["form"].errors["position"])
    own_draft.refresh_from_db()
    assert own_draft.version == 1


def test_removing_every_budget_line_is_refused_in_vietnamese(client, users, own_draft):
    client.force_login(users["officer"])
    response = client.post(reverse("projects:edit", args=[own_draft.pk]), edit_payload(own_draft, **{"lines-0-DELETE": "on"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dự án cần ít nhất một hạng mục kinh phí" in page and "Please submit" not in page
    assert own_draft.lines.count() == 1


def test_the_unit_list_names_each_unit_once_with_one_qualifier(client, users):
    """Cần Thơ before the 2025 merger is named with its own qualifier: the list adds no second one in another date
    style; a unit whose name says nothing of its end gets the day it ended."""
    project = Project.objects.get(code="03-2020-i-01")
    client.force_login(users["coordinator"])
    text = client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    assert " Thành phố Cần Thơ (trước 01/7/2025)</label>" in text
    assert "(trước 01/7/2025) (" not in text
    soc_trang = AdministrativeUnit.objects.get(code="soc-trang")
    assert f" {soc_trang.name} (đến 30/06/2025)</label>" in text
