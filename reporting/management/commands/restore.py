from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from socaid.backups.errors import BackupError
from socaid.backups.restore import backup_restore


class Command(BaseCommand):
    help = ("Restore an archive written by the backup command into an empty database (DATABASE_URL) and an empty "
            "MEDIA_ROOT, after checking the whole archive, then check what was restored against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by manage.py backup")

    def handle(self, *args, archive, **options):
        try:
            restored = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        if restored.differences:
            for line in restored.differences:
                self.stderr.write(line)
            raise CommandError(_("Restored, but the database or the files differ from the backup's manifest (listed above)."))
        self.stdout.write(
            _("Restored the backup of %(created)s and checked it against its manifest: tables %(tables)d, rows %(rows)d, files %(files)d, all as backed up.")
            % {"created": manifest["created_at"], "tables": len(manifest["tables"]), "rows": restored.rows, "files": len(manifest["files"])}
        )
        if MigrationExecutor(connection).migration_plan(MigrationLoader(connection).graph.leaf_nodes()):
            self.stdout.write(_("This version of socaid has migrations the backup lacks: run manage.py migrate next."))
