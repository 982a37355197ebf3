"""The plan's yearly progress: recorded by the unit that leads a task (or carries it on after the 2025 reform),
reviewed by the coordinator; refused for anyone else, stale forms and empty texts; the grid, its export and its
query count; the plan carried over into the next programme."""
import datetime
import subprocess
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from partners.models import Membership, Organisation, OrganisationSuccession
from projects.models import PlanTask, TaskProgress
from projects.plan_progress import PlanLeads
from projects.services.programmes import carry_plan_over
from projects.services.task_progress import task_progress_review, task_progress_save
from reporting.builders.summary import build_year_summary
from reporting.renderers.summary_pdf import summary_pdf

pytestmark = pytest.mark.django_db
State = TaskProgress.State
TEXT = {"done": "Bố trí 2 tỷ đồng vốn đối ứng cho ba dự án", "difficulties": "Nguồn thu giảm", "next_year": "Tiếp tục bố trí"}


@pytest.fixture
def task(programme):
    """Task 5, the counterpart funds: led by Sở Tài chính tỉnh Sóc Trăng, which the reform merged into Sở Tài chính
    thành phố Cần Thơ (the coordinator's department)."""
    return PlanTask.objects.select_related("programme", "lead").get(programme=programme, position=5)


def page(task, year=2024):
    return reverse("projects:task_progress", kwargs={"task": task.pk, "year": year})


def submitted(task, users, year=2024):
    return task_progress_save(task=task, year=year, fields=TEXT, by=users["reviewer"], expected_version=0, submit=True)


