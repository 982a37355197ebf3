"""The soak run's conclusions, on crafted records and a crafted database: its figures (errors, the requests lost
to a database restart, percentiles), how its jobs ended (lost, half-written), whether the history holds every
accepted edit; the officer's draft it edits; the multipart upload of its import preview. Not the run itself."""
import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone

from projects.management.commands import soak
from projects.models import Project
from projects.services import project_update
from projects.soak_checks import (
    Hit,
    edits_recorded,
    figures,
    growth,
    history_gaps,
    job_tally,
    percentile,
)
from socaid.jobs.models import Job
from socaid.visitor import multipart
from tests.support.bank_fixtures import make_draft


def test_nearest_rank_percentile():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7], 99) == 7
    assert percentile([], 99) == 0.0
    assert percentile([3, 1, 2], 50) == 2


def hit(kind, status, started, ended, expected=None):
    return Hit(kind, status, started, ended, status == 200 if expected is None else expected)


def test_figures_count_errors_by_kind_and_time_only_the_expected_answers():
    hits = [hit("bank list", 200, 0, 0.1), hit("bank list", 200, 1, 1.3), hit("search", 500, 2, 2.05),
            hit("search", 0, 3, 63), hit("job page", 200, 4, 4.2)]
    result = figures(hits)
    assert (result.requests, result.errors, result.outage) == (5, 2, 0)
    assert result.by_kind == {"bank list": (2, 0), "job page": (1, 0), "search": (2, 2)}
    assert result.p50 == pytest.approx(200)
    assert result.p99 == pytest.approx(300)  # the failures' times are not latencies of the portal


def test_failures_overlapping_the_restart_are_counted_apart_and_no_others():
    outage = (40.0, 45.0)
    hits = [
        hit("bank list", 500, 39.5, 40.2),  # in flight when it went down
        hit("search", 0, 44.0, 46.0),  # sent while it was down
        hit("project page", 500, 46.0, 46.1),  # after it was back: an error
        hit("edit saved", 302, 41.0, 41.5, expected=True),  # a success stays a success
    ]
    result = figures(hits, outage)
    assert (result.requests, result.errors, result.outage) == (4, 1, 2)
    assert result.by_kind["project page"] == (1, 1)
    assert result.by_kind["bank list"] == (1, 0)


def test_memory_growth():
    assert growth(200, 250) == pytest.approx(0.25)
    assert growth(200, 180) == pytest.approx(-0.1)
    assert growth(0, 100) == 0.0


def make_job(state, **fields):
    return Job.objects.create(kind="appendix", title="Phụ lục", public_key="soak", state=state, expires_at=timezone.now() + datetime.timedelta(days=1), **fields)


@pytest.mark.django_db
def test_jobs_waiting_running_or_missing_are_lost_and_a_done_job_needs_its_whole_file(tmp_path):
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "whole.pdf").write_bytes(b"%PDF-1.7 whole")
    (tmp_path / "jobs" / "cut.pdf").write_bytes(b"%PDF")
    jobs = [
        make_job(Job.State.DONE, file="jobs/whole.pdf", size=len(b"%PDF-1.7 whole")),
        make_job(Job.State.DONE, file="jobs/cut.pdf", size=1000),
        make_job(Job.State.DONE, file="jobs/gone.pdf", size=10),
        make_job(Job.State.FAILED, error="Stopped."),
        make_job(Job.State.QUEUED),
        make_job(Job.State.RUNNING, heartbeat_at=timezone.now()),
    ]
    ids = {str(job.pk) for job in jobs} | {"00000000-0000-0000-0000-000000000000"}
    tally = job_tally(ids, tmp_path)
    assert tally == {"done": 3, "half-written": 2, "failed": 1, "lost": 3}
    assert "half-written" not in job_tally(ids)  # without the folder, the files are not read


