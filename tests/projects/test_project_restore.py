"""Restoring an earlier version: fields and budget lines as one edit, shown and confirmed before anything is saved."""
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from projects.models import BudgetLine, Project
from projects.services import project_update

pytestmark = pytest.mark.django_db

CHILDREN = "03-2020-ii-06"  # four budget lines: 475, 120, 240, 300


def amounts(project):
    return [(line.total, line.aid_sought, line.counterpart) for line in project.lines.order_by("position")]


def edit_children(project, by):
    """The coordinator renames the project, raises line 1 to 1,475 and deletes line 4."""
    lines = list(project.lines.order_by("position"))
    rows = [{name: getattr(line, name) for name in BudgetLine.EDITABLE_FIELDS} | {"id": line.pk} for line in lines[:3]]
    rows[0] |= {"total": Decimal("1475"), "aid_sought": Decimal("1475")}
    fields = {"name": project.name + " (sửa)", "host_agency": project.host_agency}
    project_update(project=project, by=by, expected_version=project.version, fields=fields, admin_units=list(project.admin_units.all()), lines=rows)
    project.refresh_from_db()


def seed_version(client, project):
    """The restore link of the seed's version, the one before the edit."""
    history = client.get(reverse("projects:detail", args=[project.pk])).context["history"]
    return [entry for entry in history if entry.kind == "project" and not entry.is_current][-1]


def test_confirmation_shows_fields_and_lines_in_vietnamese_and_writes_nothing(client, users):
    project = Project.objects.get(code=CHILDREN)
    original_name = project.name
    edit_children(project, users["coordinator"])
    client.force_login(users["coordinator"])
    url = reverse("projects:restore", args=[project.pk, seed_version(client, project).record_id])

    response = client.get(url)

    assert response.status_code == 200
    differences = response.context["differences"]
    assert [(c.old, c.new) for c in differences.fields] == [(original_name + " (sửa)", original_name)]
    assert [(d.position, d.state) for d in differences.lines] == [(1, "changed"), (4, "added")]
    assert [(c.old, c.new) for c in differences.lines[0].changes] == [("1.475", "475"), ("1.475", "475")]
    html = response.content.decode()
    assert "1.475" in html and "Khôi phục phiên bản này" in html and 'method="post"' in html
    project.refresh_from_db()
    assert project.version == 2 and amounts(project)[0][0] == Decimal("1475") and project.lines.count() == 3


def test_amounts_on_the_confirmation_follow_the_users_language(client, users):
    project = Project.objects.get(code=CHILDREN)
    edit_children(project, users["coordinator"])
    client.force_login(users["coordinator"])
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("projects:restore", args=[project.pk, seed_version(client, project).record_id]))
    assert [(c.old, c.new) for c in response.context["differences"].lines[0].changes][0] == ("1,475", "475")


def test_restore_brings_back_fields_and_budget_lines_as_one_edit(client, users):
    project = Project.objects.get(code=CHILDREN)
    original_name, original_amounts = project.name, amounts(project)
    edit_children(project, users["coordinator"])
    client.force_login(users["coordinator"])
    url = reverse("projects:restore", args=[project.pk, seed_version(client, project).record_id])

    response = client.post(url, {"version": project.version}, follow=True)

    assert "Đã khôi phục phiên bản trước." in response.content.decode()
    project.refresh_from_db()
    assert project.name == original_name
    assert amounts(project) == original_amounts
    assert project.version == 3 and project.lines.count() == 4
    history = response.context["history"]
    restore = [entry for entry in history if entry.reason == "Restored an earlier version"]
    assert [entry.kind for entry in restore].count("project") == 1
    assert {entry.title for entry in restore if entry.kind == "line"} == {"Hạng mục kinh phí 1", "Hạng mục kinh phí 4"}
    assert project.events.timeline().last().action == "restore"
    timeline = response.content.decode()
    timeline = timeline[timeline.index('id="timeline-title"'):timeline.index('id="history-title"')]
    assert re.search(r"Phiên bản lúc \d{2}/\d{2}/\d{4} \d{2}:\d{2}", timeline)


def test_a_budget_line_entry_offers_the_same_confirmation(client, users):
    project = Project.objects.get(code=CHILDREN)
    edit_children(project, users["coordinator"])
    client.force_login(users["coordinator"])
    history = client.get(reverse("projects:detail", args=[project.pk])).context["history"]
    seed_line = next(entry for entry in history if entry.kind == "line" and entry.title == "Hạng mục kinh phí 4" and not entry.is_current)
    assert seed_line.record_id == seed_version(client, project).record_id
    edited_line = next(entry for entry in history if entry.kind == "line" and entry.title == "Hạng mục kinh phí 1")  # newest first
    assert edited_line.is_current
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("projects:restore", args=[project.pk, seed_line.record_id]) in page


def test_a_restore_over_a_newer_save_is_refused_and_changes_nothing(client, users):
    project = Project.objects.get(code=CHILDREN)
    edit_children(project, users["coordinator"])
    client.force_login(users["coordinator"])
    url = reverse("projects:restore", args=[project.pk, seed_version(client, project).record_id])
    opened_at = project.version
    other = Client()
    other.force_login(users["admin"])
    edit_children(project, users["admin"])  # someone saves between the confirmation and the click

    response = client.post(url, {"version": opened_at}, follow=True)

    assert "đã thay đổi" in response.content.decode()
    project.refresh_from_db()
    assert project.version == opened_at + 1 and project.lines.count() == 3


def test_the_confirmation_needs_edit_rights(client, users, farmers_draft):
    client.force_login(users["officer"])
    project = Project.objects.get(code=CHILDREN)  # Sóc Trăng city's, not Châu Thành's
    assert client.get(reverse("projects:restore", args=[project.pk, project.history.first().history_id])).status_code == 403
    record = farmers_draft.history.first()  # another agency's draft answers as a missing one
    assert client.get(reverse("projects:restore", args=[farmers_draft.pk, record.history_id])).status_code == 404


def test_the_confirmation_runs_a_fixed_number_of_queries(client, users, django_assert_max_num_queries):
    project = Project.objects.get(code=CHILDREN)
    edit_children(project, users["coordinator"])
    edit_children(project, users["coordinator"])
    client.force_login(users["coordinator"])
    url = reverse("projects:restore", args=[project.pk, seed_version(client, project).record_id])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_after_an_edit_of_the_lines_only_the_earlier_project_entry_offers_a_restore(client, users, own_draft):
    lines = [{name: getattr(line, name) for name in BudgetLine.EDITABLE_FIELDS} | {"id": line.pk} for line in own_draft.lines.all()]
    lines[0] |= {"total": Decimal("150"), "aid_sought": Decimal("130")}
    project_update(project=own_draft, by=users["coordinator"], expected_version=own_draft.version, fields={},
                   admin_units=list(own_draft.admin_units.all()), lines=lines)
    client.force_login(users["coordinator"])
    history = client.get(reverse("projects:detail", args=[own_draft.pk])).context["history"]
    created = [entry for entry in history if entry.kind == "project"][-1]
    assert not created.is_current
    response = client.get(reverse("projects:restore", args=[own_draft.pk, created.record_id]))
    assert [(c.old, c.new) for c in response.context["differences"].lines[0].changes] == [("150", "100"), ("130", "80")]
