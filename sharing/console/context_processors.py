"""What the console's layout needs on every page: the person's partner and roles (for the navigation)."""

from __future__ import annotations

from django.http import HttpRequest

from sharing.console.middleware import is_console_path
from sharing.console.navigation import NAV, entries_for


def console(request: HttpRequest) -> dict:
    if not is_console_path(request.path_info):
        return {}
    principal = getattr(request, "principal", None)
    if principal is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        from sharing.console.auth import session_principal

        principal = session_principal(request)
    if principal is None or principal.is_staff:
        return {"console_roles": {}, "console_partner": None, "console_nav": []}
    roles = principal.roles if principal.partner is not None and principal.partner.is_active else frozenset()
    return {"console_roles": {role: True for role in roles}, "console_partner": principal.partner,
            "console_nav": entries_for(NAV, roles)}
