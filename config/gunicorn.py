"""gunicorn settings, all from the environment (``make serve-prod`` uses this file)."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Sync workers by default: the API is CPU-bound (a list page is ~10 ms of Python), and two threads in one worker
# contend for its GIL. bench/reads.py, 2 workers, wrk 8 connections, 100-row filtered pages on PostgreSQL, quiet
# machine: 2 threads 153 req/s p95 106 ms, sync 159 req/s p95 76 ms (2026-11-30, one machine); 73 req/s p95 185 ms
# vs 81 req/s p95 144 ms (a slower one). Sync workers want a buffering reverse proxy in front (TLS terminates
# there anyway: FORWARDED_ALLOW_IPS), which absorbs slow clients and keeps the client connections alive.
# GUNICORN_THREADS=2 or more runs gthread workers.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# One JSON line per request, with the request id the service returns in X-Request-ID.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_us": %(D)s, "request_id": "%({x-request-id}o)s", "remote": "%(h)s"}'
)
errorlog = "-"


# Python's cycle collector in a worker. A full collection walks every object the process tracks: the ~140,000 that
# importing the app makes, and ~50,000 more its first requests build and keep (URL resolvers, serializers, row
# plans, compiled page statements). In one process reading capacity pages (bench/reads_profile.py pages, 4,000
# requests, 2026-12-01) a full collection came twice and took 105-123 ms each time: a worker standing still while
# the requests queued behind it waited (bench/reads.py's wrk latencies queue 4 deep on 2 workers). Frozen objects
# are left out of collections (gc.freeze: a move of list heads, no walk): in the same process frozen after 150
# warm-up requests, full collections took 1-3 ms. A worker freezes once the app is loaded and again after the 1st,
# 10th, 100th and 1,000th request, by which the lazily built objects exist. Whatever is garbage at those five
# moments stays (a freeze does not collect; one request leaves ~100 objects to the collector); anything freed by
# its reference count is still freed.
FREEZE_AFTER_REQUESTS = frozenset((1, 10, 100, 1000))


def post_worker_init(worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr in FREEZE_AFTER_REQUESTS:
        gc.freeze()
