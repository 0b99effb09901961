"""The audit trail's monthly partitions on PostgreSQL: made ahead, and past the retention exported then dropped.

Written here rather than taken from django-postgres-extra: that package needs its own database backend, and its
releases did not declare Django 5.x support (its "Django 5.0 support" issue, SectorLabs/django-postgres-extra#232,
was open when this was written); PostgreSQL's declarative partitioning needs only a few statements.

The table ``sharing_auditevent`` is partitioned by range of ``occurred_at``, one partition a month
(``sharing_auditevent_y2026m11`` holds November 2026, UTC), plus a default partition that catches a row no month
partition covers (the periodic job late, a clock far off), so an audit write never fails for want of a partition.
Its primary key is ``(id, occurred_at)``: PostgreSQL requires the partition key in every unique constraint.

The id stays unique across the whole trail by a BEFORE INSERT trigger (``sharing_audit_unique_id``, migration
0028) that skips a row whose id is taken; the writer (``sharing.services.audit.audit_record_many``) writes such a
row again under a new id, as it did when the id alone was the key. Audit ids carry the UTC month of their
``occurred_at`` in their high bits (sharing/models/ids.py), and the trigger refuses a row whose id does not, so
two rows with one id share a month and a partition, where each partition's own unique index on ``id`` (migration
0031; ``create_partition`` makes it for a new month) refuses the second: the writer's ``ON CONFLICT DO NOTHING``
skips it, with no lookup by the trigger (migrations 0028 and 0030 looked the id up in the month's partition).
Ids written before migration 0028 are uniform and may equal a month id, so the trigger also probes the
partitions before the *legacy cutoff* (the migration's time plus an hour, ``legacy_cutoff``): pruned to those
partitions, fewer as retention drops them, and none once the cutoff is moved to ``-infinity``, which
``apply_retention`` does when no row before it is left. A row of a time before the cutoff, or outside the ids'
months, is checked against every partition, as before 0028. Both triggers (append-only, unique id) are declared
on the partitioned table, so PostgreSQL puts them on every partition, present and future.

``audit_partitions`` (the management command, and the periodic job ``audit-partitions``) makes the partitions of
this month and the next ``AUDIT_PARTITIONS_AHEAD``; with ``AUDIT_RETENTION_MONTHS`` set it then takes each month
partition that ended before the retention: detaches it, writes its rows as gzip-compressed JSON lines in
``AUDIT_EXPORT_DIR`` with a SHA-256 file beside, reads the file back and compares it line by line with the table,
and only then drops the table. A run stopped half way resumes with the detached tables it left. It then retires
the legacy cutoff if no row before it is left.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

TABLE = "sharing_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"
_NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")
_EXPORT_BATCH = 5000


@dataclass(frozen=True)
class Export:
    partition: str
    path: Path
    rows: int
    sha256: str


def is_partitioned() -> bool:
    """Whether the audit table is partitioned here (PostgreSQL after migration 0015; SQLite never)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def legacy_cutoff() -> dt.datetime | None:
    """The time before which audit ids may be of the uniform layout (migration 0028); None when none are left."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CASE WHEN isfinite(c) THEN extract(epoch FROM c) END "
                       "FROM sharing_audit_legacy_cutoff() c")
        epoch = cursor.fetchone()[0]
    return None if epoch is None else dt.datetime.fromtimestamp(float(epoch), dt.UTC)


def set_legacy_cutoff(when: dt.datetime | None) -> None:
    """Moves the legacy cutoff (None: ``-infinity``, no legacy ids left). Moving it later than the oldest month id
    holds those rows to the old check only (all partitions); moving it earlier than a legacy row is unsafe."""
    literal = "-infinity" if when is None else when.astimezone(dt.UTC).isoformat()
    with connection.cursor() as cursor:
        cursor.execute("CREATE OR REPLACE FUNCTION sharing_audit_legacy_cutoff() RETURNS timestamptz LANGUAGE sql "
                       f"IMMUTABLE PARALLEL SAFE AS $$ SELECT timestamptz '{literal}' $$")


def _retire_legacy_cutoff() -> None:
    """No row before the legacy cutoff left in the trail (retention took them): the trigger's second probe stops."""
    cutoff = legacy_cutoff()
    # A day's margin: a transaction of the release before 0028 may still hold an uncommitted row before it.
    if cutoff is None or cutoff > timezone.now() - dt.timedelta(days=1):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE occurred_at < %s)", [cutoff])
        if not cursor.fetchone()[0]:
            set_legacy_cutoff(None)


