"""The Django admin: every model reachable, in Vietnamese, with history kept."""
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from partners.roles import ensure_role_groups
from projects.models import Project
from tests.support.project_forms import admin_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("root", superuser=True))
    return client


@pytest.fixture
def coordinator_client(client, make_user):
    user = make_user("coord", role="coordinator", organisation="so-tai-chinh-can-tho", staff=True)
    user.groups.add(ensure_role_groups()["coordinator"])
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label in ("partners", "projects")], ids=str)
def test_every_model_has_a_working_list_and_form(superuser_client, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        listing = superuser_client.get(admin_url(model, "changelist"), {"q": "Sóc"})
    assert listing.status_code == 200
    add = superuser_client.get(admin_url(model, "add"))
    # Records kept by the software itself (imports) have no add form.
    assert add.status_code == (200 if admin.site._registry[model].has_add_permission(add.wsgi_request) else 403)
    first = model.objects.order_by("pk").first()
    if first is not None:
        assert superuser_client.get(admin_url(model, "change", first.pk)).status_code == 200


def test_coordinator_finds_the_25_projects_in_vietnamese(coordinator_client):
    page = coordinator_client.get(admin_url(Project, "changelist"), {"programme__id__exact": Project.objects.first().programme_id})
    assert page.status_code == 200
    html = page.content.decode()
    assert "25 dự án" in html
    assert "Chủ khoản viện trợ" in html
    assert "132.716" not in html  # sector totals are not project rows
    assert "97.666" in html  # V.2, the largest project, in the Vietnamese number format


def test_project_list_costs_the_same_queries_whatever_the_rows(coordinator_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        assert coordinator_client.get(admin_url(Project, "changelist")).status_code == 200


def test_each_rows_sums_in_the_project_list_are_those_of_the_bank_and_sort_it(coordinator_client):
    """The list asks each row's sums of its own lines (with_totals_per_row): the same figures as the join's,
    unknown amounts left out, a project without a known amount empty, and the columns still sort."""
    from projects.models import BudgetLine

    lake = Project.objects.get(code="03-2020-v-01")
    BudgetLine.objects.filter(project=lake).update(counterpart=None)
    by_join = {p.pk: (p.total, p.aid_sought, p.counterpart) for p in Project.objects.with_totals()}
    by_row = {p.pk: (p.total, p.aid_sought, p.counterpart) for p in Project.objects.with_totals_per_row()}
    assert by_row == by_join and by_row[lake.pk][2] is None and len(by_row) == 25
    column = coordinator_client.get(admin_url(Project, "changelist")).context["cl"].list_display.index("aid_amount")
    page = coordinator_client.get(admin_url(Project, "changelist"), {"o": f"-{column}"})  # the aid sought, largest first
    known = [by_join[p.pk][1] for p in page.context["cl"].result_list if by_join[p.pk][1] is not None]
    assert len(page.context["cl"].result_list) == 25 and known == sorted(known, reverse=True)
    assert known[0] == max(figures[1] for figures in by_join.values() if figures[1] is not None)


def test_sector_list_shows_subtotals(coordinator_client):
    from projects.models import Sector

    html = coordinator_client.get(admin_url(Sector, "changelist")).content.decode()
    for figure in ["132.716", "13.233", "8.280", "15.000", "178.673", "20.000"]:
        assert figure in html


def test_editing_a_project_in_the_admin_is_kept_in_its_history(coordinator_client):
    lake = Project.objects.get(code="03-2020-v-01")
    response = admin_post(coordinator_client, lake, name_en="Regulating lake, Ward 4")
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    record = lake.history.latest()
    assert record.history_user.username == "coord"
    assert record.prev_record.diff_against(record.prev_record.prev_record or record.prev_record)  # a chain exists
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.new) for c in delta.changes] == [("name_en", "Regulating lake, Ward 4")]
    history_page = coordinator_client.get(admin_url(Project, "history", lake.pk)).content.decode()
    assert "Regulating lake, Ward 4" in history_page
    assert "Sửa trong trang quản trị" in history_page and "Edited in the admin" not in history_page  # stored as a message id


def test_readers_cannot_change(client, make_user):
    user = make_user("reader", role="officer", organisation="ubnd-huyen-chau-thanh", staff=True)
    user.groups.add(ensure_role_groups()["officer"])
    client.force_login(user)
    lake = Project.objects.get(code="03-2020-v-01")
    assert client.get(admin_url(Project, "change", lake.pk)).status_code == 200  # view only
    response = client.post(admin_url(Project, "change", lake.pk), {"name": "Changed"})
    assert response.status_code == 403
    lake.refresh_from_db()
    assert lake.name.startswith("Hồ điều hòa")


def test_admin_is_vietnamese_by_default(superuser_client):
    html = superuser_client.get(reverse("admin:index")).content.decode()
    assert re.search(r'<html[^>]+lang="vi"', html)
    assert "Dự án" in html


