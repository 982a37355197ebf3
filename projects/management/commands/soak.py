"""A soak run: gunicorn (2 workers) and the job worker on the current database, and the demo's people using the
portal through HTTP for ``--duration`` seconds, each in a thread of their own, each signed in through the sign-in
form. They read the bank list, search it, open projects; the officers edit their own draft through the edit
form; the coordinator asks for the appendix as a PDF job, follows the job's page and downloads the file, and
previews the import of a small flat file (never confirmed). Every request's status and time is recorded.

    export DEBUG=0 SECRET_KEY=... SITE_URL=http://127.0.0.1 STATIC_ROOT=/tmp/static DATABASE_URL=postgres://...
    python manage.py collectstatic --noinput
    python manage.py demo --allow-production
    python manage.py soak --duration 600 [--restart-postgres-after 120]

At the end: requests by kind, errors (a status other than the one expected, or no answer), p50 and p99, the
memory of gunicorn and of the worker after the warm-up and at the end, how the jobs ended after a drain, and
whether every accepted edit is one record in its project's history, and whether the project's page asked right
after each edit shows it (the page kept for the session before the edit must not be served again). It exits
non-zero when a check fails.

It writes what the people do: the officers' drafts (made once, reused by the next run), their edits and history,
the jobs and their files (under a temporary MEDIA_ROOT, removed), sessions and sign-in records. Run it on a
database made for it, never on a real one: `demo` refuses a production database for the same reason.
"""
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils import timezone, translation

from partners.models import Organisation
from projects.access import access_for
from projects.imports.flat_export import bank_flat_csv
from projects.management.commands.benchmark_load import free_port
from projects.models import Programme, Project, Sector
from projects.services import project_create
from projects.soak_checks import (
    Hit,
    children,
    edits_recorded,
    figures,
    growth,
    history_gaps,
    job_tally,
    rss_kib,
)
from socaid.jobs.models import Job
from socaid.visitor import Visitor, form_fields

ROOT = Path(settings.BASE_DIR)
PASSWORD = "socaid-demo-2026"
# Who uses the portal, and what for. The coordinator signs in twice, as two browser windows would.
PEOPLE = [
    ("dieuphoi", "jobs"),
    ("dieuphoi", "imports"),
    ("cantho", "edits"),
    ("hoinongdan", "edits"),
    ("lanhdao", "reads"),
    ("taichinh", "reads"),
]
SEARCHES = ["nước", "ho dieu hoa", "giáo dục", "y tế", "nông nghiệp", "trường học", "Sóc Trăng"]
DRAFT_NAME = "Dự án thử tải ({username})"


