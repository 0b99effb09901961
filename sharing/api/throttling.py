import logging

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from sharing import context
from sharing.principal import principal_of

logger = logging.getLogger(__name__)


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
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{self.get_cache_key(request, view)}:{self.duration}:{window}"
        try:
            if cache.add(key, 1, self.duration + 1):
                count = 1
            else:
                try:
                    count = cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, self.duration + 1)
                    count = 1
        except Exception:
            logger.warning("throttle cache unavailable; request not throttled", exc_info=True)
            return True
        return count <= self.num_requests

    def wait(self):
        return max(1.0, self.window_ends - self.now)
