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

Ids: rows before ``legacy_cutoff(LEGACY_MONTHS)`` (``AUDIT_BENCH_LEGACY_MONTHS``, default 12: the months
before the one 12 months ago) get ids of the layout before migration 0028 (uniform), the later ones month ids
(sharing/models/ids.py): the trail a year after the migration with 24 months kept.

Timed, with the machine's load average beside each figure, under each legacy cutoff of ``AUDIT_BENCH_CUTOFFS``
(``none``: -infinity, the steady state once retention took the legacy months; ``legacy``: the cutoff at the
generator's, so every write also probes the 12 legacy partitions and the default one):
- the audit write of one list read (``audit_record_many``, the service's own writer, with the four events of a
  typical page, one transaction each) on the empty database and on the full one, in alternating rounds (a child
  process per round: empty, full, full, empty, ...): mean and p95 of each, the ratio of the means per pair of
  rounds and overall;
- the unique-id trigger's own time a row (``EXPLAIN ANALYZE`` of a 20,000-row INSERT of this month's rows with
  random month ids, rolled back), in the same rounds;
- an owner's access-log page through the API (key check, rules, filters, JSON): the first page, the third
  (following the cursor), and the first page filtered by reader, by kind, by a week's dates, by kind and dates
  (and by a record id: see below): p50 / p95, with each page's query count and the database's own time for
  its audit query (``EXPLAIN ANALYZE``), so the API's share shows;
- a retention run (``apply_retention``): the oldest full month detached, exported as gzip JSON lines, read back
  and compared row by row with the table, then dropped: its seconds and rows.
Before migration 0028 the write's gap between the full and the empty trail was the unique-id trigger's probe of
every partition's primary key (1.34-1.49x at 50M rows); now it probes the month's partition (and those before the
legacy cutoff). A kept database measured again (``AUDIT_BENCH_REUSE=1``; it gets the migrations it lacks)
holds the rounds' own rows at the top of the trail (8,400 a run for the measured owner, which ``?kind=`` must skip;
the pages are timed before this run's writes, in a child process). The trigger's rows are dated the month's
first seconds and rolled back.
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
# Distinct ids without a lookup: g * an odd number below 2**53 / rows stays below 2**53 and never repeats; its low
# MONTH_SHIFT bits never repeat either (g < 2**42), so a month id made of them is distinct within its month.
ID_STEP = 179_424_673
ID_EPOCH_YEAR = 2000  # sharing/models/ids.py: audit ids carry months since 2000-01 above bit MONTH_SHIFT
MONTH_SHIFT = 42
# Rows older than this many months have legacy ids (uniform, drawn before migration 0028), and the trigger's legacy
# cutoff is set there: the state a year after the migration with 24 months kept.
LEGACY_MONTHS = int(os.environ.get("AUDIT_BENCH_LEGACY_MONTHS", "12"))
COUNTRIES = ("US", "JP", "KR", "AU", "TW", "DE", "CA", "MX", "GB", "FR", "IT", "ES", "NL", "BE", "SE", "NO",
             "FI", "DK", "PL", "CZ", "AT", "CH", "PT", "IE", "NZ", "SG", "IN", "BR", "CL", "IL", "GR", "TR")
# AUDIT_BENCH_PHASES: which measurements to run (a kept database can be measured again without loading it).
PHASES = os.environ.get("AUDIT_BENCH_PHASES", "writes,api,retention").split(",")
WRITE_ROUNDS = 6
WRITES_PER_ROUND = 300
TRIGGER_ROWS = 20_000
# AUDIT_BENCH_CUTOFFS: the legacy cutoffs the writes are measured under (``set_cutoff``).
CUTOFFS = os.environ.get("AUDIT_BENCH_CUTOFFS", "none,legacy").split(",")


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


def legacy_cutoff(legacy_months: int) -> str:
    """The start of the month ``legacy_months`` before this one (UTC): rows before it have legacy ids."""
    from django.utils import timezone

    from sharing.services import audit_partitions as ap

    return f"{ap.month_start(timezone.now().date(), -legacy_months).isoformat()} 00:00:00+00"