class Command(BaseCommand):
    help = "Soak the portal: gunicorn and the job worker under mixed traffic of signed-in people; figures and checks."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=600, help="seconds of traffic")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--warm-up", type=int, default=30, help="seconds before the memory is first measured")
        parser.add_argument("--think", type=float, default=0.2, help="seconds each person waits between two steps")
        parser.add_argument("--job-timeout", type=int, default=300, help="seconds a person waits for one job")
        parser.add_argument("--drain", type=int, default=120, help="seconds allowed for the jobs to finish after the traffic")
        parser.add_argument("--max-memory-growth", type=float, default=0.5, help="largest growth of the memory allowed (0.5: 50 %%)")
        parser.add_argument("--restart-postgres-after", type=int, help="restart PostgreSQL once, this many seconds in")
        parser.add_argument("--kill-worker-after", type=int, help="kill the job worker (SIGKILL) in the middle of a job, once, this many seconds in")
        parser.add_argument("--postgres-cluster", default="", help="VERSION/NAME for pg_ctlcluster (default: the only one in /etc/postgresql)")

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError("Run with DEBUG=0: the soak measures the production settings.")
        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            raise CommandError("Run collectstatic first, with the same settings.")
        cluster = None
        if options["restart_postgres_after"] is not None:
            if connection.vendor != "postgresql":
                raise CommandError("--restart-postgres-after restarts PostgreSQL: run it on a PostgreSQL database.")
            cluster = options["postgres_cluster"] or only_cluster()
        plan = Plan.prepare()
        with ExitStack() as stack:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="soak-")))
            port = free_port()
            environment = child_environment(port, folder)
            server = stack.enter_context(Child("gunicorn", gunicorn_command(port, options["workers"]), environment, folder))
            worker = stack.enter_context(Child("worker", worker_command(), environment, folder))
            server.wait_listening(port)
            run = Run(f"http://127.0.0.1:{port}", plan, options)
            self.stdout.write(
                f"{connection.vendor}: {Project.objects.count()} projects; gunicorn {options['workers']} workers, one job worker; "
                f"{len(PEOPLE)} people for {options['duration']} s"
            )
            run.start()
            memory = self.watch(run, server, worker, cluster, options)
            run.stop()
            drained = self.drain(run, worker, options["drain"])
            jobs = job_tally(run.job_ids(), folder / "media")
            logs = {child.name: child.log_tail() for child in (server, worker)}
        return self.conclude(run, memory, jobs, drained, worker.restarts, logs, options)

    def watch(self, run, server, worker, cluster, options):
        """Until the duration is over: keep the worker running, measure the memory, restart PostgreSQL once."""
        memory = {}
        restart_at, kill_at = options["restart_postgres_after"], options["kill_worker_after"]
        while run.elapsed() < options["duration"]:
            if not worker.alive():
                last = (worker.log_tail().strip().splitlines() or [""])[-1]
                self.stdout.write(f"  {run.elapsed():.0f} s: the job worker stopped ({worker.exit_code()}: {last[:200]}); started again")
                worker.restart()
            if "start" not in memory and run.elapsed() >= options["warm_up"]:
                memory["start"] = measure(server, worker)
            if kill_at is not None and run.killed_job is None and run.elapsed() >= kill_at:
                run.killed_job = kill_in_a_job(worker, run)
                if run.killed_job:
                    self.stdout.write(f"  {run.elapsed():.0f} s: killed the job worker in the middle of job {run.killed_job}")
                    continue
            if restart_at is not None and run.outage is None and run.elapsed() >= restart_at:
                self.stdout.write(f"  {run.elapsed():.0f} s: restarting PostgreSQL {cluster}")
                run.outage = restart_postgres(cluster, run)
                self.stdout.write(f"  PostgreSQL was down from {run.outage[0]:.1f} s to {run.outage[1]:.1f} s")
            time.sleep(0.1 if kill_at is not None and run.killed_job is None else 0.5)
        memory["end"] = measure(server, worker)
        memory.setdefault("start", memory["end"])
        return memory

    def drain(self, run, worker, seconds):
        """Wait for the jobs still waiting or running to end; True when none is left."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not worker.alive():
                worker.restart()
            connection.close()
            if not job_tally(run.job_ids())["lost"]:
                return True
            time.sleep(1)
        return False

    def conclude(self, run, memory, jobs, drained, worker_restarts, logs, options):
        connection.close()  # the run may have restarted the database under this process's connection
        hits = run.hits()
        result = figures(hits, run.outage)
        problems = history_gaps(run.edits(), run.since)
        edits, landed = edits_recorded(run.edits(), run.since)
        write = self.stdout.write
        write("\n| kind | requests | errors |\n|---|---:|---:|")
        for kind, (count, errors) in result.by_kind.items():
            write(f"| {kind} | {count} | {errors} |")
        write(f"\nrequests {result.requests}, errors {result.errors}, p50 {result.p50:.0f} ms, p99 {result.p99:.0f} ms")
        if run.outage:
            write(f"failed while PostgreSQL restarted (in flight or sent while it was down): {result.outage}")
            after = [hit for hit in hits if hit.started > run.outage[1]]
            write(f"after the restart: {len(after)} requests, {sum(not hit.expected for hit in after)} failed")
        for when in ("start", "end"):
            write(f"memory at the {when}: gunicorn {memory[when]['gunicorn'] / 1024:.0f} MiB "
                  f"({memory[when]['gunicorn_processes']} processes), worker {memory[when]['worker'] / 1024:.0f} MiB")
        write(f"jobs: {len(run.job_ids())} started, {jobs['done']} done, {jobs['failed']} failed, "
              f"{jobs['cancelled']} cancelled, {jobs['lost']} lost; {run.retries} tried again; "
              f"the worker started again {worker_restarts} times")
        if run.killed_job:
            killed = Job.objects.get(pk=run.killed_job)
            write(f"the job whose worker was killed: {killed.state} after {killed.attempts} attempts")
        elif options["kill_worker_after"] is not None:
            write("no job was running when the worker was to be killed")
        write(f"edits accepted: {edits} on {len(run.edits())} projects, and {landed} saved whose answer was lost; history: "
              + ("every edit recorded once" if not problems else "; ".join(problems)))
        write(f"project pages asked right after an edit: {sum(run.after_edits.values())}, "
              f"{run.after_edits[False]} of them without it")
        write("\n| seconds | requests | errors | p99 ms | gunicorn MiB, start → end | worker MiB, start → end |\n|---:|---:|---:|---:|---:|---:|")
        write(f"| {options['duration']} | {result.requests} | {result.errors} | {result.p99:.0f} | "
              f"{memory['start']['gunicorn'] / 1024:.0f} → {memory['end']['gunicorn'] / 1024:.0f} | "
              f"{memory['start']['worker'] / 1024:.0f} → {memory['end']['worker'] / 1024:.0f} |")
        for line in run.notes[:20]:
            write(f"  note: {line}")
        failures = []
        if result.errors:
            failures.append(f"{result.errors} requests answered other than expected")
        if jobs["half-written"]:
            failures.append(f"{jobs['half-written']} jobs done without their whole file")
        if jobs["lost"] or not drained:
            failures.append(f"{jobs['lost']} jobs lost or still unfinished")
        if jobs["failed"] and not run.outage:
            failures.append(f"{jobs['failed']} jobs failed")
        if problems:
            failures.append("the history does not hold every accepted edit")
        if not edits:
            failures.append("no edit was accepted")
        if run.after_edits[False]:
            failures.append(f"{run.after_edits[False]} project pages asked after an edit did not show it")
        for name in ("gunicorn", "worker"):
            grown = growth(memory["start"][name], memory["end"][name])
            if grown > options["max_memory_growth"]:
                failures.append(f"the memory of {name} grew by {grown:.0%}")
        if failures:
            for name, tail in logs.items():
                write(f"\n--- the end of {name}'s log ---\n{tail}")
            raise CommandError("; ".join(failures))
        write("All checks passed.")


class Plan:
    """What the people will use, read from the database before the run: projects, programmes, drafts, a file."""

    @classmethod
    def prepare(cls):
        plan = cls()
        users = get_user_model().objects.in_bulk({username for username, _ in PEOPLE}, field_name="username")
        missing = {username for username, _ in PEOPLE} - set(users)
        if missing:
            raise CommandError(f"No account {', '.join(sorted(missing))}: load the demo first (manage.py demo).")
        plan.projects = {
            username: list(Project.objects.visible_to(access_for(user)).exclude(status=Project.Status.DRAFT).values_list("pk", flat=True))
            for username, user in users.items()
        }
        plan.programmes = list(Programme.objects.filter(projects__isnull=False).distinct().values_list("pk", flat=True))
        plan.drafts = {username: own_draft(users[username]) for username, role in PEOPLE if role == "edits"}
        newest = Programme.objects.order_by("-start_year").first()
        plan.import_programme = newest.pk
        with translation.override(settings.LANGUAGE_CODE):
            plan.bank_file = bank_flat_csv(Project.objects.filter(programme=newest).exclude(status=Project.Status.DRAFT).order_by("pk")[:5])
        return plan


def own_draft(user):
    """The officer's draft that the run edits: the one an earlier run made, or a new one."""
    name = DRAFT_NAME.format(username=user.username)
    draft = Project.objects.filter(name__startswith=name, status=Project.Status.DRAFT).first()
    if draft is not None:
        return draft.pk
    access = access_for(user)
    agency = access.host_agency_choices(Organisation.objects.order_by("valid_to", "pk")).first()
    if agency is None:
        raise CommandError(f"{user.username} is no officer: the soak needs officers who can file a draft.")
    lines = [{"description": "Hạng mục", "description_en": "", "total": 100, "aid_sought": 80, "counterpart": 20, "notes": "", "notes_en": "", "id": None}]
    refusals = []
    # The newest programme in which the officer's organisation existed (one merged away files in an older one).
    for programme in Programme.objects.order_by("-start_year"):
        fields = {"programme": programme, "sector": Sector.objects.filter(programme=programme).order_by("position").first(),
                  "host_agency": agency, "name": name, "start_year": programme.start_year, "end_year": programme.start_year + 1,
                  "location_text": "Cần Thơ", "content": "Dự án do lần chạy thử tải tạo ra."}
        try:
            return project_create(by=user, fields=fields, admin_units=[], lines=lines).pk
        except ValidationError as error:
            refusals.append(" ".join(error.messages))
    raise CommandError(f"{user.username} cannot file a draft: {'; '.join(refusals)}")


