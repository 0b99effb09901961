"""In-process CPU of one web worker's list request, per shape, and where it goes (cProfile).

    BENCH_READS_DB=bench_reads python -m bench.reads_profile               # ms of CPU a request, per shape
    READS_PROFILE=capacity python -m bench.reads_profile                   # and a profile of that shape

Calls the service's WSGI application (production settings: DJANGO_DEBUG=0, the middleware, API key, throttle in
Redis when BENCH_REDIS_URL answers, visibility, audit) in this process with the environ gunicorn would pass, no
socket and no HTTP parsing: what ``bench/reads.py`` counts as gunicorn CPU, minus gunicorn's own share. Works on
the database ``bench/reads.py`` leaves behind (BENCH_READS_DB, default ``bench_reads``; ``BENCH_SCALE=full``
data), adding stockpile rows once if it has none. CPU is ``time.process_time`` (the wait for PostgreSQL is not
counted): the median over READS_PROFILE_ROUNDS (5) rounds of READS_PROFILE_REQUESTS (200) requests a shape,
cycling through that shape's pages.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from urllib.parse import urlparse, urlunparse

from bench.common import Row, report

COUNTRY_SETS = ["US,JP,KR", "DE,TW,AU", "CA,MX,CN", "CL,CD,ID", "IN,VN,MY", "US,DE,CN"]


def _setup() -> None:
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = os.environ.get("BENCH_READS_DB", "bench_reads")
    os.environ.update({
        "DATABASE_URL": urlunparse(urlparse(server)._replace(path=f"/{name}")), "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0", "THROTTLE_RATE_KEY": "1000000/min", "LOG_LEVEL": "WARNING",
        "CACHE_KEY_PREFIX": "bench_reads", "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    os.environ.pop("REDIS_URL", None)
    from bench.load.run import redis_answers

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    if redis_answers(redis_url):
        os.environ["REDIS_URL"] = redis_url
    import django

    django.setup()


def _stockpiles() -> None:
    """Stockpile rows for the stockpile shape (one per capacity row's facility and product), once."""
    import random
    from datetime import date, timedelta

    from django.db import connection

    from sharing.models import Capacity, Stockpile
    from sharing.services.publishing import allocate_seqs

    if Stockpile.objects.exists():
        return
    rng = random.Random(17)
    source = list(Capacity.objects.order_by("id").values("owner_id", "facility_id", "product_id", "marking",
                                                         "spare")[:50_000])
    seq = allocate_seqs(len(source))
    today = date.today()
    Stockpile.objects.bulk_create([Stockpile(
        owner_id=r["owner_id"], external_id=f"S{i}", facility_id=r["facility_id"], product_id=r["product_id"],
        quantity=r["spare"], releasable=r["spare"] // 2, as_of=today - timedelta(days=rng.randint(0, 365)),
        expiry=today + timedelta(days=rng.randint(0, 900)) if i % 3 else None, marking=r["marking"], seq=seq + i,
    ) for i, r in enumerate(source)], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE sharing_stockpile")  # as autovacuum would (bench/load/data.py)


def _environ(path: str, auth: str) -> dict:
    from io import BytesIO

    route, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000", "HTTP_AUTHORIZATION": auth, "HTTP_USER_AGENT": "wrk", "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def _call(application, path: str, auth: str) -> tuple[str, bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(application(_environ(path, auth), start_response))
    return answer["status"], body


def main() -> list[Row]:
    _setup()
    from sharing.models import Partner, Product
    from sharing.services.partners import key_issue

    _stockpiles()
    from config.wsgi import application

    partner = Partner.objects.order_by("code").first()
    _, secret = key_issue(partner=partner, name="reads profile", roles=["reader"])
    auth = f"Api-Key {secret}"
    products = list(Product.objects.order_by("code").values_list("code", flat=True)[:4])
    shapes = {
        "capacity": [f"/api/v1/capacities/?product={p}&country={c}&page_size=100"
                     for p in products for c in COUNTRY_SETS],
        "facility": [f"/api/v1/facilities/?country={c}&page_size=100" for c in COUNTRY_SETS],
        "stockpile": [f"/api/v1/stockpiles/?product={p}&country={c}&page_size=100"
                      for p in products for c in COUNTRY_SETS],
    }
    wanted = os.environ.get("READS_PROFILE_SHAPES", " ".join(shapes)).split()
    requests = int(os.environ.get("READS_PROFILE_REQUESTS", "200"))
    rounds = int(os.environ.get("READS_PROFILE_ROUNDS", "5"))
    profiled = os.environ.get("READS_PROFILE", "")
    for name in wanted:  # warm up: imports, plans, shapes' querysets, the key cache, connections
        for path in shapes[name] * 3:
            status, body = _call(application, path, auth)
            if not status.startswith("200"):
                raise SystemExit(f"{path}: {status} {body[:300]!r}")
    rows = []
    load_before = os.getloadavg()[0]
    for name in wanted:
        paths = shapes[name]
        per_round = []
        for _ in range(rounds):
            started = time.process_time()
            for i in range(requests):
                _call(application, paths[i % len(paths)], auth)
            per_round.append((time.process_time() - started) * 1000 / requests)
        rows.append(Row(f"reads in-process {name}: CPU ms a request (median of {rounds} x {requests})",
                        f"{statistics.median(per_round):.2f} (min {min(per_round):.2f})"))
        print(f"{name}: " + " ".join(f"{x:.2f}" for x in per_round), file=sys.stderr)
        if name == profiled:
            profile = cProfile.Profile(time.process_time)  # CPU, not the wait for PostgreSQL
            profile.enable()
            for i in range(requests):
                _call(application, paths[i % len(paths)], auth)
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(int(os.environ.get("READS_PROFILE_LINES", "70")))
            stats.sort_stats("tottime").print_stats(int(os.environ.get("READS_PROFILE_LINES", "70")))
            print(out.getvalue(), file=sys.stderr)
            if os.environ.get("READS_PROFILE_DUMP"):
                profile.dump_stats(os.environ["READS_PROFILE_DUMP"])
    rows.append(Row("reads in-process: load average before / after", f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"))
    return rows


if __name__ == "__main__":
    report(main())
