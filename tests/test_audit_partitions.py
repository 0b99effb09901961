"""The audit trail partitioned by month on PostgreSQL: partitions made ahead, the append-only trigger on each,
ids unique across partitions, and the retention run that exports, verifies and only then drops (issue 17 part 3)."""

import datetime as dt
import gzip
import hashlib
import json
import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from sharing.models import AuditEvent
from sharing.models.ids import AUDIT_MONTH_SHIFT, audit_id, audit_month, random_id
from sharing.services import audit_partitions as ap
from sharing.services.audit import audit_record, audit_record_many
from tests.factories import PartnerFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")

UTC = dt.UTC


def _write_at(partner, when: dt.datetime, count: int = 1, **kwargs) -> list[AuditEvent]:
    """Events of the past, through the service's writer (the trail refuses UPDATE, so no back-dating after)."""
    events = [AuditEvent(action="facility.read", object_owner_id=partner.pk, object_type="facility",
                         object_id=str(i), detail={"n": i, "quote": 'a "b" \\ c\n'}, **kwargs) for i in range(count)]
    for event in events:
        event.occurred_at = when
    audit_record_many(events)
    return events


def _partition_of(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM sharing_auditevent WHERE id = %s", [event_id])
        return cursor.fetchone()[0]


def test_the_table_is_partitioned_with_this_month_and_the_next_ones(db):
    assert ap.is_partitioned()
    call_command("audit_partitions", "--no-retention")
    made = ap.month_partitions()
    this = ap.month_start(dt.datetime.now(UTC).date())
    for i in range(4):
        assert ap.partition_name(ap.month_start(this, i)) in made
    assert ap.ensure_partitions() == []  # idempotent


def test_append_only_trigger_refuses_update_and_delete_in_every_partition(partner):
    ap.create_partition(dt.date(2024, 3, 1))
    old = _write_at(partner, dt.datetime(2024, 3, 10, tzinfo=UTC))[0]
    new = audit_record(action="test.event", object_owner=partner)
    stray = _write_at(partner, dt.datetime(1999, 1, 1, tzinfo=UTC))[0]
    assert _partition_of(old.pk) == "sharing_auditevent_y2024m03"
    assert _partition_of(stray.pk) == "sharing_auditevent_default"
    for event in (old, new, stray):
        partition = _partition_of(event.pk)
        for sql in (f"UPDATE {partition} SET action = 'x' WHERE id = %s", f"DELETE FROM {partition} WHERE id = %s",
                    "UPDATE sharing_auditevent SET action = 'x' WHERE id = %s",
                    "DELETE FROM sharing_auditevent WHERE id = %s"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).action in {"facility.read", "test.event"}


def test_before_the_legacy_cutoff_an_id_taken_in_another_partition_is_drawn_again(partner):
    # Rows of a time before the cutoff (the hour after migration 0028) are checked against every partition.
    ap.set_legacy_cutoff(dt.datetime.now(UTC) + dt.timedelta(hours=1))
    ap.create_partition(dt.date(2024, 3, 1))
    old = _write_at(partner, dt.datetime(2024, 3, 10, tzinfo=UTC))[0]
    clash = AuditEvent(id=old.pk, action="facility.read", object_owner_id=partner.pk)
    audit_record_many([clash])
    assert clash.pk != old.pk
    assert AuditEvent.objects.filter(pk=old.pk).count() == 1
    assert AuditEvent.objects.filter(pk=clash.pk).count() == 1


def test_a_new_partition_takes_the_rows_the_default_one_held_for_its_month(partner):
    strays = _write_at(partner, dt.datetime(2031, 5, 2, tzinfo=UTC), count=3)
    assert {_partition_of(e.pk) for e in strays} == {"sharing_auditevent_default"}
    assert ap.create_partition(dt.date(2031, 5, 17))
    assert {_partition_of(e.pk) for e in strays} == {"sharing_auditevent_y2031m05"}
    _write_at(partner, dt.datetime(2040, 1, 1, tzinfo=UTC))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM sharing_auditevent_default")  # attached again, with its trigger


def test_owners_access_log_spans_partitions_in_order(client_for, partner):
    reader = PartnerFactory(code="KR-MOTIE")
    ap.create_partition(dt.date(2024, 3, 1))
    ap.create_partition(dt.date(2025, 7, 1))
    older = _write_at(partner, dt.datetime(2024, 3, 10, tzinfo=UTC), actor_partner_id=reader.pk)
    newer = _write_at(partner, dt.datetime(2025, 7, 10, tzinfo=UTC), actor_partner_id=reader.pk)
    log = client_for(partner).get("/api/v1/access-log/").json()["results"]
    assert [row["id"] for row in log] == [newer[0].pk, older[0].pk]


def test_retention_exports_verifies_then_drops_old_months(partner, tmp_path, settings):
    settings.AUDIT_EXPORT_DIR = tmp_path
    for month in (dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)):
        ap.create_partition(month)
    january = _write_at(partner, dt.datetime(2024, 1, 31, 23, 59, 59, 999999, tzinfo=UTC), count=40)
    _write_at(partner, dt.datetime(2024, 2, 1, tzinfo=UTC), count=5)
    kept = _write_at(partner, dt.datetime(2024, 3, 5, tzinfo=UTC), count=2)
    with connection.cursor() as cursor:  # the rows as the database holds them, before they leave
        cursor.execute("SELECT row_to_json(t)::text FROM sharing_auditevent_y2024m01 t ORDER BY occurred_at, id")
        before = [json.loads(line) for (line,) in cursor.fetchall()]
    assert len(before) == 40

    exports = ap.apply_retention(months=2, today=dt.date(2024, 3, 20), folder=tmp_path)

    assert [e.partition for e in exports] == ["sharing_auditevent_y2024m01"]
    export = exports[0]
    assert export.rows == 40
    raw = export.path.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == export.sha256
    assert (tmp_path / "sharing_auditevent_y2024m01.jsonl.gz.sha256").read_text() == (
        f"{export.sha256}  sharing_auditevent_y2024m01.jsonl.gz\n")
    rows = [json.loads(line) for line in gzip.decompress(raw).decode().splitlines()]
    assert rows == before  # the whole export, row by row
    assert {row["id"] for row in rows} == {e.pk for e in january}
    assert rows[0]["detail"]["quote"] == 'a "b" \\ c\n'
    assert "sharing_auditevent_y2024m01" not in ap.month_partitions()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('sharing_auditevent_y2024m01')")
        assert cursor.fetchone()[0] is None  # dropped once verified
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in january]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    assert "sharing_auditevent_y2024m02" in ap.month_partitions()
    record = AuditEvent.objects.get(action="audit.partition_exported")
    assert record.object_id == "sharing_auditevent_y2024m01" and record.detail["rows"] == 40


