"""SQLite: the online backup API, from a read transaction that the manifest's checksums share."""
import os
import sqlite3
from contextlib import closing, contextmanager

DUMP_NAME = "socaid.sqlite3"


def server_version(connection):
    return sqlite3.sqlite_version


def tool_version():
    return f"sqlite3 {sqlite3.sqlite_version} (online backup API)"


@contextmanager
def snapshot(connection):
    """One read transaction for the copy and the checksums: in WAL mode writers carry on meanwhile, and neither the
    copy nor the checksums see what they write. Django keeps the connection in autocommit (no isolation level), so
    the transaction is begun and ended here by hand; not inside atomic(), whose transaction takes the write lock."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        raw.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the snapshot starts at the first read
        yield None
    finally:
        raw.execute("ROLLBACK")


def dump(connection, path, snapshot_id):
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)


def is_empty(connection):
    """A file that does not exist yet is empty, and is not created by asking (a refused restore leaves none)."""
    name = connection.settings_dict["NAME"]
    if connection.connection is None and not str(name).startswith("file:") and not os.path.exists(name):
        return True
    return not connection.introspection.table_names()


def load(path, connection):
    """Copies the backed-up database into the configured file, page by page, through the same backup API and the
    portal's own connection (the file may exist, empty, with its WAL beside it)."""
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as source:
        source.backup(connection.connection)
