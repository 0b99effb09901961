"""The audit trail at scale on PostgreSQL (issue 17 part 3): 50,000,000 rows (small: 1,000,000) in monthly partitions.

Heavy, so ``make bench`` runs it only with ``BENCH_AUDIT=1``; ``python -m bench.audit`` runs it alone, and
``AUDIT_BENCH_ROWS`` overrides the row count. Two databases of its own: ``bench_audit`` (the full trail;
``BENCH_AUDIT_DB`` to change it) and ``bench_audit_empty`` (the same schema, partners and partitions, no rows);
both are dropped at the end unless ``AUDIT_BENCH_KEEP=1``. ``AUDIT_BENCH_REUSE=1`` measures a full database a
kept run left, without loading it again.

Data (generated in SQL with generate_series, seeded, in batches of 1,000,000 rows, each its own transaction):
32 partners; events spread evenly over the last 24 months (25 month partitions, the next three and the default
besides); owners skewed like real traffic (owner i with probability ~ (i+1)^0.5 - i^0.5: the first partner owns 18%
of the trail, 8.8 million rows at full scale, and is the one measured), readers spread over all 32; 80% reads
(``facility.read``, ``capacity.read``, ``facility.sync``), 20% writes; a read names 1 to 4 record ids. The rows
are loaded with the secondary indexes and the primary key off, and the foreign-key and unique-id triggers not
firing (``session_replication_role = replica``; ids distinct and partners existing by construction); the indexes
are then built again exactly as the migrations made them, and the table analysed. The loading runs in a child
process under ``nice -n 19`` / ``ionice -c3``, and its PostgreSQL backend is reniced the same way: the machine is
shared.

Timed, with the machine's load average beside each figure:
- the audit write of one list read (``audit_record_many``, the service's own writer, with the four events of a
  typical page, one transaction each) on the empty database and on the full one, in alternating rounds (a child
  process per round): mean and p95 of each, and their ratio;
- an owner's access-log page through the API (key check, rules, filters, JSON): the first page, the third
  (following the cursor), and the first page filtered by reader, by kind, by a week's dates, by kind and dates
  (and by a record id: see below): p50 / p95, with each page's query count and the database's own time for
  its audit query (``EXPLAIN ANALYZE``), so the API's share shows;
- a retention run (``apply_retention``): the oldest full month detached, exported as gzip JSON lines, read back
  and compared row by row with the table, then dropped: its seconds and rows.
The write figure's gap between the full and the empty trail is the unique-id trigger's probe of every partition's
primary key (README, "Audit writes at scale"): with the trigger off both cost the same (``_command``'s ``writes``
run by hand, alternating, on the two kept databases). A kept database measured again (``AUDIT_BENCH_REUSE=1``)
holds the rounds' own rows at the top of the measured owner's trail (8,400 a run), which ``?kind=`` must skip.
``AUDIT_BENCH_RECORD=1`` times the page filtered by a record id too: without an index on the ids that scans the
owner's whole trail (one request took over 160 s at 50M rows under load 14).
``AUDIT_BENCH_PROFILE=1`` prints a cProfile of one access-log request (top 30 by cumulative time) to stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse, urlunparse

from bench.common import percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {"small": 1_000_000, "full": 50_000_000}
DB_NAME = os.environ.get("BENCH_AUDIT_DB", "bench_audit")
EMPTY_DB = f"{DB_NAME}_empty"
MONTHS = 24
CHUNK = 1_000_000
# Distinct ids without a lookup: g * an odd number below 2**53 / rows stays below 2**53 and never repeats.
ID_STEP = 179_424_673
COUNTRIES = ("US", "JP", "KR", "AU", "TW", "DE", "CA", "MX", "GB", "FR", "IT", "ES", "NL", "BE", "SE", "NO",
             "FI", "DK", "PL", "CZ", "AT", "CH", "PT", "IE", "NZ", "SG", "IN", "BR", "CL", "IL", "GR", "TR")
# AUDIT_BENCH_PHASES: which measurements to run (a kept database can be measured again without loading it).
PHASES = os.environ.get("AUDIT_BENCH_PHASES", "writes,api,retention").split(",")
WRITE_ROUNDS = 6
WRITES_PER_ROUND = 300


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _connect(name: str) -> None:
    """Points Django at the existing database ``name`` and sets Django up (no migration, nothing dropped)."""
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ["DATABASE_URL"] = urlunparse(urlparse(server)._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _drop(name: str) -> None:
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _partners():
    from sharing.models import Partner

    return list(Partner.objects.filter(code__endswith="-AUDIT").order_by("code"))


def _setup(name: str) -> None:
    """A fresh database with the schema, the 32 partners and the trail's partitions (no rows)."""
    prepare_database(name)
    from django.utils import timezone

    from sharing.models import Partner
    from sharing.services import audit_partitions as ap

    for i, country in enumerate(COUNTRIES):
        Partner.objects.create(code=f"P{i:02d}-AUDIT", name=f"Partner {i:02d}", country=country)
    this = ap.month_start(timezone.now().date())
    for i in range(-MONTHS, 4):
        ap.create_partition(ap.month_start(this, i))