def test_the_lead_unit_submits_the_coordinator_returns_then_accepts(task, users, django_capture_on_commit_callbacks):
    draft = task_progress_save(task=task, year=2024, fields=TEXT, by=users["reviewer"], expected_version=0)
    assert (draft.state, draft.version, draft.organisation.code) == (State.DRAFT, 1, "so-tai-chinh-can-tho")  # the unit today
    with django_capture_on_commit_callbacks(execute=True):
        sent = task_progress_save(task=task, year=2024, fields=TEXT | {"done": "  Bố trí vốn  "}, by=users["reviewer"], expected_version=1, submit=True)
    assert (sent.state, sent.done) == (State.SUBMITTED, "Bố trí vốn")
    assert mail.outbox[-1].to == ["coordinator@example.invalid"] and "/bank/plan/" in mail.outbox[-1].body
    with pytest.raises(ValidationError) as refused:
        task_progress_review(progress=sent, accept=False, note="  ", by=users["coordinator"], expected_version=sent.version)
    assert "review_note" in refused.value.error_dict
    assert TaskProgress.objects.get().state == State.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        returned = task_progress_review(progress=sent, accept=False, note="Ghi rõ số tiền từng dự án", by=users["coordinator"], expected_version=2)
    assert returned.state == State.RETURNED and mail.outbox[-1].to == ["reviewer@example.invalid"]
    assert "Ghi rõ số tiền từng dự án" in mail.outbox[-1].body
    again = task_progress_save(task=task, year=2024, fields=TEXT, by=users["reviewer"], expected_version=3, submit=True)
    accepted = task_progress_review(progress=again, accept=True, note="", by=users["coordinator"], expected_version=4)
    assert (accepted.state, accepted.reviewed_by, accepted.version) == (State.ACCEPTED, users["coordinator"], 5)
    reasons = list(accepted.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Progress saved", "Submitted for review", "Returned for changes", "Submitted for review", "Accepted"]
    with pytest.raises(ValidationError):  # accepted: the unit can no longer change it
        task_progress_save(task=task, year=2024, fields=TEXT, by=users["reviewer"], expected_version=5)


def test_only_the_lead_unit_through_the_reform_and_the_coordinator_record(task, users, programme):
    for name in ("officer", "farmers", "viewer", "nobody"):
        with pytest.raises(PermissionDenied):
            task_progress_save(task=task, year=2024, fields=TEXT, by=users[name], expected_version=0)
    assert not TaskProgress.objects.exists()
    # Task 1's lead, Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng, was merged into Sở Tài chính thành phố Cần Thơ: an officer
    # of the merged department answers for it; the old Sở Tài chính's member too (carried into the same one).
    first = PlanTask.objects.get(programme=programme, position=1)
    officer = get_user_model().objects.create_user("merged-department-officer")
    Membership.objects.create(user=officer, organisation=Organisation.objects.get(code="so-tai-chinh-can-tho"), role="officer")
    assert task_progress_save(task=first, year=2022, fields=TEXT, by=officer, expected_version=0).organisation.code == "so-tai-chinh-can-tho"
    # Task 3's lead (Sở Thông tin và Truyền thông) has no recorded successor: nobody of Sở Tài chính answers for it.
    third = PlanTask.objects.get(programme=programme, position=3)
    with pytest.raises(PermissionDenied):
        task_progress_save(task=third, year=2022, fields=TEXT, by=users["reviewer"], expected_version=0)
    assert task_progress_save(task=third, year=2022, fields=TEXT, by=users["coordinator"], expected_version=0).organisation == third.lead
    with pytest.raises(PermissionDenied):
        task_progress_review(progress=submitted(task, users), accept=True, note="", by=users["reviewer"], expected_version=1)


def test_a_stale_form_an_empty_text_or_a_year_not_begun_saves_nothing(task, users):
    with pytest.raises(ValidationError) as empty:
        task_progress_save(task=task, year=2024, fields=TEXT | {"done": "   "}, by=users["reviewer"], expected_version=0)
    assert "done" in empty.value.error_dict and not TaskProgress.objects.exists()
    with pytest.raises(ValidationError) as early:
        task_progress_save(task=task, year=2019, fields=TEXT, by=users["reviewer"], expected_version=0)
    assert "year" in early.value.error_dict
    task_progress_save(task=task, year=2024, fields=TEXT, by=users["reviewer"], expected_version=0)
    with pytest.raises(ValidationError):  # a second form opened before the first was saved
        task_progress_save(task=task, year=2024, fields=TEXT | {"done": "Khác"}, by=users["coordinator"], expected_version=0)
    assert TaskProgress.objects.get().done == TEXT["done"]
    assert TaskProgress.history.count() == 1


def test_the_page_saves_in_vietnamese_and_refuses_what_the_user_may_not_do(task, users, client):
    client.force_login(users["reviewer"])
    response = client.post(page(task), {"version": 0, "done": "", "submit": "1"})
    with translation.override("vi"):
        assert response.status_code == 400 and "Trường này là bắt buộc." in response.content.decode()
    assert not TaskProgress.objects.exists()
    response = client.post(page(task), {"version": 0, **TEXT, "submit": "1"})
    assert response.status_code == 302 and TaskProgress.objects.get().state == State.SUBMITTED
    # Submitted: the unit has no form any more and a crafted POST is refused.
    assert 'name="done"' not in client.get(page(task)).content.decode()
    assert client.post(page(task), {"version": 1, "done": "Sửa sau khi gửi", "save": "1"}).status_code == 403
    client.force_login(users["officer"])
    assert client.get(page(task)).status_code == 403
    assert client.get(page(task, 2031)).status_code == 404
    client.force_login(users["coordinator"])
    review = reverse("projects:task_progress_review", kwargs={"pk": TaskProgress.objects.get().pk})
    response = client.post(review, {"version": 1, "review_note": "", "return": "1"})
    assert response.status_code == 400 and TaskProgress.objects.get().state == State.SUBMITTED
    assert client.post(review, {"version": 1, "review_note": "Thiếu số liệu", "return": "1"}).status_code == 302
    assert TaskProgress.objects.get().state == State.RETURNED
    assert client.post(review, {"version": 2, "accept": "1"}).status_code == 400  # only what awaits review


def test_the_leadership_reads_what_was_submitted_never_a_draft(task, users, client):
    draft = task_progress_save(task=task, year=2023, fields=TEXT | {"done": "Bản nháp của Sở"}, by=users["reviewer"], expected_version=0)
    submitted(task, users)
    client.force_login(users["viewer"])
    assert draft.done not in client.get(page(task, 2023)).content.decode()
    assert TEXT["done"] in client.get(page(task, 2024)).content.decode()
    assert client.post(page(task, 2023), {"version": 1, **TEXT}).status_code == 403
    workbook = load_workbook(BytesIO(client.get(reverse("projects:plan_progress"), {"programme": task.programme_id, "format": "xlsx"}).content))
    rows = [row for row in workbook.active.iter_rows(min_row=2, values_only=True) if row[0] == "5"]
    assert [(row[3], row[6]) for row in rows if row[3] in (2023, 2024)] == [(2023, None), (2024, TEXT["done"])]


def test_the_grid_shows_each_unit_its_tasks_and_filters_by_state(task, users, client, programme):
    submitted(task, users)
    url = reverse("projects:plan_progress")
    client.force_login(users["officer"])
    assert client.get(url, {"programme": programme.pk}).context["rows"] == []
    client.force_login(users["reviewer"])
    mine = [row.task.position for row in client.get(url, {"programme": programme.pk}).context["rows"]]
    assert mine == [1, 2, 4, 5, 6, 8, 9]  # Sở Kế hoạch và Đầu tư's and Sở Tài chính's, both carried on by Sở Tài chính Cần Thơ
    client.force_login(users["coordinator"])
    everything = client.get(url, {"programme": programme.pk}).context
    assert [row.task.position for row in everything["rows"]] == list(range(1, 10)) and everything["years"] == list(range(2020, 2026))
    assert [row.task.position for row in client.get(url, {"programme": programme.pk, "state": "submitted"}).context["rows"]] == [5]
    assert len(client.get(url, {"programme": programme.pk, "state": "missing"}).context["rows"]) == 9
    assert [row.task.position for row in client.get(url, {"programme": programme.pk, "task": 5}).context["rows"]] == [5]
    assert client.get(url, {"programme": programme.pk, "task": 5, "state": "accepted"}).context["rows"] == []


def test_the_grid_and_the_page_run_a_constant_number_of_queries(task, users, client, programme, django_assert_max_num_queries):
    submitted(task, users)
    client.force_login(users["coordinator"])
    url = reverse("projects:plan_progress")
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"programme": programme.pk})
    with django_assert_max_num_queries(20) as one:
        client.get(page(task))
    for other in PlanTask.objects.filter(programme=programme):
        for year in range(2020, 2026):
            if (other, year) == (task, 2024):
                continue
            TaskProgress.objects.create(task=other, year=year, organisation=other.lead, done="x", recorded_at=timezone.now(), recorded_by=users["reviewer"])
    for version in range(2, 7):  # more versions in its history
        task_progress = TaskProgress.objects.get(task=task, year=2024)
        task_progress.done, task_progress.version = f"v{version}", version
        task_progress.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, {"programme": programme.pk}).status_code == 200
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(page(task)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        assert client.get(url, {"programme": programme.pk, "format": "xlsx"}).status_code == 200


def test_the_next_programme_carries_the_plan_over_to_todays_lead_units(programme, next_programme, users):
    carry_plan_over(programme, next_programme)
    tasks = list(next_programme.plan_tasks.select_related("lead").order_by("position"))
    old = list(programme.plan_tasks.select_related("lead").order_by("position"))
    assert [(t.position, t.content, t.timing) for t in tasks] == [(t.position, t.content, t.timing) for t in old]
    leads = {t.position: t.lead.code for t in tasks}
    assert leads[1] == leads[5] == "so-tai-chinh-can-tho"  # Kế hoạch và Đầu tư and Tài chính, merged in 2025
    assert leads[3] == old[2].lead.code  # no recorded successor: the old unit stays, for the coordinator to change
    assert PlanLeads(datetime.date(2026, 6, 1)).is_member_of_lead(users["reviewer"].memberships.all(), tasks[0])


def test_the_year_end_summary_prints_the_accepted_progress_of_its_year(task, users, programme, tmp_path):
    """Only what the coordinator accepted, for the summary's year; the English edition marks the unit's Vietnamese."""
    accepted = submitted(task, users, year=2024)
    task_progress_review(progress=accepted, accept=True, note="", by=users["coordinator"], expected_version=1)
    submitted(task, users, year=2023)  # awaiting review: not the province's text yet
    first = PlanTask.objects.get(programme=programme, position=1)
    task_progress_save(task=first, year=2024, fields=TEXT | {"done": "Bản nháp"}, by=users["reviewer"], expected_version=0)
    summary = build_year_summary(programme, 2024)
    section = next(s for s in summary.sections if s.key == "plan_tasks")
    records = section.tables[0].records()
    assert [r["task"] for r in records] == [t.content for t in PlanTask.objects.filter(programme=programme).order_by("position")]
    assert [r["done"] for r in records if r["done"] != "Chưa có tiến độ được tiếp nhận trong năm."] == [TEXT["done"]]
    assert records[4]["done"] == TEXT["done"] and records[4]["unit"] == "Sở Tài chính"
    assert section.notes == ["8 trong 9 nhiệm vụ của kế hoạch chưa có tiến độ được tiếp nhận trong năm."]
    english = next(s for s in build_year_summary(programme, 2024, language="en").sections if s.key == "plan_tasks")
    assert english.tables[0].records()[4]["done"] == TEXT["done"] + " [VI]"
    path = tmp_path / "summary.pdf"
    path.write_bytes(summary_pdf(summary))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout.split())
    assert TEXT["done"] in text and "Bản nháp" not in text
    assert len(next(s for s in build_year_summary(programme, 2023).sections if s.key == "plan_tasks").notes) == 1


