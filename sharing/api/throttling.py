"""Rate limits and the failed-key budget, counted in fixed windows in the shared cache.

While the shared cache (Redis in production) cannot be reached, nothing is let through uncounted: every
counter falls back to a counter in this process, with the same rates, so one web process allows at most the
rate (a deployment of N processes at most N times it while the cache is down). After a failed cache call the
shared cache is not asked again for ``SHARED_CACHE_RETRY_SECONDS``: otherwise each request would wait out the
connection timeout (2 s in production) once per counter.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from sharing import context
from sharing.principal import principal_of

logger = logging.getLogger(__name__)

SHARED_CACHE_RETRY_SECONDS = 5.0
LOCAL_MAX_COUNTERS = 100_000  # about 10 MB: an attacker with many addresses cannot grow it without bound


def now() -> float:
    """The counters' clock (tests set it, so that no window edge falls between their requests by chance)."""
    return time.time()


class _LocalWindows:
    """Fixed-window counts in this process, used only while the shared cache is unreachable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}  # key -> (window end, count)

    def incr(self, key: str, window_ends: float, at: float, amount: int = 1) -> int:
        with self._lock:
            ends, count = self._counts.get(key, (window_ends, 0))
            if ends <= at:
                count = 0
            count += amount
            self._counts[key] = (window_ends, count)
            if len(self._counts) > LOCAL_MAX_COUNTERS:
                self._prune(at)
            return count

    def get(self, key: str, at: float) -> int:
        with self._lock:
            ends, count = self._counts.get(key, (0.0, 0))
            return count if ends > at else 0

    def _prune(self, at: float) -> None:
        self._counts = {k: v for k, v in self._counts.items() if v[0] > at}
        if len(self._counts) > LOCAL_MAX_COUNTERS:  # still full of live windows: keep the newest half
            self._counts = dict(list(self._counts.items())[len(self._counts) // 2:])

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


local_windows = _LocalWindows()
_shared_down_until = 0.0


def _shared_available() -> bool:
    return time.monotonic() >= _shared_down_until


def _shared_failed() -> None:
    global _shared_down_until
    if _shared_available():
        logger.warning("throttle cache unavailable; counting in this process", exc_info=True)
    _shared_down_until = time.monotonic() + SHARED_CACHE_RETRY_SECONDS


def window(seconds: int, at: float) -> tuple[int, float]:
    """The fixed window that ``at`` falls in, and when it ends."""
    index = int(at // seconds)
    return index, (index + 1) * seconds


# One round trip to Redis per counter: INCRBY and, on the window's first hit, EXPIRE, run as one script (EVALSHA;
# redis-py loads it again by itself if the server lost it). Django's add then incr cost three: SET NX, EXISTS, INCR.
_INCR_IN_WINDOW = """
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
_scripts: dict[int, object] = {}


def _redis_incr(key: str, ttl: int, amount: int = 1) -> int | None:
    """The new count of ``key`` counted in Redis in one round trip, or None when the cache is not Redis."""
    shared = caches["default"]
    if not isinstance(shared, RedisCache):
        return None
    client = shared._cache.get_client(key, write=True)
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_INCR_IN_WINDOW)
    # The key as Django's cache names it (prefix, version), and the count stored as Django stores an int, so
    # cache.get reads the same counter.
    return int(script(keys=[shared.make_and_validate_key(key)], args=[ttl, amount]))


def count_hit(name: str, seconds: int, at: float, amount: int = 1) -> int:
    """Adds ``amount`` (one request, or a lease of several) to ``name``'s count in the current window of
    ``seconds``; returns the new count."""
    index, ends = window(seconds, at)
    key = f"{name}:{seconds}:{index}"
    if _shared_available():
        try:
            counted = _redis_incr(key, seconds + 1, amount)
            if counted is not None:
                return counted
            if cache.add(key, amount, seconds + 1):
                return amount
            try:
                return cache.incr(key, amount)
            except ValueError:  # expired between add and incr
                cache.set(key, amount, seconds + 1)
                return amount
        except Exception:
            _shared_failed()
    return local_windows.incr(key, ends, at, amount)


