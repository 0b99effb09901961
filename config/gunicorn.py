"""gunicorn settings, all from the environment (``make serve-prod`` uses this file)."""

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