def month_start(day: dt.date, shift: int = 0) -> dt.date:
    """The first day of ``day``'s month moved by ``shift`` months."""
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def _bounds(month: dt.date) -> tuple[str, str]:
    return f"{month.isoformat()} 00:00:00+00", f"{month_start(month, 1).isoformat()} 00:00:00+00"


def month_partitions() -> dict[str, dt.date]:
    """The month partitions attached to the audit table, name to month."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = to_regclass(%s)", [TABLE])
        names = [name for (name,) in cursor.fetchall()]
    return {name: dt.date(int(m[1]), int(m[2]), 1) for name in names if (m := _NAME.match(name))}


def _detached_partitions() -> dict[str, dt.date]:
    """Month tables of the audit trail left detached by a retention run that stopped before dropping them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname LIKE %s "
                       "AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)",
                       [f"{TABLE}\\_y%"])
        names = [name for (name,) in cursor.fetchall()]
    return {name: dt.date(int(m[1]), int(m[2]), 1) for name in names if (m := _NAME.match(name))}


def _with_id_index(cursor, partition: str) -> None:
    """The partition's ids kept unique (migration 0031) by its own unique index on id, made unless it has it: the
    parent cannot give it one (a partitioned table's unique index must hold the partition key)."""
    index = connection.ops.quote_name(f"{partition}_id_key")
    cursor.execute("SELECT to_regclass(%s) IS NULL", [index])
    if cursor.fetchone()[0]:
        cursor.execute(f"CREATE UNIQUE INDEX {index} ON {connection.ops.quote_name(partition)} (id)")


def create_partition(month: dt.date) -> bool:
    """Makes ``month``'s partition unless it exists; True if made. Rows the default partition holds for that
    month (written while no partition covered it) move into the new partition in the same transaction."""
    month = month_start(month)
    name = partition_name(month)
    low, high = _bounds(month)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [TABLE])  # one maker at a time
        if name in month_partitions():
            _with_id_index(cursor, name)  # a month made during a rollout by a process of the release before 0031
            return False
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(DEFAULT_PARTITION)} "
                       "WHERE occurred_at >= %s AND occurred_at < %s)", [low, high])
        strays = cursor.fetchone()[0]
        if strays:
            # Detached, the default partition loses the triggers it had from the audit table, so the moved rows
            # can leave it; it is attached again before the transaction ends, so no reader sees them missing.
            cursor.execute(f"ALTER TABLE {quote(TABLE)} DETACH PARTITION {quote(DEFAULT_PARTITION)}")
        # DDL takes no bound parameters (server-side binding, config/settings.py): the bounds as literals.
        cursor.execute(connection.ops.compose_sql(
            f"CREATE TABLE {quote(name)} PARTITION OF {quote(TABLE)} FOR VALUES FROM (%s) TO (%s)", [low, high]))
        _with_id_index(cursor, name)
        if strays:
            where = "WHERE occurred_at >= %s AND occurred_at < %s"
            cursor.execute(f"INSERT INTO {quote(name)} SELECT * FROM {quote(DEFAULT_PARTITION)} {where}", [low, high])
            cursor.execute(f"DELETE FROM {quote(DEFAULT_PARTITION)} {where}", [low, high])
            cursor.execute(f"ALTER TABLE {quote(TABLE)} ATTACH PARTITION {quote(DEFAULT_PARTITION)} DEFAULT")
    return True


