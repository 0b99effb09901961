"""``make loadtest``: gunicorn on PostgreSQL under a mix of partner syncs, analyst reads and coordinators.

    make loadtest                                  # 10,000 facilities, 100,000 capacity rows, 60 s
    LOAD_SECONDS=20 BENCH_SCALE=small make loadtest  # a quick look: 2,000 facilities, 20,000 rows

It creates (and drops first) its own database, ``bench_load`` (or LOAD_DB), on the PostgreSQL server of
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), loads generated data, starts gunicorn on
a free port of 127.0.0.1 with production settings (DJANGO_DEBUG=0), and, when Redis answers at LOAD_REDIS_URL (default
redis://127.0.0.1:6379/3), a Celery worker for matching (else matching runs in the web process). Then locust,
headless, runs the mix of bench/load/locustfile.py for LOAD_SECONDS against 127.0.0.1 only. It prints
throughput and p50/p95/p99 per endpoint and the errors, checks that every bulk row acknowledged as created
or updated is in the database (no lost writes) and that no answer was a 5xx, and stops everything it started.
Exit status 1 when there was a 5xx or a lost write.

Knobs: LOAD_USERS (concurrent simulated callers, default 24), LOAD_SECONDS (60), WEB_CONCURRENCY (gunicorn
workers, default 4), GUNICORN_THREADS (1: sync workers) and LOAD_USER_CLASSES (e.g. ``Analyst``: reads only).
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import Row, percentile, prepare_database, print_table, report, scale_name

ROOT = Path(__file__).resolve().parent.parent.parent
DB_NAME = os.environ.get("LOAD_DB", "bench_load")  # another name where several people share a server
SCALES = {
    "small": {"facilities": 2_000, "capacities": 20_000, "products": 20},
    "full": {"facilities": 10_000, "capacities": 100_000, "products": 40},
}
READS = ("GET /capacities/", "GET /facilities/")  # the filtered list reads the target is about
TARGET_READS_PER_S = 300
TARGET_READ_P95_MS = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


def wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")


def stop(process: subprocess.Popen | None, name: str) -> None:
    """Stops a process this script started (and the children of its process group), by its id."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop on SIGTERM; killing it", file=sys.stderr)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


class CpuMeter:
    """CPU time used by the gunicorn and Celery processes and by their PostgreSQL backends while the load runs:
    what the service itself costs, whatever else the shared machine is doing. Sampled every half second, per
    process, so that a backend that closes mid-run (CONN_MAX_AGE) or a recycled worker still counts."""

    def __init__(self, server: subprocess.Popen, worker: subprocess.Popen | None, database_url: str):
        import threading

        self.parents = [p for p in (server, worker) if p is not None]
        self.database_url = database_url
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.started = False
        self._conn = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _processes(self):
        import psutil
        import psycopg

        for parent in self.parents:
            if parent.poll() is None:
                root = psutil.Process(parent.pid)
                for process in (root, *root.children(recursive=True)):
                    yield "web", process
        if self._conn is None or self._conn.closed:
            # One connection for the whole run: a new one every half second cost PostgreSQL a backend start
            # (some 9-10 ms of CPU, and 1.3 ms here) per sample, on the cores the service is measured on.
            self._conn = psycopg.connect(self.database_url, autocommit=True)
        pids = [pid for (pid,) in self._conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = "
                                                     "current_database() AND pid <> pg_backend_pid()")]
        for pid in pids:
            process = self._process(pid)
            if process is not None:
                yield "db", process

    @staticmethod
    def _process(pid: int):
        import psutil

        try:
            return psutil.Process(pid)
        except psutil.Error:  # ended between the query and now
            return None

    def sample(self) -> None:
        import psutil

        for kind, process in self._processes():
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            key = (kind, process.pid)
            used = times.user + times.system
            # A process already running at the start counts from there; one that appears later, from its birth.
            self.first.setdefault(key, used if not self.started else 0.0)
            self.last[key] = used

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def start(self) -> None:
        self.sample()
        self.started = True
        self._thread.start()

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        self.sample()
        self._conn.close()
        totals = {"web": 0.0, "db": 0.0}
        for key, used in self.last.items():
            totals[key[0]] += used - self.first[key]
        return totals["web"], totals["db"]


