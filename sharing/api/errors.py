"""RFC 9457 problem details: one JSON shape for every 4xx and 5xx the service answers."""

from __future__ import annotations

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from sharing import context

PROBLEM_CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger(__name__)

_TYPES = {
    400: "bad-request",
    401: "not-authenticated",
    403: "permission-denied",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "unprocessable",
    428: "precondition-required",
    429: "throttled",
    500: "server-error",
    503: "service-unavailable",
}


def problem_type(status: int, slug: str | None = None) -> str:
    return f"/problems/{slug or _TYPES.get(status, 'error')}"


def problem_body(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    slug: str | None = None,
    errors: dict | None = None,
    instance: str | None = None,
    **extra,
) -> dict:
    body = {
        "type": problem_type(status, slug),
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    request_id = context.current().request_id
    if request_id:
        body["request_id"] = request_id
    body.update(extra)
    return body


def problem_response(status: int, detail: str, **kwargs) -> Response:
    return Response(problem_body(status, detail, **kwargs), status=status, content_type=PROBLEM_CONTENT_TYPE)


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The resource has changed since you read it (If-Match does not match its ETag)."
    default_code = "precondition_failed"


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "The service is temporarily unable to take this request; try again later."
    default_code = "service_unavailable"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


def _flatten_detail(detail) -> str:
    if isinstance(detail, list) and detail:
        return _flatten_detail(detail[0])
    if isinstance(detail, dict) and detail:
        return _flatten_detail(next(iter(detail.values())))
    return str(detail)


def problem_exception_handler(exc, ctx):
    if isinstance(exc, IntegrityError):
        # Two writes raced for the same unique value and this one lost; the services turn the races they
        # expect into a replay or a 409 of their own, and this catches any that escapes: the transaction
        # rolled back, nothing was stored, and reading the resource again shows what the winner wrote.
        logger.warning("a write lost a race on a database constraint", exc_info=exc)
        exc = Conflict("Another request changed the same resource at the same time; nothing was stored. "
                       "Read it again, then retry if still needed.")
    if isinstance(exc, OperationalError | InterfaceError):
        # The database went away mid-request: the transaction rolled back, so the client may retry.
        logger.warning("database unavailable during a request", exc_info=exc)
        exc = ServiceUnavailable("The database is unavailable; nothing was stored. Retry the request.")
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, ctx)
    if response is None:
        return None  # an unexpected error: Django's handler500 answers with a problem

    request = ctx.get("request")
    instance = request.path if request is not None else None
    status = response.status_code
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors = detail
        else:
            errors = {"non_field_errors": detail if isinstance(detail, list) else [detail]}
        message = "The request is not valid; see errors for each field."
        slug = "validation-error"
    else:
        message = _flatten_detail(getattr(exc, "detail", str(exc)))
        slug = None
        if isinstance(exc, exceptions.ParseError):
            slug = "malformed-request"
    body = problem_body(status, message, slug=slug, errors=errors, instance=instance)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = int(exc.wait)
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = "5"
    response.data = body
    renderer = getattr(request, "accepted_renderer", None) if request is not None else None
    if renderer is None or getattr(renderer, "format", "json") == "json":
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


CONSOLE_MESSAGES = {
    400: "The request could not be understood.",
    403: "You may not do this.",
    404: "There is nothing at this address, or nothing you may see.",
    500: "Something went wrong on our side; it has been logged.",
}


def _django_problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """A problem document for API clients; a page for people on the console's and sign-in pages."""
    from sharing.console.middleware import is_console_path

    if is_console_path(request.path_info):
        message = "Your form had expired or came from elsewhere: go back, reload the page and try again." if (
            getattr(request, "csrf_failed", False)) else CONSOLE_MESSAGES.get(status, detail)
        try:
            return render(request, "console/error.html", {"status": status, "message": message,
                                                           "request_id": getattr(request, "request_id", "")},
                          status=status)
        except Exception:  # the page itself failed (say, the database is down): the plain problem document instead
            logging.getLogger(__name__).exception("The console's error page could not be shown.")
    return JsonResponse(
        problem_body(status, detail, instance=request.path), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def handler400(request, exception=None):
    return _django_problem(request, 400, "The request could not be understood.")


def handler403(request, exception=None):
    return _django_problem(request, 403, "You do not have permission to perform this action.")


def handler404(request, exception=None):
    return _django_problem(request, 404, "No resource at this address.")


def handler500(request):
    return _django_problem(request, 500, "An unexpected error occurred; it has been logged with the request id.")


def csrf_failure(request, reason=""):
    request.csrf_failed = True
    return _django_problem(request, 403, "CSRF verification failed; API clients should use an API key.")
