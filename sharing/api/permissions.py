"""Permissions by HTTP method: a view names the roles each method needs in ``required_roles``."""

from rest_framework import metadata, permissions

from sharing import context
from sharing.principal import principal_of

_AS_GET = {"HEAD", "OPTIONS"}


class IsAuthenticatedPrincipal(permissions.BasePermission):
    """A caller with an active partner, or staff; and the roles the view asks for this method.

    ``required_roles`` maps a method (or ``"*"``) to the roles of which the caller needs any one; ``None``
    means any authenticated caller. HEAD and OPTIONS always take GET's rule: HEAD runs the whole GET view (its
    Content-Length tells the answer's size, its reads are audited), and OPTIONS describes the resource, so a
    caller who may not GET a resource may not HEAD or OPTIONS it either. (OPTIONS answers fixed metadata,
    ``FixedMetadata``, without looking anything up.) Staff pass on safe methods, and on unsafe ones only where
    the view sets ``staff_may_write``. A read-only key is refused every unsafe method.
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request, view) -> bool:
        principal = principal_of(request)
        if principal is None:
            # TLP:CLEAR is for anyone: views that serve it let callers without credentials read.
            return getattr(view, "public_read", False) and request.method in permissions.SAFE_METHODS
        context.current().principal = principal
        if request.method.upper() not in {m.upper() for m in view.allowed_methods}:
            return True  # let the view answer 405 rather than hide the method behind a 403
        safe = request.method in permissions.SAFE_METHODS
        if principal.read_only and not safe:
            self.message = "This API key is read-only."
            return False
        if principal.is_staff:
            return safe or getattr(view, "staff_may_write", False)
        if principal.partner is None or not principal.partner.is_active:
            self.message = "Your account does not belong to an active partner."
            return False
        if getattr(view, "staff_only", False) or (not safe and getattr(view, "staff_only_writes", False)):
            self.message = "Only administrators may do this."
            return False
        required = getattr(view, "required_roles", {}) or {}
        method = "GET" if request.method in _AS_GET else request.method
        roles = required.get(method, required.get("*"))
        if roles is None:
            return True
        if principal.has_role(*roles):
            return True
        self.message = f"This action needs the role: {' or '.join(sorted(roles))}."
        return False


class AllowAny(permissions.AllowAny):
    pass


class FixedMetadata(metadata.BaseMetadata):
    """The answer to OPTIONS: the resource's name, description and media types, the same for every caller and
    every id. DRF's ``SimpleMetadata`` also lists, per write method the caller may use, the serializer's fields,
    looking the object up for PUT; what a caller may write is in the OpenAPI schema, so nothing is lost."""

    def determine_metadata(self, request, view) -> dict:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