def lost_writes(acknowledged: list[dict]) -> tuple[int, list[str]]:
    """Every acknowledged row must exist with its external_id and owner, at the acknowledged version or later."""
    from sharing.models import Capacity, Facility

    lost: list[str] = []
    for kind, model in (("capacity", Capacity), ("facility", Facility)):
        acks = [a for a in acknowledged if a["kind"] == kind]
        stored = {pk: (external_id, owner, version) for pk, external_id, owner, version in
                  model.objects.filter(pk__in={a["id"] for a in acks}, deleted_at__isnull=True)
                  .values_list("pk", "external_id", "owner__code", "version")}
        for ack in acks:
            row = stored.get(ack["id"])
            if row is None or row[0] != ack["external_id"] or row[1] != ack["owner"] or row[2] < ack["version"]:
                lost.append(f"{kind} {ack['id']} {ack['external_id']} v{ack['version']}: stored {row}")
    return len(lost), lost[:10]


def summarise(results: dict, seconds: float) -> tuple[list[tuple], dict]:
    lines = []
    totals = {"requests": 0, "5xx": 0, "errors": 0}
    read_times: list[float] = []
    for name in sorted(results["timings"]):
        times = results["timings"][name]
        statuses = results["statuses"].get(name, {})
        errors = sum(n for status, n in statuses.items() if status != "2xx")
        server_errors = statuses.get("5xx", 0) + statuses.get("no answer", 0)
        totals["requests"] += len(times)
        totals["5xx"] += server_errors
        totals["errors"] += errors
        if name.startswith(READS):
            read_times += times
        lines.append((name, len(times), len(times) / seconds, percentile(times, 50), percentile(times, 95),
                      percentile(times, 99), errors, server_errors))
    totals["reads"] = len(read_times)
    totals["reads_per_s"] = len(read_times) / seconds
    totals["read_p50"] = percentile(read_times, 50)
    totals["read_p95"] = percentile(read_times, 95)
    totals["read_p99"] = percentile(read_times, 99)
    return lines, totals


def print_endpoints(lines: list[tuple]) -> None:
    width = max(len(line[0]) for line in lines)
    print(f"{'endpoint':<{width}}  {'requests':>8}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}  {'p99 ms':>7}  "
          f"{'errors':>6}  {'5xx':>4}")
    for name, count, rate, p50, p95, p99, errors, server_errors in lines:
        print(f"{name:<{width}}  {count:>8}  {rate:>7.1f}  {p50:>7.1f}  {p95:>7.1f}  {p99:>7.1f}  {errors:>6}  "
              f"{server_errors:>4}")


