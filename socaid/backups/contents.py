"""What a database holds, as checksums that do not depend on the engine: the same rows give the same digest on
SQLite and on PostgreSQL.

Rows are read through the ORM (so each engine's values come back as the same Python values: aware datetimes,
Decimals, booleans, decoded JSON), ordered by primary key, each serialised as one line of JSON with every value in a
fixed text form, and the lines hashed in order.
"""
import datetime
import hashlib
import json
import uuid
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.migrations.recorder import MigrationRecorder

CHUNK = 2000


def canonical(value):
    """One value in a form both engines give alike."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        # 1.500 (PostgreSQL's numeric(…, 3)) and 1.5 are the same amount.
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value // datetime.timedelta(microseconds=1))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return value  # a JSON field's value, already plain JSON
    return str(value)


def row_line(values):
    return json.dumps([canonical(value) for value in values], ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def table_models(connection):
    """The model of every table the database holds: every installed app's (many-to-many tables and the history's
    included) and the migrations' own record; a table without a model is listed with None."""
    existing = set(connection.introspection.table_names())
    by_table = {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in existing
    }
    if MigrationRecorder.Migration._meta.db_table in existing:
        by_table[MigrationRecorder.Migration._meta.db_table] = MigrationRecorder.Migration
    return {table: by_table.get(table) for table in sorted(existing)}


def _rows(model, using):
    fields = [field.attname for field in model._meta.concrete_fields]
    rows = model._base_manager.using(using).values_list(*fields)
    pk = model._meta.pk
    if isinstance(getattr(pk, "target_field", pk), models.IntegerField):  # a one-to-one key is its target's
        return rows.order_by("pk").iterator(chunk_size=CHUNK)
    # Text keys (sessions) sort differently under each engine's collation: sorted here, the same everywhere.
    position = fields.index(model._meta.pk.attname)
    return sorted(rows, key=lambda row: row_line([row[position]]))


def table_digests(connection):
    """{table: {"rows": count, "sha256": digest}} for every table; a table no model describes is only counted."""
    digests = {}
    for table, model in table_models(connection).items():
        if model is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                digests[table] = {"rows": cursor.fetchone()[0], "sha256": None}
            continue
        digest, count = hashlib.sha256(), 0
        for row in _rows(model, connection.alias):
            digest.update(row_line(row).encode())
            count += 1
        digests[table] = {"rows": count, "sha256": digest.hexdigest()}
    return digests


def migration_state(connection):
    """{app: [migration, …]} as applied in this database."""
    state = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state
