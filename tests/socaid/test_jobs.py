"""Background jobs: a large appendix, plan or summary file is made by a job whose page shows its progress and then
the file; it waits under "my exports" for its requester alone; it can be cancelled, fails in the reader's language,
is tried again, and mails its link when it took more than a minute. The jobs run with the immediate backend here;
tests/reporting/test_job_worker.py runs one through the real worker."""
import dataclasses
import datetime
import io
import uuid

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from pypdf import PdfReader

from socaid.jobs.kinds import KINDS, JobKind, Output, register
from socaid.jobs.models import Job
from socaid.jobs.progress import JobFailed
from socaid.jobs.services import cancel_job, remove_expired_jobs, retry_job, start_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_jobs(settings):
    """Every file of more than one row is made by a job."""
    settings.JOB_ABOVE_ROWS = {"pdf": 1, "xlsx": 1, "import": 1}


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_large_appendix_pdf_is_a_job_whose_page_leads_to_the_file(client, users, programme, small_jobs, django_assert_max_num_queries):
    signed_in(client, users["coordinator"])
    response = client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "pdf", "lang": "vi"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.requested_by, job.language) == ("appendix", Job.State.DONE, users["coordinator"], "vi")
    # Rows done of rows: the appendix's rows, all done.
    assert job.total == job.done == 25  # the projects it read
    with django_assert_max_num_queries(8):
        page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and reverse("jobs:file", args=[job.pk]) in html
    assert 'http-equiv="refresh"' not in html  # finished: the page stops reloading
    assert '<progress max="100" value="100"' in html
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert 'filename="danh-muc-du-an-' in download["Content-Disposition"]
    text = pdf_text(b"".join(download.streaming_content))
    assert "DANH MỤC DỰ ÁN" in text and "367.902" in text


def test_the_same_file_asked_again_while_it_waits_is_the_same_job(users, programme):
    params = {"query": f"programme={programme.pk}", "format": "pdf"}
    waiting = Job.objects.create(kind="appendix", title="t", requested_by=users["coordinator"], params=params,
                                 expires_at=timezone.now() + datetime.timedelta(days=1))
    assert start_job("appendix", by=users["coordinator"], params=params, title="t") == waiting
    other = start_job("appendix", by=users["viewer"], params=params, title="t")
    other.refresh_from_db()
    assert other != waiting and other.state == Job.State.DONE


def test_an_english_plan_and_a_summary_in_excel_are_jobs_too(client, users, programme, small_jobs):
    signed_in(client, users["coordinator"])
    client.get(reverse("reporting:plan"), {"programme": programme.pk, "format": "pdf", "lang": "en"})
    client.get(reverse("reporting:summary"), {"programme": programme.pk, "year": "period", "format": "xlsx", "lang": "vi"})
    plan, summary = Job.objects.order_by("created_at")
    assert (plan.kind, plan.state, summary.kind, summary.state) == ("plan", "done", "summary", "done")
    assert plan.file_name.startswith("implementation-plan-") and plan.file_name.endswith(".pdf")
    assert "IMPLEMENTATION PLAN" in pdf_text(default_storage.open(plan.file).read()).upper()
    assert summary.file_name.endswith(".xlsx") and default_storage.open(summary.file).read()[:2] == b"PK"


def test_a_small_file_is_still_sent_at_once(client, users, programme):
    signed_in(client, users["viewer"])
    response = client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_only_the_requester_reads_the_job_and_its_file(client, users, programme, small_jobs):
    signed_in(client, users["coordinator"])
    client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "xlsx"})
    job = Job.objects.get()
    for other in ("viewer", "officer", "reviewer", "admin"):
        signed_in(client, users[other])
        assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 403
        assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 403
        assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 403
        assert job.pk not in {j.pk for j in client.get(reverse("jobs:list")).context["page"].object_list}
    client.logout()
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 302  # to the sign-in
    signed_in(client, users["coordinator"])
    assert client.get(reverse("jobs:job", args=[uuid.uuid4()])).status_code == 404


def test_a_requester_who_lost_the_role_no_longer_reads_the_file(client, users, programme, small_jobs):
    signed_in(client, users["viewer"])
    client.get(reverse("reporting:summary"), {"programme": programme.pk, "year": "period", "format": "pdf"})
    job = Job.objects.get()
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 200
    users["viewer"].memberships.all().delete()
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 403


