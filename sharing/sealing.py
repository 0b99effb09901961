"""Secrets the service must use again, kept encrypted at rest: AES-256-GCM under a key derived from ``SECRET_KEY``.

A webhook endpoint's signing secret cannot be stored hashed like an API key: the service signs every delivery
with it. So it is sealed with the same key material and cipher as the changes feed's cursor
(``sharing.api.feed_cursor``): a key derived from ``SECRET_KEY`` for one purpose (``salted_hmac``), a fresh random
nonce per seal, the purpose as associated data. A database dump alone does not give the secrets. Changing
``SECRET_KEY`` needs the old key in ``SECRET_KEY_FALLBACKS`` until every endpoint's secret has been rotated:
without it the sealed secrets no longer open and deliveries fail with ``secret_unavailable``.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

_NONCE_BYTES = 12


class CannotOpen(ValueError):
    """Sealed under a key this service no longer has (nor in SECRET_KEY_FALLBACKS), or altered."""


def _cipher(purpose: str, secret: str) -> AESGCM:
    return AESGCM(salted_hmac(f"sharing.sealing.{purpose}", "aes-256-gcm key", secret=secret,
                              algorithm="sha256").digest())


def seal(plain: bytes, purpose: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _cipher(purpose, settings.SECRET_KEY).encrypt(nonce, plain, purpose.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(token: str, purpose: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except (binascii.Error, ValueError) as exc:
        raise CannotOpen(purpose) from exc
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        try:
            return _cipher(purpose, secret).decrypt(nonce, sealed, purpose.encode())
        except (InvalidTag, ValueError):
            continue
    raise CannotOpen(purpose)
