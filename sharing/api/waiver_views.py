"""Waivers over HTTP: the published kind (bulk, markings, feed of changes, like the others), the public registry's
CSV and Atom views of its list, scouting for suppliers and capability responses.

Without a key a caller reads CLEAR waivers and nothing else (list, detail, CSV, Atom); scouting and responses need
a key. Every read goes through ``visible_to``: a waiver the caller may not see is a 404 on every path.
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from sharing.api import filtersets
from sharing.api.errors import Conflict
from sharing.api.published_views import RELATED, PublishedViewSet, audit_reads, published_viewset
from sharing.api.waiver_serializers import (
    WAIVER_CSV_COLUMNS,
    WaiverResponseInput,
    WaiverResponseOutput,
)
from sharing.choices import Role, WaiverReason
from sharing.interchange.exports import ExportRenderer
from sharing.models import Waiver
from sharing.principal import principal_of
from sharing.procurement.selectors import responses_visible_to, scout, scouting_countries
from sharing.procurement.services import ResponseRefused, waiver_respond
from sharing.services.audit import audit_record_many, audit_row

FEED_ENTRIES = 100


class AtomRenderer(ExportRenderer):
    """The Atom feed's format; an error (a problem) renders as the JSON it is."""

    media_type = "application/atom+xml"
    format = "atom"


WAIVER_FILTERS = [
    OpenApiParameter("format", str, enum=["json", "csv", "xlsx"],
                     description="csv, xlsx: every matching waiver (not a page), streamed."),
]

SCOUTING = inline_serializer("WaiverScouting", {
    "waiver": serializers.IntegerField(),
    "match": serializers.ChoiceField(choices=["product", "hs_heading", "sector"], allow_null=True,
                                     help_text="How near the catalogue match is (null: no facility found)."),
    "countries": serializers.ListField(child=serializers.CharField()),
    "facilities": inline_serializer("ScoutedFacility", {
        "facility": serializers.IntegerField(), "external_id": serializers.CharField(),
        "owner": serializers.CharField(), "name": serializers.CharField(), "country": serializers.CharField(),
        "product": serializers.CharField(), "spare": serializers.DecimalField(max_digits=20, decimal_places=3),
        "releasable": serializers.DecimalField(max_digits=20, decimal_places=3),
        "distance_km": serializers.FloatField(allow_null=True),
    }, many=True),
})


