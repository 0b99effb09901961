"""The console's home page: what the signed-in person may do, by role (``sharing.console.navigation.HOME``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sharing.console.auth import console_view
from sharing.console.navigation import HOME, entries_for


@require_safe
@console_view(members_only=False)
def home(request: HttpRequest) -> HttpResponse:
    principal = request.principal
    member = principal.partner is not None and principal.partner.is_active and not principal.is_staff
    return render(request, "console/home.html", {
        "nav": "home", "principal": principal, "member": member,
        "entries": entries_for(HOME, principal.roles) if member else [],
        "roles": sorted(principal.roles) if member else [],
    })
