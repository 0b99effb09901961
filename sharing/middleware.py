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
        release_page(response)
        return response


def release_page(response: HttpResponse) -> None:
    """Let a rendered DRF answer's data go when the answer goes, not at the garbage collector's next pass.

    Every DRF view instance is a reference cycle (a viewset binds its handlers on itself, ``self.get =
    self.list``; its request's parser context names the view), and DRF ties the answer into it (``view.response``,
    and the answer's own ``renderer_context["response"]`` once rendered). So the page a list read (its rows as
    fetched, held by the paginator, and as rendered, the answer's ``data``) could only be freed by Python's cycle
    collector, which traced those 500-odd dicts and lists on every request: 0.6-0.7 ms of a list read's ~5 ms of
    web CPU (gc callbacks, bench/reads_profile.py's capacity pages). Dropping the three references once the
    answer is rendered frees them when the answer is dropped; the view and its request (a few dozen small
    objects) are still the collector's. What stays: the answer's data and its renderer context's view and
    request (the test client reads them).
    """
    renderer_context = getattr(response, "renderer_context", None)
    if not isinstance(renderer_context, dict) or not getattr(response, "is_rendered", False):
        return
    renderer_context.pop("response", None)
    view = renderer_context.get("view")
    if view is not None:
        view.__dict__.pop("response", None)
        view.__dict__.pop("_paginator", None)
