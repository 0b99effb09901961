"""Reachability of the shared services, for /health/ and for refusing work that could not be queued.

The broker is asked through one pooled client per URL (a new ``redis.Redis`` per call opened a new TCP
connection each time), and /health/ reuses an answer for ``HEALTH_BROKER_CACHE_SECONDS``: load balancers poll
it often, and the answer may lag the broker by that long. Before queueing work, ``broker_reachable`` asks afresh.
"""

import threading
import time

from django.conf import settings

_clients: dict[str, object] = {}
_clients_lock = threading.Lock()
_last: dict[str, tuple[float, str]] = {}  # URL -> (monotonic time, status)


def _client(url: str):
    import redis

    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            pool = redis.ConnectionPool.from_url(url, socket_connect_timeout=1, socket_timeout=1, max_connections=4)
            client = _clients[url] = redis.Redis(connection_pool=pool)
        return client


def broker_status(*, max_age: float = 0.0) -> str:
    """``ok``, ``down``, or ``in-process`` when tasks run in the web process (no broker configured).

    ``max_age``: an answer at most this many seconds old may be reused.
    """
    url = settings.REDIS_URL
    if not url:
        return "in-process"
    if max_age > 0:
        seen = _last.get(url)
        if seen is not None and time.monotonic() - seen[0] < max_age:
            return seen[1]
    try:
        _client(url).ping()
        status = "ok"
    except Exception:
        status = "down"
    _last[url] = (time.monotonic(), status)
    return status


def broker_reachable() -> bool:
    return settings.CELERY_TASK_ALWAYS_EAGER or broker_status() != "down"
