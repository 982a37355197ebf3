"""A real socaid server in its own process, on a database of its own, and people using it over HTTP.

pytest-django's live server shares the in-memory SQLite test database through one connection, where locking is
not what a deployed portal sees; this server opens its own connections to a new file (SQLite) or database
(PostgreSQL), migrated for it. The people are socaid.visitor's Visitors, which the soak run uses too.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def fresh_database(directory):
    """The URL of a new, migrated database beside the test database, removed afterwards."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{Path(directory) / 'live.sqlite3'}"
    else:
        source = connection.settings_dict
        name = connection.creation._get_test_db_name() + "_live"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {_quoted(name)}")
        password = f":{urllib.parse.quote(source['PASSWORD'])}" if source["PASSWORD"] else ""
        url = f"postgres://{source['USER']}{password}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/{name}"
    try:
        migrated = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_environment(url, 0),
                                  capture_output=True, text=True, timeout=120)
        assert migrated.returncode == 0, migrated.stderr
        yield url
    finally:
        if connection.vendor != "sqlite":
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")


def _environment(database_url, port):
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "socaid.test_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
    }


def run_python(database_url, code):
    """Run ``code`` with Django set up on ``database_url``; what it prints, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT, env=_environment(database_url, 0), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(server, port, log_path, seconds=30):
    """Until the server started as process ``server`` takes connections on ``port``; its log if it dies first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, Path(log_path).read_text()
            time.sleep(0.2)


@contextmanager
def running_server(database_url, log_path):
    """The portal served by Django's threaded runserver; yields its base URL."""
    port = free_port()
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=ROOT, env=_environment(database_url, port), stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(server, port, log_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)
