"""What the manifest records besides the archive's members, and how a restored database and storage differ from it."""
import platform
import subprocess

import django
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from socaid.backups.archive import FORMAT
from socaid.backups.contents import migration_state, table_digests
from socaid.backups.files import storage_digests


def git_commit():
    """The portal's commit when it runs from a git checkout; None otherwise (an installed copy, no git)."""
    try:
        done = subprocess.run(["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def database_state(connection):
    """The part of the manifest the restored database is checked against: migrations, rows, checksums."""
    return {"migrations": migration_state(connection), "tables": table_digests(connection)}


def manifest_build(*, connection, engine, database_member, state, files):
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "socaid_commit": git_commit(),
            "database_engine": connection.vendor,
            "database_server": engine.server_version(connection),
            "dump_tool": engine.tool_version(),
        },
        "database": {"engine": connection.vendor, "member": database_member},
        **state,
        "files": files,
    }


def manifest_differences(manifest, *, connection, storage):
    """What the database and storage hold that the manifest does not say, one line each; empty when all match."""
    found = database_state(connection) | {"files": storage_digests(storage)}
    lines = []
    if found["migrations"] != manifest["migrations"]:
        lines.append(_("The applied migrations differ from the backup's."))
    for table in sorted(set(manifest["tables"]) | set(found["tables"])):
        expected, actual = manifest["tables"].get(table), found["tables"].get(table)
        if expected is None or actual is None:
            lines.append(_("Table %(table)s: only in the backup or only in the database.") % {"table": table})
        elif expected["rows"] != actual["rows"]:
            lines.append(
                _("Table %(table)s: %(expected)s rows in the backup, %(actual)s in the database.")
                % {"table": table, "expected": expected["rows"], "actual": actual["rows"]}
            )
        elif expected["sha256"] != actual["sha256"]:
            lines.append(_("Table %(table)s: the rows differ from the backup's.") % {"table": table})
    for name in sorted(set(manifest["files"]) | set(found["files"])):
        if manifest["files"].get(name) != found["files"].get(name):
            lines.append(_("File %(name)s: missing, extra or different from the backup's.") % {"name": name})
    return lines
