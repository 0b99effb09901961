"""Coordinators' pages: open an emergency request, match it, watch the run, cancel, and see its offers.

Each page reads through the API's selectors and writes through the API's services, for the person's principal:
a request is the requesting partner's alone (another partner's is a 404, as on the API), a run is one the
partner may know of (``match_runs_visible_to``), an offer one it may know of (``offers_visible_to``), each shown
with the API's serializers, so the console shows no more and no less than the API would.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sharing.api.emergency import EmergencyRequestSerializer, MatchSerializer
from sharing.api.offers import AllocationSerializer, MatchRunSerializer, offer_serializer_context
from sharing.choices import OfferStatus, RequestStatus, Role, RunStatus
from sharing.console.auth import console_view, refuse, visible_or_404
from sharing.console.forms import CancelForm, EmergencyRequestForm, MatchForm, validate_as_api
from sharing.console.pagination import page_of
from sharing.models import EmergencyRequest
from sharing.selectors import match_runs_visible_to, offers_visible_to, run_figures_for
from sharing.services import matching

READ_ROLES = (Role.COORDINATOR, Role.READER)  # as the API's emergency-request and match-run reads


def requests_of(principal):
    """The API's emergency-request list for this caller: its partner's own requests."""
    return (EmergencyRequest.objects.select_related("requesting_partner", "product")
            .filter(requesting_partner_id=principal.partner_id).order_by("-created_at", "-id"))


@require_safe
@console_view(READ_ROLES)
def request_list(request: HttpRequest) -> HttpResponse:
    rows = requests_of(request.principal)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    return render(request, "console/requests/list.html", {
        "nav": "requests", "page": page_of(request, rows), "status": status, "statuses": RequestStatus.choices,
        "may_open": request.principal.has_role(Role.COORDINATOR),
    })


@require_http_methods(["GET", "HEAD", "POST"])
@console_view([Role.COORDINATOR])
def request_create(request: HttpRequest) -> HttpResponse:
    principal = request.principal
    if request.method == "POST":
        form = EmergencyRequestForm(request.POST)
        if form.is_valid():
            serializer = EmergencyRequestSerializer(data=form.api_data())
            if validate_as_api(form, serializer):
                data = dict(serializer.validated_data)
                product = data.pop("product")
                opened = matching.request_open(principal=principal, product=product,
                                               idempotency_key=form.cleaned_data["idempotency_key"], **data)
                messages.success(request, f"Request {opened.pk} opened. Run matching to find offers.")
                return redirect("console:request-detail", pk=opened.pk)
        status = 400
    else:
        form = EmergencyRequestForm(initial={"idempotency_key": uuid.uuid4().hex, "priority": 1})
        status = 200
    return render(request, "console/requests/create.html", {"nav": "requests", "form": form}, status=status)


def _request_page(request: HttpRequest, emergency: EmergencyRequest, *, match_form=None, cancel_form=None,
                  status: int = 200) -> HttpResponse:
    principal = request.principal
    offers = offers_visible_to(principal).filter(request=emergency)
    by_partner = list(
        offers.values("supplying_partner__code", "status")
        .annotate(offers=Count("id"), quantity=Sum("quantity"))
        .order_by("supplying_partner__code", "status")
    )
    totals = {row["status"]: row["quantity"] for row in offers.values("status").annotate(quantity=Sum("quantity"))}
    page = page_of(request, offers.order_by("-created_at", "-id"), param="offers")
    offer_rows = AllocationSerializer(page.object_list, many=True,
                                      context=offer_serializer_context(principal, offers)).data
    runs = match_runs_visible_to(principal).filter(
        Q(triggered_by_request=emergency) | Q(demands__request=emergency)
    ).distinct().order_by("-created_at", "-id")
    runs_page = page_of(request, runs, per_page=10, param="runs")
    coordinator = principal.has_role(Role.COORDINATOR)
    active = emergency.status in matching.MATCHABLE_REQUEST_STATUSES
    return render(request, "console/requests/detail.html", {
        "nav": "requests", "emergency": emergency, "by_partner": by_partner, "totals": totals,
        "page": page, "offers": offer_rows, "runs_page": runs_page,
        "may_match": coordinator and active, "may_cancel": coordinator and active,
        "may_confirm": coordinator,
        "match_form": match_form or MatchForm(exclude_partner_id=principal.partner_id,
                                              initial={"idempotency_key": uuid.uuid4().hex}),
        "cancel_form": cancel_form or CancelForm(),
        "accepted": OfferStatus.ACCEPTED,
    }, status=status)


@require_safe
@console_view(READ_ROLES)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    emergency = visible_or_404(requests_of(request.principal), pk=pk)
    return _request_page(request, emergency)


@require_POST
@console_view([Role.COORDINATOR])
def request_match(request: HttpRequest, pk: int) -> HttpResponse:
    """Queues matching of the request's product (the API's POST .../match/) and opens the run's page."""
    principal = request.principal
    emergency = visible_or_404(requests_of(principal), pk=pk)
    form = MatchForm(request.POST, exclude_partner_id=principal.partner_id)
    if not form.is_valid():
        return _request_page(request, emergency, match_form=form, status=400)
    body = MatchSerializer(data={"ask_again": [p.code for p in form.cleaned_data["ask_again"]]})
    if not validate_as_api(form, body):
        return _request_page(request, emergency, match_form=form, status=400)
    try:
        run = matching.request_match(request=emergency, principal=principal,
                                     idempotency_key=form.cleaned_data["idempotency_key"],
                                     ask_again=body.validated_data.get("ask_again", []))
    except matching.MatchingRefused as exc:
        messages.error(request, str(exc))
        return _request_page(request, emergency, match_form=form, status=409)
    except matching.QueueUnavailable as exc:
        messages.error(request, str(exc))
        return _request_page(request, emergency, match_form=form, status=503)
    messages.success(request, "Matching queued. This page follows the run.")
    return redirect("console:run-detail", pk=run.pk)


