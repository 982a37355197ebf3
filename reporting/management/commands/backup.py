from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from socaid.backups.backup import backup_create
from socaid.backups.errors import BackupError


class Command(BaseCommand):
    help = ("Write one archive holding the database, the uploaded files and a manifest of checksums (README: Backups). "
            "It runs while the portal serves.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="the archive to write (.tar.gz compressed, .tar not); default SOCAID_DATA_DIR/backups/socaid-<time>.tar.gz"
        )

    def handle(self, *args, output=None, **options):
        if not output:
            folder = settings.DATA_DIR / "backups"
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            output = folder / f"socaid-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            _("Backup written to %(path)s: tables %(tables)d, rows %(rows)d, files %(files)d.")
            % {"path": output, "tables": len(manifest["tables"]), "rows": rows, "files": len(manifest["files"])}
        )
