"""CPU per filtered list read, measured in one process: the load test's four read shapes, called through the
production WSGI application (DJANGO_DEBUG=0, the Redis cache when it answers) in a loop, without locust or
gunicorn in the way.

    .venv/bin/python -m bench.load.profile                   # 400 requests of each shape
    PROFILE_REQUESTS=1000 PROFILE_TOP=40 .venv/bin/python -m bench.load.profile   # and cProfile's top 40
    PROFILE_REUSE=1 ...                                     # keep the database of the last run (no data load)
    PROFILE_ONLY=reads PROFILE_TOP=40 PROFILE_DUMP=/tmp/reads.prof ...   # one shape; its profile kept for pstats

It uses its own database, PROFILE_DB (default ``bench_profile``; full load-test scale: 10,000 facilities,
100,000 capacity rows), on the PostgreSQL server of BENCH_DATABASE_URL. It prints, per shape, the Python CPU per
request (this process), the PostgreSQL backend's CPU per request, the queries per request, and the wall time.
"""

from __future__ import annotations

import io
import json
import os
import random
import secrets
import sys
import time
from urllib.parse import urlencode, urlparse, urlunparse

DB_NAME = os.environ.get("PROFILE_DB", "bench_profile")  # another name where several people share a server


def setup_django(reuse: bool) -> bool:
    """Points Django at ``bench_profile`` with production settings; returns whether the data must be loaded."""
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone() is not None
        if not (reuse and exists):
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = urlunparse(urlparse(server)._replace(path=f"/{DB_NAME}"))
    os.environ.update({
        "DJANGO_DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "THROTTLE_RATE_KEY": "1000000/min",
        "LOG_LEVEL": "WARNING", "CACHE_KEY_PREFIX": "bench_profile", "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    redis_url = os.environ.get("PROFILE_REDIS_URL", "redis://127.0.0.1:6379/4")
    from bench.load.run import redis_answers

    if redis_answers(redis_url):
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return not (reuse and exists)


def shapes(setup: dict, rng: random.Random) -> dict:
    """The analyst's reads of bench/load/locustfile.py, as (path, query) makers."""
    return {
        "GET /capacities/?product&country&page_size=100 (bench/reads.py)": lambda: ("/api/v1/capacities/", {
            "product": rng.choice(setup["products"]),
            "country": ",".join(rng.sample(setup["countries"], 3)), "page_size": 100}),
        "GET /capacities/?product&country": lambda: ("/api/v1/capacities/", {
            "product": rng.choice(setup["products"]),
            "country": ",".join(rng.sample(setup["countries"], 3)), "page_size": 50}),
        "GET /capacities/?marking&min_releasable&ordering": lambda: ("/api/v1/capacities/", {
            "marking": "GREEN", "min_releasable": rng.choice([100, 500, 1000]),
            "sector": rng.choice(setup["sectors"]), "ordering": "-releasable", "page_size": 50}),
        "GET /facilities/?country&kind": lambda: ("/api/v1/facilities/", {
            "country": rng.choice(setup["countries"]), "kind": rng.choice(setup["kinds"]), "page_size": 50}),
        "GET /facilities/?product&status": lambda: ("/api/v1/facilities/", {
            "product": rng.choice(setup["products"]), "status": "operating", "page_size": 50}),
    }


def environ_for(path: str, query: dict, key: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": urlencode(query), "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1", "HTTP_AUTHORIZATION": f"Api-Key {key}", "HTTP_ACCEPT": "*/*",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def main() -> None:
    requests = int(os.environ.get("PROFILE_REQUESTS", "400"))
    top = int(os.environ.get("PROFILE_TOP", "0"))
    only = os.environ.get("PROFILE_ONLY", "")
    load = setup_django(os.environ.get("PROFILE_REUSE") == "1")
    setup_path = f"/tmp/{DB_NAME}-setup.json"
    if load:
        from bench.load.data import generate

        setup = generate(10_000, 100_000, 40)
        with open(setup_path, "w") as handle:
            json.dump(setup, handle)
    else:
        with open(setup_path) as handle:
            setup = json.load(handle)

    import psutil
    from django.db import connection

    from config.wsgi import application

    keys = [setup["keys"][code] for code in sorted(setup["keys"])]
    rng = random.Random(7)

    def call(path: str, query: dict, key: str) -> bytes:
        status = []
        body = b"".join(application(environ_for(path, query, key), lambda s, h, exc=None: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{path}?{urlencode(query)}: {status[0]} {body[:300]!r}")
        return body

    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores, shared)", file=sys.stderr)
    print(f"{'shape':<50}  {'python ms':>9}  {'pg ms':>6}  {'queries':>7}  {'wall ms':>7}")
    for name, make in shapes(setup, rng).items():
        if only and only not in name:
            continue
        for _ in range(20):  # warm: connection, caches, compiled regexes
            call(*make(), rng.choice(keys))
        connection.close()  # a fresh one: the data load's may pass CONN_MAX_AGE and close mid-measurement
        connection.ensure_connection()
        backend = psutil.Process(connection.connection.info.backend_pid)
        captured: list[str] = []

        def capture(execute, sql, params, many, context, captured=captured):
            captured.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            call(*make(), rng.choice(keys))
        calls = [(*make(), rng.choice(keys)) for _ in range(requests)]
        profiler = None
        if top:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        pg_before = sum(backend.cpu_times()[:2])
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        for path, query, key in calls:
            call(path, query, key)
        cpu, wall = time.process_time() - cpu_before, time.perf_counter() - wall_before
        pg = sum(backend.cpu_times()[:2]) - pg_before
        if profiler is not None:
            profiler.disable()
        print(f"{name:<50}  {cpu * 1000 / requests:>9.2f}  {pg * 1000 / requests:>6.2f}  "
              f"{len(captured):>7}  {wall * 1000 / requests:>7.2f}")
        if profiler is not None:
            import pstats

            if os.environ.get("PROFILE_DUMP"):  # for pstats' callers/callees: PROFILE_DUMP=/tmp/reads.prof
                profiler.dump_stats(os.environ["PROFILE_DUMP"])

            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
            print(out.getvalue(), file=sys.stderr)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
            print(out.getvalue(), file=sys.stderr)
        if os.environ.get("PROFILE_SQL"):
            for sql in captured:
                print(f"  {sql[:600]}", file=sys.stderr)
    print(f"load average: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
