"""A backup restores: the demo with an attachment and an import, backed up, restored into a fresh database and a fresh
folder, gives back every row of every table and every file; a damaged archive is refused with nothing written.

Runs on the suite's database (SQLite, or PostgreSQL with DATABASE_URL): the target is a file beside the test on
SQLite, a database created for the test on PostgreSQL. Transactional, so that pg_dump sees the committed rows."""
import io
import json
import hashlib
import tarfile
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import ConnectionHandler
from django.utils import translation
from psycopg2 import sql

from partners.models import Organisation
from projects.imports.flat import plan_bank_file
from projects.imports.flat_export import bank_flat_xlsx
from projects.models import ImportRecord, Project
from projects.services import import_apply
from reporting import services
from reporting.models import ReportAttachment, ReportingRound
from socaid.backups.backup import backup_create
from socaid.backups.errors import DamagedArchive, RestoreRefused
from socaid.backups.manifest import manifest_differences
from socaid.backups.restore import backup_restore
from tests.support.bank_workbooks import edited, row_of

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TARGET = "backup_restore_target"


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a real folder, as in production (the suite keeps them in memory)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = settings.STORAGES | {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_target(transactional_db, tmp_path, worker_id):
    """A connection to a fresh, empty database under its own alias, and an empty folder for the files; the
    PostgreSQL database is named after the xdist worker, dropped afterwards. The test case forbids opening a
    connection it was not told of, but not using one already open: connected here, kept open by the restore."""
    yield from _target(tmp_path, worker_id)


@pytest.fixture
def target_of_its_own_role(transactional_db, tmp_path, worker_id):
    """As empty_target, on PostgreSQL, but the database belongs to a role of its own, neither superuser nor
    CREATEDB, connected as that role: the portal's role as docs/deploy.md step 3 creates it."""
    if connection.vendor != "postgresql":
        pytest.skip("a database owned by a role is PostgreSQL's")
    yield from _target(tmp_path, worker_id, own_role=True)


def _target(tmp_path, worker_id, *, own_role=False):
    source = connection.settings_dict
    admin, role = None, None
    if connection.vendor == "sqlite":
        target = {"ENGINE": source["ENGINE"], "NAME": str(tmp_path / "restored.sqlite3")}
    else:
        name = f"socaid_restore_{worker_id}_{uuid.uuid4().hex[:8]}"
        admin = psycopg2.connect(
            dbname="postgres", host=source["HOST"] or None, port=source["PORT"] or None, user=source["USER"] or None,
            password=source["PASSWORD"] or None,
        )
        admin.autocommit = True
        target = {key: source[key] for key in ("ENGINE", "HOST", "PORT", "USER", "PASSWORD", "OPTIONS")} | {"NAME": name}
        with admin.cursor() as cursor:
            if own_role:
                role, password = name, uuid.uuid4().hex
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
                target |= {"USER": role, "PASSWORD": password}
                cursor.execute(sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(name), sql.Identifier(role)
                ))
            else:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connections.settings[TARGET] = ConnectionHandler({"default": target}).settings["default"]
    connections[TARGET].connect()
    yield connections[TARGET], FileSystemStorage(location=tmp_path / "restored-media")
    connections[TARGET].close()
    del connections[TARGET]
    del connections.settings[TARGET]
    if admin is not None:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(target["NAME"])))
            if role:
                cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        admin.close()


def every_row(db):
    """Each table's rows as the engine gives them, sorted: read with plain SQL, not by the code under test."""
    tables = {}
    with db.cursor() as cursor:
        for table in db.introspection.table_names():
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def every_file(folder):
    folder = Path(folder)
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def nothing_written(target):
    db, storage = target
    return db.introspection.table_names() == [] and every_file(storage.location) == {}


def demo_with_an_attachment_and_an_import():
    call_command("demo", allow_production=True, stdout=io.StringIO())
    officer = get_user_model().objects.get(username="cantho")
    report = services.report_start(
        round_=ReportingRound.objects.latest("year"), organisation=Organisation.objects.get(code="ubnd-can-tho"), by=officer
    )
    services.report_attach(report=report, by=officer, upload=SimpleUploadedFile("Biên bản họp.pdf", PDF))
    project = Project.objects.filter(programme__isnull=False).order_by("pk").first()
    with translation.override("vi"):
        exported = bank_flat_xlsx(Project.objects.filter(programme=project.programme))

        def rename(sheet, column_of):
            sheet.cell(row=row_of(sheet, column_of, project.code), column=column_of["Tên dự án bằng tiếng Anh"], value="Restored lake")

        plan = plan_bank_file(edited(exported, rename), "ngan-hang.xlsx", project.programme)
    assert plan.errors == []
    import_apply(plan=plan, by=None)


