"""Writing a backup: the database and the manifest's checksums from one snapshot, then the uploaded files."""
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connections
from django.utils.translation import gettext as _

from socaid.backups.archive import ArchiveWriter
from socaid.backups.engines import engine_for
from socaid.backups.errors import BackupError
from socaid.backups.files import storage_files
from socaid.backups.manifest import database_state, manifest_build


def backup_create(*, output, using="default", storage=None):
    """Write the archive to ``output`` (never over an existing file) and return its manifest.

    The files are read after the database's snapshot: a file uploaded meanwhile is kept without its row (harmless),
    one deleted meanwhile is missing from the backup while its row is in it (the restore's check names it).
    """
    connection, storage, output = connections[using], storage or default_storage, Path(output)
    engine = engine_for(connection)
    if output.exists():
        raise BackupError(_("%(path)s exists already; a backup never overwrites a file.") % {"path": output})
    if not output.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    writer = ArchiveWriter(output)
    try:
        with tempfile.TemporaryDirectory(prefix="socaid-backup-") as folder:
            dumped = Path(folder) / engine.DUMP_NAME
            with engine.snapshot(connection) as snapshot_id:
                engine.dump(connection, dumped, snapshot_id)
                state = database_state(connection)
            database_member = f"database/{engine.DUMP_NAME}"
            with open(dumped, "rb") as stream:
                writer.add(database_member, stream)
        files = {}
        for name in storage_files(storage):
            try:
                stream = storage.open(name, "rb")
            except FileNotFoundError:
                continue  # deleted since it was listed, with its row (or the row goes next)
            with stream:
                files[name] = writer.add(f"media/{name}", stream)
        manifest = manifest_build(connection=connection, engine=engine, database_member=database_member, state=state, files=files)
        writer.finish(manifest)
    except BaseException:
        writer.discard()
        raise
    return manifest