def generate(rows: int, legacy_months: int = 0) -> float:
    """Loads ``rows`` events into the current database; the seconds it took. Rows before ``legacy_cutoff`` get ids
    of the layout before migration 0028 (uniform, no month in them), the others month ids."""
    from django.db import connection

    started = time.perf_counter()
    ids = [p.pk for p in _partners()]
    count = len(ids)
    with connection.cursor() as cursor:
        _be_nice(cursor)
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sharing_auditevent' "
                       "AND indexname <> 'sharing_auditevent_pkey'")
        indexes = cursor.fetchall()
        # And each partition's own unique index on id (migration 0031), not the parent's: built after the load too.
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'sharing\\_auditevent\\_%%' "
                       "AND indexname LIKE '%%\\_id\\_key'")
        indexes += cursor.fetchall()
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
                    SELECT CASE WHEN s.at < %s THEN g * {ID_STEP}
                                ELSE (((extract(year FROM s.at AT TIME ZONE 'UTC')::bigint - {ID_EPOCH_YEAR}) * 12
                                       + extract(month FROM s.at AT TIME ZONE 'UTC')::bigint - 1) << {MONTH_SHIFT})
                                     | ((g * {ID_STEP}) & {(1 << MONTH_SHIFT) - 1}) END,
                           s.at,
                           'abcd1234', 'bench', s.action, split_part(s.action, '.', 1), '',
                           to_jsonb(array(SELECT (g * 7 + k)::text FROM generate_series(1, 1 + (g %% 4)) k)),
                           'success', md5(g::text), '10.0.0.1', '{{}}'::jsonb, NULL,
                           (%s::bigint[])[1 + (g * 31 %% {count})],
                           (%s::bigint[])[1 + least({count - 1}, floor(s.r * s.r * {count})::int)]
                    FROM (SELECT g, random() AS r, now() - (g::float8 / %s) * interval '{MONTHS} months' AS at,
                                 (ARRAY['facility.read', 'capacity.read', 'facility.sync', 'facility.read',
                                        'facility.update', 'capacity.read', 'facility.read', 'capacity.publish',
                                        'capacity.read', 'facility.read'])[1 + (g %% 10)] AS action
                          FROM generate_series(%s::bigint, %s::bigint) g) s""",
                [legacy_cutoff(legacy_months), ids, ids, rows, low, high])
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
    cpu = _backend_cpu()
    for i in range(repetitions):
        events = [AuditEvent(action="facility.read", object_type="facility", actor_partner_id=partners[5].pk,
                             actor_key_prefix="abcd1234", actor_key_name="bench", request_id=f"r{i}",
                             object_owner_id=owner.pk, object_ids=[str(i * 100 + k) for k in range(25)])
                  for owner in partners[:4]]
        started = time.perf_counter()
        with transaction.atomic():
            audit_record_many(events)
        times.append(time.perf_counter() - started)
    time_audit_writes.backend_cpu = _backend_cpu() - cpu
    return times


def _backend_cpu() -> float:
    """CPU seconds the PostgreSQL backend of Django's connection has used (the server runs on this machine): the
    database's share of a write, which the machine's load hardly moves, unlike the wall time (mostly the commit's
    WAL flush, the same on both databases)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def set_cutoff(mode: str) -> str:
    """The trigger's legacy cutoff for a measurement: ``none`` (no legacy ids left: the steady state once the
    retention has taken the months before migration 0028) or ``legacy`` (at ``legacy_cutoff(LEGACY_MONTHS)``: the
    months the generator gave legacy ids still kept, and probed by every write)."""
    import datetime as dt

    from sharing.services import audit_partitions as ap

    cutoff = None if mode == "none" else dt.datetime.fromisoformat(legacy_cutoff(LEGACY_MONTHS).replace(" ", "T"))
    ap.set_legacy_cutoff(cutoff)
    return str(cutoff)