@require_POST
@console_view([Role.COORDINATOR])
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    principal = request.principal
    emergency = visible_or_404(requests_of(principal), pk=pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _request_page(request, emergency, cancel_form=form, status=400)
    try:
        matching.request_cancel(request=emergency, principal=principal, reason=form.cleaned_data["reason"])
    except matching.MatchingRefused as exc:
        messages.error(request, str(exc))
        return _request_page(request, emergency, cancel_form=form, status=409)
    messages.success(request, f"Request {emergency.pk} cancelled; its proposed offers are released.")
    return redirect("console:request-detail", pk=emergency.pk)


# --- match runs --------------------------------------------------------------------------------------------


def _run_context(request: HttpRequest, pk: int) -> dict:
    principal = request.principal
    run = visible_or_404(match_runs_visible_to(principal), pk=pk)
    figures = run_figures_for([run], principal)
    data = MatchRunSerializer(run, context={"request": request, "figures": figures}).data
    mine = figures[run.pk] if figures is not None else None
    requests = {r.pk: r for r in EmergencyRequest.objects.select_related("product").filter(
        pk__in=list(mine.requested) if mine else [], requesting_partner_id=principal.partner_id)}
    fills = [
        {"request": requests.get(request_id), "request_id": request_id, "needed": need,
         "offered": mine.offered[request_id], "fraction": fraction, "percent": round(fraction * 100, 1)}
        for request_id, need in sorted(mine.requested.items())
        for fraction in [float(data["objective"]["fill_fraction"].get(str(request_id), 0.0))]
    ] if mine else []
    return {"nav": "requests", "run": data, "run_obj": run, "fills": fills,
            "live": run.status in (RunStatus.QUEUED, RunStatus.RUNNING)}


@require_safe
@console_view(READ_ROLES)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "console/runs/detail.html", _run_context(request, pk))


@require_safe
@console_view(READ_ROLES)
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's live part alone (htmx polls it every two seconds while the run is queued or running)."""
    return render(request, "console/runs/_progress.html", _run_context(request, pk))


@require_POST
@console_view([Role.COORDINATOR])
def offer_confirm_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester's coordinator confirms an accepted offer was delivered (the API's POST .../fulfil/)."""
    from sharing.api.offers import REQUESTER_ONLY, requester_may_confirm

    principal = request.principal
    offer = visible_or_404(offers_visible_to(principal), pk=pk)
    if not requester_may_confirm(offer, principal):
        return refuse(request, REQUESTER_ONLY)
    try:
        matching.offer_fulfil(offer=offer, principal=principal)
    except matching.MatchingRefused as exc:
        messages.error(request, str(exc))
        return redirect("console:request-detail", pk=offer.request_id)
    messages.success(request, f"Offer {offer.pk} marked fulfilled.")
    return redirect("console:request-detail", pk=offer.request_id)

