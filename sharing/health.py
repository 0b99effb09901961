"""Reachability of the shared services, for /health/ and for refusing work that could not be queued."""

from django.conf import settings


def broker_status() -> str:
    """``ok``, ``down``, or ``in-process`` when tasks run in the web process (no broker configured)."""
    if not settings.REDIS_URL:
        return "in-process"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception:
        return "down"
    return "ok"


def broker_reachable() -> bool:
    return settings.CELERY_TASK_ALWAYS_EAGER or broker_status() != "down"