class Run:
    """The people's threads and what they recorded."""

    def __init__(self, base_url, plan, options):
        self.base_url, self.plan, self.options = base_url, plan, options
        self._lock = threading.Lock()
        self._hits, self._jobs, self._edits = [], set(), {}
        self.notes, self.retries, self.outage, self.killed_job = [], 0, None, None
        self.after_edits = {True: 0, False: 0}  # the project page asked right after an edit: showing it, or not
        self._stopping = threading.Event()
        self._threads = []
        self.since = timezone.now()
        self._started = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self._started

    def start(self):
        for number, (username, role) in enumerate(PEOPLE):
            person = Person(self, username, role, random.Random(number))
            thread = threading.Thread(target=person.live, name=f"{username}-{role}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self):
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=self.options["job_timeout"] + 120)

    @property
    def stopping(self):
        return self._stopping.is_set()

    def record(self, kind, answer, expected):
        ended = self.elapsed()
        with self._lock:
            self._hits.append(Hit(kind, answer.status, ended - answer.seconds, ended, answer.status in expected))

    def note(self, text):
        with self._lock:
            self.notes.append(f"{self.elapsed():.0f} s: {text}")

    def job_started(self, job_id):
        with self._lock:
            self._jobs.add(job_id)

    def job_retried(self, job_page):
        self.note(f"job {job_page} failed or was lost: tried again")
        with self._lock:
            self.retries += 1

    def edit_sent(self, pk, name, accepted):
        with self._lock:
            self._edits.setdefault(pk, []).append((name, accepted))

    def shown_after_edit(self, fresh):
        with self._lock:
            self.after_edits[fresh] += 1

    def hits(self):
        with self._lock:
            return list(self._hits)

    def job_ids(self):
        with self._lock:
            return set(self._jobs)

    def edits(self):
        with self._lock:
            return {pk: list(sent) for pk, sent in self._edits.items()}