def time_trigger(rows: int) -> dict[str, float]:
    """Microseconds a row of the unique-id trigger, and of the whole INSERT, for ``rows`` rows of this month with
    month ids of random low bits (so each probe lands on a random page of the month's primary key), in one
    statement rolled back; the same INSERT with the trigger disabled gives the rest. Dated the first seconds of
    the month, so that the dead index entries they leave are not at the newest end the access log reads."""
    import re

    from django.db import connection, transaction
    from django.utils import timezone

    from sharing.models.ids import AUDIT_MONTH_SHIFT, audit_month

    month = audit_month(timezone.now())
    owners = [p.pk for p in _partners()[1:5]]
    insert = f"""INSERT INTO sharing_auditevent (id, occurred_at, actor_key_prefix, actor_key_name, action,
                     object_type, object_id, object_ids, outcome, request_id, detail, object_owner_id)
                 SELECT ({month}::bigint << {AUDIT_MONTH_SHIFT})
                            | (1 + floor(random() * ((1::bigint << {AUDIT_MONTH_SHIFT}) - 2)))::bigint,
                        date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + g * interval '1 ms',
                        'abcd1234', 'bench', 'facility.read', 'facility', '', '[]', 'success', 'trigger',
                        '{{}}', (%s::bigint[])[1 + g %% 4]
                 FROM generate_series(1, {rows}) g"""
    out = {}
    for label, disable in (("off", True), ("on", False)):
        with transaction.atomic(), connection.cursor() as cursor:
            if disable:
                cursor.execute("ALTER TABLE sharing_auditevent DISABLE TRIGGER sharing_auditevent_unique_id")
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING ON, COSTS OFF) {insert}", [owners])
            text = "\n".join(line for (line,) in cursor.fetchall())
            transaction.set_rollback(True)
        out[f"insert_{label}"] = float(re.search(r"Execution Time: ([0-9.]+)", text)[1]) * 1000 / rows
        trigger = re.search(r"Trigger sharing_auditevent_unique_id on \S+: time=([0-9.]+)", text)
        if trigger:
            out["trigger"] = float(trigger[1]) * 1000 / rows
    return out


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


