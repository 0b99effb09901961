"""The console's home page: what the signed-in person may do, by role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from sharing.choices import Role
from sharing.console.auth import console_view

# What each role opens in the console, in the order the home page lists them: (role, title, url name, text).
ROLE_ENTRIES: list[tuple[str, str, str, str]] = [
    (Role.COORDINATOR, "Open an emergency request", "console:request-create",
     "Ask partners for a product: quantity, priority, needed-by date and destination."),
    (Role.COORDINATOR, "Your partner's requests", "console:request-list",
     "Run matching, watch a run live, see the offers by partner and state, cancel or match again."),
    (Role.RESPONDER, "Offers to answer", "console:offer-list",
     "Your partner's pending offers with their deadlines: accept (confirming the arrival date) or decline."),
]


@require_safe
@console_view(members_only=False)
def home(request: HttpRequest) -> HttpResponse:
    principal = request.principal
    member = principal.partner is not None and principal.partner.is_active and not principal.is_staff
    entries = []
    for role, title, url_name, text in ROLE_ENTRIES + list(EXTRA_ENTRIES):
        if member and principal.has_role(role):
            try:
                entries.append({"title": title, "url": reverse(url_name), "text": text})
            except NoReverseMatch:  # an area not installed
                continue
    return render(request, "console/home.html", {
        "nav": "home", "principal": principal, "member": member, "entries": entries,
        "roles": sorted(principal.roles) if member else [],
    })


# Other areas (the analyst's and publisher's pages) add their entries here, in the same shape as ROLE_ENTRIES.
EXTRA_ENTRIES: list[tuple[str, str, str, str]] = [
    (Role.READER, "Products", "console:products",
     "Where each product's capacity is, how concentrated, its chokepoints, your exposure, and a map of the "
     "facilities you may see."),
    (Role.PUBLISHER, "Your partner's records", "console:records",
     "What your partner published, with each record's marking and its history."),
    (Role.PUBLISHER, "Who read your data", "console:access-log",
     "Other partners' reads of your non-public records, by kind, partner and date."),
]
