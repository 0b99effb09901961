"""People for console tests: a user with a password, a partner membership and a TOTP authenticator, and a sign-in
that goes through the real pages (password, then the second factor)."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client

from sharing.services.partners import membership_set
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple 42"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, as an authenticator app holds it


def make_person(partner=None, roles=("coordinator",), username: str | None = None, totp: bool = True, **extra):
    """A person with PASSWORD and, with ``totp``, an authenticator secret of their own (``user.totp_secret``):
    allauth remembers used codes per user id in the shared cache, and parallel test databases reuse ids."""
    user = UserFactory(**({"username": username} if username else {}), **extra)
    user.set_password(PASSWORD)
    user.save()
    if partner is not None:
        membership_set(user=user, partner=partner, roles=list(roles))
    user.totp_secret = generate_totp_secret() if totp else None
    if totp:
        TOTP.activate(user, user.totp_secret)
    return user


def totp_code(secret: str = SECRET, at: float | None = None) -> str:
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def fresh_window(margin: float = 3.0) -> None:
    """Waits for the next 30-second window when this one ends within ``margin`` seconds: allauth accepts the
    current window's code only, and a code made at 29.9 s is checked in the next window on a loaded machine."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.05)


def forget_used_codes(user) -> None:
    """allauth refuses a TOTP code used once within its period; tests that sign in twice in a period use it again."""
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={totp_code(getattr(user, 'totp_secret', SECRET))}")


def sign_in(user, client: Client | None = None, address: str = "192.0.2.10", password: str = PASSWORD,
            code: str | None = None) -> Client:
    """Signs in through /accounts/login/ and the second-factor page; returns the client (asserts it worked)."""
    client = client or Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": user.get_username(), "password": password})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/", response
    if code is None:
        fresh_window()
    forget_used_codes(user)  # an earlier test's user may have had this id (SQLite reuses them after a rollback)
    response = client.post("/accounts/2fa/authenticate/", {"code": code or totp_code(user.totp_secret)})
    assert response.status_code == 302, response.content[:500]
    forget_used_codes(user)
    return client
