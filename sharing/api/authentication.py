from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.permissions import KeyParser

from sharing import context
from sharing.api import key_cache, throttling
from sharing.principal import Principal


class PartnerKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``. Says why a key is refused only to a caller who holds the whole key."""

    keyword = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request):
        secret = self.parser.get(request)
        if secret is None:
            return None
        prefix, dot, _ = secret.partition(".")
        key = group_ids = None
        if dot and prefix:
            key, group_ids = key_cache.key_and_groups(prefix) or (None, None)
        if key is None or not key.is_valid(secret):
            self._count_failure(prefix if key is not None else None)
            raise exceptions.AuthenticationFailed("The API key is not valid.")
        if key.revoked:
            raise exceptions.AuthenticationFailed("The API key has been revoked.")
        if key.expiry_date is not None and key.expiry_date <= timezone.now():
            raise exceptions.AuthenticationFailed("The API key has expired.")
        if not key.partner.is_active:
            raise exceptions.AuthenticationFailed("The partner that owns this API key is suspended.")
        if not key.allows_address(context.current().client_address):
            raise exceptions.AuthenticationFailed("The API key may not be used from this address.")
        principal = Principal.for_key(key, group_ids)
        context.current().principal = principal
        return principal, key

    # Failed guesses are limited per client address, and per key prefix when the prefix names a real key
    # (guesses at one key's secret from many addresses). Only failures are ever refused: a valid key is checked
    # first and served under its own rate, so an attacker behind a shared proxy cannot lock its partners out.
    # Checking costs one indexed query and, for a real prefix, one SHA-512.
    def _count_failure(self, real_prefix: str | None) -> None:
        rate = settings.SHARING_THROTTLE_RATES.get("auth_failures")
        if not rate:
            return
        limit, seconds = SimpleRateThrottle.parse_rate(None, rate)
        at = throttling.now()
        counters = [f"authfail:addr:{context.current().client_address}"]
        if real_prefix:
            counters.append(f"authfail:key:{real_prefix}")
        if max(throttling.count_hit(name, seconds, at) for name in counters) > limit:
            wait = max(1, int(throttling.window(seconds, at)[1] - at))
            raise exceptions.Throttled(wait=wait, detail="Too many failed attempts from this address.")

    def authenticate_header(self, request) -> str:
        return self.keyword


class PersonSessionAuthentication(SessionAuthentication):
    """A signed-in person's session (the console's sign-in, with CSRF checked on unsafe methods as DRF does).

    The same principal as the console's (``sharing.console.auth.session_principal``): a person counts only once
    the session has passed the second factor; before that the API answers as to a caller without credentials.
    Staff too: the admin signs in through the same pages (``sharing.admin_site``), and a staff session without the
    second factor reads nothing more than a stranger.
    """

    def authenticate(self, request):
        from sharing.console.auth import session_principal

        principal = session_principal(request._request)
        if principal is None:
            return None
        self.enforce_csrf(request)
        context.current().principal = principal
        return principal, None
