"""The database engine's own half of a backup, chosen by the connection's vendor."""
from django.utils.translation import gettext as _

from socaid.backups import postgresql, sqlite
from socaid.backups.errors import BackupError

ENGINES = {"sqlite": sqlite, "postgresql": postgresql}


def engine_for(connection):
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": connection.vendor}) from None
