"""Requests per second and latency of the bank's pages under load: gunicorn on the current database, `wrk` on
loopback with a signed-in session, each page beside the bare view (/healthz) in the same run.

    export DEBUG=0 SECRET_KEY=... SITE_URL=http://127.0.0.1
    python manage.py collectstatic --noinput
    python manage.py benchmark_load --duration 20

Run it after generate_bank, and once more on a bank of the small programme alone (the demo), to compare the list
filtered to that programme with the same page there. It writes only the "benchmark" superuser and its session.
On PostgreSQL the pages asked again of unchanged data are kept pages (socaid/page_cache.py); PAGE_CACHE=0 measures
what each costs to make.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from projects.management.commands.benchmark_pages import Command as PageBenchmark
from projects.models import Programme, Project

ROOT = Path(settings.BASE_DIR)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Command(BaseCommand):
    help = "Load-test the bank's pages with wrk against gunicorn on the current database; requests/s, p50 and p99."

    def add_arguments(self, parser):
        parser.add_argument("--programme-code", help="the programme to filter by (default: the smallest with projects)")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--duration", type=int, default=15, help="seconds of load per page")
        parser.add_argument("--connections", type=int, default=4)

    def handle(self, *args, programme_code, workers, duration, connections, **options):
        if settings.DEBUG:
            raise CommandError("Run with DEBUG=0: the benchmark measures the production settings.")
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk; scripts/install.sh does, as root).")
        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            raise CommandError("Run collectstatic first, with the same settings.")
        pages = self.pages(programme_code)
        client = Client()
        client.force_login(PageBenchmark().user())
        # A signed-in browser also holds the CSRF cookie that its first form gave it.
        csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"
        port = free_port()
        self.stdout.write(
            f"{connection.vendor}: {Project.objects.count()} projects; gunicorn, {workers} workers, "
            f"page cache {'on' if settings.PAGE_CACHE else 'off (PAGE_CACHE=0)'}; "
            f"wrk, {connections} connections, {duration} s per page"
        )
        with gunicorn(port, workers) as base:
            for name, path in pages:  # wrk counts a redirect (to the sign-in) as a success: each page must answer 200
                status = answer_status(f"{base}{path}", cookie)
                if status != 200:
                    raise CommandError(f"{name} ({path}) answered {status}, not 200.")
            rows = []
            for name, path in pages:
                rows.append((name, *run_wrk(f"{base}{path}", cookie, duration, connections)))
        bare, floor = rows[0][1], rows[1][1]
        self.stdout.write(
            "| page | requests/s | p50 ms | p99 ms | non-2xx | of /healthz | of the signed-in floor |\n|---|---:|---:|---:|---:|---:|---:|"
        )
        for name, rate, p50, p99, errors in rows:
            self.stdout.write(f"| {name} | {rate:,.1f} | {p50:.1f} | {p99:.1f} | {errors} | {rate / bare:.3f} | {rate / floor:.2f} |")

    def pages(self, programme_code):
        programmes = Programme.objects.annotate(n=Count("projects")).filter(n__gt=0)
        small = programmes.filter(code=programme_code).first() if programme_code else programmes.order_by("n", "pk").first()
        if small is None:
            raise CommandError("No programme with projects to filter by.")
        project = Project.objects.order_by("pk").first()
        bank = reverse("projects:bank")
        return [
            ("/healthz (bare view)", reverse("healthz")),
            # The floor of a signed-in page: the session, the user, the frame and a one-field form.
            ("signed-in floor: the USD rate form", reverse("projects:usd_rate")),
            ("bank list", bank),
            (f"bank list, programme {small.code} ({small.n} projects)", f"{bank}?{urlencode({'programme': small.pk})}"),
            ("bank list, searched", f"{bank}?{urlencode({'q': 'ho dieu hoa'})}"),
            ("project page", reverse("projects:detail", args=[project.pk])),
        ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class gunicorn:
    def __init__(self, port, workers):
        self.port, self.workers = port, workers

    def __enter__(self):
        environment = os.environ | {"ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0"}
        command = [str(Path(sys.executable).parent / "gunicorn"), "socaid.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--timeout", "120",
                   # A page slower than the run's end must not hold the stop past the 30 s allowed for it.
                   "--graceful-timeout", "10"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn stopped: {self.process.stderr.read().decode()[-2000:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return f"http://127.0.0.1:{self.port}"
            time.sleep(0.2)
        raise CommandError("gunicorn did not start within a minute.")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def answer_status(url, cookie):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(url, cookie, duration, connections):
    """(requests/s, p50 ms, p99 ms, non-2xx answers) of ``duration`` seconds of load on ``url``."""
    done = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "-H", f"Cookie: {cookie}", url],
        capture_output=True, text=True, timeout=duration + 60,
    )
    if done.returncode != 0:
        raise CommandError(f"wrk failed on {url}: {done.stderr}")
    return parse_wrk(done.stdout)


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, percentile(50), percentile(99), int(errors.group(1)) if errors else 0
