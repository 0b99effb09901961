"""The audit trail's unique-id trigger: its month lookup by primary key in the row's own partition, and one generic
plan for its other lookups, whatever the connection's plan_cache_mode (issue 17).

The app's PostgreSQL connections run with ``plan_cache_mode = force_custom_plan`` (config/settings.py), and a
PL/pgSQL function's queries obey it too: ``sharing_audit_unique_id`` (migration 0028), which runs for every audit
row, planned its lookup over the partitioned trail again for each row. perf on the PostgreSQL backends under the
read benchmark (bench/reads.py, full scale, 2026-12-01): 17% of their CPU in the trigger, three quarters of it
planning.

- The month lookup (a row of a time after the legacy cutoff, its id carrying its month) now asks the partition the
  row is going into (the trigger fires on it: TG_TABLE_NAME), by id alone: the month's partition, or the default one
  when the month has none, as the pruned lookup over the month's times did. The id's month is its time's (checked
  just before), so a row with the same id lies in that partition or nowhere; the default partition, which may hold
  several months, is looked up by id across them, which can only find more. Planned at each call (EXECUTE), for
  one plain table: its primary key (id, occurred_at) is the one index that leads with the id, so the plan is that
  probe whatever the table's statistics. A generic plan of the pruned lookup was cheaper still (0.09-0.10 ms a row
  at 29 partitions) but is made once per connection from the statistics of that moment: on a month's partition
  that was empty or never analysed (a new month; a server without autovacuum) it chose the partition's
  ``occurred_at`` index with the id as a filter, which reads the whole month's rows for every new row for the rest
  of the connection's life.
- The lookups of the legacy rows (every partition before the cutoff; those before it after) keep one generic plan
  (the function's own ``plan_cache_mode``), with sequential and bitmap scans off: a primary-key probe a partition,
  never a whole partition read because it looked small when the plan was made.

PostgreSQL CPU an audit row (the service's writer, six rows a batch as a read of six partners' rows writes; 29
partitions as in the 50-million-row trail, legacy cutoff passed; 2026-12-01): 0.25-0.28 ms before, 0.14 ms after.

Backward restores migration 0028's function (no settings of its own). SQLite has no trigger.
"""

import importlib

from django.db import migrations

# 0028's table, id layout and checks; its function is what backward restores.
BEFORE = importlib.import_module("sharing.migrations.0028_audit_month_ids")
TABLE, SHIFT, LAST_MONTH = BEFORE.TABLE, BEFORE.SHIFT, BEFORE.LAST_MONTH

UNIQUE_ID = f"""
CREATE OR REPLACE FUNCTION sharing_audit_unique_id() RETURNS trigger
    SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_bitmapscan = off
AS $$
DECLARE
    month_start timestamp := date_trunc('month', NEW.occurred_at AT TIME ZONE 'UTC');
    id_month bigint := least(greatest(
        (extract(year FROM month_start)::bigint - 2000) * 12 + extract(month FROM month_start)::bigint - 1,
        0), {LAST_MONTH});
    taken boolean;
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
    -- The partition this row goes into (the month's, or the default one), by its primary key.
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE id = $1)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO taken USING NEW.id;
    IF taken THEN
        RETURN NULL;
    END IF;
    -- The partitions before the cutoff (legacy ids), pruned when the plan is made.
    IF sharing_audit_legacy_cutoff() > '-infinity'
       AND EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id AND occurred_at < sharing_audit_legacy_cutoff()) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _replace(schema_editor, function: str) -> None:
    """The trigger function replaced in place (the triggers on the partitions keep calling it), on a partitioned
    trail only."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if BEFORE._partitioned(cursor):
            cursor.execute(function)


def forward(apps, schema_editor):
    _replace(schema_editor, UNIQUE_ID)


def backward(apps, schema_editor):
    _replace(schema_editor, BEFORE.UNIQUE_ID)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0029_page_covering_indexes")]
    operations = [migrations.RunPython(forward, backward)]
