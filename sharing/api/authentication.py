from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
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
        prefix, dot, _ = secret.partition(".")
        key = None
        if dot and prefix:
            key = PartnerAPIKey.objects.select_related("partner").filter(prefix=prefix).first()
        if key is None or not key.is_valid(secret):
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

    def authenticate_header(self, request) -> str:
        return self.keyword
