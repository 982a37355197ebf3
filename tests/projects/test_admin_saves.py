"""The admin saves a project as the portal does: only at the version its form was opened at, and never one the
portal has closed."""
import pytest
from django.test import Client
from django.urls import reverse

from projects.models import Project
from tests.support.bank_fixtures import make_draft
from tests.support.project_forms import admin_payload, admin_post, edit_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(staff_client):
    return staff_client("coordinator", "so-tai-chinh-can-tho", language="en")


def test_an_admin_form_opened_before_a_portal_save_is_refused_and_keeps_what_was_typed(coordinator_client, users):
    lake = Project.objects.get(code="03-2020-v-01")
    url, typed = admin_payload(coordinator_client, lake, name_en="Typed in the admin", notes="Ghi chú gõ trong trang quản trị")
    portal = Client()
    portal.force_login(users["coordinator"])
    saved = portal.post(reverse("projects:edit", args=[lake.pk]), edit_payload(lake, name_en="Saved on the portal"))
    assert saved.status_code == 302

    response = coordinator_client.post(url, typed)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "someone else changed this project after you opened it" in errors
    assert "Changed meanwhile by: Coordinator." in errors and "name in English" in errors
    html = response.content.decode()
    assert 'value="Typed in the admin"' in html and "Ghi chú gõ trong trang quản trị" in html
    stored = Project.objects.get(pk=lake.pk)
    assert (stored.name_en, stored.version) == ("Saved on the portal", lake.version + 1)
    # Saved again from the same form, it is refused again: it still carries the version first opened.
    assert coordinator_client.post(url, response.context["adminform"].form.data).status_code == 200
    assert Project.objects.get(pk=lake.pk).name_en == "Saved on the portal"


def test_an_admin_form_opened_after_the_portal_save_saves_and_bumps_the_version(coordinator_client):
    lake = Project.objects.get(code="03-2020-v-01")
    form = coordinator_client.get(reverse("admin:projects_project_change", args=[lake.pk])).content.decode()
    assert f'<input type="hidden" name="opened_version" value="{lake.version}"' in form
    assert admin_post(coordinator_client, lake, name_en="Regulating lake").status_code == 302
    stored = Project.objects.get(pk=lake.pk)
    assert (stored.name_en, stored.version) == ("Regulating lake", lake.version + 1)


def test_a_withdrawn_project_is_read_only_in_the_admin_as_on_its_page(coordinator_client):
    withdrawn = make_draft("ubnd-huyen-chau-thanh", "Dự án đã rút", status=Project.Status.WITHDRAWN)
    url = reverse("admin:projects_project_change", args=[withdrawn.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert 'name="name"' not in page.content.decode() and 'name="opened_version"' not in page.content.decode()
    assert coordinator_client.post(url, {"name": "Đổi tên", "opened_version": withdrawn.version}).status_code == 403
    delete = reverse("admin:projects_project_delete", args=[withdrawn.pk])
    assert coordinator_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = coordinator_client.post(
        reverse("admin:projects_project_changelist"), {"action": "delete_selected", "_selected_action": [withdrawn.pk], "post": "yes"}
    )
    assert bulk.status_code == 403
    stored = Project.objects.get(pk=withdrawn.pk)
    assert (stored.name, stored.version) == ("Dự án đã rút", withdrawn.version)
