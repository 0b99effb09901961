"""OpenAPI additions: the API-key scheme, and the problem responses every operation can give."""

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