def test_a_returned_text_being_rewritten_is_the_units_until_sent_again(task, users, client):
    """Saving after a return makes it the unit's draft again (the note beside it); sending clears the old review."""
    sent = submitted(task, users)
    task_progress_review(progress=sent, accept=False, note="Thiếu số liệu", by=users["coordinator"], expected_version=1)
    rewriting = task_progress_save(task=task, year=2024, fields=TEXT | {"done": "Đang viết lại"}, by=users["reviewer"], expected_version=2)
    assert (rewriting.state, rewriting.review_note) == (State.DRAFT, "Thiếu số liệu")
    client.force_login(users["viewer"])
    assert "Đang viết lại" not in client.get(page(task)).content.decode()
    client.force_login(users["reviewer"])
    assert "Thiếu số liệu" in client.get(page(task)).content.decode()
    again = task_progress_save(task=task, year=2024, fields=TEXT, by=users["reviewer"], expected_version=3, submit=True)
    assert (again.state, again.review_note, again.reviewed_at, again.reviewed_by) == (State.SUBMITTED, "", None, None)
    assert [h.review_note for h in again.history.order_by("history_date")][1] == "Thiếu số liệu"  # kept in the history


def test_a_member_of_a_unit_split_between_several_records_for_none_of_them(programme, task, users):
    """Sở X ends in two parts, one into the lead unit's successor: where its member now works is not known."""
    day = datetime.date(2025, 7, 1)
    split = Organisation.objects.create(code="so-x", name="Sở X tỉnh Sóc Trăng", kind=task.lead.kind, valid_to=day - datetime.timedelta(days=1))
    other = Organisation.objects.create(code="so-y", name="Sở Y thành phố Cần Thơ", kind=task.lead.kind, valid_from=day)
    finance = Organisation.objects.get(code="so-tai-chinh-can-tho")
    for successor in (finance, other):
        OrganisationSuccession.objects.create(predecessor=split, successor=successor, effective_on=day, extent="part", kind="split")
    member = get_user_model().objects.create_user("so-x-officer")
    Membership.objects.create(user=member, organisation=split, role="officer")
    with pytest.raises(PermissionDenied):
        task_progress_save(task=task, year=2024, fields=TEXT, by=member, expected_version=0)