def test_my_exports_lists_mine_filters_by_state_and_forgets_expired_ones(client, users, programme, small_jobs, django_assert_max_num_queries):
    signed_in(client, users["coordinator"])
    for lang in ("vi", "en"):
        client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "pdf", "lang": lang})
    failed = Job.objects.create(kind="appendix", title="Hỏng", requested_by=users["coordinator"], state=Job.State.FAILED,
                                error="The choices of this file are no longer valid: %(errors)s", error_values={"errors": "x"},
                                expires_at=timezone.now() + datetime.timedelta(days=1))
    Job.objects.create(kind="appendix", title="Cũ", requested_by=users["coordinator"], expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("jobs:list"))
    listed = list(response.context["page"].object_list)
    assert len(listed) == 3 and "Cũ" not in response.content.decode()
    assert "Các lựa chọn của tệp này không còn hợp lệ: x" in response.content.decode()
    only_failed = client.get(reverse("jobs:list"), {"state": "failed"}).context["page"].object_list
    assert list(only_failed) == [failed]


def test_cancelling_a_waiting_job_keeps_it_from_running(users, programme, client):
    job = Job.objects.create(kind="appendix", title="t", requested_by=users["coordinator"], params={"query": f"programme={programme.pk}", "format": "pdf"},
                             expires_at=timezone.now() + datetime.timedelta(days=1))
    signed_in(client, users["coordinator"])
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and not job.file
    from socaid.jobs.tasks import run_job

    assert run_job.call(str(job.pk)) == "skipped"
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    # Tried again, it runs.
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.file and job.attempts == 1


@pytest.fixture
def test_kind():
    """A kind whose work the test decides: it cancels itself, fails, or makes a file after a while."""
    behaviour = {}

    def run(job, progress):
        progress.stage("work", total=3)
        progress.advance(1)
        action = behaviour.get("do")
        if action == "cancel":
            Job.objects.filter(pk=job.pk).update(cancel_requested=True)
            progress.stage("work", total=3)
        if action == "fail":
            raise JobFailed("The file has %(count)s rows and the workbook holds at most %(most)s.", {"count": 5, "most": 3})
        if action == "crash":
            raise RuntimeError("boom")
        return Output(b"data", "result.txt")

    register(JobKind(key="test-kind", run=run, may_read=lambda user, params: True, stages={"work": "Working"}))
    yield behaviour
    KINDS.pop("test-kind")


def test_a_running_job_cancelled_keeps_nothing(users, test_kind):
    test_kind["do"] = "cancel"
    job = start_job("test-kind", by=users["coordinator"], params={}, title="t")
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and not job.file


def test_a_failure_says_why_in_the_readers_language_and_can_be_retried(client, users, test_kind):
    test_kind["do"] = "fail"
    job = start_job("test-kind", by=users["coordinator"], params={}, title="t")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    with translation.override("en"):
        assert job.reason == "The file has 5 rows and the workbook holds at most 3."
    signed_in(client, users["coordinator"])
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Thử lại" in html and reverse("jobs:retry", args=[job.pk]) in html
    test_kind["do"] = None
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == (Job.State.DONE, "", 2)
    assert default_storage.open(job.file).read() == b"data"


def test_an_unexpected_error_is_logged_and_told_without_its_details(users, test_kind, caplog):
    test_kind["do"] = "crash"
    job = start_job("test-kind", by=users["coordinator"], params={}, title="t")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "boom" not in job.reason and "boom" in caplog.text


def test_a_job_whose_worker_went_silent_is_shown_failed_and_can_be_retried(client, users, test_kind, settings):
    job = Job.objects.create(kind="test-kind", title="t", requested_by=users["coordinator"], state=Job.State.RUNNING,
                             heartbeat_at=timezone.now() - datetime.timedelta(seconds=settings.JOB_LOST_SECONDS + 1),
                             expires_at=timezone.now() + datetime.timedelta(days=1))
    assert job.is_lost and job.can_retry and not job.can_cancel and list(Job.objects.lost()) == [job]
    signed_in(client, users["coordinator"])
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "dừng trước khi xong" in html and 'http-equiv="refresh"' not in html
    retry_job(job, by=users["coordinator"])
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_a_job_that_took_more_than_a_minute_mails_its_link_once(users, test_kind, settings):
    settings.JOB_MAIL_AFTER_SECONDS = 0
    job = start_job("test-kind", by=users["coordinator"], params={}, title="Danh mục lớn")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [users["coordinator"].email] and "Danh mục lớn" in message.subject
    assert f"{settings.SITE_URL}/reports/exports/{job.pk}/" in message.body
    settings.JOB_MAIL_AFTER_SECONDS = 60
    start_job("test-kind", by=users["viewer"], params={}, title="Nhanh")
    assert len(mail.outbox) == 1


