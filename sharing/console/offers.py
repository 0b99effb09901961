"""Responders' pages: the offers made to their partner, with deadlines; accept (confirming the arrival date) or
decline with a reason. An offer's page is the same for the requester's people, who see it as the API shows it to
them (``offers_visible_to`` and ``AllocationSerializer``): a supplier sees its offer whole; a requester sees an
offer from a source it cannot see only once accepted, and then only the partner, quantity and confirmed date.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from sharing.api.offers import (
    SUPPLIER_ONLY,
    AcceptSerializer,
    AllocationSerializer,
    DeclineSerializer,
    offer_serializer_context,
    requester_may_confirm,
    supplier_may_answer,
)
from sharing.choices import OfferStatus, Role
from sharing.console.auth import console_view, refuse, visible_or_404
from sharing.console.forms import AcceptForm, DeclineForm, validate_as_api
from sharing.console.pagination import page_of
from sharing.selectors import offers_visible_to
from sharing.services import matching

READ_ROLES = (Role.RESPONDER, Role.COORDINATOR, Role.READER)  # as the API's offer reads


def offers_to_partner(principal):
    """The offers made to the caller's partner (the API's offer list, narrowed to those it supplies)."""
    return offers_visible_to(principal).filter(supplying_partner_id=principal.partner_id)


@require_safe
@console_view(READ_ROLES)
def offer_list(request: HttpRequest) -> HttpResponse:
    """Pending offers first, soonest deadline first; the other states by tab."""
    principal = request.principal
    state = request.GET.get("status", OfferStatus.PROPOSED)
    if state not in OfferStatus.values:
        state = OfferStatus.PROPOSED
    offers = offers_to_partner(principal).filter(status=state)
    offers = offers.order_by("expires_at", "id") if state == OfferStatus.PROPOSED else offers.order_by(
        "-created_at", "-id")
    page = page_of(request, offers)
    rows = AllocationSerializer(page.object_list, many=True,
                                context=offer_serializer_context(principal, offers_visible_to(principal))).data
    return render(request, "console/offers/list.html", {
        "nav": "offers", "page": page, "offers": rows, "state": state, "states": OfferStatus.choices,
        "may_answer": principal.has_role(Role.RESPONDER), "proposed": OfferStatus.PROPOSED,
    })


def _offer_page(request: HttpRequest, offer, *, accept_form=None, decline_form=None, status: int = 200):
    principal = request.principal
    data = AllocationSerializer(offer, context=offer_serializer_context(
        principal, offers_visible_to(principal).filter(pk=offer.pk))).data
    answerable = supplier_may_answer(offer, principal)
    return render(request, "console/offers/detail.html", {
        "nav": "offers", "offer": data, "offer_obj": offer,
        "may_accept": answerable and offer.status == OfferStatus.PROPOSED,
        "may_decline": answerable and offer.status in (OfferStatus.PROPOSED, OfferStatus.ACCEPTED),
        "may_confirm": requester_may_confirm(offer, principal) and offer.status == OfferStatus.ACCEPTED,
        "accept_form": accept_form or AcceptForm(initial={"confirmed_arrival": offer.estimated_arrival}
                                                 if answerable else None),
        "decline_form": decline_form or DeclineForm(),
    }, status=status)


@require_safe
@console_view(READ_ROLES)
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_page(request, visible_or_404(offers_visible_to(request.principal), pk=pk))


def _answer(request: HttpRequest, pk: int, form_class, serializer_class, respond, form_name: str) -> HttpResponse:
    principal = request.principal
    offer = visible_or_404(offers_visible_to(principal), pk=pk)
    if not supplier_may_answer(offer, principal):
        return refuse(request, SUPPLIER_ONLY)
    form = form_class(request.POST)
    if not form.is_valid():
        return _offer_page(request, offer, **{form_name: form}, status=400)
    serializer = serializer_class(data={k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    if not validate_as_api(form, serializer):
        return _offer_page(request, offer, **{form_name: form}, status=400)
    try:
        answered = respond(offer=offer, principal=principal, **serializer.validated_data)
    except matching.MatchingRefused as exc:
        messages.error(request, str(exc))
        return _offer_page(request, offer, **{form_name: form}, status=409)
    messages.success(request, f"Offer {answered.pk} {answered.status}.")
    return redirect("console:offer-detail", pk=answered.pk)


@require_POST
@console_view([Role.RESPONDER])
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, AcceptForm, AcceptSerializer, matching.offer_accept, "accept_form")


@require_POST
@console_view([Role.RESPONDER])
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, DeclineForm, DeclineSerializer, matching.offer_decline, "decline_form")
