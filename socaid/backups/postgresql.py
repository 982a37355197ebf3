"""PostgreSQL: pg_dump --format=custom from a snapshot that the manifest's checksums share, pg_restore back."""
import os
import subprocess
from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _

from socaid.backups.errors import BackupError

DUMP_NAME = "socaid.dump"


def _client(settings_dict):
    """Arguments and environment that point pg_dump and pg_restore at the configured database."""
    args = ["--no-password", "--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return args, env


def _run(command, settings_dict):
    args, env = _client(settings_dict)
    try:
        done = subprocess.run([*command, *args], env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(_("%(program)s is not installed (Debian: postgresql-client).") % {"program": command[0]}) from None
    if done.returncode != 0:
        raise BackupError(_("%(program)s failed: %(error)s") % {"program": command[0], "error": done.stderr.strip()})


def server_version(connection):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def tool_version():
    try:
        return subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout.strip() or None
    except FileNotFoundError:
        return None


@contextmanager
def snapshot(connection):
    """A repeatable-read transaction whose snapshot pg_dump is given (--snapshot): the dump and the checksums see
    the same committed data while the portal keeps writing."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def dump(connection, path, snapshot_id):
    _run(["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"], connection.settings_dict)


def is_empty(connection):
    """No table, view, sequence or other relation outside PostgreSQL's own schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%%'"
        )
        return cursor.fetchone()[0] == 0


def load(path, connection):
    """All or nothing (one transaction, stopping at the first error); objects owned by the configured user, whoever
    owned them on the server backed up."""
    _run(["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", str(path)], connection.settings_dict)
