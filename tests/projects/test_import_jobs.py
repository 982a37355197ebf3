"""A large import as background jobs: the preview planned by one, the confirmed file applied by another, each
followed on the job's page, readable by its requester alone, and never half saved."""
import csv
import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partners.models import Organisation
from projects import import_jobs
from projects.imports.columns import BANK_COLUMNS, headings
from projects.imports.pending import JOB_FOLDER
from projects.models import ImportRecord, Project, Sector
from socaid.jobs.models import Job
from socaid.jobs.services import KEPT_FILE, remove_expired_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_kept_files():
    """The test storage is kept in memory for the whole run: each test starts without the uploads of others."""
    for name in kept_files():
        default_storage.delete(f"{JOB_FOLDER}/{name}")


def bank_csv(programme, count, first=0):
    """A flat list of ``count`` new projects, a budget line each, in Vietnamese headings."""
    sectors = list(Sector.objects.filter(programme=programme).order_by("position"))
    hosts = list(Organisation.objects.may_host_projects().order_by("code").values_list("code", flat=True)[:20])
    out = io.StringIO()
    writer = csv.writer(out)
    with translation.override("vi"):
        writer.writerow(headings())
    keys = [key for key, _heading in BANK_COLUMNS]
    for i in range(first, first + count):
        values = {
            "code": f"job-{i}", "sector": sectors[i % len(sectors)].numeral, "position": 100 + i // len(sectors),
            "host_agency": hosts[i % len(hosts)], "name": f"Dự án nhập nền {i}", "start_year": 2021, "end_year": 2025,
            "line": 1, "total": 1500, "aid_sought": 1200, "counterpart": 300,
        }
        writer.writerow([values.get(key, "") for key in keys])
    return out.getvalue().encode("utf-8")


def upload(client, programme, content, name="bank.csv"):
    return client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile(name, content)})


def kept_files():
    return default_storage.listdir(JOB_FOLDER)[1] if default_storage.exists(JOB_FOLDER) else []


@pytest.fixture
def small_jobs(settings):
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "import": 3}


