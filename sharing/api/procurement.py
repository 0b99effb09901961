"""Procurement over HTTP (issue 15 parts 4 to 6): the content share of a facility's output, the price
preference evaluation, and agency progress. Thin: validate the question, ask sharing/procurement, audit what
was read, answer."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.api.exposure import CodeField
from sharing.api.text_fields import SafeCharField
from sharing.choices import Marking, Role
from sharing.models import Facility, Partner, Product
from sharing.principal import Principal, principal_of
from sharing.procurement.content import ORIGINS, Content, content_for
from sharing.procurement.evaluation import Offer, evaluate_offers
from sharing.procurement.progress import Progress, agency_progress
from sharing.services.audit import audit_record

CONTENT_BASIS = (
    "Cost shares of the components of one unit, by origin, through every tier of the bill of materials. A "
    "component's cost is its quantity per unit times the unit cost on the capacity record of the facility that "
    "supplies it, its origin that facility's country; a supplier's own components are split out the same way and "
    "the rest of its unit cost (value added) takes its country. Suppliers are found through the supply links you "
    "may see, weighted by volume per month. A component without a supplier you may see counts as unknown at the "
    "catalogue's reference unit cost (a supplier you may not see counts exactly as no supplier); a visible "
    "supplier without a visible unit cost counts at the reference unit cost. Domestic: the buying partner's "
    "(your partner's) country; allied: the qualifying countries listed. The qualifying share (domestic, plus "
    "allied for defence) must exceed the threshold; the verdict is taken on exact figures, shown rounded."
)
DECIDING = (
    "meets: the fewest components, largest first, whose qualifying cost, were it not qualifying, would make the "
    "product fail; fails: the fewest whose other cost, were it qualifying, would make it meet the threshold."
)
CENT = Decimal("0.0001")
PERCENT = Decimal("0.01")


def _cost(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(PERCENT, rounding=ROUND_HALF_UP) if whole else Decimal("0.00")


class ContentQuerySerializer(serializers.Serializer):
    facility = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                        help_text="The id of a facility you may see.")
    product = CodeField(slug_field="code", queryset=Product.objects.all(), help_text="The product's code.")
    delivery_year = serializers.IntegerField(min_value=1900, max_value=2200)
    fallback = serializers.BooleanField(default=False, help_text="Apply the fallback threshold (no offer met the "
                                                                 "threshold).")
    defence = serializers.BooleanField(default=False, help_text="A defence purchase: allied content qualifies "
                                                                "with domestic content.")


def _decimal(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=30, decimal_places=4, **kwargs)


def _pct_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=7, decimal_places=2, **kwargs)


class OriginsSerializer(serializers.Serializer):
    domestic = _decimal()
    allied = _decimal()
    other = _decimal()
    unknown = _decimal()


class OriginSharesSerializer(serializers.Serializer):
    domestic = _pct_field()
    allied = _pct_field()
    other = _pct_field()
    unknown = _pct_field()


class ContentComponentSerializer(serializers.Serializer):
    product = serializers.CharField()
    quantity_per_unit = serializers.DecimalField(max_digits=20, decimal_places=6)
    cost = _decimal(help_text="Cost of this component in one unit of the product.")
    costs = OriginsSerializer()
    shares = OriginSharesSerializer(help_text="Percent of the cost of all components.")
    basis = serializers.ChoiceField(choices=["supplied", "reference", "unpriced"], help_text=(
        "Of the component's own suppliers (deeper tiers may differ): supplied: each one's unit cost was used; "
        "reference: the catalogue's reference unit cost stood in "
        "for at least one (no visible supplier, or no visible unit cost); unpriced: no cost is known."))
    suppliers = serializers.IntegerField(help_text="Suppliers you may see.")


class ContentThresholdSerializer(serializers.Serializer):
    percent = _pct_field()
    delivery_year = serializers.IntegerField()
    fallback = serializers.BooleanField()
    counts = serializers.CharField()


class ContentSerializer(serializers.Serializer):
    facility = serializers.IntegerField()
    product = serializers.CharField()
    currency = serializers.CharField()
    domestic_country = serializers.CharField()
    qualifying_countries = serializers.ListField(child=serializers.CharField())
    defence = serializers.BooleanField()
    cost_of_components = _decimal()
    costs = OriginsSerializer()
    shares = OriginSharesSerializer()
    qualifying_share = _pct_field()
    threshold = ContentThresholdSerializer()
    verdict = serializers.ChoiceField(choices=["meets", "fails", "undetermined"])
    deciding_components = serializers.ListField(child=serializers.CharField())
    deciding_rule = serializers.CharField()
    components = ContentComponentSerializer(many=True)
    unpriced = serializers.ListField(child=serializers.CharField(),
                                     help_text="Components with no known cost: the verdict is undetermined.")
    inputs_exceed_unit_cost = serializers.ListField(
        child=serializers.CharField(),
        help_text="Products whose inputs cost more than a supplier's unit cost (scaled down to it).")
    basis = serializers.CharField()


def content_data(answer: Content) -> dict:
    whole = answer.origins.total

    def costs(origins) -> dict:
        return {o: _cost(getattr(origins, o)) for o in ORIGINS}

    def shares(origins) -> dict:
        return {o: _pct(getattr(origins, o), whole) for o in ORIGINS}

    return {
        "facility": answer.facility.pk,
        "product": answer.product.code,
        "currency": settings.PROCUREMENT_CURRENCY,
        "domestic_country": answer.domestic_country,
        "qualifying_countries": answer.qualifying_countries,
        "defence": answer.defence,
        "cost_of_components": _cost(whole),
        "costs": costs(answer.origins),
        "shares": shares(answer.origins),
        "qualifying_share": _pct(answer.qualifying_cost, whole),
        "threshold": {"percent": answer.threshold, "delivery_year": answer.delivery_year,
                      "fallback": answer.fallback,
                      "counts": "domestic and allied" if answer.defence else "domestic"},
        "verdict": answer.verdict,
        "deciding_components": answer.deciding,
        "deciding_rule": DECIDING,
        "components": [
            {"product": c.code, "quantity_per_unit": c.quantity_per_unit, "cost": _cost(c.origins.total),
             "costs": costs(c.origins), "shares": shares(c.origins), "basis": c.basis, "suppliers": c.suppliers}
            for c in answer.components
        ],
        "unpriced": answer.unpriced,
        "inputs_exceed_unit_cost": answer.inputs_exceed_unit_cost,
        "basis": CONTENT_BASIS,
    }


def audit_content_read(principal, answer: Content) -> None:
    detail = {"procurement": "content", "facility": answer.facility.pk, "product": answer.product.code,
              "delivery_year": answer.delivery_year}
    _audit_used(principal, answer.records_used, detail)


def _audit_used(principal, records_used: set[tuple[str, int, int, str]], detail: dict) -> None:
    """As for any read of non-public records: one event per owner and kind, naming the records used."""
    by_owner: dict[tuple[str, int], set[int]] = defaultdict(set)
    for kind, owner_id, pk, marking in records_used:
        if marking != Marking.CLEAR:
            by_owner[(kind, owner_id)].add(pk)
    for (kind, owner_id), ids in sorted(by_owner.items()):
        ordered = sorted(ids)
        audit_record(action=f"{kind}.read", principal=principal, object_type=kind,
                     object_id=ordered[0] if len(ordered) == 1 else "", object_ids=ordered, object_owner=owner_id,
                     detail=detail)


class ContentView(APIView):
    """Domestic and allied content of a facility's output, and its verdict against the threshold schedule.

    Domestic means the country of your partner (the buying partner). Uses only the records you may see; a
    facility you may not see is 404. Needs the ``reader`` role; reads of non-public records are audited.
    """

    required_roles = {"GET": {Role.READER}}

    @extend_schema(
        parameters=[
            OpenApiParameter("facility", int, required=True, description="Id of a facility you may see."),
            OpenApiParameter("product", str, required=True, description="Code of the product it makes."),
            OpenApiParameter("delivery_year", int, required=True, description="Year of delivery (the schedule)."),
            OpenApiParameter("fallback", bool, required=False, description="Apply the fallback threshold."),
            OpenApiParameter("defence", bool, required=False, description="Allied content qualifies too."),
        ],
        responses=ContentSerializer,
    )
    def get(self, request):
        query = ContentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        principal = principal_of(request)
        if principal.partner is None:
            raise serializers.ValidationError(
                {"facility": ["Domestic content is relative to the buying partner: ask with a partner's key."]})
        facility = Facility.objects.visible_to(principal, paged=True).filter(pk=query.validated_data["facility"])
        facility = facility.only("id", "owner_id", "marking", "country").first()
        if facility is None:
            raise NotFound("No facility you may see has this id.")
        data = query.validated_data
        answer = content_for(principal=principal, facility=facility, product=data["product"],
                             delivery_year=data["delivery_year"], fallback=data["fallback"],
                             defence=data["defence"], domestic_country=str(principal.partner.country))
        audit_content_read(principal, answer)
        return Response(ContentSerializer(content_data(answer)).data)


class OfferInputSerializer(serializers.Serializer):
    id = SafeCharField(max_length=100, help_text="Your name for the offer, returned as given.")
    price = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=Decimal(0))
    domestic = serializers.BooleanField()
    small_business = serializers.BooleanField(default=False)


class EvaluateInputSerializer(serializers.Serializer):
    defence = serializers.BooleanField(default=False)
    offers = OfferInputSerializer(many=True)

    def validate_offers(self, offers: list[dict]) -> list[dict]:
        if not offers:
            raise serializers.ValidationError("At least one offer.")
        if len(offers) > settings.PROCUREMENT_MAX_OFFERS:
            raise serializers.ValidationError(f"At most {settings.PROCUREMENT_MAX_OFFERS} offers.")
        ids = [o["id"] for o in offers]
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError("Offer ids must be distinct.")
        return offers


class EvaluatedOfferSerializer(serializers.Serializer):
    id = serializers.CharField()
    price = serializers.DecimalField(max_digits=18, decimal_places=2)
    domestic = serializers.BooleanField()
    small_business = serializers.BooleanField()
    preference_percent = serializers.IntegerField(help_text="Percent added to this offer's price.")
    evaluated_price = serializers.DecimalField(max_digits=22, decimal_places=4, help_text="Exact; not rounded.")


class EvaluationSerializer(serializers.Serializer):
    defence = serializers.BooleanField()
    offers = EvaluatedOfferSerializer(many=True)
    winner = serializers.CharField()
    preference_applied = serializers.BooleanField()
    preference_percent = serializers.IntegerField()
    preference_basis = serializers.ChoiceField(choices=["none", "standard", "small_business", "defence"])
    rule = serializers.CharField()


class EvaluateView(APIView):
    """Evaluate offers with the price preference for domestic offers (stateless: nothing is stored or read).

    Any authenticated partner key, whatever its roles (the answer depends only on the request), and staff.
    """

    required_roles = {"POST": None}
    staff_may_write = True

    @extend_schema(request=EvaluateInputSerializer, responses=EvaluationSerializer)
    def post(self, request):
        body = EvaluateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        answer = evaluate_offers(offers=[Offer(**o) for o in data["offers"]], defence=data["defence"])
        return Response(EvaluationSerializer({
            "defence": data["defence"],
            "offers": [{"id": e.offer.id, "price": e.offer.price, "domestic": e.offer.domestic,
                        "small_business": e.offer.small_business, "preference_percent": e.preference_percent,
                        "evaluated_price": e.evaluated_price} for e in answer.offers],
            "winner": answer.winner.id, "preference_applied": answer.preference_applied,
            "preference_percent": answer.preference_percent, "preference_basis": answer.preference_basis,
            "rule": answer.rule,
        }).data)


PROGRESS_BASIS = (
    "Only the purchase totals and waivers you may see are used, so no figure depends on a record hidden from you "
    "(two partners may get different answers). Shares are percents of the cell's total value (domestic + allied "
    "+ other), in the reporting currency. channel_hhi: the sum of the squared percentage shares of each channel's "
    "value (0..10,000; above 2,500 is highly concentrated). A waiver falls in the quarter it was posted for "
    "review, else proposed; its value stays in its own currency. Agencies match without regard to case."
)


class ProgressQuerySerializer(serializers.Serializer):
    partner = CodeField(slug_field="code", queryset=Partner.objects.all(), required=False,
                        help_text="The buying partner's code (default: every partner you may see records of).")
    agency = SafeCharField(max_length=200, required=False)
    year = serializers.IntegerField(min_value=1900, max_value=2200, required=False)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)


class ChannelSerializer(serializers.Serializer):
    channel = serializers.CharField()
    value = _decimal()
    share = _pct_field()


class WaiverValueSerializer(serializers.Serializer):
    currency = serializers.CharField()
    value = serializers.DecimalField(max_digits=24, decimal_places=2)


class WaiverReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    count = serializers.IntegerField()
    values = WaiverValueSerializer(many=True)


class ProgressCellSerializer(serializers.Serializer):
    partner = serializers.CharField()
    agency = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    total_value = _decimal()
    domestic_value = _decimal()
    allied_value = _decimal()
    other_value = _decimal()
    domestic_share = _pct_field(allow_null=True)
    allied_share = _pct_field(allow_null=True)
    other_share = _pct_field(allow_null=True)
    channels = ChannelSerializer(many=True)
    channel_hhi = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    waivers = WaiverReasonSerializer(many=True)


class ProgressSerializer(serializers.Serializer):
    currency = serializers.CharField()
    cells = ProgressCellSerializer(many=True)
    basis = serializers.CharField()


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PERCENT, rounding=ROUND_HALF_UP)


def progress_data(answer: Progress) -> dict:
    cells = []
    for c in answer.cells:
        cells.append({
            "partner": c.partner, "agency": c.agency, "year": c.year, "quarter": c.quarter,
            "total_value": c.total, "domestic_value": c.domestic, "allied_value": c.allied, "other_value": c.other,
            "domestic_share": _round(c.share(c.domestic)), "allied_share": _round(c.share(c.allied)),
            "other_share": _round(c.share(c.other)),
            "channels": [{"channel": name, "value": value, "share": _round(c.share(value))}
                         for name, value in sorted(c.channels.items(), key=lambda kv: (-kv[1], kv[0]))],
            "channel_hhi": _round(c.channel_hhi),
            "waivers": [{"reason": reason, "count": entry["count"],
                         "values": [{"currency": cur, "value": v} for cur, v in sorted(entry["values"].items())]}
                        for reason, entry in sorted(c.waivers.items())],
        })
    return {"currency": settings.PROCUREMENT_CURRENCY, "cells": cells, "basis": PROGRESS_BASIS}


def progress_answer(principal: Principal, question: dict) -> dict:
    """The agency progress answer as GET /api/v1/procurement/progress/ gives it (the console's chart shows the same):
    ``question`` is a valid ProgressQuerySerializer's data. Reads of non-public records are audited."""
    answer = agency_progress(principal=principal, **question)
    _audit_used(principal, answer.records_used, {"procurement": "progress", **{
        k: (v.code if isinstance(v, Partner) else v) for k, v in question.items()}})
    return ProgressSerializer(progress_data(answer)).data


class ProgressView(APIView):
    """Agency progress: per partner, agency and quarter, the domestic and allied shares of purchases, waivers by
    reason and value, and the concentration (HHI) of purchases by channel. Needs the ``reader`` role; only the
    records you may see are used; reads of non-public records are audited for their owners."""

    required_roles = {"GET": {Role.READER}}

    @extend_schema(
        parameters=[
            OpenApiParameter("partner", str, required=False, description="Buying partner's code."),
            OpenApiParameter("agency", str, required=False, description="Agency name (any case)."),
            OpenApiParameter("year", int, required=False),
            OpenApiParameter("quarter", int, required=False, description="1 to 4."),
        ],
        responses=ProgressSerializer,
    )
    def get(self, request):
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(progress_answer(principal_of(request), query.validated_data))
