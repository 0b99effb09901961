"""On PostgreSQL the audit trail becomes a table partitioned by month of ``occurred_at`` (issue 17 part 3).

The rows move to a new partitioned table with the same columns, indexes (same names), foreign keys and the
append-only trigger, now on every partition. The primary key becomes ``(id, occurred_at)`` (PostgreSQL wants the
partition key in it); a BEFORE INSERT trigger keeps ids unique across all partitions by skipping a row whose id is
taken, which the writer redoes under a new id (sharing/services/audit_partitions.py says more). Partitions are
made for every month that has rows, this month and the next three, plus a default one. Backward, the rows go
back to a plain table. SQLite keeps the plain table: nothing happens there.
"""

import datetime as dt

from django.db import migrations

TABLE = "sharing_auditevent"
OLD = "sharing_auditevent_unpartitioned"

APPEND_ONLY = f"""
CREATE TRIGGER sharing_auditevent_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION sharing_audit_append_only();
"""

UNIQUE_ID = f"""
CREATE OR REPLACE FUNCTION sharing_audit_unique_id() RETURNS trigger AS $$
BEGIN
    -- One index probe per partition (the primary key leads with id): a taken id skips the row, as
    -- ON CONFLICT DO NOTHING did when id alone was the key, and the writer redraws it.
    IF EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sharing_auditevent_unique_id BEFORE INSERT ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION sharing_audit_unique_id();
"""


def _month(day, shift=0):
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def _move(cursor, *, partitioned):
    """Rebuilds the audit table (partitioned or plain) with the same rows, indexes, keys and triggers."""
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                   "AND tablename = %s AND indexname <> %s", [TABLE, f"{TABLE}_pkey"])
    indexes = cursor.fetchall()
    cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE conrelid = to_regclass(%s) AND contype = 'f'", [TABLE])
    foreign_keys = cursor.fetchall()
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    for name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {OLD} DROP CONSTRAINT "{name}"')
    cursor.execute(f"ALTER TABLE {OLD} DROP CONSTRAINT {TABLE}_pkey")
    cursor.execute(f"DROP TRIGGER IF EXISTS sharing_auditevent_append_only ON {OLD}")
    if partitioned:
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS) PARTITION BY RANGE (occurred_at)")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, occurred_at)")
        cursor.execute(f"SELECT min(occurred_at)::date, now()::date FROM {OLD}")
        oldest, today = cursor.fetchone()
        month, last = _month(oldest or today), _month(today, 3)
        while month <= last:
            # DDL takes no bound parameters (server-side binding, config/settings.py): the bounds as literals.
            cursor.execute(cursor.db.ops.compose_sql(
                f"CREATE TABLE {TABLE}_y{month.year:04d}m{month.month:02d} PARTITION OF {TABLE} "
                "FOR VALUES FROM (%s) TO (%s)",
                [f"{month} 00:00:00+00", f"{_month(month, 1)} 00:00:00+00"]))
            month = _month(month, 1)
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    else:
        cursor.execute(f"DROP TRIGGER IF EXISTS sharing_auditevent_unique_id ON {OLD}")
        cursor.execute("DROP FUNCTION IF EXISTS sharing_audit_unique_id()")
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS)")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
    # Backward, the same id may sit in two rows only if the unique-id trigger was bypassed: the primary key
    # then refuses the move and the migration stops with nothing lost (one transaction).
    cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {OLD}")
    cursor.execute(f"DROP TABLE {OLD}")
    for _name, definition in indexes:
        # On a partitioned table, made on every partition (pg_indexes says "ON ONLY" for a partitioned table's).
        cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
    for name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(APPEND_ONLY)
    if partitioned:
        cursor.execute(UNIQUE_ID)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _move(cursor, partitioned=True)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _move(cursor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0016_review_sectors")]
    operations = [migrations.RunPython(forward, backward)]