@pytest.fixture
def edited(users):
    """A draft edited three times through the service, the way the edit form saves; its pk and the time before."""
    since = timezone.now()
    project = make_draft("ubnd-huyen-chau-thanh", "Dự án thử tải")
    for number in range(1, 4):
        project.refresh_from_db()
        project_update(project=project, by=users["officer"], expected_version=project.version,
                       fields={"name": f"Bản sửa {number}"}, admin_units=[], lines=None)
    return project.pk, since


@pytest.mark.django_db
def test_history_whole_when_every_accepted_edit_is_one_record(edited):
    pk, since = edited
    attempts = {pk: [(f"Bản sửa {number}", True) for number in range(1, 4)]}
    assert history_gaps(attempts, since) == []
    assert edits_recorded(attempts, since) == (3, 0)


@pytest.mark.django_db
def test_history_missing_an_accepted_edit(edited):
    pk, since = edited
    Project.history.filter(id=pk, name="Bản sửa 2").delete()
    attempts = {pk: [(f"Bản sửa {number}", True) for number in range(1, 4)]}
    assert history_gaps(attempts, since) == [f"project {pk}: 1 of 3 accepted edits not recorded once"]


@pytest.mark.django_db
def test_history_with_a_record_of_no_edit_sent(edited):
    pk, since = edited
    attempts = {pk: [("Bản sửa 1", True), ("Bản sửa 3", True)]}
    assert history_gaps(attempts, since) == [f"project {pk}: 1 records of no edit sent, or recorded twice"]


@pytest.mark.django_db
def test_an_edit_whose_answer_was_lost_may_or_may_not_be_recorded(edited):
    pk, since = edited
    saved_unanswered = {pk: [("Bản sửa 1", True), ("Bản sửa 2", False), ("Bản sửa 3", True)]}
    assert history_gaps(saved_unanswered, since) == []
    assert edits_recorded(saved_unanswered, since) == (2, 1)
    never_saved = {pk: [("Bản sửa 1", True), ("Bản sửa 2", True), ("Bản sửa 3", True), ("Bản sửa 4", False)]}
    assert history_gaps(never_saved, since) == []
    assert edits_recorded(never_saved, since) == (3, 0)


@pytest.mark.django_db
def test_project_not_as_its_newest_record(edited):
    pk, since = edited
    Project.objects.filter(pk=pk).update(name="Sửa ngoài lịch sử")
    attempts = {pk: [(f"Bản sửa {number}", True) for number in range(1, 4)]}
    assert history_gaps(attempts, since) == [f"project {pk} is named 'Sửa ngoài lịch sử', not as its newest record 'Bản sửa 3'"]


@pytest.mark.django_db
def test_the_officers_draft_is_made_once_in_a_programme_of_its_agency(users):
    pk = soak.own_draft(users["officer"])
    draft = Project.objects.get(pk=pk)
    assert (draft.status, draft.host_agency.code) == (Project.Status.DRAFT, "ubnd-huyen-chau-thanh")
    assert draft.history.filter(history_change_reason="Created").count() == 1
    assert soak.own_draft(users["officer"]) == pk


@pytest.mark.django_db
def test_no_draft_for_who_is_no_officer(users):
    with pytest.raises(CommandError, match="no officer"):
        soak.own_draft(users["viewer"])


def test_multipart_upload_read_by_django():
    body, content_type = multipart([("kind", "bank"), ("programme", "2")], {"file": ("soak-bank.csv", "Tên;Số\nA;1\n".encode(), "text/csv")})
    request = RequestFactory().generic("POST", "/bank/import/", body, content_type=content_type)
    assert request.POST.dict() == {"kind": "bank", "programme": "2"}
    upload = request.FILES["file"]
    assert (upload.name, upload.read().decode()) == ("soak-bank.csv", "Tên;Số\nA;1\n")


@pytest.mark.django_db
def test_refuses_debug_settings(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("soak")


@pytest.mark.django_db
def test_refuses_without_collected_static_files(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("soak")
