"""Side by side: the service's filtered capacity page against a bare DRF ModelViewSet over the same tables.

    make bench BENCH_ARGS=reads                     # 2,000 facilities, 20,000 capacity rows, short runs
    BENCH_SCALE=full make bench BENCH_ARGS=reads    # the load test's data: 10,000 facilities, 100,000 rows

On its own PostgreSQL database (BENCH_READS_DB, default ``bench_reads``, dropped and created on the server of
BENCH_DATABASE_URL) with the load test's generated data (bench/load/data.py), it starts one gunicorn per variant
(config/gunicorn.py, WEB_CONCURRENCY 2 workers, READS_THREADS 1: sync workers as deployed, 2 or more: gthread,
production settings): ``service`` is the service as deployed (API key, throttle in Redis when BENCH_REDIS_URL
answers, visibility, audit, row-based list path); ``bare`` is bench/bare_urls.py under bench/bare_settings.py (a DRF
ModelViewSet, no auth, visibility or audit), a URL conf nothing else routes. Optional variants for measuring one
change at a time: ``service-nocache`` (the key read from the database on every request, API_KEY_CACHE_SECONDS=0),
``service-serializers`` (SHARING_LIST_ROWS=0), ``service-nosqlcache`` (SHARING_LIST_SQL_CACHE=0),
``service-clientbinding`` (parameters bound in Python, nothing prepared: DB_SERVER_SIDE_BINDING=0) and
``service-generic`` (PostgreSQL's generic plans for prepared statements: DB_PLAN_CACHE_MODE=force_generic_plan),
``service-auto`` (PostgreSQL's own choice between generic and custom plans, plan_cache_mode auto),
e.g. READS_VARIANTS="service bare service-nocache"; ``service-base`` is the service as another checkout has it
(READS_BASE_TREE, e.g. ``git archive main | tar -x -C /tmp/base``), run by the same Python and database, for a
before/after ratio from the same rounds.

wrk (apt package ``wrk``; the benchmark says so and stops if it is missing) with READS_CONNECTIONS (8)
connections and 2 threads loads one variant at a time for READS_SECONDS (15), READS_ROUNDS (3) rounds, the order
of the variants rotating each round, over the same list of 100-row pages (?product=&country=&page_size=100, only
pages where every variant answers 100 rows). Per variant: requests/s, p50/p95 (median over rounds), the gunicorn
processes' CPU ms per request and their PostgreSQL backends' (from the processes' CPU time deltas), errors; the
ratio of requests/s to the bare list's, per round (the machine is shared: a ratio from back-to-back runs says more
than either figure), and the load average.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import Row, prepare_database, report, scale_name
from bench.load.run import CpuMeter, free_port, redis_answers, stop

ROOT = Path(__file__).resolve().parent.parent
SCALES = {
    "small": {"facilities": 2_000, "capacities": 20_000, "products": 20, "seconds": 8},
    "full": {"facilities": 10_000, "capacities": 100_000, "products": 40, "seconds": 15},
}
TARGET_RATIO = 2.0
TARGET_P95_MS = 50.0
VARIANTS = {
    "service": {},
    "bare": {"DJANGO_SETTINGS_MODULE": "bench.bare_settings"},
    "service-nocache": {"API_KEY_CACHE_SECONDS": "0"},
    "service-serializers": {"SHARING_LIST_ROWS": "0"},
    "service-nosqlcache": {"SHARING_LIST_SQL_CACHE": "0"},
    "service-base": {},  # the service from READS_BASE_TREE (another checkout): before and after in the same rounds
    "service-clientbinding": {"DB_SERVER_SIDE_BINDING": "0"},
    "service-generic": {"DB_PLAN_CACHE_MODE": "force_generic_plan"},
    "service-auto": {"DB_PLAN_CACHE_MODE": "auto"},
}
COUNTRY_SETS = ["US,JP,KR", "DE,TW,AU", "CA,MX,CN", "CL,CD,ID", "IN,VN,MY", "US,DE,CN"]


def wait_until(url: str, headers: dict, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} before serving {url}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def page_rows(url: str, headers: dict) -> int:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return len(json.loads(response.read())["results"])


def wrk(url: str, paths_file: Path, auth: str, seconds: int, connections: int) -> dict:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(ROOT / "bench/reads.lua"),
         url],
        env={**os.environ, "WRK_PATHS": str(paths_file), "WRK_AUTH": auth}, capture_output=True, text=True,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result (exit {done.returncode}): {done.stdout}\n{done.stderr}")
    requests, duration_us, connect, read, write, status, timeout, p50, p95 = (float(x) for x in line.split()[1:])
    return {"requests": int(requests), "seconds": duration_us / 1e6, "p50": p50 / 1000, "p95": p95 / 1000,
            "errors": int(connect + read + write + status + timeout)}


def main() -> list[Row]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench/reads.py needs wrk (Debian/Ubuntu: apt-get install wrk)")
    scale = SCALES[scale_name()]
    seconds = int(os.environ.get("READS_SECONDS", scale["seconds"]))
    rounds = int(os.environ.get("READS_ROUNDS", "3"))
    connections = int(os.environ.get("READS_CONNECTIONS", "8"))
    workers = os.environ.get("READS_WORKERS", "2")
    # As deployed: config/gunicorn.py's default is sync workers (which close the connection after every answer);
    # READS_THREADS=2 runs gthread workers with 2 threads and keep-alive.
    threads = os.environ.get("READS_THREADS", "1")
    names = os.environ.get("READS_VARIANTS", "service bare").split()
    unknown = [n for n in names if n not in VARIANTS]
    if unknown or "bare" not in names:
        raise SystemExit(f"READS_VARIANTS names variants of {sorted(VARIANTS)} and includes bare, not {names}")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")

    prepare_database(os.environ.get("BENCH_READS_DB", "bench_reads"))
    from django.db import connections as db_connections

    from bench.load.data import generate

    started = time.perf_counter()
    setup = generate(scale["facilities"], scale["capacities"], scale["products"])
    print(f"generated {scale['facilities']:,} facilities and {scale['capacities']:,} capacity rows in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    db_connections.close_all()
    partner = sorted(setup["keys"])[0]
    auth = f"Api-Key {setup['keys'][partner]}"

    workdir = Path(tempfile.mkdtemp(prefix="bench-reads-"))
    use_redis = redis_answers(redis_url)
    base_env = {
        **os.environ, "DJANGO_DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "THROTTLE_RATE_KEY": "1000000/min",
        "LOG_LEVEL": "WARNING", "WEB_CONCURRENCY": workers, "GUNICORN_THREADS": threads,
        "GUNICORN_MAX_REQUESTS": "0", "CACHE_KEY_PREFIX": "bench_reads", "CELERY_QUEUE": "bench_reads",
    }
    base_env.pop("REDIS_URL", None)
    if use_redis:
        base_env["REDIS_URL"] = redis_url
    bin_dir = Path(sys.executable).parent
    servers: dict[str, tuple[subprocess.Popen, int]] = {}
    results: dict[str, list[dict]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names if name != "bare"}
    load_before = os.getloadavg()
    try:
        for name in names:
            port = free_port()
            env = {**base_env, **VARIANTS[name], "GUNICORN_BIND": f"127.0.0.1:{port}",
                   "GUNICORN_ACCESS_LOG": str(workdir / f"{name}-access.log")}
            env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            tree = ROOT
            if name == "service-base":
                if not os.environ.get("READS_BASE_TREE"):
                    raise SystemExit("the service-base variant runs the checkout READS_BASE_TREE names")
                tree = Path(os.environ["READS_BASE_TREE"]).resolve()
                env["PYTHONPATH"] = str(tree)
            servers[name] = (subprocess.Popen(
                [str(bin_dir / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"], cwd=tree, env=env,
                start_new_session=True, stdout=open(workdir / f"{name}.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            ), port)
        headers = {name: ({} if name == "bare" else {"Authorization": auth}) for name in names}
        for name, (process, port) in servers.items():
            wait_until(f"http://127.0.0.1:{port}/api/v1/capacities/?page_size=1", headers[name], process)

        # The same pages on every side, each a full 100 rows on every side.
        paths = []
        for product in setup["products"]:
            for countries in COUNTRY_SETS:
                path = f"/api/v1/capacities/?product={product}&country={countries}&page_size=100"
                if all(page_rows(f"http://127.0.0.1:{port}{path}", headers[name]) == 100
                       for name, (_, port) in servers.items()):
                    paths.append(path)
            if len(paths) >= 24:
                break
        if not paths:
            raise SystemExit("no filtered page has 100 rows on every side")
        paths_file = workdir / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        print(f"{len(paths)} filtered 100-row pages; variants {', '.join(names)}; gunicorn {workers}x{threads}, "
              f"wrk {connections} connections, {rounds} rounds of {seconds} s; throttle in "
              f"{'Redis' if use_redis else 'process memory'}; load average {load_before[0]:.2f}", file=sys.stderr)

        for name, (_, port) in servers.items():  # warm up: connections, caches, first-request imports
            wrk(f"http://127.0.0.1:{port}", paths_file, headers[name].get("Authorization", ""), 3, connections)
        for turn in range(rounds):
            order = names[turn % len(names):] + names[:turn % len(names)]
            this_round: dict[str, dict] = {}
            for name in order:
                process, port = servers[name]
                meter = CpuMeter(process, None, os.environ["DATABASE_URL"])
                meter.start()
                load = os.getloadavg()[0]
                result = wrk(f"http://127.0.0.1:{port}", paths_file, headers[name].get("Authorization", ""), seconds,
                             connections)
                web_cpu, db_cpu = meter.stop()
                result.update(rate=result["requests"] / result["seconds"], load=load,
                              web_ms=web_cpu * 1000 / max(result["requests"], 1),
                              db_ms=db_cpu * 1000 / max(result["requests"], 1))
                results[name].append(result)
                this_round[name] = result
                print(f"round {turn + 1} {name:<20} {result['rate']:7.1f} req/s  p50 {result['p50']:6.1f} ms  "
                      f"p95 {result['p95']:6.1f} ms  cpu {result['web_ms']:5.1f} + db {result['db_ms']:4.1f} ms/req  "
                      f"errors {result['errors']}  load {load:.2f}", file=sys.stderr)
            for name in ratios:
                ratios[name].append(this_round[name]["rate"] / this_round["bare"]["rate"])
    finally:
        for name, (process, _) in servers.items():
            stop(process, f"gunicorn ({name})")
    load_after = os.getloadavg()

    rows = []
    for name in names:
        runs = results[name]
        median = {k: statistics.median(r[k] for r in runs) for k in ("rate", "p50", "p95", "web_ms", "db_ms")}
        errors = sum(r["errors"] for r in runs)
        rows += [
            Row(f"reads {name}: filtered 100-row page, requests/s (median of {rounds})", f"{median['rate']:.0f}"),
            Row(f"reads {name}: p50 / p95 (median of rounds)", f"{median['p50']:.1f} / {median['p95']:.1f} ms",
                f"p95 < {TARGET_P95_MS:.0f} ms" if name == "service" else "-"),
            Row(f"reads {name}: CPU per request, gunicorn / PostgreSQL",
                f"{median['web_ms']:.1f} / {median['db_ms']:.1f} ms"),
            Row(f"reads {name}: errors", f"{errors}", "0"),
        ]
        if name in ratios:
            each = ", ".join(f"{r:.2f}" for r in ratios[name])
            rows.append(Row(f"reads {name} / bare requests/s, per round", f"{each} (median "
                            f"{statistics.median(ratios[name]):.2f}x)",
                            f">= {TARGET_RATIO:.1f}x" if name == "service" else "-"))
    if "service" in results and "service-base" in results:
        pairs = list(zip(results["service"], results["service-base"], strict=True))
        rates = [a["rate"] / b["rate"] for a, b in pairs]
        cpus = [a["web_ms"] / b["web_ms"] for a, b in pairs]
        rows.append(Row("reads service / service-base: requests/s, gunicorn CPU a request, per round",
                        f"{', '.join(f'{r:.2f}' for r in rates)} / {', '.join(f'{c:.2f}' for c in cpus)}"))
    service = results.get("service")
    if service:
        met = (statistics.median(ratios["service"]) >= TARGET_RATIO
               and statistics.median(r["p95"] for r in service) < TARGET_P95_MS
               and not sum(r["errors"] for r in service))
        rows.append(Row("reads: target met (service >= 2.0x bare, p95 < 50 ms, 0 errors)", "yes" if met else "no"))
    rows += [
        Row("reads: setup", f"{scale['facilities']:,} facilities, {scale['capacities']:,} capacity rows, "
            f"{len(paths)} pages, gunicorn {workers}x{threads}, wrk -c{connections}, {rounds}x{seconds} s"),
        Row("reads: load average before / after (2 cores, shared)", f"{load_before[0]:.2f} / {load_after[0]:.2f}"),
    ]
    print(f"logs in {workdir}", file=sys.stderr)
    return rows


if __name__ == "__main__":
    report(main())
