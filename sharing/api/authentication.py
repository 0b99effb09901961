from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.permissions import KeyParser

from sharing import context
from sharing.models import PartnerAPIKey
from sharing.principal import Principal


class PartnerKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``. Says why a key is refused only to a caller who holds the whole key."""

    keyword = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request):
        secret = self.parser.get(request)
        if secret is None:
            return None
        self._refuse_if_guessing()
        prefix, dot, _ = secret.partition(".")
        key = None
        if dot and prefix:
            key = PartnerAPIKey.objects.select_related("partner").filter(prefix=prefix).first()
        if key is None or not key.is_valid(secret):
            self._count_failure()
            raise exceptions.AuthenticationFailed("The API key is not valid.")
        if key.revoked:
            raise exceptions.AuthenticationFailed("The API key has been revoked.")
        if key.expiry_date is not None and key.expiry_date <= timezone.now():
            raise exceptions.AuthenticationFailed("The API key has expired.")
        if not key.partner.is_active:
            raise exceptions.AuthenticationFailed("The partner that owns this API key is suspended.")
        if not key.allows_address(context.current().client_address):
            raise exceptions.AuthenticationFailed("The API key may not be used from this address.")
        principal = Principal.for_key(key)
        context.current().principal = principal
        return principal, key

    # Authentication runs before DRF's throttles, so failed guesses are counted here, per client address.
    def _failure_budget(self) -> tuple[str, int, int] | None:
        rate = settings.SHARING_THROTTLE_RATES.get("auth_failures")
        if not rate:
            return None
        count, seconds = SimpleRateThrottle.parse_rate(None, rate)
        return f"authfail:{context.current().client_address}", count, seconds

    def _refuse_if_guessing(self) -> None:
        budget = self._failure_budget()
        try:
            failures = cache.get(budget[0], 0) if budget else 0
        except Exception:
            return
        if budget and failures >= budget[1]:
            raise exceptions.Throttled(wait=budget[2], detail="Too many failed attempts from this address.")

    def _count_failure(self) -> None:
        budget = self._failure_budget()
        if budget:
            try:
                cache.add(budget[0], 0, budget[2])
                try:
                    cache.incr(budget[0])
                except ValueError:  # expired between add and incr
                    cache.set(budget[0], 1, budget[2])
            except Exception:
                return

    def authenticate_header(self, request) -> str:
        return self.keyword
