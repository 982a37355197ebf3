"""The uploaded files, through Django's storage API: the file system's MEDIA_ROOT in production, but any storage
(another folder, S3-compatible storage) reads and writes the same way."""
import hashlib
import posixpath

from django.core.files import File
from django.utils.translation import gettext as _

from socaid.backups.errors import BackupError

CHUNK = 1024 * 1024


def storage_files(storage, folder=""):
    """Every file's name, folders walked in a fixed order; nothing for a folder that does not exist yet."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from storage_files(storage, posixpath.join(folder, name))


def storage_is_empty(storage):
    return next(storage_files(storage), None) is None


def stream_digest(stream, *, into=None):
    """sha256 and size of a stream, copied on the way into ``into`` when given."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if into is not None:
            into.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def storage_digests(storage):
    """{name: {"size", "sha256"}} of every file the storage holds."""
    digests = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as stream:
            digests[name] = stream_digest(stream)
    return digests


def storage_write(storage, sources):
    """Each file of ``sources`` ({name: local path}) saved under its own name; the storage must not rename one."""
    for name, path in sources.items():
        with open(path, "rb") as stream:
            saved = storage.save(name, File(stream, name=posixpath.basename(name)))
        if saved != name:
            raise BackupError(_("The storage saved %(name)s as %(saved)s.") % {"name": name, "saved": saved})
