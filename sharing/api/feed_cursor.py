"""The changes feed's cursor: an opaque token that tells the caller nothing about activity it cannot see.

Internally a feed position is the service-wide change number, which every partner's changes advance, hidden ones
included. Handed out as a number, two cursors' difference counted the changes a caller may not see (issue 11). So
the position goes out sealed: AES-256-GCM (the ``cryptography`` package's AEAD) under a key derived from
``SECRET_KEY``, with a fresh random nonce each time and the caller's partner as associated data. The caller cannot
read the number, two cursors never compare equal (not even when nothing happened between them), every cursor has the
same length, and a cursor altered or taken from another partner fails to open: a 400, never a position.

Only ``0`` (start from the beginning) is accepted as a bare number. Numbers that earlier versions returned are
refused, not honoured: a caller free to send any number could search, page by page, for the positions of the
changes it sees and count the hidden ones between them. A client holding such a number syncs again from ``0``
(upserts are idempotent). A new ``SECRET_KEY`` ends every cursor the same way, unless the old key is listed in
``SECRET_KEY_FALLBACKS`` for a while.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "sharing.changes-feed.cursor.v1"
_NONCE_BYTES = 12
_POSITION = struct.Struct(">Q")  # fixed width: a token's length never grows with the position
TOKEN_LENGTH = len(base64.urlsafe_b64encode(bytes(_NONCE_BYTES + _POSITION.size + 16)).rstrip(b"="))


class InvalidCursor(ValueError):
    """The cursor was not one this service handed to this caller (altered, another partner's, an old key's)."""


def _cipher(secret: str) -> AESGCM:
    return AESGCM(salted_hmac(_SALT, "aes-256-gcm key", secret=secret, algorithm="sha256").digest())


def _associated_data(partner_id: int | None) -> bytes:
    return f"changes-feed:{'-' if partner_id is None else partner_id}".encode()


def encode(position: int, partner_id: int | None, *, secret: str | None = None) -> str:
    """Seals a feed position for one partner (``secret``: another service's key, for benchmarks that mint cursors)."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _cipher(secret or settings.SECRET_KEY).encrypt(nonce, _POSITION.pack(position),
                                                            _associated_data(partner_id))
    return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()


def decode(token: str, partner_id: int | None) -> int:
    """The position inside a cursor, or ``InvalidCursor``. ``"0"`` (or nothing) is the start."""
    token = (token or "0").strip()
    if token == "0":
        return 0
    if len(token) != TOKEN_LENGTH:
        raise InvalidCursor(token)
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor(token) from exc
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        try:
            return _POSITION.unpack(_cipher(secret).decrypt(nonce, sealed, _associated_data(partner_id)))[0]
        except (InvalidTag, ValueError):
            continue
    raise InvalidCursor(token)
