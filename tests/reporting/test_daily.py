"""The daily task: reminders sent once, the certificates to watch mailed on Mondays, expired jobs removed with their
files, and the next run queued once at 07:00 in the province, by the task itself and by schedule_daily."""
import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from reporting import services
from reporting.daily import daily, next_run, run_daily
from reporting.models import ReminderSent
from socaid.jobs.models import Job
from tests.support.ngos import certify, make_ngo
from tests.support.rounds import at

pytestmark = pytest.mark.django_db



@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def queued_runs():
    return list(DBTaskResult.objects.filter(task_path=daily.module_path, status=TaskResultStatus.READY).values_list("run_after", flat=True))


def job(by, *, expires, name):
    made = Job.objects.create(kind="appendix", title=name, requested_by=by, params={}, expires_at=expires, state=Job.State.DONE)
    stored = default_storage.save(f"jobs/{made.pk}/{name}.pdf", ContentFile(b"%PDF-"))
    Job.objects.filter(pk=made.pk).update(file=stored, file_name=f"{name}.pdf")
    return made, stored


def test_the_daily_task_sends_the_reminders_once_removes_expired_jobs_and_queues_the_next_run(programme, users, database_queue):
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], grace_days=3)
    old, old_file = job(users["viewer"], expires=at(2024, 12, 6, 7), name="old")
    kept, kept_file = job(users["viewer"], expires=at(2024, 12, 7, 7), name="kept")
    with freeze_time(at(2024, 12, 6, 8)):  # 14 days before the deadline; a Friday
        done = daily.call()
    assert done == {"reminders": round_.units.count(), "certificate_watch": 0, "expired_jobs": 1}
    assert sorted(m.to[0] for m in mail.outbox) == ["farmers@example.invalid", "officer@example.invalid"]
    assert list(Job.objects.all()) == [kept]
    assert not default_storage.exists(old_file) and default_storage.exists(kept_file)
    assert queued_runs() == [at(2024, 12, 7, 7)]
    with freeze_time(at(2024, 12, 6, 20)):  # run again the same day (by hand): nothing twice, no second next run
        again = daily.call()
    assert again == {"reminders": 0, "certificate_watch": 0, "expired_jobs": 0}
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == round_.units.count()
    assert queued_runs() == [at(2024, 12, 7, 7)]


def test_a_failing_piece_does_not_stop_the_others_nor_the_next_run(programme, users, database_queue, monkeypatch):
    import reporting.reminders

    def broken(now=None):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(reporting.reminders, "send_due_reminders", broken)
    job(users["viewer"], expires=at(2024, 12, 1), name="old")
    with freeze_time(at(2024, 12, 6, 8)):
        assert daily.call() == {"reminders": "failed", "certificate_watch": 0, "expired_jobs": 1}
    assert queued_runs() == [at(2024, 12, 7, 7)]


def test_the_certificates_to_watch_go_to_the_coordinators_on_mondays_when_there_are_any(users):
    assert run_daily(at(2024, 12, 9, 7))["certificate_watch"] == 0  # a Monday, nothing to watch
    certify(make_ngo("kinder", "Kinderhilfe e.V."), "123/GĐK", issued=datetime.date(2022, 1, 10), expires=datetime.date(2025, 1, 10))
    assert run_daily(at(2024, 12, 10, 7))["certificate_watch"] == 0 and not mail.outbox  # a Tuesday
    assert run_daily(at(2024, 12, 9, 7))["certificate_watch"] == 1
    (message,) = mail.outbox
    assert message.to == ["coordinator@example.invalid"]
    assert "Kinderhilfe e.V." in message.body and "123/GĐK" in message.body and "/reports/ngo-certificates/" in message.body


@pytest.mark.parametrize("now, expected", [
    (at(2024, 12, 6, 6, 59), at(2024, 12, 6, 7)),
    (at(2024, 12, 6, 7), at(2024, 12, 7, 7)),
    (datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.timezone.utc), at(2025, 1, 1, 7)),  # 06:30 in the province
])
def test_the_next_run_is_the_next_seven_oclock_in_the_province(now, expected):
    assert next_run(now) == expected


def test_schedule_daily_queues_one_run_whatever_the_number_of_starts(database_queue):
    out = StringIO()
    with freeze_time(at(2024, 12, 6, 8)):
        call_command("schedule_daily", stdout=out)
        call_command("schedule_daily", stdout=out)
    assert queued_runs() == [at(2024, 12, 7, 7)]
    assert out.getvalue().splitlines() == [
        "Daily task queued for 2024-12-07 07:00 +07.", "Daily task already queued for 2024-12-07 07:00 +07; nothing added.",
    ]


def test_schedule_daily_runs_the_task_now_where_the_queue_cannot_be_read(users):
    job(users["viewer"], expires=at(2024, 12, 1), name="old")
    out = StringIO()
    call_command("schedule_daily", stdout=out)  # the tests' immediate backend runs it at once
    assert "run this command from cron once a day" in out.getvalue()
    assert not Job.objects.exists()