def measure_writes(rows: int, mode: str) -> list[tuple[str, str, str]]:
    """The audit write of a list read and the trigger's cost a row, on the empty and the full trail with the legacy
    cutoff ``mode`` (``set_cutoff``), in alternating rounds (empty, full, full, empty, ...), a child process each."""
    for name in (EMPTY_DB, DB_NAME):
        cutoff = _child("cutoff", name, mode).strip()
    label = "no legacy ids (cutoff -infinity)" if mode == "none" else f"legacy ids before {cutoff[:10]}"
    writes: dict[str, list[list[float]]] = {EMPTY_DB: [], DB_NAME: []}
    cpu: dict[str, list[float]] = {EMPTY_DB: [], DB_NAME: []}  # backend CPU ms a write, per round
    triggers: dict[str, list[dict[str, float]]] = {EMPTY_DB: [], DB_NAME: []}
    loads = [load()]
    for i in range(WRITE_ROUNDS):
        for name in (EMPTY_DB, DB_NAME) if i % 2 == 0 else (DB_NAME, EMPTY_DB):
            result = json.loads(_child("writes", name, str(WRITES_PER_ROUND)))
            writes[name].append(result["times"])
            cpu[name].append(result["backend_cpu"] * 1000 / WRITES_PER_ROUND)
            triggers[name].append(json.loads(_child("trigger", name, str(TRIGGER_ROWS))))
            client_ms = result["client_cpu"] * 1000 / WRITES_PER_ROUND
            print(f"  {mode} {name}: writes mean {sum(writes[name][-1]) / WRITES_PER_ROUND * 1000:.3f} ms, "
                  f"backend CPU {cpu[name][-1]:.3f} ms, client CPU {client_ms:.3f} ms, "
                  f"trigger {triggers[name][-1]}, {load()}", file=sys.stderr)
        loads.append(load())

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    empty = [t for r in writes[EMPTY_DB] for t in r]
    full = [t for r in writes[DB_NAME] for t in r]
    pairs = " ".join(f"{mean(f) / mean(e):.2f}" for e, f in zip(writes[EMPTY_DB], writes[DB_NAME], strict=True))
    trigger_empty = [t["trigger"] for t in triggers[EMPTY_DB]]
    trigger_full = [t["trigger"] for t in triggers[DB_NAME]]
    span = f"load {loads[0][5:]} .. {loads[-1][5:]}"
    return [
        (f"audit [{label}]: a list read's audit write (4 events), empty table, mean / p95",
         f"{mean(empty) * 1000:.3f} / {percentile(empty, 95) * 1000:.3f} ms ({span})", "-"),
        (f"audit [{label}]: a list read's audit write (4 events), {rows:,} rows, mean / p95",
         f"{mean(full) * 1000:.3f} / {percentile(full, 95) * 1000:.3f} ms ({span})", "-"),
        (f"audit [{label}]: audit write cost, full / empty (means of {WRITE_ROUNDS} alternating rounds of "
         f"{WRITES_PER_ROUND}; per round {pairs}; medians {percentile(full, 50) / percentile(empty, 50):.2f}x)",
         f"{mean(full) / mean(empty):.2f}x ({span})", "<= 1.20x"),
        (f"audit [{label}]: PostgreSQL backend CPU a list read's audit write, empty / full (per round "
         f"{' '.join(f'{e:.2f}/{f:.2f}' for e, f in zip(cpu[EMPTY_DB], cpu[DB_NAME], strict=True))} ms)",
         f"{mean(cpu[EMPTY_DB]):.3f} / {mean(cpu[DB_NAME]):.3f} ms = {mean(cpu[DB_NAME]) / mean(cpu[EMPTY_DB]):.2f}x "
         f"({span})", "<= 1.20x"),
        (f"audit [{label}]: unique-id trigger a row, empty / full ({TRIGGER_ROWS:,}-row INSERT, rounds: "
         f"{' '.join(f'{e:.0f}/{f:.0f}' for e, f in zip(trigger_empty, trigger_full, strict=True))} us)",
         f"{mean(trigger_empty):.1f} / {mean(trigger_full):.1f} us ({span})", "-"),
    ]


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
    else:
        _child("migrate", DB_NAME)  # a kept database made before a migration (0028) gets it
    if "api" in PHASES:  # before the writes, whose rows would sit at the top of the trail the pages read
        out += json.loads(_child("api", DB_NAME, str(rows)))
    for mode in CUTOFFS if "writes" in PHASES else ():
        out += measure_writes(rows, mode)
    _connect(DB_NAME)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sharing_auditevent'::regclass")
        partitions = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits "
                       "WHERE inhparent = 'sharing_auditevent'::regclass")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT sum(c.reltuples)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = 'sharing_auditevent'::regclass")
        estimate = cursor.fetchone()[0]  # a kept database measured again may have lost months to retention
    out.insert(0, ("audit: rows in the trail (generated / now, estimated) / partitions / size on disk",
                   f"{rows:,} / {estimate:,} / {partitions} / {size}", "-"))
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
        print(generate(int(argv[2]), LEGACY_MONTHS))
    elif what == "writes":
        time_audit_writes(50)  # warm up
        client = time.process_time()
        times = time_audit_writes(int(argv[2]))
        print(json.dumps({"times": times, "backend_cpu": time_audit_writes.backend_cpu,
                          "client_cpu": time.process_time() - client}))
    elif what == "api":
        print(json.dumps(measure_api(int(argv[2]))))
    elif what == "cutoff":
        print(set_cutoff(argv[2]))
    elif what == "trigger":
        time_trigger(1000)  # warm up
        print(json.dumps(time_trigger(int(argv[2]))))
    elif what == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    else:
        raise SystemExit(f"unknown: {what}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _command(sys.argv[1:])
    else:
        report(main())
