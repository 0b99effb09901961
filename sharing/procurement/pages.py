"""The public waiver registry as server-rendered pages: a list with filters and search, and one page per waiver.

Public by nature: they show CLEAR waivers only, whoever asks (a key or a session changes nothing, so the answer
tells nothing of the caller), through the same visibility rule and filters as ``/api/v1/waivers/``. No script, no
inline style (a strict Content-Security-Policy holds), one same-origin stylesheet; every control has a label and
the table has headers. The anonymous rate limit of the API applies.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sharing.api.filtersets import WaiverFilterSet
from sharing.api.throttling import PrincipalRateThrottle
from sharing.choices import Sector, WaiverReason, WaiverStatus
from sharing.models import Waiver

PAGE_SIZE = 50
FILTERS = ("q", "agency", "product", "sector", "reason", "status", "origin_country", "posted_after",
           "posted_before", "decided_after", "decided_before")


def _throttled(request: HttpRequest) -> HttpResponse | None:
    throttle = PrincipalRateThrottle()
    if throttle.allow_request(request, None):
        return None
    response = render(request, "sharing/waivers/throttled.html", status=429)
    response["Retry-After"] = str(int(throttle.wait()))
    return response


def public_waivers():
    return Waiver.objects.visible_to(None).select_related("owner", "product")


@require_safe
def registry(request: HttpRequest) -> HttpResponse:
    refused = _throttled(request)
    if refused:
        return refused
    given = {name: request.GET.get(name, "") for name in FILTERS}
    data = QueryDict(mutable=True)
    for name in FILTERS:
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            data.setlist(name, values)
    filterset = WaiverFilterSet(data=data, queryset=public_waivers().order_by("-updated_at", "-id"), request=None)
    valid = filterset.is_valid()
    waivers = filterset.qs if valid else Waiver.objects.none()
    paginator = Paginator(waivers, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = data.urlencode()
    context = {
        "page": page, "given": given, "errors": {} if valid else filterset.errors,
        "reasons": WaiverReason.choices, "statuses": WaiverStatus.choices, "sectors": Sector.choices,
        "query": query, "csv_url": f"/api/v1/waivers/?{query + '&' if query else ''}format=csv",
        "feed_url": f"/api/v1/waivers/feed/{'?' + query if query else ''}",
    }
    return render(request, "sharing/waivers/registry.html", context, status=200 if valid else 400)


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _throttled(request)
    if refused:
        return refused
    waiver = public_waivers().filter(pk=pk).first() if pk < 2**63 else None
    if waiver is None:
        return render(request, "sharing/waivers/missing.html", status=404)
    return render(request, "sharing/waivers/detail.html", {"waiver": waiver, "reasons": dict(WaiverReason.choices)})