def test_a_failed_export_keeps_the_detached_table_and_a_later_run_resumes(partner, tmp_path, monkeypatch):
    ap.create_partition(dt.date(2024, 1, 1))
    _write_at(partner, dt.datetime(2024, 1, 3, tzinfo=UTC), count=3)

    def broken(export):
        raise ap.ExportMismatch("simulated")

    monkeypatch.setattr(ap, "verify_export", broken)
    with pytest.raises(ap.ExportMismatch):
        ap.apply_retention(months=1, today=dt.date(2024, 3, 1), folder=tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sharing_auditevent_y2024m01")
        assert cursor.fetchone()[0] == 3  # detached, kept
    monkeypatch.undo()
    exports = ap.apply_retention(months=1, today=dt.date(2024, 3, 1), folder=tmp_path)
    assert [(e.partition, e.rows) for e in exports] == [("sharing_auditevent_y2024m01", 3)]


def test_verification_catches_an_export_that_differs(partner, tmp_path):
    ap.create_partition(dt.date(2024, 1, 1))
    _write_at(partner, dt.datetime(2024, 1, 3, tzinfo=UTC), count=3)
    export = ap.export_table("sharing_auditevent_y2024m01", tmp_path)
    lines = gzip.decompress(export.path.read_bytes()).decode().splitlines()
    export.path.write_bytes(gzip.compress(("\n".join(lines[:2]) + "\n").encode()))
    with pytest.raises(ap.ExportMismatch, match="checksum"):
        ap.verify_export(export)
    forged = ap.Export(export.partition, export.path, export.rows, hashlib.sha256(export.path.read_bytes()).hexdigest())
    with pytest.raises(ap.ExportMismatch, match="line 3"):
        ap.verify_export(forged)


def test_no_retention_by_default(partner, tmp_path, settings):
    settings.AUDIT_RETENTION_MONTHS = 0
    ap.create_partition(dt.date(2020, 1, 1))
    _write_at(partner, dt.datetime(2020, 1, 3, tzinfo=UTC))
    assert ap.apply_retention(folder=tmp_path) == []
    assert "sharing_auditevent_y2020m01" in ap.month_partitions()


def _attached(parent: str) -> dict[str, tuple[str, bool]]:
    """Each partition's index attached to the audit table's index ``parent``: partition to (index, valid)."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT t.relname, c.relname, x.indisvalid FROM pg_inherits i
                          JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_index x ON x.indexrelid = c.oid
                          JOIN pg_class t ON t.oid = x.indrelid
                          WHERE i.inhparent = to_regclass(%s)""", [parent])
        return {table: (index, valid) for table, index, valid in cursor.fetchall()}