# A budget of many requests a window is counted in leases: a process adds a lease of several requests to the shared
# count at once and lets that many through before it asks again, so that the round trip to Redis (0.19 ms of a web
# process's CPU in a micro-benchmark, of which a bare PING through redis-py's pool is 0.14 ms; 0.54 ms a request in
# the in-process A/B on bench/reads.py's capacity pages) is paid once a lease, not once a request. The shared count
# includes every lease, so the processes together never let through more than the budget; a lease a process has not
# used up when the budget runs out (or the window ends) is lost, so near the budget a caller may be refused up to
# (processes x (lease - 1)) requests early: with the default 6,000/min, leases of 12, nine processes, at most 99
# (1.7%). A lease is at most 1/LEASE_SHARE of the budget and LEASE_MAX requests; budgets under 2 x LEASE_SHARE a
# window (the anonymous 600/min, failed keys) are counted one request at a time, exactly.
LEASE_MAX = 20
LEASE_SHARE = 500


def lease_size(limit: int) -> int:
    return max(1, min(LEASE_MAX, limit // LEASE_SHARE))


class _Leases:
    """The requests left of this process's lease, per counter, for the window the lease was taken in."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._left: dict[str, tuple[int, int]] = {}  # "name:seconds" -> (window index, requests left)

    def take(self, key: str, index: int) -> bool:
        with self._lock:
            found = self._left.get(key)
            if found is None or found[0] != index or found[1] <= 0:
                return False
            self._left[key] = (index, found[1] - 1)
            return True

    def hold(self, key: str, index: int, left: int) -> None:
        with self._lock:
            if len(self._left) >= LOCAL_MAX_COUNTERS:
                self._left.clear()  # unused leases only lost (refused early), never more let through
            self._left[key] = (index, left)

    def clear(self) -> None:
        with self._lock:
            self._left.clear()


leases = _Leases()


def take(name: str, seconds: int, at: float, limit: int) -> bool:
    """One request against ``name``'s budget of ``limit`` requests a window of ``seconds``: from this process's
    lease when it has one left in this window, else by a new lease added to the shared count (see above)."""
    size = lease_size(limit)
    if size == 1:
        return count_hit(name, seconds, at) <= limit
    index, _ = window(seconds, at)
    key = f"{name}:{seconds}"
    if leases.take(key, index):
        return True
    counted = count_hit(name, seconds, at, size)
    granted = min(size, limit - (counted - size))  # the lease's requests within the budget
    if granted <= 0:
        return False
    leases.hold(key, index, granted - 1)
    return True


class PrincipalRateThrottle(SimpleRateThrottle):
    """One budget per key (or user), one per client address for callers without credentials.

    Rates are read per request from ``SHARING_THROTTLE_RATES`` so that they can change without a restart
    of the class machinery, and counts live in the shared cache (Redis in production).

    A fixed window counted with the cache's atomic ``incr``, not DRF's sliding list of request times: that list
    is read and written whole on every request (thousands of entries at 6,000/min), and two web processes that
    read it at once each write back their own copy, so requests went uncounted. A window allows at most the
    rate; across a window's edge a burst can reach twice it.
    """

    scope = "key"

    def __init__(self):
        pass

    def timer(self) -> float:
        return now()

    def get_cache_key(self, request, view):
        principal = principal_of(request)
        if principal is not None and principal.pk is not None:
            return f"throttle:{principal.pk}"
        return f"throttle:anon:{context.current().client_address or self.get_ident(request)}"

    def allow_request(self, request, view):
        scope = "key" if principal_of(request) is not None else "anon"
        self.rate = settings.SHARING_THROTTLE_RATES.get(scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.now = self.timer()
        _, self.window_ends = window(self.duration, self.now)
        return take(self.get_cache_key(request, view), self.duration, self.now, self.num_requests)

    def wait(self):
        return max(1.0, self.window_ends - self.now)
