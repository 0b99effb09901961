"""Audit ids carry their month, and the unique-id trigger looks in one partition instead of all (issue 17 part 3).

Before, ``sharing_audit_unique_id`` checked a new row's id against every partition of the trail (one primary-key
probe each: 29 at 50 million rows, 0.40-0.48 ms a row against 0.11-0.16 ms on empty partitions). New audit ids
are ``month << 42 | 42 random bits``, the month that of the row's ``occurred_at`` (sharing/models/ids.py), so two
rows with the same id share a month and a partition. The trigger now:
- refuses (raises, SQLSTATE 23514) a row whose id does not carry its ``occurred_at``'s month: a writer that drew
  it otherwise would silently weaken uniqueness;
- looks the id up in the month's partition (pruned by ``occurred_at >= month AND < next month``), and in the
  partitions before the legacy cutoff, where the ids written before this migration lie: uniform random ones,
  which a month id can equal. That second probe is pruned to the partitions before the cutoff, so it shrinks as
  retention drops them, to the (normally empty) default partition, and to nothing once the cutoff is moved to
  ``-infinity`` (``audit_partitions.apply_retention`` does when no row before it is left);
- checks a row of a time before the cutoff (the rows the default partition hands to a new month partition, a
  back-dated write), or of a time outside 2000-02 .. 2170-07 (its id has month bits 0 or 2047), against every
  partition, as before.
A row whose id is taken is skipped (RETURN NULL), and the writer writes it again under a new id, as before.

The cutoff is the time of this migration plus an hour, written into an immutable SQL function that the planner
folds into the trigger's queries (so the pruning happens when the plan is made, not per row): processes of the
previous release still write uniform ids until they are restarted, and rows before the cutoff are not held to
the month rule. Restart them within the hour; after it, their audit writes fail.

Backward restores the trigger function that probes every partition and drops the cutoff. The model's id loses its
Python default (it is drawn from ``occurred_at`` when the row is written): no change in the database. SQLite keeps
the plain table, its primary key on the id alone and nothing here.
"""

from django.db import migrations, models

TABLE = "sharing_auditevent"
SHIFT = 42
LAST_MONTH = (1 << (53 - SHIFT)) - 1  # 2047

CUTOFF = """
CREATE OR REPLACE FUNCTION sharing_audit_legacy_cutoff() RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT timestamptz '{cutoff}' $$;
"""

UNIQUE_ID = f"""
CREATE OR REPLACE FUNCTION sharing_audit_unique_id() RETURNS trigger AS $$
DECLARE
    month_start timestamp := date_trunc('month', NEW.occurred_at AT TIME ZONE 'UTC');
    id_month bigint := least(greatest(
        (extract(year FROM month_start)::bigint - 2000) * 12 + extract(month FROM month_start)::bigint - 1,
        0), {LAST_MONTH});
    low timestamptz := month_start AT TIME ZONE 'UTC';
    high timestamptz := (month_start + interval '1 month') AT TIME ZONE 'UTC';
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
    -- The month's partition, then those before the cutoff (legacy ids); both pruned when planned.
    IF EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id AND occurred_at >= low AND occurred_at < high) THEN
        RETURN NULL;
    END IF;
    IF sharing_audit_legacy_cutoff() > '-infinity'
       AND EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id AND occurred_at < sharing_audit_legacy_cutoff()) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

UNIQUE_ID_BEFORE = f"""
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
"""


def _partitioned(cursor) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if not _partitioned(cursor):
            return
        cursor.execute("SELECT (now() + interval '1 hour')::text")
        cursor.execute(CUTOFF.format(cutoff=cursor.fetchone()[0]))
        cursor.execute(UNIQUE_ID)  # replaced in place: the triggers on the partitions keep calling it


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if not _partitioned(cursor):
            return
        cursor.execute(UNIQUE_ID_BEFORE)
        cursor.execute("DROP FUNCTION IF EXISTS sharing_audit_legacy_cutoff()")


class Migration(migrations.Migration):
    dependencies = [("sharing", "0027_audit_index_set")]
    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="id",
            field=models.BigIntegerField(editable=False, primary_key=True, serialize=False),
        ),
        migrations.RunPython(forward, backward),
    ]