def _be_nice(cursor) -> None:
    """The PostgreSQL backend doing the loading gets the lowest CPU and I/O priority too (we run as root)."""
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
    try:
        os.setpriority(os.PRIO_PROCESS, pid, 19)
        subprocess.run(["ionice", "-c3", "-p", str(pid)], check=False, capture_output=True)
    except OSError as error:
        print(f"  could not renice the backend {pid}: {error}", file=sys.stderr)


def generate(rows: int) -> float:
    """Loads ``rows`` events into the current database; the seconds it took."""
    from django.db import connection

    started = time.perf_counter()
    ids = [p.pk for p in _partners()]
    count = len(ids)
    with connection.cursor() as cursor:
        _be_nice(cursor)
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sharing_auditevent' "
                       "AND indexname <> 'sharing_auditevent_pkey'")
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ALTER TABLE sharing_auditevent DROP CONSTRAINT sharing_auditevent_pkey")
        cursor.execute("SET session_replication_role = replica")  # no FK or unique-id trigger per row
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
                           (%s::bigint[])[1 + (g * 31 %% {count})],
                           (%s::bigint[])[1 + least({count - 1}, floor(s.r * s.r * {count})::int)]
                    FROM (SELECT g, random() AS r,
                                 (ARRAY['facility.read', 'capacity.read', 'facility.sync', 'facility.read',
                                        'facility.update', 'capacity.read', 'facility.read', 'capacity.publish',
                                        'capacity.read', 'facility.read'])[1 + (g %% 10)] AS action
                          FROM generate_series(%s::bigint, %s::bigint) g) s""",
                [rows, ids, ids, low, high])
            print(f"  {high:,} rows, {time.perf_counter() - started:.0f} s, {load()}", file=sys.stderr)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("ALTER TABLE sharing_auditevent ADD CONSTRAINT sharing_auditevent_pkey "
                       "PRIMARY KEY (id, occurred_at)")
        print(f"  primary key, {time.perf_counter() - started:.0f} s, {load()}", file=sys.stderr)
        for name, definition in indexes:
            # pg_indexes names a partitioned table's index "ON ONLY" it (no partition's): here on every partition.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
            print(f"  {name}, {time.perf_counter() - started:.0f} s, {load()}", file=sys.stderr)
        cursor.execute("ANALYZE sharing_auditevent")
    return time.perf_counter() - started


def time_audit_writes(repetitions: int) -> list[float]:
    """Seconds per list read's audit write: four events (one per owner of the page's rows), one INSERT."""
    from django.db import transaction

    from sharing.models import AuditEvent
    from sharing.services.audit import audit_record_many

    partners = _partners()
    times = []
    for i in range(repetitions):
        events = [AuditEvent(action="facility.read", object_type="facility", actor_partner_id=partners[5].pk,
                             actor_key_prefix="abcd1234", actor_key_name="bench", request_id=f"r{i}",
                             object_owner_id=owner.pk, object_ids=[str(i * 100 + k) for k in range(25)])
                  for owner in partners[:4]]
        started = time.perf_counter()
        with transaction.atomic():
            audit_record_many(events)
        times.append(time.perf_counter() - started)
    return times


def _child(*args: str, nice: bool = False) -> str:
    command = [sys.executable, "-m", "bench.audit", *args]
    if nice:
        command = ["nice", "-n", "19", "ionice", "-c3", *command]
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout


def _explain(sql: str) -> tuple[float, str]:
    """The database's own time (ms: planning and execution) for a query, and its plan."""
    import re

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) {sql}")
        text = "\n".join(line for (line,) in cursor.fetchall())
    times = re.findall(r"(?:Planning|Execution) Time: ([0-9.]+) ms", text)
    return sum(float(t) for t in times), text


