"""OpenAPI additions: the API-key scheme, and the problem responses every operation can give."""

from django.conf import settings
from django.utils.http import http_date
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "description": "A URI reference naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Field errors: field name to messages (nested for nested fields).",
            "additionalProperties": True,
        },
        "retry_after": {"type": "integer"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}

_STANDARD = {
    "400": "The request is not valid.",
    "401": "No credentials, or credentials that are not valid.",
    "403": "The caller may not do this.",
    "404": "No such resource, or one the caller may not see.",
    "429": "Too many requests for this key; retry after the time given.",
}


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "sharing.api.authentication.PartnerKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: a partner system's key, issued by the secretariat.",
        }


class PersonSessionScheme(SessionScheme):
    """A signed-in person's session cookie (the console's sign-in), described as DRF's session scheme is."""

    target_class = "sharing.api.authentication.PersonSessionAuthentication"


class SharingAutoSchema(AutoSchema):
    """Declares anonymous access (``{}`` in ``security``) where the service allows it: views whose
    permission is an ``AllowAny`` (spectacular only recognises the class itself, not a subclass), and reads of
    views that serve TLP:CLEAR records without a key (``public_read``)."""

    def get_auth(self):
        auths = super().get_auth()
        anonymous = any(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()) or (
            getattr(self.view, "public_read", False) and self.method in permissions.SAFE_METHODS
        )
        if anonymous and {} not in auths:
            auths.append({})
        return auths


def add_problem_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _STANDARD.items():
                responses.setdefault(status, {"description": description, "content": problem})
            responses.setdefault("default", {"description": "Any other error, as a problem.", "content": problem})
    return result


_LINK = {
    "description": 'RFC 8288 links: `<...>; rel="next"` while there is a next page (and `rel="prev"` on a list '
                   "page after the first); the same URLs as the body's `next` and `previous`. Absent when there is "
                   "neither.",
    "schema": {"type": "string"},
}
_FEED_LINK = {
    "description": 'RFC 8288 links: `<...>; rel="next"` while `has_more`; with the deprecated `after`/`limit`, '
                   'also `<.../guide/>; rel="deprecation"; type="text/html"` (RFC 9745).',
    "schema": {"type": "string"},
}
_DEPRECATION = {
    "description": "RFC 9745: only when the deprecated `after`/`limit` were used: since when they are deprecated, "
                   "an RFC 9651 Date (`@` and seconds since the epoch).",
    "schema": {"type": "string"},
}
_SUNSET = {
    "description": "RFC 8594: only when the deprecated `after`/`limit` were used: the HTTP date from which they are "
                   "refused (`FEED_LEGACY_PARAMS_SUNSET`).",
    "schema": {"type": "string"},
}
FEED_PATH = "/api/v1/changes/"


def add_paging_headers(result, generator, request, public):
    """Declares the response headers of paging: ``Link`` on every paginated list's page (a ``Paginated...`` body)
    and on the changes feed, with the feed's ``Deprecation`` and ``Sunset`` for its old parameters."""
    from sharing.api.views import _epoch, _structured_date

    deprecated = _structured_date(settings.FEED_LEGACY_PARAMS_DEPRECATED)
    sunset = http_date(_epoch(settings.FEED_LEGACY_PARAMS_SUNSET))
    for path, path_item in result.get("paths", {}).items():
        operation = path_item.get("get")
        if not operation:
            continue
        ok = operation.get("responses", {}).get("200", {})
        if path == FEED_PATH:
            headers = {"Link": _FEED_LINK, "Deprecation": _with_example(_DEPRECATION, deprecated),
                       "Sunset": _with_example(_SUNSET, sunset)}
        elif any(str(body.get("schema", {}).get("$ref", "")).startswith("#/components/schemas/Paginated")
                 for body in ok.get("content", {}).values()):
            headers = {"Link": _LINK}
        else:
            continue
        ok.setdefault("headers", {}).update(headers)
    return result


def _with_example(header: dict, example: str) -> dict:
    return {**header, "schema": {**header["schema"], "example": example}}
