"""The archive: a tar file (gzip-compressed when its name ends in .gz or .tgz) holding

    database/socaid.sqlite3 or database/socaid.dump   the database (SQLite's backup API; pg_dump --format=custom)
    media/<name>                                       each uploaded file, under its storage name
    manifest.json                                      what the backup holds, with the sha256 and size of every
                                                       member above
    manifest.sha256                                    the manifest's own sha256, in sha256sum's format

Reading unpacks every member into a private folder and checks all of it (member names and kinds, the manifest's
checksum, each member's) before the caller writes anything anywhere. The checksums find damage, not tampering:
whoever can rewrite the archive can rewrite its checksums too; keep backups where only the operators can write.
"""
import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from socaid.backups.errors import BackupError, DamagedArchive
from socaid.backups.files import stream_digest

MANIFEST = "manifest.json"
MANIFEST_DIGEST = "manifest.sha256"
FORMAT = "socaid-backup/1"


def compressed(path):
    return str(path).endswith((".gz", ".tgz"))


def _bad_name(name):
    """Why a member's name is not one this module writes, or None: no absolute path, no "..", nothing but plain
    forward-slash names (a name like ../x would escape the folder it is unpacked into)."""
    if not name or name.startswith("/") or "\\" in name or any(ord(character) < 32 for character in name):
        return True
    parts = name.split("/")
    return any(part in ("", ".", "..") for part in parts) or str(PurePosixPath(name)) != name


class _HashingReader:
    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


class ArchiveWriter:
    """Writes the archive to a hidden file beside ``path`` and renames it into place only once complete, so that an
    interrupted backup never leaves a file that looks like a backup. Readable by its owner only: it holds every
    account and every uploaded file."""

    def __init__(self, path):
        self.path = Path(path)
        descriptor, partial = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=self.path.parent)
        os.close(descriptor)
        self.partial = Path(partial)
        os.chmod(self.partial, 0o600)
        self.tar = tarfile.open(self.partial, "w:gz" if compressed(path) else "w", format=tarfile.PAX_FORMAT)
        self.members = {}

    def add(self, name, stream):
        """A member from a readable stream; returns its {"size", "sha256"}."""
        if _bad_name(name) or name in self.members:
            raise BackupError(_("A file named %(name)s cannot be kept in a backup.") % {"name": repr(name)})
        # A tar header states the size before the content: a stream that cannot be measured is copied aside first.
        # The checksum is of the bytes copied into the archive, so a file rewritten meanwhile cannot make the two
        # disagree.
        with contextlib.ExitStack() as stack:
            if not stream.seekable():
                spool = stack.enter_context(tempfile.TemporaryFile())
                shutil.copyfileobj(stream, spool)
                spool.seek(0)
                stream = spool
            start = stream.tell()
            size = stream.seek(0, os.SEEK_END) - start
            stream.seek(start)
            reader = _HashingReader(stream)
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = size, 0o600, int(time.time())
            self.tar.addfile(info, reader)
        digest = {"size": size, "sha256": reader.digest.hexdigest()}
        self.members[name] = digest
        return digest

    def finish(self, manifest):
        data = json.dumps(manifest | {"members": self.members}, ensure_ascii=False, indent=1, sort_keys=True).encode()
        self.add(MANIFEST, io.BytesIO(data))
        self.add(MANIFEST_DIGEST, io.BytesIO(f"{hashlib.sha256(data).hexdigest()}  {MANIFEST}\n".encode()))
        self.tar.close()
        with open(self.partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(self.partial, self.path)

    def discard(self):
        self.tar.close()
        self.partial.unlink(missing_ok=True)


def unpack(path, folder):
    """The manifest and {member name: unpacked path} of a sound archive; DamagedArchive otherwise."""
    found = {}
    try:
        with tarfile.open(path, "r:*") as tar:
            for index, info in enumerate(tar):
                if _bad_name(info.name):
                    raise DamagedArchive(_("The archive holds a member named %(name)s, which no backup writes.") % {"name": repr(info.name)})
                if not info.isfile():
                    raise DamagedArchive(_("The archive member %(name)s is not a plain file.") % {"name": info.name})
                if info.name in found:
                    raise DamagedArchive(_("The archive holds %(name)s twice.") % {"name": info.name})
                # Unpacked under a number, never under its own name: no name reaches the file system.
                local = Path(folder) / f"{index:07d}"
                with tar.extractfile(info) as source, open(local, "wb") as target:
                    found[info.name] = (local, stream_digest(source, into=target))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise DamagedArchive(_("The archive cannot be read to its end (%(reason)s): it is truncated or damaged.") % {"reason": error}) from None
    manifest = _checked_manifest(found)
    for name, expected in manifest["members"].items():
        if name not in found:
            raise DamagedArchive(_("The archive lacks %(name)s, which its manifest lists.") % {"name": name})
        if found[name][1] != expected:
            raise DamagedArchive(_("The archive member %(name)s does not match its checksum in the manifest.") % {"name": name})
    unlisted = sorted(set(found) - set(manifest["members"]) - {MANIFEST, MANIFEST_DIGEST})
    if unlisted:
        raise DamagedArchive(_("The archive holds %(name)s, which its manifest does not list.") % {"name": unlisted[0]})
    return manifest, {name: local for name, (local, _digest) in found.items()}


def _checked_manifest(found):
    if MANIFEST not in found or MANIFEST_DIGEST not in found:
        raise DamagedArchive(_("The archive has no manifest: it is not a socaid backup, or it is truncated."))
    manifest_path, manifest_digest = found[MANIFEST]
    recorded = found[MANIFEST_DIGEST][0].read_text("utf-8", errors="replace").split(" ")[0]
    if recorded != manifest_digest["sha256"]:
        raise DamagedArchive(_("The manifest does not match its checksum: it was altered or damaged."))
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except ValueError:
        raise DamagedArchive(_("The manifest cannot be read.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DamagedArchive(_("The manifest is not one this version of socaid reads (%(format)s).") % {"format": FORMAT})
    shapes = {"members": dict, "database": dict, "migrations": dict, "tables": dict, "files": dict}
    if any(not isinstance(manifest.get(key), shape) for key, shape in shapes.items()):
        raise DamagedArchive(_("The manifest cannot be read."))
    members = manifest["members"]
    database = manifest["database"].get("member")
    file_members = {f"media/{name}": digest for name, digest in manifest["files"].items()}
    # Every member is the database or a file, and every file the manifest lists is a member with the same checksum.
    if database not in members or set(members) != {database} | set(file_members):
        raise DamagedArchive(_("The manifest's members do not match its database and files."))
    if any(members[name] != digest for name, digest in file_members.items()):
        raise DamagedArchive(_("The manifest's members do not match its database and files."))
    return manifest