def test_the_demo_restores_row_for_row_and_file_for_file(media, empty_target, tmp_path):
    demo_with_an_attachment_and_an_import()
    assert ReportAttachment.objects.count() == 1 and ImportRecord.objects.count() == 1
    archive = tmp_path / "socaid.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    restored = backup_restore(archive=archive, using=TARGET, storage=empty_target[1])

    assert restored.differences == []
    source_rows, target_rows = every_row(connection), every_row(empty_target[0])
    assert set(target_rows) == set(source_rows) and len(source_rows) > 50
    for table, rows in source_rows.items():
        assert target_rows[table] == rows, table
    assert Project.objects.using(TARGET).filter(name_en="Restored lake").count() == 1
    source_files = every_file(media)
    assert every_file(empty_target[1].location) == source_files
    assert source_files[ReportAttachment.objects.get().file.name] == PDF

    # The check after a restore would have seen one changed letter, and one changed file.
    Project.objects.using(TARGET).filter(name_en="Restored lake").update(name_en="Restored Lake")
    empty_target[1].delete(ReportAttachment.objects.get().file.name)
    empty_target[1].save(ReportAttachment.objects.get().file.name, ContentFile(PDF + b" "))
    with translation.override("en"):
        differences = manifest_differences(restored.manifest, connection=empty_target[0], storage=empty_target[1])
    assert differences == [
        "Table projects_project: the rows differ from the backup's.",
        f"File {ReportAttachment.objects.get().file.name}: missing, extra or different from the backup's.",
    ]