def main() -> list[Row]:
    import psutil

    scale = SCALES[scale_name()]
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    users = int(os.environ.get("LOAD_USERS", "24"))
    workers = os.environ.get("WEB_CONCURRENCY", "4")
    threads = os.environ.get("GUNICORN_THREADS", "1")
    redis_url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3")
    # LOAD_USER_CLASSES=Analyst: only the analysts' reads (what the service does for reads alone).
    user_classes = os.environ.get("LOAD_USER_CLASSES", "").split()

    prepare_database(DB_NAME)
    from django.db import connections

    from bench.load.data import generate
    from sharing.api import feed_cursor
    from sharing.models import Partner
    from sharing.services.publishing import current_seq

    started = time.perf_counter()
    setup = generate(scale["facilities"], scale["capacities"], scale["products"])
    # Feed cursors are sealed with the server's key (sharing/api/feed_cursor.py): mint each partner's starting
    # cursor, the last 500 changes, with the key the server will run with.
    server_secret = secrets.token_urlsafe(50)
    start = max(0, current_seq() - 500)
    setup["cursors_at_start"] = {
        code: feed_cursor.encode(start, pk, secret=server_secret)
        for code, pk in Partner.objects.filter(code__in=setup["keys"]).values_list("code", "pk")
    }
    print(f"generated {scale['facilities']:,} facilities and {scale['capacities']:,} capacity rows in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    connections.close_all()

    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    (workdir / "setup.json").write_text(json.dumps(setup))
    port = free_port()
    use_redis = redis_answers(redis_url)
    server_env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": server_secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; production sits behind TLS
        "SECURE_HSTS_SECONDS": "0",
        "THROTTLE_RATE_KEY": "1000000/min",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
        "WEB_CONCURRENCY": workers,
        "GUNICORN_THREADS": threads,
        "CACHE_KEY_PREFIX": "bench_load",
        "CELERY_QUEUE": "bench_load",
    }
    server_env.pop("REDIS_URL", None)
    if use_redis:
        server_env["REDIS_URL"] = redis_url
    bin_dir = Path(sys.executable).parent
    worker = server = None
    load_before = os.getloadavg()
    try:
        if use_redis:
            worker = subprocess.Popen(
                [str(bin_dir / "celery"), "-A", "config", "worker", "-l", "WARNING", "--concurrency=1",
                 "-Q", "bench_load", "--without-heartbeat", "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=server_env, start_new_session=True,
                stdout=open(workdir / "worker.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
            )
        server = subprocess.Popen(
            [str(bin_dir / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT, env=server_env, start_new_session=True,
            stdout=open(workdir / "gunicorn.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )
        wait_until_serving(f"http://127.0.0.1:{port}/api/v1/health/", server)
        print(f"gunicorn on 127.0.0.1:{port} ({workers} workers x {threads} threads), "
              f"matching {'on a Celery worker' if use_redis else 'in the web process'}; "
              f"{users} users for {seconds} s; load average before: {load_before[0]:.2f}", file=sys.stderr)
        results_path = workdir / "results.json"
        meter = CpuMeter(server, worker, os.environ["DATABASE_URL"])
        meter.start()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine_before = psutil.cpu_times()
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
             "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "10",
             "--host", f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING", *user_classes],
            cwd=ROOT, env={**os.environ, "LOAD_SETUP": str(workdir / "setup.json"),
                           "LOAD_RESULTS": str(results_path)},
            stdout=open(workdir / "locust.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )
        load_after = os.getloadavg()
        machine_after = psutil.cpu_times()
        machine_busy = (sum(machine_after) - machine_after.idle - machine_after.iowait
                        - sum(machine_before) + machine_before.idle + machine_before.iowait)
        # locust is the only child reaped in between: what the load generator itself cost on the same cores.
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust_cpu = (children_after.ru_utime + children_after.ru_stime
                      - children_before.ru_utime - children_before.ru_stime)
        web_cpu, db_cpu = meter.stop()
        cpu_used = web_cpu + db_cpu
        if not results_path.exists():
            raise SystemExit(f"locust wrote no results (exit {locust.returncode}); see {workdir / 'locust.log'}")
    finally:
        stop(server, "gunicorn")
        stop(worker, "celery worker")

    results = json.loads(results_path.read_text())
    lines, totals = summarise(results, seconds)
    lost, examples = lost_writes(results["acknowledged"])
    print()
    print_endpoints(lines)
    print()
    for error in results["errors"][:10]:
        print(f"error: {error}", file=sys.stderr)
    for example in examples:
        print(f"lost: {example}", file=sys.stderr)
    reads_ok = totals["reads_per_s"] >= TARGET_READS_PER_S and totals["read_p95"] < TARGET_READ_P95_MS
    rows = [
        Row("load: filtered list reads", f"{totals['reads_per_s']:.0f} req/s", f">= {TARGET_READS_PER_S} req/s"),
        Row("load: filtered list reads p50 / p95 / p99",
            f"{totals['read_p50']:.0f} / {totals['read_p95']:.0f} / {totals['read_p99']:.0f} ms",
            f"p95 < {TARGET_READ_P95_MS} ms"),
        Row("load: all requests", f"{totals['requests'] / seconds:.0f} req/s ({totals['requests']:,})"),
        Row("load: errors (non-2xx)", f"{totals['errors']}", "-"),
        Row("load: 5xx or no answer", f"{totals['5xx']}", "0"),
        Row("load: bulk rows acknowledged", f"{len(results['acknowledged']):,}"),
        Row("load: lost writes", f"{lost}", "0"),
        Row("load: read target met", "yes" if reads_ok else "no"),
        Row("load: service CPU per request: gunicorn + Celery / their PostgreSQL backends",
            f"{web_cpu * 1000 / max(totals['requests'], 1):.1f} / {db_cpu * 1000 / max(totals['requests'], 1):.1f} ms"),
        Row("load: locust's own CPU per request (same 2 cores)",
            f"{locust_cpu * 1000 / max(totals['requests'], 1):.1f} ms"),
        Row("load: machine CPU busy during the run, all processes (anyone's)",
            f"{machine_busy / seconds:.2f} of {psutil.cpu_count()} cores"),
        Row("load: requests/s two dedicated cores would serve at that cost",
            f"{2 * totals['requests'] / max(cpu_used, 1e-9):.0f}"),
        Row("load: setup", f"{scale['facilities']:,} facilities, {scale['capacities']:,} capacity rows, {users} users, "
            f"{seconds} s, gunicorn {workers}x{threads}{', only ' + ' '.join(user_classes) if user_classes else ''}"),
        Row("load: load average before / after (2 cores, shared)", f"{load_before[0]:.2f} / {load_after[0]:.2f}"),
    ]
    print(f"logs in {workdir}", file=sys.stderr)
    main.failed = bool(totals["5xx"] or lost)
    return rows


if __name__ == "__main__":
    rows = main()
    if os.environ.get("BENCH_JSON"):
        report(rows)
    else:
        print_table(rows)
    sys.exit(1 if main.failed else 0)