def test_a_waiting_page_reloads_itself_and_offers_to_cancel(client, users):
    job = Job.objects.create(kind="appendix", title="t", requested_by=users["coordinator"], state=Job.State.RUNNING, stage="render",
                             done=40, total=100, heartbeat_at=timezone.now(), expires_at=timezone.now() + datetime.timedelta(days=1))
    signed_in(client, users["coordinator"])
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in html and '<progress max="100" value="40"' in html
    assert "40 trên 100 dòng" in html and "Đang ghi tệp" in html
    assert reverse("jobs:cancel", args=[job.pk]) in html
    cancel_job(job, by=users["coordinator"])
    job.refresh_from_db()
    assert job.cancel_requested and job.state == Job.State.RUNNING  # it stops at its next report of progress


def test_expired_jobs_are_removed_with_their_files(client, users, programme, small_jobs):
    signed_in(client, users["coordinator"])
    client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "xlsx"})
    job = Job.objects.get()
    assert remove_expired_jobs() == 0
    assert remove_expired_jobs(now=job.expires_at + datetime.timedelta(seconds=1)) == 1
    assert not Job.objects.exists() and not default_storage.exists(job.file)


def test_a_pdf_job_reports_each_page_weasyprint_lays_out(client, users, programme, small_jobs, monkeypatch):
    from socaid.jobs.progress import Progress

    pages, stages = [], []
    original_page, original_stage = Progress.page, Progress.stage
    monkeypatch.setattr(Progress, "page", lambda self, number: (pages.append(number), original_page(self, number)))
    monkeypatch.setattr(Progress, "stage", lambda self, key, total=None: (stages.append((key, total)), original_stage(self, key, total)))
    signed_in(client, users["coordinator"])
    client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "pdf"})
    job = Job.objects.get()
    page_count = len(PdfReader(default_storage.open(job.file)).pages)
    assert pages == list(range(1, page_count + 1))
    # Rows are counted while the projects are read; WeasyPrint's steps before the pages count nothing, and say so
    # (no total: an indeterminate bar) rather than leave "0 of N rows" on the page for minutes.
    assert stages == [("build", job.total), ("render", 0), ("parse", 0), ("styles", 0), ("structure", 0), ("write", 0)]
    assert job.done == job.total == 25  # once done, the projects it went through


@pytest.fixture
def forgetful_queue(settings):
    """A queue that holds its tasks in memory, as Redis does: ``clear()`` is Redis restarted without its data."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    return default_task_backend


def test_a_job_its_queue_forgot_is_queued_again_when_its_page_is_read(client, users, test_kind, forgetful_queue):
    job = start_job("test-kind", by=users["coordinator"], params={}, title="t")
    job.refresh_from_db()
    first_task = job.task_id
    assert job.state == Job.State.QUEUED and [r.id for r in forgetful_queue.results] == [first_task]
    signed_in(client, users["coordinator"])
    client.get(reverse("jobs:job", args=[job.pk]))
    assert [r.id for r in forgetful_queue.results] == [first_task]  # still held: nothing queued twice
    forgetful_queue.clear()
    page = client.get(reverse("jobs:job", args=[job.pk]))
    job.refresh_from_db()
    assert page.status_code == 200 and job.state == Job.State.QUEUED and job.task_id not in ("", first_task)
    assert [(r.id, r.args) for r in forgetful_queue.results] == [(job.task_id, [str(job.pk)])]
    # A task that ended without taking its job (its worker killed first) is replaced too; a cancelled job is not.
    forgetful_queue.results[0] = dataclasses.replace(forgetful_queue.results[0], status=TaskResultStatus.FAILED)
    client.get(reverse("jobs:job", args=[job.pk]))
    job.refresh_from_db()
    assert len(forgetful_queue.results) == 2 and job.task_id == forgetful_queue.results[1].id
    cancel_job(job, by=users["coordinator"])
    forgetful_queue.clear()
    client.get(reverse("jobs:job", args=[job.pk]))
    assert forgetful_queue.results == []


def test_a_public_file_its_queue_forgot_is_queued_again(client, forgetful_queue, settings):
    from tests.support.open_data import many_public

    many_public(20)
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "csv": 10}
    first = client.get("/vi/projects.csv?programme=all")
    job = Job.objects.get()
    assert first.status_code == 200 and job.state == Job.State.QUEUED and len(forgetful_queue.results) == 1
    forgetful_queue.clear()
    again = client.get("/vi/projects.csv?programme=all")
    job.refresh_from_db()
    assert again.status_code == 200 and Job.objects.count() == 1
    assert [(r.id, r.args) for r in forgetful_queue.results] == [(job.task_id, [str(job.pk)])]
