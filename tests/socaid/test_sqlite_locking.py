"""A file SQLite database as socaid opens it: WAL, a busy timeout, and writers that lock when they begin."""
import sqlite3
from unittest import mock

import pytest
from django.db import transaction
from django.db.utils import ConnectionHandler

from socaid.env import database_from_url


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    django_db_blocker.unblock()
    handler = ConnectionHandler({"default": database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", sqlite_timeout=7)})
    connection = handler["default"]
    # transaction.atomic() finds its connection by alias: here, this file's.
    with mock.patch("django.db.transaction.connections", handler):
        yield connection, tmp_path / "db.sqlite3"
    connection.close()
    django_db_blocker.restore()


def test_the_file_is_in_wal_mode_with_the_configured_busy_timeout(sqlite_file):
    connection, _ = sqlite_file
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert cursor.execute("PRAGMA busy_timeout").fetchone() == (7000,)
        assert cursor.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL


def test_a_transaction_holds_the_write_lock_from_its_start(sqlite_file):
    """A transaction that reads, then writes, must not find another writer in between (SQLite would answer
    "database is locked" at once instead of waiting)."""
    connection, path = sqlite_file
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x)")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_the_busy_timeout_comes_from_the_environment():
    from tests.socaid.test_settings import manage

    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['timeout'])"
    assert manage("shell", "-c", show, DEBUG="1").stdout.split()[-1] == "20"
    assert manage("shell", "-c", show, DEBUG="1", SQLITE_BUSY_TIMEOUT="45").stdout.split()[-1] == "45"
    refused = manage("shell", "-c", show, DEBUG="1", SQLITE_BUSY_TIMEOUT="long")
    assert refused.returncode != 0 and "SQLITE_BUSY_TIMEOUT='long' is not a whole number." in refused.stderr