def measure_api(rows: int) -> list[tuple[str, str, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from sharing.services.partners import key_issue

    partners = _partners()
    owner = partners[0]
    _, secret = key_issue(partner=owner, name="bench", roles=["reader"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sharing_auditevent WHERE object_owner_id = %s", [owner.pk])
        owned = cursor.fetchone()[0]
        cursor.execute("SELECT object_ids->>0, occurred_at FROM sharing_auditevent WHERE object_owner_id = %s "
                       "AND action = 'facility.read' AND actor_partner_id <> %s ORDER BY occurred_at LIMIT 1 "
                       "OFFSET %s", [owner.pk, owner.pk, owned // 3])
        record, when = cursor.fetchone()
    week = {"after": when.replace(day=1, hour=0, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")}
    week["before"] = (when.replace(day=8, hour=0, minute=0, second=0, microsecond=0)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def timed_get(url: str, params: dict | None = None, reps: int = 40) -> tuple[list[float], dict, int, float]:
        body = client.get(url, params).json()  # warm
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        audit_sql = [q["sql"] for q in queries.captured_queries
                     if "FROM \"sharing_auditevent\"" in q["sql"] and q["sql"].lstrip().startswith("SELECT")]
        db_ms, plan = _explain(audit_sql[-1]) if audit_sql else (float("nan"), "")
        print(f"--- {url} {params or ''}: {len(queries.captured_queries)} queries\n{plan}", file=sys.stderr)
        return times, body, len(queries.captured_queries), db_ms

    if os.environ.get("AUDIT_BENCH_PROFILE") == "1":
        import cProfile
        import pstats

        client.get("/api/v1/access-log/")
        profiler = cProfile.Profile()
        profiler.enable()
        client.get("/api/v1/access-log/", {"partner": partners[2].code})
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)

    def ms(times: list[float]) -> str:
        return f"{percentile(times, 50) * 1000:.1f} / {percentile(times, 95) * 1000:.1f} ms"

    out = [(f"audit: the measured owner's rows in the trail ({rows:,} in all)", f"{owned:,}", "-")]
    first_body = client.get("/api/v1/access-log/").json()
    third_url = client.get(first_body["next"]).json()["next"]
    shapes = [
        ("first page", "/api/v1/access-log/", None),
        ("third page (cursor)", third_url, None),
        ("by reader", "/api/v1/access-log/", {"partner": partners[2].code}),
        ("by kind", "/api/v1/access-log/", {"kind": "capacity"}),
        ("by a week's dates", "/api/v1/access-log/", week),
        ("by kind and a week", "/api/v1/access-log/", {"kind": "capacity", **week}),
    ]
    if os.environ.get("AUDIT_BENCH_RECORD") == "1":
        # A record's reads are found by scanning the owner's whole trail (no index on the ids): minutes at 50M.
        shapes.append(("by record id", "/api/v1/access-log/", {"record": record}))
    for label, url, params in shapes:
        times, body, queries, db_ms = timed_get(url, params, reps=3 if "record" in label else 40)
        out.append((f"audit: access log {label} ({len(body['results'])} rows), API p50 / p95; {queries} queries, "
                    f"DB {db_ms:.1f} ms", f"{ms(times)} ({load()})", "p95 < 50 ms"))
    return out


def measure_retention() -> list[tuple[str, str, str]]:
    from django.db import connection

    from sharing.services import audit_partitions as ap

    with tempfile.TemporaryDirectory(dir=os.environ.get("AUDIT_BENCH_EXPORT_DIR", "/tmp")) as folder:
        started = time.perf_counter()
        exports = ap.apply_retention(months=MONTHS - 1, folder=folder)
        seconds = time.perf_counter() - started
        sizes = sum(e.path.stat().st_size for e in exports)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sharing_auditevent'::regclass")
        partitions = cursor.fetchone()[0]
    names = ", ".join(f"{e.partition} ({e.rows:,} rows)" for e in exports)
    return [(f"audit: retention run: {names} detached, exported ({sizes / 1e6:.0f} MB gzip), read back whole "
             f"and dropped; {partitions} partitions left", f"{seconds:.1f} s ({load()})", "-")]


def main() -> list[tuple[str, str, str]]:
    scale_name = bench_scale()
    rows = int(os.environ.get("AUDIT_BENCH_ROWS", SCALES[scale_name]))
    reuse = os.environ.get("AUDIT_BENCH_REUSE") == "1"
    _child("setup", EMPTY_DB)
    out = []
    if not reuse:
        _child("setup", DB_NAME)
        load_seconds = float(_child("generate", DB_NAME, str(rows), nice=True))
        out.append(("audit: loading the rows in SQL, nice 19 (indexes built after)",
                    f"{load_seconds:.0f} s ({load()})", "-"))
    writes: dict[str, list[float]] = {EMPTY_DB: [], DB_NAME: []}
    for i in range(WRITE_ROUNDS if "writes" in PHASES else 0):
        for name in (EMPTY_DB, DB_NAME) if i % 2 == 0 else (DB_NAME, EMPTY_DB):
            round_times = json.loads(_child("writes", name, str(WRITES_PER_ROUND)))
            writes[name].extend(round_times)
            print(f"  writes on {name}: mean {sum(round_times) / len(round_times) * 1000:.3f} ms, {load()}",
                  file=sys.stderr)
    empty, full = writes[EMPTY_DB], writes[DB_NAME]
    if not empty:
        empty = full = [float("nan")]
    mean_empty, mean_full = sum(empty) / len(empty), sum(full) / len(full)
    load_after_writes = load()
    out += [
        ("audit: a list read's audit write (4 events), empty table, mean / p95",
         f"{mean_empty * 1000:.3f} / {percentile(empty, 95) * 1000:.3f} ms ({load_after_writes})", "-"),
        (f"audit: a list read's audit write (4 events), {rows:,} rows, mean / p95",
         f"{mean_full * 1000:.3f} / {percentile(full, 95) * 1000:.3f} ms ({load_after_writes})", "-"),
        (f"audit: audit write cost, full / empty (means of {WRITE_ROUNDS} alternating rounds of "
         f"{WRITES_PER_ROUND})", f"{mean_full / mean_empty:.2f}x ({load_after_writes})", "<= 1.20x"),
    ]
    _connect(DB_NAME)
    from django.db import connection


    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sharing_auditevent'::regclass")
        partitions = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits "
                       "WHERE inhparent = 'sharing_auditevent'::regclass")
        size = cursor.fetchone()[0]
    out.insert(0, ("audit: rows in the trail / partitions / size on disk", f"{rows:,} / {partitions} / {size}", "-"))
    if "api" in PHASES:
        out += measure_api(rows)
    if "retention" in PHASES:
        out += measure_retention()
    connection.close()
    if os.environ.get("AUDIT_BENCH_KEEP") != "1":
        _drop(DB_NAME)
        _drop(EMPTY_DB)
    return out


def _command(argv: list[str]) -> None:
    """The child processes' work: ``setup DB``, ``generate DB ROWS`` (prints seconds), ``writes DB N`` (JSON)."""
    what, name = argv[0], argv[1]
    if what == "setup":
        _setup(name)
        return
    _connect(name)
    if what == "generate":
        print(generate(int(argv[2])))
    elif what == "writes":
        time_audit_writes(50)  # warm up
        print(json.dumps(time_audit_writes(int(argv[2]))))
    else:
        raise SystemExit(f"unknown: {what}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _command(sys.argv[1:])
    else:
        report(main())
