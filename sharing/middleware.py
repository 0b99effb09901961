import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sharing import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: the socket's, or the one NUM_PROXIES trusted proxies saw."""
    if settings.NUM_PROXIES:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (the caller's X-Request-ID if well-formed) for logs, audit and answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
        request.request_id = request_id
        token = context.begin(context.RequestContext(request_id=request_id, client_address=client_address(request)))
        try:
            response = self.get_response(request)
        finally:
            context.end(token)
        response["X-Request-ID"] = request_id
        return response