def test_a_5000_row_file_is_previewed_then_imported_by_jobs(client, users, programme, django_assert_max_num_queries):
    client.force_login(users["coordinator"])
    started = upload(client, programme, bank_csv(programme, 5000))
    preview_job = Job.objects.get(kind=import_jobs.PREVIEW)
    assert started.status_code == 302 and started["Location"] == reverse("jobs:job", args=[preview_job.pk])
    assert preview_job.state == Job.State.DONE and (preview_job.done, preview_job.total) == (5000, 5000)
    assert preview_job.outcome["counts"] == {"create": 5000, "update": 0, "unchanged": 0} and not Project.objects.filter(code="job-0").exists()
    page = client.get(started["Location"])
    preview_url = reverse("projects:import_job_preview", args=[preview_job.pk])
    assert preview_url in page.content.decode()
    with django_assert_max_num_queries(12):
        preview = client.get(preview_url)
    text = preview.content.decode()
    assert preview.status_code == 200 and preview.context["plan"].counts["create"] == 5000
    assert "Dự án nhập nền 4999" in text and reverse("projects:import_job_confirm", args=[preview_job.pk]) in text

    confirmed = client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    apply_job = Job.objects.get(kind=import_jobs.APPLY)
    assert confirmed["Location"] == reverse("jobs:job", args=[apply_job.pk])
    assert apply_job.state == Job.State.DONE and apply_job.total == 5000 and apply_job.stage == import_jobs.SAVING
    record = ImportRecord.objects.get()
    assert (record.created, record.updated, record.by) == (5000, 0, users["coordinator"])
    project = Project.objects.get(code="job-4999")
    assert project.history.get().history_change_reason == record.history_reason() and project.lines.get().total == 1500
    assert kept_files() == []  # applied: the upload is gone
    done = client.get(reverse("projects:import_job_done", args=[apply_job.pk]), follow=True)
    with translation.override("vi"):
        message = gettext("Imported “%(file)s”: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "file": "bank.csv", "created": 5000, "updated": 0, "unchanged": 0}
    assert message in done.content.decode() and reverse("projects:bank") in done.content.decode()
    # Confirmed twice: the file is gone, nothing is imported again.
    again = client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    assert again["Location"] == reverse("projects:import") and ImportRecord.objects.count() == 1


def test_a_file_at_the_limit_is_previewed_in_the_request(client, users, programme, small_jobs):
    client.force_login(users["coordinator"])
    preview = upload(client, programme, bank_csv(programme, 2))  # the headings and two rows: three
    assert preview.status_code == 200 and preview.context["token"] and not Job.objects.exists()


def test_the_preview_and_its_confirmation_are_the_requesters_alone(client, users, programme, small_jobs, make_user):
    client.force_login(users["coordinator"])
    upload(client, programme, bank_csv(programme, 5))
    job = Job.objects.get()
    other = make_user("other-coordinator", role="coordinator", organisation="so-tai-chinh-can-tho")
    for user in (other, users["officer"], users["admin"]):
        client.force_login(user)
        assert client.get(reverse("projects:import_job_preview", args=[job.pk])).status_code == 403
        assert client.post(reverse("projects:import_job_confirm", args=[job.pk])).status_code == 403
    assert Job.objects.count() == 1 and not ImportRecord.objects.exists() and not Project.objects.filter(code__startswith="job-").exists()


def test_a_file_whose_bank_changed_since_the_preview_fails_and_shows_the_new_preview(client, users, programme, small_jobs):
    client.force_login(users["coordinator"])
    content = bank_csv(programme, 5)
    upload(client, programme, content)
    preview_job = Job.objects.get()
    # Someone imports one of the file's projects meanwhile: the file would now update it, not create it.
    upload(client, programme, bank_csv(programme, 1))  # a preview in the request, too small for a job
    client.post(reverse("projects:import_confirm"), {"token": client.session["pending_import"]["token"]})
    assert Project.objects.filter(code="job-0").exists()
    client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    apply_job = Job.objects.get(kind=import_jobs.APPLY)
    assert apply_job.state == Job.State.FAILED and apply_job.error == import_jobs.BANK_CHANGED
    with translation.override("vi"):
        assert gettext(import_jobs.BANK_CHANGED) in client.get(reverse("jobs:job", args=[apply_job.pk])).content.decode()
    assert ImportRecord.objects.count() == 1 and not Project.objects.filter(code="job-1").exists()
    page = client.get(reverse("jobs:job", args=[apply_job.pk]))
    assert reverse("projects:import_job_preview", args=[preview_job.pk]) in page.content.decode()
    preview = client.get(reverse("projects:import_job_preview", args=[preview_job.pk]))
    assert preview.context["plan"].counts == {"create": 4, "update": 0, "unchanged": 1}
    # Confirmed again, the plan now previewed is applied.
    client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    assert ImportRecord.objects.count() == 2 and Project.objects.filter(code__startswith="job-").count() == 5


def test_a_database_refusal_saves_nothing_and_can_be_retried(client, users, programme, small_jobs, monkeypatch):
    client.force_login(users["coordinator"])
    upload(client, programme, bank_csv(programme, 5))
    preview_job = Job.objects.get()

    def refuse(*, plan, by):
        ImportRecord.objects.create(kind=plan.kind, file_name="half", programme=plan.programme, by=by, at=timezone.now())
        raise IntegrityError("refused")

    from django.db import transaction
    monkeypatch.setattr(import_jobs, "import_apply", transaction.atomic(refuse))
    client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    apply_job = Job.objects.get(kind=import_jobs.APPLY)
    assert apply_job.state == Job.State.FAILED and apply_job.error == import_jobs.REFUSED
    assert not ImportRecord.objects.exists() and not Project.objects.filter(code__startswith="job-").exists()
    assert kept_files()  # kept for the retry
    monkeypatch.undo()
    client.post(reverse("jobs:retry", args=[apply_job.pk]))
    apply_job.refresh_from_db()
    assert apply_job.state == Job.State.DONE and Project.objects.filter(code__startswith="job-").count() == 5


def test_a_cancel_before_saving_saves_nothing(client, users, programme, small_jobs, monkeypatch):
    client.force_login(users["coordinator"])
    upload(client, programme, bank_csv(programme, 5))
    preview_job = Job.objects.get()
    planned = import_jobs.plan_file

    def plan_then_cancel(*args, **kwargs):
        plan = planned(*args, **kwargs)
        Job.objects.filter(kind=import_jobs.APPLY).update(cancel_requested=True)
        return plan

    monkeypatch.setattr(import_jobs, "plan_file", plan_then_cancel)
    client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    assert Job.objects.get(kind=import_jobs.APPLY).state == Job.State.CANCELLED
    assert not ImportRecord.objects.exists() and not Project.objects.filter(code__startswith="job-").exists()


def test_once_saving_the_import_offers_no_cancel_and_records_none(client, users):
    # The apply job in its one transaction: a cancel could not stop it, so none is offered nor written.
    coordinator = users["coordinator"]
    job = Job.objects.create(kind=import_jobs.APPLY, title="Nhập", requested_by=coordinator, state=Job.State.RUNNING, stage="check",
                             done=2, total=5, heartbeat_at=timezone.now(), expires_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(coordinator)
    page = reverse("jobs:job", args=[job.pk])
    assert reverse("jobs:cancel", args=[job.pk]) in client.get(page).content.decode()  # still checking: it may be
    Job.objects.filter(pk=job.pk).update(stage=import_jobs.SAVING, done=0)
    html = client.get(page).content.decode()
    assert reverse("jobs:cancel", args=[job.pk]) not in html
    assert "lưu tất cả các dòng cùng lúc" in html  # the stage says why
    answer = client.post(reverse("jobs:cancel", args=[job.pk]), follow=True)  # a page opened before it began saving
    job.refresh_from_db()
    assert not job.cancel_requested and job.state == Job.State.RUNNING
    assert "Tác vụ đang lưu toàn bộ trong một bước nên không thể hủy được nữa." in answer.content.decode()
    # Before that stage, a cancel is recorded as for any job.
    Job.objects.filter(pk=job.pk).update(stage="check")
    client.post(reverse("jobs:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.cancel_requested


def test_a_file_with_errors_is_previewed_without_confirmation_and_not_kept(client, users, programme, small_jobs):
    client.force_login(users["coordinator"])
    content = bank_csv(programme, 5).replace(b",1500,", b",-1500,", 1)
    upload(client, programme, content)
    job = Job.objects.get()
    preview = client.get(reverse("projects:import_job_preview", args=[job.pk]))
    assert preview.status_code == 400 and preview.context["plan"].errors
    assert reverse("projects:import_job_confirm", args=[job.pk]) not in preview.content.decode() and kept_files() == []
    assert client.post(reverse("projects:import_job_confirm", args=[job.pk]))["Location"] == reverse("projects:import")
    assert not Job.objects.filter(kind=import_jobs.APPLY).exists()


def test_the_kept_upload_goes_with_its_expired_job(client, users, programme, small_jobs):
    client.force_login(users["coordinator"])
    upload(client, programme, bank_csv(programme, 5))
    job = Job.objects.get()
    assert default_storage.exists(job.params[KEPT_FILE])
    assert remove_expired_jobs(now=timezone.now() + datetime.timedelta(days=365)) == 1
    assert not default_storage.exists(job.params[KEPT_FILE]) and kept_files() == []


def test_a_large_registry_file_goes_through_the_jobs_too(client, users, programme, small_jobs):
    from partners.models import NGO
    from projects.imports.resources import NGOResource

    NGO.objects.create(code="mekong-green", name_original="Mekong Green Futures e.V.", country="DE")
    dataset = NGOResource().export(NGO.objects.all())
    code_at, original_at, kind_at = (dataset.headers.index(name) for name in ("code", "name_original", "kind"))
    for i in range(4):
        row = [""] * len(dataset.headers)
        row[code_at], row[original_at], row[kind_at] = f"job-ngo-{i}", f"Job NGO {i}", "ngo"
        dataset.append(row)
    client.force_login(users["coordinator"])
    client.post(reverse("projects:import"), {"kind": "ngos", "programme": programme.pk, "file": SimpleUploadedFile("ngos.xlsx", dataset.export("xlsx"))})
    preview_job = Job.objects.get(kind=import_jobs.PREVIEW)
    known = NGO.objects.count()
    assert preview_job.outcome["counts"] == {"create": 4, "update": 0, "unchanged": known} and preview_job.total == known + 4
    assert not NGO.objects.filter(code__startswith="job-ngo-").exists()
    client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    assert Job.objects.get(kind=import_jobs.APPLY).state == Job.State.DONE and NGO.objects.filter(code__startswith="job-ngo-").count() == 4
    assert ImportRecord.objects.get().kind == "ngos"


def test_confirming_in_another_language_applies_the_preview(client, users, programme, small_jobs):
    """The changes a digest compares are written in the preview's language: switching language changes no plan."""
    Project.objects.filter(code="03-2020-i-01").update(name_en="Before")
    with translation.override("vi"):
        from projects.imports.flat_export import bank_flat_csv
        content = bank_flat_csv(Project.objects.filter(programme=programme)).replace(b"Before", b"After")
    client.force_login(users["coordinator"])
    client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": SimpleUploadedFile("bank.csv", content)}, HTTP_ACCEPT_LANGUAGE="vi")
    preview_job = Job.objects.get()
    assert preview_job.outcome["counts"]["update"] == 1
    client.post(reverse("set_language"), {"language": "en", "next": "/bank/"})
    client.post(reverse("projects:import_job_confirm", args=[preview_job.pk]))
    apply_job = Job.objects.get(kind=import_jobs.APPLY)
    assert apply_job.language == "en" and apply_job.state == Job.State.DONE, apply_job.error
    assert Project.objects.get(code="03-2020-i-01").name_en == "After"
