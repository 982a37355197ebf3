"""Why a backup or a restore stopped, in the user's language; the management commands show the message as is."""


class BackupError(Exception):
    pass


class DamagedArchive(BackupError):
    """The archive is not the one the backup wrote: refused before anything is written."""


class RestoreRefused(BackupError):
    """The archive is sound but cannot go where it was asked to: refused before anything is written."""