def ensure_partitions(*, ahead: int | None = None, today: dt.date | None = None) -> list[str]:
    """Makes the partitions of this month and the next ``ahead`` (default AUDIT_PARTITIONS_AHEAD); the names made."""
    if not is_partitioned():
        return []
    ahead = settings.AUDIT_PARTITIONS_AHEAD if ahead is None else ahead
    first = month_start(today or timezone.now().date())
    return [partition_name(month_start(first, i)) for i in range(ahead + 1)
            if create_partition(month_start(first, i))]


def _rows(table: str):
    """The table's rows as JSON text, oldest first, read through a server-side cursor."""
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM {connection.ops.quote_name(table)} t "
                       "ORDER BY t.occurred_at, t.id")
        while batch := cursor.fetchmany(_EXPORT_BATCH):
            for (line,) in batch:
                yield line


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def export_table(table: str, folder: Path) -> Export:
    """Writes ``table``'s rows to ``folder/<table>.jsonl.gz`` (one JSON object a line) and ``<table>.jsonl.gz.sha256``
    (``sha256sum`` format), then reads the file back and checks its checksum and every line against the table."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.jsonl.gz"
    partial = path.with_name(path.name + ".partial")
    rows = 0
    with gzip.open(partial, "wt", encoding="utf-8") as out:
        for line in _rows(table):
            out.write(line)
            out.write("\n")
            rows += 1
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)
    sha256 = _sha256(path)
    path.with_name(path.name + ".sha256").write_text(f"{sha256}  {path.name}\n")
    export = Export(partition=table, path=path, rows=rows, sha256=sha256)
    verify_export(export)
    return export


class ExportMismatch(Exception):
    """The export file does not hold exactly the table's rows: the table is kept."""


def verify_export(export: Export) -> None:
    if _sha256(export.path) != export.sha256:
        raise ExportMismatch(f"{export.path}: checksum differs from the one written")
    count = 0
    with gzip.open(export.path, "rt", encoding="utf-8") as handle:
        for expected in _rows(export.partition):
            line = handle.readline()
            if line.rstrip("\n") != expected:
                raise ExportMismatch(f"{export.path}: line {count + 1} differs from the table")
            count += 1
        if handle.readline():
            raise ExportMismatch(f"{export.path}: more lines than the table has rows")
    if count != export.rows:
        raise ExportMismatch(f"{export.path}: {count} rows in the table, {export.rows} written")


def apply_retention(*, months: int | None = None, today: dt.date | None = None,
                    folder: Path | None = None) -> list[Export]:
    """Exports then drops every month partition that ended before the last ``months`` months (this one included).

    ``months`` defaults to AUDIT_RETENTION_MONTHS; 0 or less keeps everything. Each partition is detached first
    (it leaves the trail's queries at once), written and verified, and dropped only when the file holds every row.
    """
    from sharing.services.audit import audit_record

    months = settings.AUDIT_RETENTION_MONTHS if months is None else months
    if months <= 0 or not is_partitioned():
        return []
    folder = Path(folder or settings.AUDIT_EXPORT_DIR)
    cutoff = month_start(today or timezone.now().date(), -(months - 1))  # the oldest month kept
    quote = connection.ops.quote_name
    for name, month in sorted(month_partitions().items(), key=lambda item: item[1]):
        if month < cutoff:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {quote(TABLE)} DETACH PARTITION {quote(name)}")
    exports = []
    for name, _month in sorted(_detached_partitions().items(), key=lambda item: item[1]):
        export = export_table(name, folder)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Foreign-key checks still deferred in this transaction (an enclosing one) are done first:
                # PostgreSQL refuses to drop a table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"DROP TABLE {quote(name)}")
            audit_record(action="audit.partition_exported", object_type="audit_partition", object_id=name,
                         detail={"rows": export.rows, "file": export.path.name, "sha256": export.sha256})
        exports.append(export)
    _retire_legacy_cutoff()
    return exports