def _table_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sharing_auditevent'")
        return dict(cursor.fetchall())


def test_the_index_set_of_migration_0027_is_on_every_partition_and_valid(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sharing.migrations.0027_audit_index_set")
    partitions = {*ap.month_partitions(), ap.DEFAULT_PARTITION}
    indexes = _table_indexes()
    # The foreign keys' own indexes, action's LIKE twin and the descending owner indexes are gone; nothing else.
    assert set(indexes) == {"sharing_auditevent_pkey", "sharing_auditevent_occurred_at_8cd891c0",
                            "sharing_aud_object__3411f0_idx", "audit_action_idx",
                            *(name for name, *_ in migration.NEW)}
    assert indexes["audit_actor_user_idx"].endswith("WHERE (actor_user_id IS NOT NULL)")
    for name, suffix, *_ in migration.NEW:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [name])
            assert cursor.fetchone()[0] is True  # valid only once every partition's index is attached
        attached = _attached(name)
        assert set(attached) == partitions
        assert all(valid for _, valid in attached.values())
        # Built by the migration one partition at a time (CREATE INDEX CONCURRENTLY), not by the parent's cascade.
        assert {table: index for table, (index, _) in attached.items()} == {t: f"{t}_{suffix}" for t in partitions}
    ap.create_partition(dt.date(2031, 1, 1))  # a partition made later gets them from the parent
    assert all(_attached(name)["sharing_auditevent_y2031m01"][1] is True for name, *_ in migration.NEW)
    with connection.schema_editor() as editor:
        migration.forward(apps, editor)  # run again: every partition has them, nothing to do
    assert _table_indexes() == indexes
    assert all(set(_attached(name)) == {*partitions, "sharing_auditevent_y2031m01"} for name, *_ in migration.NEW)


def migration_suffix(name: str) -> str:
    import importlib

    migration = importlib.import_module("sharing.migrations.0027_audit_index_set")
    return {index: suffix for index, suffix, *_ in migration.NEW}[name]


def test_the_owners_pages_read_the_ascending_indexes_backwards(partner):
    """The access log's shapes (first page, by reader) are each read from their index in page order, with
    no sort of the owner's rows: an index scan backwards, the months appended newest first, stopped by the page."""

    from sharing.principal import Principal
    from sharing.selectors import access_log_for

    reader = PartnerFactory()
    now = dt.datetime.now(UTC)
    _write_at(partner, now - dt.timedelta(days=40), 3, actor_partner_id=reader.pk)
    _write_at(partner, now, 3, actor_partner_id=reader.pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sharing_auditevent")
    events = access_log_for(Principal(partner=partner)).order_by("-occurred_at", "-id")
    for queryset, index in [(events, "audit_owner_time_idx"),
                            (events.filter(actor_partner_id=reader.pk), "audit_owner_reader_time_idx")]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner pick as at scale
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            plan = queryset[:100].explain()
        assert re.search(rf"Index Scan Backward using \w+_(?:{index}|{migration_suffix(index)}) ", plan), plan
        assert not re.search(r"(?<!Incremental )Sort  \(", plan), plan  # ties of an instant only, incrementally
        assert [e.pk for e in queryset] == [e.pk for e in sorted(queryset, key=lambda e: (e.occurred_at, e.id),
                                                                  reverse=True)]


# Month ids (migration 0028): the trigger looks in the row's month's partition (and those before the legacy cutoff).

@pytest.fixture
def month_ids(db):
    """The trail as it is once the legacy cutoff has passed and retention took the rows before it: the test
    database was made by the migration less than an hour ago, so its cutoff still lies ahead (rolled back after)."""
    ap.set_legacy_cutoff(None)


def _probed_partitions(write) -> set[str]:
    """The partitions read (by index or, when the planner takes a small one whole, by scan) while ``write()`` ran:
    this transaction's statistics."""
    def scans() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, seq_scan + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables "
                           "WHERE relname LIKE %s",
                           ["sharing\\_auditevent\\_%"])
            return dict(cursor.fetchall())

    before = scans()
    write()
    return {name for name, count in scans().items() if count > before.get(name, 0)}


