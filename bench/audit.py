"""The audit trail at scale on PostgreSQL (issue 17 part 3): 50,000,000 rows (small: 1,000,000) in monthly partitions.

Heavy, so ``make bench`` runs it only with ``BENCH_AUDIT=1``; ``python -m bench.audit`` runs it alone, and
``AUDIT_BENCH_ROWS`` overrides the row count. Its own database, ``bench_audit`` (``BENCH_AUDIT_DB`` to change it).

Data (generated in SQL with generate_series, seeded): 8 partners; events spread evenly over the last 24 months (25
month partitions, the next three and the default besides); each event's owner and actor drawn from the partners;
80% reads (``facility.read``, ``capacity.read``, ``facility.sync``), 20% writes; a read names 1 to 4 record ids.
The rows are loaded with the secondary indexes, foreign keys and the unique-id trigger off (ids distinct by
construction), which are then put back exactly as the migration made them; the table is then analysed.

Timed:
- the audit write of one list read (``audit_record_many`` with the four events of a typical page, one transaction
  each, as the service writes it) on the empty table, then on the full one: mean and p95, and their ratio;
- an owner's access-log page through the API (key check, rules, JSON), the first page and the third (following
  the cursor), and the first page filtered by reader: p50 / p95.
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {"small": 1_000_000, "full": 50_000_000}
DB_NAME = os.environ.get("BENCH_AUDIT_DB", "bench_audit")
MONTHS = 24
CHUNK = 1_000_000
# Distinct ids without a lookup: g * an odd number below 2**53 / rows stays below 2**53 and never repeats.
ID_STEP = 179_424_673


def _partners():
    from sharing.models import Partner

    codes = ("US", "JP", "KR", "AU", "TW", "DE", "CA", "MX")
    return [Partner.objects.create(code=f"{c}-AUDIT", name=f"Partner {c}", country=c) for c in codes]


def _make_partitions() -> None:
    from django.utils import timezone

    from sharing.services import audit_partitions as ap

    this = ap.month_start(timezone.now().date())
    for i in range(-MONTHS, 4):
        ap.create_partition(ap.month_start(this, i))


def generate(rows: int, partners) -> float:
    """Loads ``rows`` events; the seconds it took."""
    from django.db import connection

    started = time.perf_counter()
    ids = [p.pk for p in partners]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sharing_auditevent' "
                       "AND indexname <> 'sharing_auditevent_pkey'")
        indexes = cursor.fetchall()
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = 'sharing_auditevent'::regclass AND contype = 'f'")
        foreign_keys = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE sharing_auditevent DROP CONSTRAINT "{name}"')
        cursor.execute("ALTER TABLE sharing_auditevent DROP CONSTRAINT sharing_auditevent_pkey")
        cursor.execute("ALTER TABLE sharing_auditevent DISABLE TRIGGER sharing_auditevent_unique_id")
        cursor.execute("SELECT setseed(0.2026)")
        for low in range(1, rows + 1, CHUNK):
            high = min(rows, low + CHUNK - 1)
            cursor.execute(
                f"""INSERT INTO sharing_auditevent (id, occurred_at, actor_key_prefix, actor_key_name, action,
                        object_type, object_id, object_ids, outcome, request_id, client_address, detail,
                        actor_user_id, actor_partner_id, object_owner_id)
                    SELECT g * {ID_STEP}, now() - (g::float8 / %s) * interval '{MONTHS} months',
                           'abcd1234', 'bench', s.action, split_part(s.action, '.', 1), '',
                           to_jsonb(array(SELECT (g * 7 + k)::text FROM generate_series(1, 1 + (g %% 4)) k)),
                           'success', md5(g::text), '10.0.0.1', '{{}}'::jsonb, NULL,
                           (%s::bigint[])[1 + (g * 31 %% 8)], (%s::bigint[])[1 + floor(s.r * 8)::int]
                    FROM (SELECT g, random() AS r,
                                 (ARRAY['facility.read', 'capacity.read', 'facility.sync', 'facility.read',
                                        'facility.update', 'capacity.read', 'facility.read', 'capacity.publish',
                                        'capacity.read', 'facility.read'])[1 + (g %% 10)] AS action
                          FROM generate_series(%s::bigint, %s::bigint) g) s""",
                [rows, ids, ids, low, high])
            print(f"  {high:,} rows, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        cursor.execute("ALTER TABLE sharing_auditevent ADD CONSTRAINT sharing_auditevent_pkey "
                       "PRIMARY KEY (id, occurred_at)")
        for _, definition in indexes:
            # pg_indexes names a partitioned table's index "ON ONLY" it (no partition's): here on every partition.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE sharing_auditevent ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("ALTER TABLE sharing_auditevent ENABLE TRIGGER sharing_auditevent_unique_id")
        cursor.execute("ANALYZE sharing_auditevent")
    return time.perf_counter() - started


def time_audit_writes(partners, repetitions: int) -> list[float]:
    """Seconds per list read's audit write: four events (one per owner of the page's rows), one INSERT."""
    from django.db import transaction

    from sharing.models import AuditEvent
    from sharing.services.audit import audit_record_many

    times = []
    for i in range(repetitions):
        events = [AuditEvent(action="facility.read", object_type="facility", actor_partner_id=partners[0].pk,
                             actor_key_prefix="abcd1234", actor_key_name="bench", request_id=f"r{i}",
                             object_owner_id=owner.pk, object_ids=[str(i * 100 + k) for k in range(25)])
                  for owner in partners[1:5]]
        started = time.perf_counter()
        with transaction.atomic():
            audit_record_many(events)
        times.append(time.perf_counter() - started)
    return times


def main() -> list[tuple[str, str, str]]:
    scale_name = bench_scale()
    rows = int(os.environ.get("AUDIT_BENCH_ROWS", SCALES[scale_name]))
    prepare_database(DB_NAME)
    from django.db import connection
    from rest_framework.test import APIClient

    from sharing.services.partners import key_issue

    partners = _partners()
    _make_partitions()
    repetitions = 2000
    time_audit_writes(partners, 200)  # warm up
    empty = time_audit_writes(partners, repetitions)
    print(f"empty table: {sum(empty) / len(empty) * 1000:.3f} ms a read's audit write", file=sys.stderr)
    load_seconds = generate(rows, partners)
    print(f"generated {rows:,} audit rows in {load_seconds:.0f} s", file=sys.stderr)
    time_audit_writes(partners, 200)
    full = time_audit_writes(partners, repetitions)

    owner = partners[1]
    _, secret = key_issue(partner=owner, name="bench", roles=["reader"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")

    def timed_get(url: str, params: dict | None = None, reps: int = 40) -> tuple[list[float], dict]:
        body = client.get(url, params).json()  # warm
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
        return times, body

    first, body = timed_get("/api/v1/access-log/")
    page_size = len(body["results"])
    third_url = client.get(client.get("/api/v1/access-log/").json()["next"]).json()["next"]
    third, _ = timed_get(third_url)
    by_reader, _ = timed_get("/api/v1/access-log/", {"partner": partners[2].code})
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sharing_auditevent'::regclass")
        partitions = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits "
                       "WHERE inhparent = 'sharing_auditevent'::regclass")
        size = cursor.fetchone()[0]

    def ms(times: list[float]) -> str:
        return f"{percentile(times, 50) * 1000:.1f} / {percentile(times, 95) * 1000:.1f} ms"

    mean_empty, mean_full = sum(empty) / len(empty), sum(full) / len(full)
    load = os.getloadavg()
    return [
        ("audit: rows in the trail / partitions / size on disk", f"{rows:,} / {partitions} / {size}", "-"),
        ("audit: machine load average (1, 5, 15 min) at the end", " ".join(f"{x:.2f}" for x in load), "-"),
        ("audit: a list read's audit write (4 events), empty table, mean / p95",
         f"{mean_empty * 1000:.3f} / {percentile(empty, 95) * 1000:.3f} ms", "-"),
        (f"audit: a list read's audit write (4 events), {rows:,} rows, mean / p95",
         f"{mean_full * 1000:.3f} / {percentile(full, 95) * 1000:.3f} ms", "-"),
        ("audit: audit write cost, full / empty (means)", f"{mean_full / mean_empty:.2f}x", "<= 1.20x"),
        (f"audit: owner's access-log first page ({page_size} rows), API p50 / p95", ms(first), "p95 < 50 ms"),
        ("audit: owner's access-log third page (cursor), API p50 / p95", ms(third), "p95 < 50 ms"),
        ("audit: owner's access-log filtered by reader, API p50 / p95", ms(by_reader), "p95 < 50 ms"),
        ("audit: loading the rows in SQL (indexes rebuilt after)", f"{load_seconds:.0f} s", "-"),
    ]


if __name__ == "__main__":
    report(main())
