"""Jobs through the real worker (`manage.py db_worker`, the database's queue), in processes of their own on a
database of their own: a job queued by the portal is made by the worker into a file the portal serves; a worker
killed in the middle of a job leaves it unfinished and without a file, shown as lost, and a retry makes it."""
import json
import signal
import subprocess
import sys
import time

import pytest

from tests.support.live_site import ROOT, _environment, fresh_database

SETUP = """
import json
from django.contrib.auth import get_user_model
from partners.models import Membership, Organisation
from partners.unit_data import load_units
from projects.models import Programme
from projects.seed import load_programme_fixture
from socaid.jobs.services import start_job

load_programme_fixture()
load_units()
user = get_user_model().objects.create_user("dieuphoi-worker", email="dieuphoi@example.invalid")
Membership.objects.create(user=user, organisation=Organisation.objects.get(code="so-tai-chinh-can-tho"), role="coordinator")
programme = Programme.objects.get(number="03/CTr-UBND")
appendix = start_job("appendix", by=user, params={"query": f"programme={programme.pk}&lang=vi", "format": "pdf"}, title="Danh mục")
summary = start_job("summary", by=user, params={"query": f"programme={programme.pk}&year=period&lang=vi", "format": "pdf"}, title="Tổng hợp")
print(json.dumps({"appendix": str(appendix.pk), "summary": str(summary.pk)}))
"""

STATE = """
import json
from django.core.files.storage import default_storage
from socaid.jobs.models import Job
print(json.dumps({str(job.pk): {"state": job.state, "lost": job.is_lost, "file": job.file, "exists": bool(job.file) and default_storage.exists(job.file),
                                "folder": default_storage.listdir(f"jobs/{job.pk}")[1] if default_storage.exists(f"jobs/{job.pk}") else [],
                                "done": job.done, "total": job.total, "attempts": job.attempts} for job in Job.objects.all()}))
"""

RETRY = """
from socaid.jobs.models import Job
from socaid.jobs.services import retry_job
job = Job.objects.get(pk="%s")
assert job.is_lost and job.can_retry
retry_job(job, by=job.requested_by)
print("{}")
"""


@pytest.fixture
def worker_site(tmp_path, django_db_blocker):
    with django_db_blocker.unblock(), fresh_database(tmp_path) as database_url:
        # The real settings (files on disk, read by every process), the database's queue, and a worker counted lost
        # as soon as it is silent.
        environment = _environment(database_url, 0) | {
            "DJANGO_SETTINGS_MODULE": "socaid.settings", "DEBUG": "1", "TASKS_BACKEND": "database",
            "MEDIA_ROOT": str(tmp_path / "media"), "JOB_LOST_SECONDS": "0", "JOB_HEARTBEAT_SECONDS": "1",
        }
        yield environment


def python(environment, code):
    done = subprocess.run([sys.executable, "-c", f"import django; django.setup()\n{code}"], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def job_states(database_url):
    """The jobs' states read straight from the database, fast enough to catch a job while it runs."""
    if database_url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    else:
        import psycopg2

        connection = psycopg2.connect(database_url)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT state FROM jobs_job")
        return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


def worker(*options):
    return [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *options]


def test_the_worker_makes_the_file_and_a_killed_worker_leaves_no_half_written_one(worker_site, tmp_path):
    jobs = python(worker_site, SETUP)
    # A worker started, killed while it makes the first job (the appendix) as a power cut or the OOM killer would.
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(worker(), cwd=ROOT, env=worker_site, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if "running" in job_states(worker_site["DATABASE_URL"]):
                break
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    states = python(worker_site, STATE)
    killed = [pk for pk, state in states.items() if state["state"] == "running"]
    assert len(killed) == 1, (states, (tmp_path / "worker.log").read_text())
    killed = killed[0]
    assert states[killed]["lost"] and not states[killed]["file"] and states[killed]["folder"] == []
    # Tried again, then both jobs made by a worker that runs what is waiting and stops.
    python(worker_site, RETRY % killed)
    done = subprocess.run(worker("--batch"), cwd=ROOT, env=worker_site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    states = python(worker_site, STATE)
    for pk in jobs.values():
        assert states[pk]["state"] == "done" and states[pk]["exists"], states
        assert states[pk]["done"] == states[pk]["total"] > 0
    assert states[killed]["attempts"] == 2
    pdf = (tmp_path / "media" / states[jobs["appendix"]]["file"]).read_bytes()
    assert pdf.startswith(b"%PDF")


def redis_reachable(url="redis://127.0.0.1:6379/15"):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_on_several_machines_rq_runs_the_jobs_chosen_by_settings_alone(worker_site, tmp_path):
    import redis

    rq_site = worker_site | {"TASKS_BACKEND": "rq", "REDIS_URL": "redis://127.0.0.1:6379/15"}
    redis.Redis.from_url(rq_site["REDIS_URL"]).flushdb()
    jobs = python(rq_site, SETUP)
    done = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT, env=rq_site, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    states = python(rq_site, STATE)
    assert all(states[pk]["state"] == "done" and states[pk]["exists"] for pk in jobs.values()), states