class WaiverViewSetBase(PublishedViewSet):
    """Waivers of a domestic-preference rule (CLEAR by default): the public registry, and for partners the
    published kind with bulk upsert, markings and the changes feed. Without a key: CLEAR waivers only."""

    _PRIVATE_ACTIONS = {"scouting", "responses"}
    # ?format=csv|xlsx: the published kinds' export (PublishedViewSet.export), in the registry's columns.
    export_columns = WAIVER_CSV_COLUMNS

    def _route_actions(self) -> set[str]:
        """The actions of the route called (OPTIONS and HEAD take the rule of the route's GET, not of "metadata")."""
        return set(getattr(self, "action_map", {}).values()) | {getattr(self, "action", None)}

    @property
    def public_read(self) -> bool:  # type: ignore[override]
        return not self._route_actions() & self._PRIVATE_ACTIONS

    @property
    def required_roles(self) -> dict:  # type: ignore[override]
        roles = dict(PublishedViewSet.required_roles)
        if "responses" in self._route_actions():
            roles["GET"] = {Role.READER, Role.PUBLISHER, Role.RESPONDER}
            roles["POST"] = {Role.RESPONDER, Role.PUBLISHER}
        return roles

    @extend_schema(
        responses={(200, "application/atom+xml"): OpenApiTypes.STR},
        description="The newest 100 waivers the caller may see (the list's filters apply), as an Atom 1.0 feed.",
    )
    @action(detail=False, methods=["get"], url_path="feed", renderer_classes=[renderers.JSONRenderer, AtomRenderer],
            pagination_class=None)
    def feed(self, request, *args, **kwargs):
        """The waivers as an Atom feed, newest change first."""
        queryset = self.filter_queryset(self.get_queryset())
        records = list(queryset.order_by("-updated_at", "-id")[:FEED_ENTRIES])
        audit_reads(principal_of(request), self.kind, records, "feed")
        page = request.build_absolute_uri(reverse("waiver-registry"))
        feed = feedgenerator.Atom1Feed(
            title="Waiver registry", link=page, description="Waivers of domestic-preference rules, as published.",
            language="en", feed_url=request.build_absolute_uri(request.path), feed_guid=page,
        )
        reasons = dict(WaiverReason.choices)
        for record in records:
            product = record.product.name if record.product_id else record.product_text
            link = request.build_absolute_uri(reverse("waiver-registry-detail", args=[record.pk]))
            feed.add_item(
                title=f"{record.owner.code} {record.agency}: {product} ({record.status})",
                link=link, unique_id=link, updateddate=record.updated_at, pubdate=record.created_at,
                author_name=record.owner.code,
                description=(f"{reasons.get(record.reason, record.reason)}. {record.quantity} {record.unit}, "
                             f"{record.value} {record.currency}, made in {record.origin_country}. "
                             f"{record.description}").strip(),
                categories=[record.reason, record.status],
            )
        response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
        feed.write(response, "utf-8")
        return response

    @extend_schema(responses={200: SCOUTING, 409: OpenApiResponse(description="Not a waiver to scout for now.")})
    @action(detail=True, methods=["get"], url_path="scouting", pagination_class=None, filter_backends=[])
    def scouting(self, request, *args, **kwargs):
        """Facilities you may see, in the buying partner's and allied countries, that report spare or releasable
        capacity of the waiver's product (or its nearest catalogue match), most spare first, then nearest."""
        waiver = self.get_object()
        if waiver.reason != WaiverReason.NON_AVAILABILITY:
            raise Conflict(f"Scouting is for non-availability waivers; this one's reason is {waiver.reason}.")
        if not waiver.in_review(timezone.localdate()):
            raise Conflict(f"Scouting is open during the review period; this waiver is {waiver.status}"
                           + (f", its review ended on {waiver.review_ends_on}." if waiver.posted_on else "."))
        level, sites = scout(waiver, principal_of(request))
        return Response({
            "waiver": waiver.pk, "match": level, "countries": sorted(scouting_countries(waiver)),
            "facilities": [
                {"facility": s.facility_id, "external_id": s.facility_external_id, "owner": s.owner, "name": s.name,
                 "country": s.country, "product": s.product, "spare": f"{s.spare:.3f}",
                 "releasable": f"{s.releasable:.3f}", "distance_km": s.distance_km}
                for s in sites
            ],
        })

    def _waiver_for_responses(self) -> Waiver:
        principal = principal_of(self.request)
        if principal is not None and principal.is_staff:
            # The secretariat reads every response, whatever the waiver's marking.
            return get_object_or_404(Waiver.objects.live().select_related("owner"), pk=self.kwargs["pk"])
        return self.get_object()

    @extend_schema(
        methods=["GET"], responses=WaiverResponseOutput(many=True),
        description="Capability responses: the buying partner and staff read all, a responder its own.",
    )
    @extend_schema(
        methods=["POST"], request=WaiverResponseInput,
        responses={201: WaiverResponseOutput, 403: OpenApiResponse(description="Your own waiver."),
                   409: OpenApiResponse(description="Not in review, or already answered for this facility.")},
    )
    @action(detail=True, methods=["get", "post"], url_path="responses", pagination_class=None, filter_backends=[])
    def responses(self, request, *args, **kwargs):
        """Capability responses to a posted waiver ("my facility can supply so much by then")."""
        waiver = self._waiver_for_responses()
        principal = principal_of(request)
        if request.method == "POST":
            given = WaiverResponseInput(data=request.data)
            given.is_valid(raise_exception=True)
            try:
                response = waiver_respond(
                    waiver=waiver, principal=principal, facility_external_id=given.validated_data["facility"],
                    quantity=given.validated_data["quantity"], available_by=given.validated_data["available_by"],
                    note=given.validated_data["note"],
                )
            except ResponseRefused as refusal:
                if refusal.field:
                    raise ValidationError({refusal.field: [str(refusal)]}) from None
                if refusal.status == 403:
                    raise PermissionDenied(str(refusal)) from None
                raise Conflict(str(refusal)) from None
            return Response(WaiverResponseOutput(response).data, status=status.HTTP_201_CREATED)
        answers = list(responses_visible_to(waiver, principal))
        by_partner: dict[int, list[int]] = defaultdict(list)
        for answer in answers:
            if answer.partner_id != principal.partner_id:
                by_partner[answer.partner_id].append(answer.pk)
        audit_record_many([
            audit_row(action="waiver_response.read", principal=principal, object_type="waiver_response",
                        object_ids=ids, object_owner=partner_id, detail={"waiver": waiver.pk})
            for partner_id, ids in by_partner.items()
        ])
        return Response(WaiverResponseOutput(answers, many=True).data)


WaiverViewSet = published_viewset(
    "waiver", filtersets.WaiverFilterSet, RELATED["waiver"], WaiverViewSetBase.__doc__ or "", base=WaiverViewSetBase,
)
WaiverViewSet.ordering_fields = [*PublishedViewSet.ordering_fields, "value", "quantity", "created_at"]
