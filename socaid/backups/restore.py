"""Restoring a backup into an empty database and an empty storage, then proving it against the manifest."""
import tempfile
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from socaid.backups.archive import unpack
from socaid.backups.engines import engine_for
from socaid.backups.errors import RestoreRefused
from socaid.backups.files import storage_is_empty, storage_write
from socaid.backups.manifest import manifest_differences


@dataclass
class Restored:
    manifest: dict
    differences: list  # one line per table or file that does not match the manifest; empty when all match

    @property
    def rows(self):
        return sum(table["rows"] for table in self.manifest["tables"].values())


def backup_restore(*, archive, using="default", storage=None):
    """Every check that can refuse is made before the database or the storage is written to: both empty, the
    archive whole and matching its manifest, the same engine, migrations this code knows."""
    connection, storage = connections[using], storage or default_storage
    engine = engine_for(connection)
    if not engine.is_empty(connection):
        raise RestoreRefused(
            _("The database %(name)s is not empty; a backup is restored only into an empty database.") % {"name": connection.settings_dict["NAME"]}
        )
    if not storage_is_empty(storage):
        raise RestoreRefused(_("The folder of uploaded files is not empty; a backup is restored only into an empty one."))
    with tempfile.TemporaryDirectory(prefix="socaid-restore-") as folder:
        manifest, members = unpack(archive, folder)
        if manifest["database"]["engine"] != connection.vendor:
            raise RestoreRefused(
                _("This backup is of a %(backup)s database and cannot be restored into %(target)s; restore it into %(backup)s.")
                % {"backup": manifest["database"]["engine"], "target": connection.vendor}
            )
        unknown = _unknown_migrations(manifest["migrations"])
        if unknown:
            raise RestoreRefused(
                _("The backup was made by a newer version of socaid (migration %(migration)s is unknown here); update the code first.")
                % {"migration": unknown[0]}
            )
        engine.load(members[manifest["database"]["member"]], connection)
        storage_write(storage, {name: members[f"media/{name}"] for name in manifest["files"]})
    return Restored(manifest=manifest, differences=manifest_differences(manifest, connection=connection, storage=storage))


def _unknown_migrations(applied):
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, names in sorted(applied.items()) for name in names if (app, name) not in known]