def test_the_review_goes_to_the_unit_not_to_the_reviewer(task, users, django_capture_on_commit_callbacks):
    colleague = get_user_model().objects.create_user("finance-colleague", email="colleague@example.invalid")
    Membership.objects.create(user=colleague, organisation=Organisation.objects.get(code="so-tai-chinh-can-tho"), role="officer")
    # The coordinator typed the text on the unit's behalf; the review still reaches the unit.
    sent = task_progress_save(task=task, year=2024, fields=TEXT, by=users["coordinator"], expected_version=0, submit=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_progress_review(progress=sent, accept=False, note="Ghi rõ nguồn vốn", by=users["coordinator"], expected_version=1)
    assert [m.to for m in mail.outbox] == [["colleague@example.invalid"]]
    assert "Ghi rõ nguồn vốn" in mail.outbox[0].body


def test_a_refused_review_says_why_on_the_page(task, users, client):
    sent = submitted(task, users)
    task_progress_review(progress=sent, accept=True, note="", by=users["coordinator"], expected_version=1)
    client.force_login(users["coordinator"])
    response = client.post(reverse("projects:task_progress_review", kwargs={"pk": sent.pk}), {"version": 2, "review_note": "Muộn", "return": "1"})
    with translation.override("vi"):
        assert response.status_code == 400 and "Chỉ tiếp nhận hoặc trả lại được tiến độ đang chờ xem xét." in response.content.decode()
    assert TaskProgress.objects.get().state == State.ACCEPTED


def test_a_task_with_progress_is_not_deleted(task, users):
    submitted(task, users)
    with pytest.raises(ProtectedError):
        task.delete()