class Person:
    """One of the demo's people at a browser, doing their part until the run stops."""

    def __init__(self, run, username, role, chance):
        self.run, self.username, self.role, self.chance = run, username, role, chance
        self.visitor = Visitor(run.base_url, timeout=120)
        self.edits = 0

    def get(self, kind, path, expected=(200,), data=None, files=None):
        answer = self.visitor.answer(path, data, files)
        self.run.record(kind, answer, expected)
        if answer.status not in expected:
            self.run.note(f"{self.username} {kind} {path}: {answer.status} {answer.text[:200]!r}")
        return answer

    def live(self):
        while not self.run.stopping and not self.sign_in():
            time.sleep(2)
        steps = {"jobs": [self.export_job, self.read_list], "imports": [self.import_preview, self.read_project],
                 "edits": [self.read_list, self.search, self.read_project, self.edit], "reads": [self.read_list, self.search, self.read_project]}[self.role]
        while not self.run.stopping:
            for step in steps:
                if self.run.stopping:
                    break
                try:
                    step()
                except Exception as error:  # a failed step is recorded as such; the person goes on
                    self.run.note(f"{self.username} {step.__name__}: {error!r}")
                time.sleep(self.run.options["think"])

    def sign_in(self):
        self.get("sign-in form", "/accounts/login/")
        answer = self.get("sign in", "/accounts/login/", (302,), [("username", self.username), ("password", PASSWORD)])
        return answer.status == 302

    def read_list(self):
        programme = self.chance.choice([None, *self.run.plan.programmes])
        self.get("bank list", "/bank/" + (f"?{urlencode({'programme': programme})}" if programme else ""))

    def search(self):
        self.get("search", f"/bank/?{urlencode({'q': self.chance.choice(SEARCHES)})}")

    def read_project(self):
        self.get("project page", f"/bank/{self.chance.choice(self.run.plan.projects[self.username])}/")

    def edit(self):
        pk = self.run.plan.drafts[self.username]
        path, page = f"/bank/{pk}/edit/", f"/bank/{pk}/"
        self.get("project page", page)  # the page as it was, which the session may be served again (page_cache)
        form = self.get("edit form", path)
        if form.status != 200:
            return
        self.edits += 1
        name = f"{DRAFT_NAME.format(username=self.username)} {self.run.since:%H%M%S}-{self.edits}"
        fields = [(key, name if key == "name" else value) for key, value in form_fields(form.text, "project-form")]
        accepted = self.get("edit saved", path, (302,), fields).status == 302
        self.run.edit_sent(pk, name, accepted)
        if accepted:  # the first page shows the edit's message, and is made for it; the second could be a kept one
            self.get("project page after an edit", page)
            after = self.get("project page after an edit", page)
            self.run.shown_after_edit(fresh=after.status != 200 or name in after.text)

    def export_job(self):
        """Ask for the appendix as a PDF, which is past the size made by a job: follow the job to its file."""
        programme = self.chance.choice(self.run.plan.programmes)
        asked = self.get("appendix asked", f"/reports/appendix/?{urlencode({'programme': programme, 'format': 'pdf'})}", (302,))
        job_page = asked.location.removeprefix(self.run.base_url)
        if asked.status != 302 or not job_page.startswith("/reports/exports/"):
            return
        self.run.job_started(job_page.strip("/").split("/")[-1])
        deadline = time.monotonic() + self.run.options["job_timeout"]
        while time.monotonic() < deadline:
            page = self.get("job page", job_page)
            if f"{job_page}file" in page.text:
                download = self.get("job file", f"{job_page}file")
                if download.status == 200 and not download.content.startswith(b"%PDF"):
                    self.run.note(f"job {job_page}: the file is no PDF")
                return
            if f"{job_page}retry/" in page.text:  # failed, or its worker went silent: try again, as the page offers
                self.run.job_retried(job_page)
                self.get("job tried again", f"{job_page}retry/", (302,), [])
            time.sleep(1)
        self.run.note(f"job {job_page} did not finish within {self.run.options['job_timeout']} s")

    def import_preview(self):
        """Upload a small flat file of the bank and read the preview; never confirm it."""
        if self.get("import page", "/bank/import/").status != 200:
            return
        data = [("kind", "bank"), ("programme", self.run.plan.import_programme)]
        files = {"file": ("soak-bank.csv", self.run.plan.bank_file, "text/csv")}
        self.get("import preview", "/bank/import/", (200,), data, files)


