"""Console-wide protections: the idle timeout of people's sessions, and the strict security headers of its pages."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "console_last_seen"
SEEN_RESOLUTION_SECONDS = 30  # the idle clock restarts at most this often (each restart writes the session)

# Every console and sign-in page: only this site's own scripts, styles, images and fonts; no inline script or
# style, no eval, no plugin, no framing, forms post only here. ``data:`` images for the QR code of a new
# authenticator (an SVG that allauth renders as a data URI). Scoped to these pages: the admin and the API's
# Swagger UI bring their own scripts.
CONSOLE_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])
CONSOLE_PREFIXES = ("/console/", "/accounts/")


def is_console_path(path: str) -> bool:
    return path.startswith(CONSOLE_PREFIXES)


class IdleTimeoutMiddleware:
    """Signs out a person idle for more than ``CONSOLE_IDLE_MINUTES`` (audited as a sign-out, reason "idle").

    Staff sessions of the admin follow the same rule. Activity is any request of the signed-in session; the
    console's live fragments poll only while a job runs, so an open page does not keep a session alive for ever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - float(last_seen) > settings.CONSOLE_IDLE_MINUTES * 60:
                # The sign-out receiver (sharing/receivers.py) records it as a sign-out for being idle.
                request.session_idle_seconds = int(now - float(last_seen))
                logout(request)  # a new, empty session; the next page the person asks for wants a sign-in
            elif last_seen is None or now - float(last_seen) >= SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN] = now  # a session write, so not on every request of a busy page
        return self.get_response(request)


class ConsoleSecurityHeadersMiddleware:
    """The Content-Security-Policy (and no caching of personal pages) on console and sign-in pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_console_path(request.path_info):
            response.setdefault("Content-Security-Policy", CONSOLE_CSP)
            response.setdefault("Cache-Control", "no-store")
            response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response
