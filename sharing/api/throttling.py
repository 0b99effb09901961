import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from sharing import context
from sharing.principal import principal_of

logger = logging.getLogger(__name__)


class PrincipalRateThrottle(SimpleRateThrottle):
    """One budget per key (or user), one per client address for callers without credentials.

    Rates are read per request from ``SHARING_THROTTLE_RATES`` so that they can change without a restart
    of the class machinery, and counts live in the shared cache (Redis in production).
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
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("throttle cache unavailable; request not throttled", exc_info=True)
            return True