def test_the_admins_newer_controls_speak_vietnamese_too(superuser_client):
    """Django's own Vietnamese stops at version 4; its later buttons and its scripts' calendar were English."""
    listing = superuser_client.get(admin_url(Project, "changelist")).content.decode()
    for english in ("Skip to main content", "Show counts", "Toggle theme"):
        assert english not in listing
    assert "Chuyển đến nội dung chính" in listing and "Hiện số lượng" in listing
    calendar = superuser_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Sunday": "Ch\\u1ee7 nh\\u1eadt"' in calendar or '"Sunday": "Chủ nhật"' in calendar


def test_sign_in_protection_and_groups_read_as_vietnamese(superuser_client):
    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert "Bảo vệ đăng nhập" in index and "Lần đăng nhập thử" in index and "Access attempts" not in index
    attempts = superuser_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Thời điểm đăng nhập" in attempts and "Attempt Time" not in attempts
    ensure_role_groups()
    groups = superuser_client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "Xóa các nhóm đã chọn" in groups and "Các nhóm" not in groups


def test_permissions_are_named_in_vietnamese(superuser_client):
    group = ensure_role_groups()["coordinator"]
    page = superuser_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "Can add" not in page and "Can change" not in page
    assert "| Dự án | Được sửa" in page
    assert "| Lịch sử dự án | Được xem" in page and "| Lịch sử dự án: đơn vị hành chính" in page
    assert "historical" not in page.lower() and "Sessions" not in page
    assert "Quản trị | Nhật ký thao tác | Được xem" in page and "Quản trị | Đăng nhập |" not in page  # "log entry" was a sign-in


def test_vietnamese_whatever_the_browser_asks_until_english_is_chosen(superuser_client):
    page = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in page.content.decode()
    superuser_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in page.content.decode() and "Site administration" in page.content.decode()


def test_admin_hides_other_agencies_drafts_from_staff_officers(client, make_user, farmers_draft):
    user = make_user("staff-officer", role="officer", organisation="ubnd-huyen-chau-thanh", staff=True)
    user.groups.add(ensure_role_groups()["officer"])
    client.force_login(user)
    assert client.get(admin_url(Project, "change", farmers_draft.pk)).status_code == 302  # "does not exist" redirect
    assert farmers_draft.name not in client.get(admin_url(Project, "changelist")).content.decode()


def test_demo_gives_the_admin_only_to_the_administrator_and_the_coordinator():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("demo", allow_production=True)
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin", "dieuphoi"}


def test_the_admin_reverts_no_project_past_the_writing_service(coordinator_client):
    """An earlier version comes back through the project page's restore, which keeps the version and the timeline."""
    lake = Project.objects.get(code="03-2020-v-01")
    assert admin_post(coordinator_client, lake, name_en="Changed in the admin").status_code == 302
    first = lake.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[lake.pk, first.history_id])
    page = coordinator_client.get(url)
    assert page.status_code == 200 and page.context["revert_disabled"]
    assert coordinator_client.post(url, {"name": "Hồ điều hòa cũ"}).status_code == 403
    assert Project.objects.get(pk=lake.pk).name_en == "Changed in the admin"


def test_what_the_writing_service_refuses_is_said_on_the_admin_form(coordinator_client):
    lake = Project.objects.get(code="03-2020-v-01")
    response = admin_post(coordinator_client, lake, position="0")
    assert response.status_code == 200 and "từ 1 đến 32767" in " ".join(response.context["adminform"].form.errors["position"])
    assert "Vui lòng sửa các lỗi được đánh dấu dưới đây." in response.content.decode()  # not Django's English
    response = admin_post(coordinator_client, lake, **{"lines-0-DELETE": "on"})  # its only budget line
    (lines,) = response.context["inline_admin_formsets"]
    assert response.status_code == 200 and lines.formset.non_form_errors()
    assert Project.objects.get(pk=lake.pk).version == lake.version and lake.lines.exists()


def test_the_ngo_list_names_each_country_in_the_admins_language(superuser_client, django_assert_max_num_queries):
    from partners.models import NGO

    with django_assert_max_num_queries(10):
        page = superuser_client.get(admin_url(NGO, "changelist"))
    html = page.content.decode()
    assert page.status_code == 200 and '<td class="field-country_name">Úc</td>' in html  # AU, of the seed
    superuser_client.cookies["django_language"] = "en"
    html = superuser_client.get(admin_url(NGO, "changelist")).content.decode()
    assert '<td class="field-country_name">Australia</td>' in html



def test_the_flat_list_action_exports_what_a_request_can_and_points_to_the_bank_list_for_more(coordinator_client, settings):
    from openpyxl import load_workbook
    import io

    chosen = list(Project.objects.order_by("pk").values_list("pk", flat=True)[:3])
    action = {"action": "export_flat_list", "_selected_action": chosen}
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "xlsx": 3}
    exported = coordinator_client.post(admin_url(Project, "changelist"), action)
    assert exported.status_code == 200 and exported["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(min_row=2, values_only=True))
    assert len({row[0] for row in rows}) == 3
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "xlsx": 2}
    refused = coordinator_client.post(admin_url(Project, "changelist"), action, follow=True)
    html = refused.content.decode()
    assert refused.status_code == 200 and "Content-Disposition" not in refused
    assert "3 dự án nhiều hơn số dự án thao tác này xuất được một lần (2)" in html
