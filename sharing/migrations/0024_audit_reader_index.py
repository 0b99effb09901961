"""The access log filtered by reader (``?partner=``) reads that reader's rows of the owner in list order.

On the partitioned audit table (PostgreSQL) the index is built without stopping audit writes: a plain
``CREATE INDEX`` on a partitioned table builds every partition's index under a SHARE lock on all of them, which
blocks every INSERT (so every read of the service) for the whole build, minutes on tens of millions of rows.
Instead the index is made on the partitioned table alone (``ON ONLY``: invalid, nothing built, a moment's lock),
then each partition's index is built with ``CREATE INDEX CONCURRENTLY`` (writes go on) and attached; PostgreSQL
marks the parent's index valid when every partition has one. A partition made meanwhile gets the index from the
parent. Not atomic (CONCURRENTLY cannot run in a transaction): run again after a failure, it resumes, and a
partition's index left invalid by a failed build is dropped and built again. SQLite: a plain index.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "sharing_auditevent"
NAME = "sharing_aud_object__dabb29_idx"
COLUMNS = "(object_owner_id, actor_partner_id, occurred_at DESC, id DESC)"
INDEX = models.Index(fields=["object_owner", "actor_partner", "-occurred_at", "-id"], name=NAME)


def _partitioned(cursor) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def forward(apps, schema_editor):
    model = apps.get_model("sharing", "AuditEvent")
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        schema_editor.add_index(model, INDEX)
        return
    with connection.cursor() as cursor:
        if not _partitioned(cursor):
            schema_editor.add_index(model, INDEX)
            return
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON ONLY {TABLE} {COLUMNS}")
        # Each partition without an index attached to the parent's; its own index, if a failed run left one.
        cursor.execute(
            """SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = to_regclass(%s)
                 AND NOT EXISTS (SELECT 1 FROM pg_inherits ii JOIN pg_index x ON x.indexrelid = ii.inhrelid
                                 WHERE ii.inhparent = to_regclass(%s) AND x.indrelid = c.oid)
               ORDER BY c.relname""", [TABLE, NAME])
        for (partition,) in cursor.fetchall():
            child = f"{partition}_reader_idx"
            cursor.execute("SELECT x.indisvalid FROM pg_index x WHERE x.indexrelid = to_regclass(%s)", [child])
            row = cursor.fetchone()
            if row is not None and not row[0]:
                cursor.execute(f'DROP INDEX CONCURRENTLY "{child}"')
                row = None
            if row is None:
                cursor.execute(f'CREATE INDEX CONCURRENTLY "{child}" ON "{partition}" {COLUMNS}')
            cursor.execute(f'ALTER INDEX {NAME} ATTACH PARTITION "{child}"')


def backward(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("sharing", "AuditEvent"), INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("sharing", "0023_report_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="auditevent", index=INDEX)],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