def test_the_portals_own_role_restores_into_the_database_it_owns(media, target_of_its_own_role, tmp_path):
    """The restore of README's "Backups" on a server set up by docs/deploy.md: not as the superuser the rest of this
    file uses, but as a role that owns its database and nothing else, which must be able to create pg_trgm there."""
    demo_with_an_attachment_and_an_import()
    archive = tmp_path / "socaid.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    restored = backup_restore(archive=archive, using=TARGET, storage=target_of_its_own_role[1])

    assert restored.differences == []
    with target_of_its_own_role[0].cursor() as cursor:
        cursor.execute("SELECT current_user, extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchall() == [(target_of_its_own_role[0].settings_dict["USER"], "pg_trgm")]
    assert Project.objects.using(TARGET).filter(name_en="Restored lake").count() == 1


def test_the_command_refuses_a_database_that_is_not_empty(media, tmp_path):
    get_user_model().objects.create_user("someone")
    archive = tmp_path / "socaid.tar"
    backup_create(output=archive)
    with translation.override("en"), pytest.raises(CommandError, match="is not empty; a backup is restored only into an empty database"):
        call_command("restore", str(archive))
    with translation.override("en"), pytest.raises(CommandError, match="exists already; a backup never overwrites"):
        call_command("backup", output=str(archive))


def test_a_folder_of_files_that_is_not_empty_is_refused(media, empty_target, tmp_path):
    archive = tmp_path / "socaid.tar"
    backup_create(output=archive)
    empty_target[1].save("left-over.txt", ContentFile(b"x"))
    with pytest.raises(RestoreRefused):
        backup_restore(archive=archive, using=TARGET, storage=empty_target[1])
    assert empty_target[0].introspection.table_names() == []


def rewritten(archive, change):
    """The archive's members after ``change`` (a list of [name, bytes] to edit in place), as a new plain tar."""
    with tarfile.open(archive) as tar:
        members = [[info.name, tar.extractfile(info).read()] for info in tar]
    change(members)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def member(members, name):
    return next(entry for entry in members if entry[0] == name)


def edit_manifest(members, change, *, checksum_too):
    """``change`` the manifest; with ``checksum_too`` its checksum is made again, as a forger would."""
    entry = member(members, "manifest.json")
    manifest = json.loads(entry[1])
    change(manifest)
    entry[1] = json.dumps(manifest).encode()
    if checksum_too:
        member(members, "manifest.sha256")[1] = f"{hashlib.sha256(entry[1]).hexdigest()}  manifest.json\n".encode()


def alter_a_file(members):
    entry = next(entry for entry in members if entry[0].startswith("media/"))
    entry[1] = entry[1].replace(b"kept", b"KEPT")


def alter_the_database(members):
    entry = next(entry for entry in members if entry[0].startswith("database/"))
    middle = len(entry[1]) // 2
    entry[1] = entry[1][:middle] + bytes([entry[1][middle] ^ 1]) + entry[1][middle + 1 :]


def alter_the_manifest(members):
    edit_manifest(members, lambda manifest: manifest["tables"]["auth_user"].update(rows=2), checksum_too=False)


def drop_a_file(members):
    members.remove(next(entry for entry in members if entry[0].startswith("media/")))


def drop_a_file_and_its_listing(members):
    """Member gone and the manifest rewritten without it, its checksum made again: consistent, yet the manifest still
    lists the file among the backup's files."""
    name = next(entry for entry in members if entry[0].startswith("media/"))[0]
    members.remove(member(members, name))
    edit_manifest(members, lambda manifest: manifest["members"].pop(name), checksum_too=True)


def add_an_escaping_member(members):
    members.insert(0, ["../escaped.txt", b"outside"])


def add_an_unlisted_member(members):
    members.insert(0, ["media/extra.txt", b"not in the manifest"])


# Each damage, and the reason the refusal gives.
DAMAGE = {
    "truncated": (lambda archive: archive.read_bytes()[: archive.stat().st_size // 2], "cannot be read to its end"),
    "truncated, compressed": (lambda archive: archive.read_bytes()[: archive.stat().st_size - 100], "cannot be read to its end"),
    "a file altered": (lambda archive: rewritten(archive, alter_a_file), "media/reports/2025/1/kept.pdf does not match its checksum"),
    "the database altered": (lambda archive: rewritten(archive, alter_the_database), "database/socaid.* does not match its checksum"),
    "the manifest altered": (lambda archive: rewritten(archive, alter_the_manifest), "The manifest does not match its checksum"),
    "a member missing": (lambda archive: rewritten(archive, drop_a_file), "lacks media/reports/2025/1/kept.pdf"),
    "a member missing from a consistent manifest": (
        lambda archive: rewritten(archive, drop_a_file_and_its_listing), "members do not match its database and files"
    ),
    "a path escaping the folder": (lambda archive: rewritten(archive, add_an_escaping_member), "named '../escaped.txt'"),
    "a member the manifest does not list": (lambda archive: rewritten(archive, add_an_unlisted_member), "holds media/extra.txt, which"),
    "not an archive": (lambda archive: b"socaid" * 100, "cannot be read to its end"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_archive_is_refused_before_anything_is_written(damage, media, empty_target, tmp_path):
    get_user_model().objects.create_user("someone")
    default_storage.save("reports/2025/1/kept.pdf", ContentFile(b"%PDF kept"))
    archive = tmp_path / ("socaid.tar.gz" if "compressed" in damage else "socaid.tar")
    backup_create(output=archive)
    damaged = tmp_path / "damaged.tar"
    damage_done, reason = DAMAGE[damage]
    damaged.write_bytes(damage_done(archive))

    with translation.override("en"), pytest.raises(DamagedArchive, match=reason):
        backup_restore(archive=damaged, using=TARGET, storage=empty_target[1])
    assert nothing_written(empty_target)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_backup_of_a_newer_version_of_the_code_is_refused(media, empty_target, tmp_path):
    archive = tmp_path / "socaid.tar"
    backup_create(output=archive)

    def newer(members):
        edit_manifest(members, lambda manifest: manifest["migrations"]["projects"].append("9999_from_the_future"), checksum_too=True)

    (tmp_path / "newer.tar").write_bytes(rewritten(archive, newer))
    with translation.override("en"), pytest.raises(RestoreRefused, match="migration projects.9999_from_the_future is unknown here"):
        backup_restore(archive=tmp_path / "newer.tar", using=TARGET, storage=empty_target[1])
    assert nothing_written(empty_target)


def test_a_backup_of_another_engine_is_refused(media, empty_target, tmp_path):
    archive = tmp_path / "socaid.tar"
    backup_create(output=archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def another_engine(members):
        edit_manifest(members, lambda manifest: manifest["database"].update(engine=other), checksum_too=True)

    (tmp_path / "other.tar").write_bytes(rewritten(archive, another_engine))
    with translation.override("en"), pytest.raises(RestoreRefused, match=f"This backup is of a {other} database"):
        backup_restore(archive=tmp_path / "other.tar", using=TARGET, storage=empty_target[1])
    assert nothing_written(empty_target)
