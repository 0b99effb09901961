"""The audit trail's ids kept unique within each partition by a unique index on ``id``, not by a lookup in the
unique-id trigger (issue 17).

An id carries its row's month (migration 0028) and the trigger refuses one that does not, so two rows of the same
id could only ever meet in the same partition (the month's, or the default one): a unique index on ``id`` in each
partition keeps every id after the legacy cutoff unique across the trail. The trigger's lookup of the id in the
row's partition (``EXECUTE``, parsed and planned for every row: migration 0030) is gone; the service's writer
already inserts with ``ON CONFLICT DO NOTHING``, whose arbiters on a partition are its unique indexes, so a taken
id is skipped and drawn again as before, and a plain ``save()`` meets an IntegrityError and draws again
(``RandomIdModel``). The trigger keeps its check of the id's month and its lookups of the legacy rows.

PostgreSQL CPU for a read's six audit rows (one connection, 5 alternating rounds of 300 inserts, full-scale
bench_reads, 2026-12-01): 1.17 ms with the lookup, 0.67 ms with the index.

Built one partition at a time with ``CREATE UNIQUE INDEX CONCURRENTLY`` outside a transaction (audit writes go on;
a failed run leaves an invalid index, dropped and built again when run again), plainly inside one (tests). A
partition made later gets its index from ``audit_partitions.create_partition``. Backward drops the indexes and
restores migration 0030's function. SQLite has no partitions.
"""

import importlib

from django.db import migrations

BEFORE = importlib.import_module("sharing.migrations.0030_audit_trigger_plans")
FIRST = BEFORE.BEFORE  # migration 0028: the table, id layout and partition check
TABLE, SHIFT, LAST_MONTH = FIRST.TABLE, FIRST.SHIFT, FIRST.LAST_MONTH
SUFFIX = "id_key"

UNIQUE_ID = f"""
CREATE OR REPLACE FUNCTION sharing_audit_unique_id() RETURNS trigger
    SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_bitmapscan = off
AS $$
DECLARE
    month_start timestamp := date_trunc('month', NEW.occurred_at AT TIME ZONE 'UTC');
    id_month bigint := least(greatest(
        (extract(year FROM month_start)::bigint - 2000) * 12 + extract(month FROM month_start)::bigint - 1,
        0), {LAST_MONTH});
BEGIN
    IF NEW.occurred_at < sharing_audit_legacy_cutoff() OR id_month IN (0, {LAST_MONTH}) THEN
        -- Before the cutoff (ids of any layout) or a time out of the ids' range: every partition.
        IF EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) THEN
            RETURN NULL;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.id >> {SHIFT} <> id_month THEN
        RAISE EXCEPTION 'audit id % does not carry the month of its time %', NEW.id, NEW.occurred_at
            USING ERRCODE = 'check_violation';
    END IF;
    -- The same id in this row's partition: its unique index on id refuses it (ON CONFLICT DO NOTHING skips it).
    -- The partitions before the cutoff (legacy ids), pruned when the plan is made.
    IF sharing_audit_legacy_cutoff() > '-infinity'
       AND EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id AND occurred_at < sharing_audit_legacy_cutoff()) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def index_name(partition: str) -> str:
    return f"{partition}_{SUFFIX}"


def _partitions(cursor) -> list[str]:
    cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                   "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname", [TABLE])
    return [name for (name,) in cursor.fetchall()]


def _on_partitions(schema_editor, work) -> None:
    """``work(cursor, concurrently)`` on a partitioned trail only; CONCURRENTLY outside a transaction (the
    migration), plain inside one (tests)."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if FIRST._partitioned(cursor):
            work(cursor, "" if connection.in_atomic_block else " CONCURRENTLY")


def _build(cursor, concurrently: str) -> None:
    for partition in _partitions(cursor):
        name = index_name(partition)
        cursor.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [name])
        row = cursor.fetchone()
        if row is not None and not row[0]:  # left invalid by a failed concurrent build
            cursor.execute(f'DROP INDEX{concurrently} "{name}"')
            row = None
        if row is None:
            cursor.execute(f'CREATE UNIQUE INDEX{concurrently} "{name}" ON "{partition}" (id)')
    cursor.execute(UNIQUE_ID)


def _drop(cursor, concurrently: str) -> None:
    cursor.execute(BEFORE.UNIQUE_ID)  # the lookup back before the indexes go
    for partition in _partitions(cursor):
        cursor.execute(f'DROP INDEX{concurrently} IF EXISTS "{index_name(partition)}"')


def forward(apps, schema_editor):
    _on_partitions(schema_editor, _build)


def backward(apps, schema_editor):
    _on_partitions(schema_editor, _drop)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("sharing", "0030_audit_trigger_plans")]
    operations = [migrations.RunPython(forward, backward)]
