"""The workflow services: who may take each step, what it records, and what it refuses."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partners.models import NGO
from projects import services
from projects.models import Project, ProjectEvent

pytestmark = pytest.mark.django_db


def test_officer_submits_and_the_coordinator_returns_with_a_comment(users, own_draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.project_submit(project=own_draft, by=users["officer"])
    own_draft.refresh_from_db()
    assert own_draft.status == Project.Status.PROPOSED
    assert [m.to for m in mail.outbox] == [["coordinator@example.invalid"]]

    with pytest.raises(ValidationError):
        services.project_return(project=own_draft, by=users["coordinator"], comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.project_return(project=own_draft, by=users["coordinator"], comment="Bổ sung dự toán chi tiết")
    own_draft.refresh_from_db()
    assert own_draft.status == Project.Status.RETURNED
    event = own_draft.events.timeline().last()
    assert (event.action, event.actor, event.comment, event.from_status) == ("return", users["coordinator"], "Bổ sung dự toán chi tiết", "proposed")
    assert mail.outbox[-1].to == ["officer@example.invalid"] and "Bổ sung dự toán chi tiết" in mail.outbox[-1].body


def test_mails_link_to_the_project_at_the_site_address(users, own_draft, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://viện-trợ.example.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        services.project_submit(project=own_draft, by=users["officer"])
    assert f"https://viện-trợ.example.gov.vn/bank/{own_draft.pk}/" in mail.outbox[-1].body


def test_submission_needs_a_workable_proposal(users, own_draft):
    own_draft.content = ""
    own_draft.save()
    with pytest.raises(ValidationError) as raised:
        services.project_submit(project=own_draft, by=users["officer"])
    assert "Nội dung" in str(raised.value) or "Content" in str(raised.value)
    own_draft.refresh_from_db()
    assert own_draft.status == Project.Status.DRAFT and not own_draft.events.exists()


def test_the_whole_life_of_a_project(users, own_draft):
    coordinator = users["coordinator"]
    services.project_submit(project=own_draft, by=users["officer"])
    services.project_accept(project=own_draft, by=coordinator)
    with pytest.raises(ValidationError):  # not yet in English, no administrative unit
        services.project_publish(project=own_draft, by=coordinator)
    Project.objects.filter(pk=own_draft.pk).update(name_en="Test project", content_en="Test content")
    own_draft.admin_units.set([own_draft.host_agency.admin_unit])
    services.project_publish(project=own_draft, by=coordinator)
    ngo = NGO.objects.first()
    services.project_negotiate(project=own_draft, by=coordinator, ngo=ngo)
    with pytest.raises(ValidationError):
        services.project_commit(project=own_draft, by=coordinator, ngo=None)
    services.project_commit(project=own_draft, by=coordinator, ngo=ngo)
    with pytest.raises(ValidationError):
        services.project_approve(project=own_draft, by=coordinator, decision_number="", decision_date=None)
    services.project_approve(project=own_draft, by=coordinator, decision_number="123/QĐ-UBND", decision_date=datetime.date(2025, 3, 1))
    services.project_implement(project=own_draft, by=coordinator)
    services.project_complete(project=own_draft, by=coordinator)
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.ngo, own_draft.decision_number) == ("completed", ngo, "123/QĐ-UBND")
    assert [e.action for e in own_draft.events.timeline()] == [
        "submit", "accept", "publish", "negotiate", "commit", "approve", "implement", "complete"
    ]
    with pytest.raises(PermissionDenied):  # a completed project is closed
        services.project_withdraw(project=own_draft, by=coordinator, comment="x")


def test_steps_out_of_order_or_by_the_wrong_role_change_nothing(users, own_draft, farmers_submitted):
    with pytest.raises(PermissionDenied):
        services.project_accept(project=own_draft, by=users["coordinator"])  # a draft is not submitted yet
    with pytest.raises(PermissionDenied):
        services.project_accept(project=farmers_submitted, by=users["farmers"])  # officers do not accept
    with pytest.raises(PermissionDenied):
        services.project_submit(project=own_draft, by=users["farmers"])  # not their agency
    with pytest.raises(PermissionDenied):
        services.project_submit(project=own_draft, by=users["viewer"])
    assert not ProjectEvent.objects.exclude(action=ProjectEvent.Action.CREATE).exists()  # the seed's creations only


def test_reviewer_records_an_opinion(users, farmers_submitted):
    event = services.project_review(
        project=farmers_submitted, by=users["reviewer"], topic="counterpart", verdict="conditions", comment="Bố trí vốn đối ứng năm 2026"
    )
    assert (event.organisation.code, event.verdict, event.to_status) == ("so-tai-chinh-soc-trang", "conditions", "proposed")
    with pytest.raises(PermissionDenied):
        services.project_review(project=farmers_submitted, by=users["officer"], topic="other", verdict="agree", comment="x")


def test_the_timeline_names_the_reviewers_body_in_full(client, users, farmers_submitted):
    """"Sở Tài chính" alone could be the coordinator's Sở Tài chính thành phố Cần Thơ as well."""
    services.project_review(project=farmers_submitted, by=users["reviewer"], topic="counterpart", verdict="agree", comment="Đồng ý")
    client.force_login(users["coordinator"])
    page = client.get(reverse("projects:detail", args=[farmers_submitted.pk])).content.decode()
    timeline = page[page.index('id="timeline-title"'):page.index('id="history-title"')]
    assert "(Sở Tài chính tỉnh Sóc Trăng)" in timeline


def test_officer_may_withdraw_their_own_proposal_until_accepted(users, own_draft):
    services.project_submit(project=own_draft, by=users["officer"])
    with pytest.raises(ValidationError):
        services.project_withdraw(project=own_draft, by=users["officer"], comment="")
    services.project_withdraw(project=own_draft, by=users["officer"], comment="Trùng với dự án khác")
    own_draft.refresh_from_db()
    assert own_draft.status == Project.Status.WITHDRAWN


def test_withdrawing_asks_for_a_confirmation_and_a_withdrawn_project_lacks_nothing(client, users, own_draft):
    """The withdraw button leads to a page that says what withdrawing does; only its confirmation withdraws. A
    withdrawn project is no longer asked whether it is ready to publish."""
    client.force_login(users["officer"])
    page = reverse("projects:detail", args=[own_draft.pk])
    assert "Đủ điều kiện công bố cho các tổ chức PCPNN?" in client.get(page).content.decode()
    step = reverse("projects:step", args=[own_draft.pk, "withdraw"])
    asked = client.post(step, {"comment": "Trùng với dự án khác"})
    text = asked.content.decode()
    assert asked.status_code == 200 and "Xác nhận rút dự án" in text
    assert ">Trùng với dự án khác</textarea>" in text and 'name="confirmed"' in text
    own_draft.refresh_from_db()
    assert own_draft.status == Project.Status.DRAFT and not own_draft.events.exists()

    assert client.post(step, {"comment": "Trùng với dự án khác", "confirmed": "1"})["Location"] == page
    own_draft.refresh_from_db()
    assert own_draft.status == Project.Status.WITHDRAWN
    assert own_draft.events.get().comment == "Trùng với dự án khác"
    text = client.get(page).content.decode()
    assert "Đủ điều kiện công bố" not in text and "Còn thiếu" not in text