def test_the_trigger_probes_the_rows_month_only(partner, month_ids):
    this = ap.month_start(dt.datetime.now(UTC).date())
    for shift in (-3, -2, -1):
        ap.create_partition(ap.month_start(this, shift))
    ap.ensure_partitions()
    assert len(ap.month_partitions()) >= 7
    probed = _probed_partitions(lambda: audit_record(action="test.event", object_owner=partner))
    assert probed == {ap.partition_name(this)}  # before 0028: every partition and the default one


def test_the_trigger_also_probes_the_partitions_before_the_legacy_cutoff(partner):
    this = ap.month_start(dt.datetime.now(UTC).date())
    for shift in (-3, -2, -1):
        ap.create_partition(ap.month_start(this, shift))
    ap.ensure_partitions()
    cutoff = ap.month_start(this, -1)
    ap.set_legacy_cutoff(dt.datetime.combine(cutoff, dt.time(), UTC))
    assert ap.legacy_cutoff() == dt.datetime.combine(cutoff, dt.time(), UTC)
    probed = _probed_partitions(lambda: audit_record(action="test.event", object_owner=partner))
    older = {name for name, month in ap.month_partitions().items() if month < cutoff}
    assert probed == {ap.partition_name(this), *older, ap.DEFAULT_PARTITION}


def _trigger_plans(write) -> list[str]:
    """The plans of the statements the trigger ran while ``write()`` ran (auto_explain, as notices)."""
    notices: list[str] = []

    def keep(diagnostic) -> None:
        notices.append(diagnostic.message_primary or "")

    with transaction.atomic(), connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("LOAD 'auto_explain'")
        except DatabaseError:
            pytest.skip("this PostgreSQL has no auto_explain to show the trigger's plans")
        for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on",
                        "auto_explain.log_level = notice", "client_min_messages = notice"):
            cursor.execute(f"SET LOCAL {setting}")
        connection.connection.add_notice_handler(keep)
        try:
            write()
        finally:
            connection.connection.remove_notice_handler(keep)
    return [n for n in notices if "sharing_auditevent" in n and "EXISTS" in n]


def test_the_trigger_looks_nothing_up_for_a_month_id_the_partitions_unique_index_keeps_it_unique(partner, month_ids):
    """Migration 0031. The trigger looked the id up in the row's partition (0030: EXECUTE, planned for every row);
    now each partition's unique index on id refuses a taken id and the trigger runs no query for a month id, on a
    connection of custom plans (the app's) and a partition nearly empty and never analysed."""
    this = ap.month_start(dt.datetime.now(UTC).date())
    for shift in (-2, -1):
        ap.create_partition(ap.month_start(this, shift))
    ap.ensure_partitions()
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
        cursor.execute("SELECT c.relname, x.indisunique, x.indisvalid, pg_get_indexdef(x.indexrelid) "
                       "FROM pg_inherits i JOIN pg_class t ON t.oid = i.inhrelid "
                       "JOIN pg_index x ON x.indrelid = t.oid JOIN pg_class c ON c.oid = x.indexrelid "
                       "WHERE i.inhparent = 'sharing_auditevent'::regclass AND c.relname LIKE '%%\\_id\\_key'")
        found = {name: (unique, valid, definition) for name, unique, valid, definition in cursor.fetchall()}
    partitions = {*ap.month_partitions(), ap.DEFAULT_PARTITION}
    assert set(found) == {f"{p}_id_key" for p in partitions}  # the migration's, and those of partitions made after
    assert all(unique and valid and definition.endswith("USING btree (id)") for unique, valid, definition
               in found.values())
    plans = _trigger_plans(lambda: [audit_record(action="test.event", object_owner=partner) for _ in range(2)])
    assert len(plans) == 2  # the legacy check alone, folded to a constant (no legacy rows): no table read
    assert not [plan for plan in plans if "Scan" in plan or "EXECUTE" in plan or "WHERE id = $1)" in plan], plans