class Child:
    """A process the run started, its output in a log file; stopped (TERM, then KILL) on leaving."""

    def __init__(self, name, command, environment, folder):
        self.name, self.command, self.environment = name, command, environment
        self.log_path = folder / f"{name}.log"
        self.restarts = 0

    def __enter__(self):
        self._start()
        return self

    def _start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT)

    def restart(self):
        self.restarts += 1
        self._start()

    def alive(self):
        return self.process.poll() is None

    def exit_code(self):
        return self.process.poll()

    @property
    def pid(self):
        return self.process.pid

    def wait_listening(self, port, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.alive():
                raise CommandError(f"{self.name} stopped: {self.log_tail()}")
            if Visitor(f"http://127.0.0.1:{port}", timeout=5).answer("/healthz").status == 200:
                return
            time.sleep(0.3)
        raise CommandError(f"{self.name} did not answer within {seconds} s.")

    def log_tail(self, characters=3000):
        return self.log_path.read_text(errors="replace")[-characters:]

    def __exit__(self, *exc):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def child_environment(port, folder):
    """The production settings of this process, served on loopback without TLS; every PDF past one row a job."""
    return os.environ | {
        "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0",
        "JOB_ABOVE_PDF_ROWS": "1", "JOB_HEARTBEAT_SECONDS": "5", "JOB_LOST_SECONDS": "30",
        "MEDIA_ROOT": str(folder / "media"), "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def gunicorn_command(port, workers):
    return [str(Path(sys.executable).parent / "gunicorn"), "socaid.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "120"]


def worker_command():
    # As deployed (docs/deploy.md): the worker exits after 100 jobs and is started again.
    return [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--max-tasks", "100"]


def measure(server, worker):
    """The resident memory, in KiB, of gunicorn's master and workers together, and of the job worker."""
    pids = [server.pid, *children(server.pid)]
    return {"gunicorn": sum(rss_kib(pid) for pid in pids), "gunicorn_processes": len(pids), "worker": rss_kib(worker.pid)}


def kill_in_a_job(worker, run):
    """SIGKILL the worker if one of the run's jobs is running now (the job's id), else None. The worker loop
    of the command starts it again; the job, silent, is shown as failed and its person tries it again."""
    try:
        running = Job.objects.filter(pk__in=list(run.job_ids()), state=Job.State.RUNNING).values_list("pk", flat=True).first()
    except DatabaseError:
        connection.close()
        return None
    if running is None or not worker.alive():
        return None
    worker.process.kill()
    worker.process.wait(timeout=30)
    return str(running)


def only_cluster():
    clusters = [f"{version.name}/{name.name}" for version in Path("/etc/postgresql").glob("*") for name in version.glob("*")]
    if len(clusters) != 1:
        raise CommandError(f"Say which PostgreSQL cluster to restart (--postgres-cluster VERSION/NAME): {clusters or 'none found'}.")
    return clusters[0]


def restart_postgres(cluster, run):
    """Restart the cluster; (from, to) in seconds of the run during which it did not take connections."""
    version, name = cluster.split("/")
    down = run.elapsed()
    done = subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise CommandError(f"pg_ctlcluster failed: {done.stderr}")
    deadline = time.monotonic() + 120
    while True:
        connection.close()
        try:
            connection.ensure_connection()
            return down, run.elapsed()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