def test_a_partitions_unique_index_refuses_a_taken_id_to_a_plain_insert(partner, month_ids):
    first = audit_record(action="test.first", object_owner=partner)
    with connection.cursor() as cursor, pytest.raises(IntegrityError, match="_id_key"), transaction.atomic():
        cursor.execute("INSERT INTO sharing_auditevent (id, occurred_at, action, object_type, object_id, object_ids, "
                       "outcome, request_id, detail, actor_key_prefix, actor_key_name) "
                       "SELECT id, occurred_at + interval '1 microsecond', 'test.clash', '', '', '[]', 'success', '', "
                       "'{}', '', '' FROM sharing_auditevent WHERE id = %s", [first.pk])
    assert AuditEvent.objects.filter(pk=first.pk).count() == 1


def test_before_the_legacy_cutoff_the_trigger_keeps_one_generic_plan_of_primary_key_probes(partner):
    """The lookup of every partition (a row before the legacy cutoff) is planned once, for any id (``$n`` in the
    plan rather than the id), and probes each partition's primary key, even a never-analysed one."""
    this = ap.month_start(dt.datetime.now(UTC).date())
    ap.create_partition(ap.month_start(this, -1))
    ap.set_legacy_cutoff(dt.datetime.now(UTC) + dt.timedelta(hours=1))
    plans = _trigger_plans(lambda: [audit_record(action="test.event", object_owner=partner) for _ in range(2)])
    assert len(plans) == 2, plans
    for plan in plans:
        assert re.search(r"Index Cond: \(id = \$\d+\)", plan), plan
        assert re.search(rf"{ap.partition_name(ap.month_start(this, -1))}_(pkey|id_key) ", plan), plan
        assert "Seq Scan" not in plan and "Bitmap" not in plan, plan


def test_an_id_taken_in_the_month_is_drawn_again(partner, month_ids):
    first = audit_record(action="test.first", object_owner=partner)
    clash = [AuditEvent(id=first.pk, action="test.many", object_owner_id=partner.pk) for _ in range(1)]
    clash[0].occurred_at = first.occurred_at
    audit_record_many(clash)
    assert clash[0].pk != first.pk and clash[0].pk >> AUDIT_MONTH_SHIFT == first.pk >> AUDIT_MONTH_SHIFT
    assert AuditEvent.objects.get(pk=first.pk).action == "test.first"
    assert AuditEvent.objects.filter(pk=clash[0].pk, action="test.many").count() == 1


def test_an_id_without_its_rows_month_is_refused(partner, month_ids):
    june = dt.datetime(2031, 6, 1, tzinfo=UTC)
    event = AuditEvent(id=audit_id(june - dt.timedelta(microseconds=1)), action="test.event",
                       object_owner_id=partner.pk)
    event.occurred_at = june  # drawn for May 31st, stamped June 1st: a writer's bug
    with pytest.raises(IntegrityError, match="does not carry the month"), transaction.atomic():
        audit_record_many([event])
    with pytest.raises(IntegrityError, match="does not carry the month"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("INSERT INTO sharing_auditevent (id, occurred_at, actor_key_prefix, actor_key_name, "
                       "action, object_type, object_id, object_ids, outcome, request_id, detail) "
                       "VALUES (%s, now(), '', '', 'x', '', '', '[]', 'success', '', '{}')",
                       [(audit_month(dt.datetime.now(UTC)) + 1) << AUDIT_MONTH_SHIFT | 7])


def test_the_id_is_drawn_from_the_time_written_across_a_month_boundary(partner, month_ids):
    ap.create_partition(dt.date(2031, 5, 1))
    ap.create_partition(dt.date(2031, 6, 1))
    made = AuditEvent(action="test.event", object_owner_id=partner.pk)  # made at one time ...
    made.occurred_at = dt.datetime(2031, 5, 31, 23, 59, 59, 999999, tzinfo=UTC)
    later = AuditEvent(action="test.event", object_owner_id=partner.pk)
    later.occurred_at = dt.datetime(2031, 6, 1, tzinfo=UTC)  # ... stamped in the next month
    audit_record_many([made, later])
    saved = AuditEvent(action="test.saved", object_owner_id=partner.pk)
    saved.occurred_at = dt.datetime(2031, 6, 1, tzinfo=UTC)
    saved.save()
    assert made.pk >> AUDIT_MONTH_SHIFT == audit_month(made.occurred_at)
    assert later.pk >> AUDIT_MONTH_SHIFT == saved.pk >> AUDIT_MONTH_SHIFT == audit_month(later.occurred_at)
    assert audit_month(later.occurred_at) == audit_month(made.occurred_at) + 1
    assert (_partition_of(made.pk), _partition_of(later.pk)) == ("sharing_auditevent_y2031m05",
                                                                 "sharing_auditevent_y2031m06")


def test_a_month_id_equal_to_a_legacy_id_in_an_older_partition_is_drawn_again(partner):
    this = ap.month_start(dt.datetime.now(UTC).date())
    ap.create_partition(dt.date(2024, 3, 1))
    ap.ensure_partitions()
    ap.set_legacy_cutoff(dt.datetime.combine(this, dt.time(), UTC))  # the migration ran this month
    now = dt.datetime.now(UTC)
    taken = audit_id(now)  # a uniform id written before the migration can have any high bits, these too
    legacy = AuditEvent(id=taken, action="test.legacy", object_owner_id=partner.pk)
    legacy.occurred_at = dt.datetime(2024, 3, 10, tzinfo=UTC)
    audit_record_many([legacy])  # before the cutoff: no month rule, every partition probed
    assert legacy.pk == taken and _partition_of(taken) == "sharing_auditevent_y2024m03"
    new = AuditEvent(id=taken, action="test.new", object_owner_id=partner.pk)
    new.occurred_at = now
    audit_record_many([new])
    assert new.pk != taken and new.pk >> AUDIT_MONTH_SHIFT == audit_month(now)
    assert list(AuditEvent.objects.filter(pk=taken).values_list("action", flat=True)) == ["test.legacy"]
    ap.set_legacy_cutoff(None)  # what retention does once no legacy row is left; with one left it would miss it:
    assert _probed_partitions(lambda: audit_record(action="test.event", object_owner=partner)) == {
        ap.partition_name(this)}


def test_retention_retires_the_legacy_cutoff_once_no_row_before_it_is_left(partner, tmp_path):
    for month in (dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)):
        ap.create_partition(month)
    ap.set_legacy_cutoff(dt.datetime(2024, 2, 1, tzinfo=UTC))
    legacy = AuditEvent(id=random_id(), action="test.legacy", object_owner_id=partner.pk)
    legacy.occurred_at = dt.datetime(2024, 1, 15, tzinfo=UTC)
    audit_record_many([legacy])
    kept = _write_at(partner, dt.datetime(2024, 2, 3, tzinfo=UTC), count=2)
    assert all(e.pk >> AUDIT_MONTH_SHIFT == audit_month(e.occurred_at) for e in kept)
    ap.apply_retention(months=3, today=dt.date(2024, 3, 20), folder=tmp_path)  # keeps January
    assert ap.legacy_cutoff() == dt.datetime(2024, 2, 1, tzinfo=UTC)
    [export] = ap.apply_retention(months=2, today=dt.date(2024, 3, 20), folder=tmp_path)
    assert [json.loads(line)["id"] for line in gzip.decompress(export.path.read_bytes()).decode().splitlines()] == [
        legacy.pk]  # read back whole
    assert ap.legacy_cutoff() is None
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in kept]).count() == 2


def test_the_migration_backward_restores_the_trigger_that_probes_every_partition(partner, month_ids):
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("sharing.migrations.0028_audit_month_ids")
    editor = SimpleNamespace(connection=connection)
    migration.backward(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('sharing_audit_legacy_cutoff()')")
        assert cursor.fetchone()[0] is None
    probed = _probed_partitions(lambda: audit_record(action="test.event", object_owner=partner))
    assert probed == {*ap.month_partitions(), ap.DEFAULT_PARTITION}
    migration.forward(None, editor)
    assert ap.legacy_cutoff() > dt.datetime.now(UTC)  # an hour for the processes of the release before


def test_migration_0030_backward_restores_0028s_trigger_and_forward_brings_it_back(partner, month_ids):
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("sharing.migrations.0030_audit_trigger_plans")
    editor = SimpleNamespace(connection=connection)

    def function() -> tuple[list | None, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT proconfig, prosrc FROM pg_proc "
                           "WHERE oid = 'sharing_audit_unique_id()'::regprocedure")
            return cursor.fetchone()

    migration.backward(None, editor)
    config, source = function()
    assert config is None and "occurred_at >= low" in source and "EXECUTE" not in source
    assert AuditEvent.objects.filter(pk=audit_record(action="test.event", object_owner=partner).pk).exists()
    migration.forward(None, editor)
    config, source = function()
    assert config == ["plan_cache_mode=force_generic_plan", "enable_seqscan=off", "enable_bitmapscan=off"]
    assert "TG_TABLE_NAME" in source
    assert AuditEvent.objects.filter(pk=audit_record(action="test.event", object_owner=partner).pk).exists()


def test_migration_0031_backward_restores_0030s_lookup_and_forward_the_indexes(partner, month_ids):
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("sharing.migrations.0031_audit_unique_id_index")
    editor = SimpleNamespace(connection=connection)

    def state() -> tuple[str, set[str]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE oid = 'sharing_audit_unique_id()'::regprocedure")
            source = cursor.fetchone()[0]
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'sharing\\_auditevent\\_%%id\\_key'")
            return source, {name for (name,) in cursor.fetchall()}

    partitions = {*ap.month_partitions(), ap.DEFAULT_PARTITION}
    migration.backward(None, editor)
    source, indexes = state()
    assert "TG_TABLE_NAME" in source and indexes == set()  # 0030's lookup, no index
    assert AuditEvent.objects.filter(pk=audit_record(action="test.event", object_owner=partner).pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the row's deferred key checks, before DDL on its table
    migration.forward(None, editor)
    source, indexes = state()
    assert "EXECUTE" not in source and indexes == {f"{p}_id_key" for p in partitions}
    assert AuditEvent.objects.filter(pk=audit_record(action="test.event", object_owner=partner).pk).exists()
    migration.forward(None, editor)  # again: every partition has its index, nothing to do
    assert state() == (source, indexes)


def test_save_draws_again_when_the_partitions_index_refuses_its_id(partner, month_ids, monkeypatch):
    """A plain ``save()`` (no ON CONFLICT) meets the partition's unique index: RandomIdModel draws a new id of the
    same month, inside a savepoint, and the row is written."""
    import sharing.models.audit as audit_model

    first = audit_record(action="test.first", object_owner=partner)
    draws = iter([first.pk])
    real = audit_model.audit_id
    monkeypatch.setattr(audit_model, "audit_id", lambda when: next(draws, None) or real(when))
    event = AuditEvent(action="test.saved", object_owner_id=partner.pk)
    event.occurred_at = first.occurred_at
    with transaction.atomic():
        event.save()
    assert event.pk != first.pk and event.pk >> AUDIT_MONTH_SHIFT == first.pk >> AUDIT_MONTH_SHIFT
    assert AuditEvent.objects.get(pk=event.pk).action == "test.saved"
    assert AuditEvent.objects.get(pk=first.pk).action == "test.first"


def test_making_partitions_gives_a_month_made_without_its_id_index_one(partner, month_ids):
    """A month made by a process of the release before migration 0031 (during a rollout) lacks the index the
    trigger now relies on: the next run of the partition job adds it."""
    this = ap.month_start(dt.datetime.now(UTC).date())
    name = ap.partition_name(ap.month_start(this, 1))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{name}_id_key"')
    assert ap.ensure_partitions() == []  # nothing made
    with connection.cursor() as cursor:
        cursor.execute("SELECT indisunique FROM pg_index WHERE indexrelid = to_regclass(%s)", [f"{name}_id_key"])
        assert cursor.fetchone() == (True,)
