"""Offers and match runs over HTTP, each shown as the caller may know it.

The matcher uses every releasable source whatever its marking; what it shows does not. Before the supplier
accepts, a requester learns nothing of an offer from a source it cannot see: the offer is not in its lists (a 404
by id), and no run figure, request status or webhook counts it (``sharing.selectors``). The supplier sees its
offer whole. Once accepted, the requester sees the supplying partner, the quantity and the arrival date the
supplier confirmed, never a distance, an estimate or a source. Offers from sources the requester can see are
shown whole, with the source as its marking allows.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sharing.api.errors import Conflict
from sharing.api.text_fields import SafeTextField
from sharing.choices import Role
from sharing.models import Allocation, Capacity, MatchRun, Stockpile
from sharing.principal import principal_of
from sharing.selectors import match_runs_visible_to, offers_visible_to, run_figures_for
from sharing.services import matching


def _refused(exc: matching.MatchingRefused):
    return Conflict(str(exc))


class DeclineSerializer(serializers.Serializer):
    reason = SafeTextField(max_length=1000)


class AcceptSerializer(serializers.Serializer):
    confirmed_arrival = serializers.DateField(
        required=False,
        help_text="The arrival date you tell the requester (your estimate if left out). A requester that cannot "
        "see your source learns this date, your partner and the quantity; never the distance or the place.",
    )

    def validate_confirmed_arrival(self, value):
        if value < timezone.now().date():
            raise serializers.ValidationError("Must not be in the past.")
        return value


class MatchRunSerializer(serializers.ModelSerializer):
    """Staff read a run whole. A partner reads its own requests' figures only (``context["figures"]``): what they
    still needed, and the offers for them it may know of; nothing that counts others' requests or sources it
    cannot see (the solver's name and timings, the transport cost, the number of sources and arcs)."""

    product = serializers.CharField(source="product.code")
    triggered_by_request = serializers.IntegerField(source="triggered_by_request_id", allow_null=True)
    objective = serializers.SerializerMethodField()
    # Declared, not derived: a model's integer range depends on the database, the schema must not.
    attempts = serializers.IntegerField(read_only=True)
    solve_ms = serializers.IntegerField(read_only=True, allow_null=True)
    total_ms = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "product",
            "triggered_by_request",
            "reason",
            "status",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "solver",
            "objective",
            "inputs",
            "quantity_requested",
            "quantity_offered",
            "shortfall",
            "solve_ms",
            "total_ms",
            "error",
        ]

    def get_objective(self, run: MatchRun) -> dict:
        return dict(run.objective)

    def to_representation(self, run: MatchRun) -> dict:
        data = super().to_representation(run)
        figures_by_run = self.context.get("figures")
        if figures_by_run is None:  # staff
            return data
        figures = figures_by_run[run.pk]
        principal = principal_of(self.context["request"])
        partner_id = principal.partner_id if principal else None
        own_trigger = run.triggered_by_request_id and run.triggered_by_request.requesting_partner_id == partner_id
        requested, offered = figures.quantity_requested, figures.quantity_offered
        data.update(
            triggered_by_request=run.triggered_by_request_id if own_trigger else None,
            reason=run.reason if run.requested_by_id == partner_id else "",
            solver="",
            objective={"order": run.objective.get("order", []), "fill_fraction": figures.fill_fraction()},
            inputs={"requests": len(figures.requested), **({"as_of": run.inputs["as_of"]} if "as_of" in run.inputs
                                                           else {})},
            quantity_requested=self.fields["quantity_requested"].to_representation(requested),
            quantity_offered=self.fields["quantity_offered"].to_representation(offered),
            shortfall=self.fields["shortfall"].to_representation(max(requested - offered, 0)),
            solve_ms=None,
            total_ms=None,
        )
        return data


def match_run_data(run: MatchRun, request) -> dict:
    """One run as the caller may read it (for answers outside the match-run views)."""
    context = {"request": request, "figures": run_figures_for([run], principal_of(request))}
    return MatchRunSerializer(run, context=context).data


class OfferRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.CharField(source="product.code")
    requesting_partner = serializers.CharField(source="requesting_partner.code")
    destination_country = serializers.CharField()
    needed_by = serializers.DateField()
    priority = serializers.IntegerField()


class AllocationSerializer(serializers.ModelSerializer):
    request = OfferRequestSerializer()
    supplying_partner = serializers.CharField(source="supplying_partner.code")
    estimated_arrival = serializers.DateField(
        allow_null=True, help_text="Null for a requester that cannot see the source."
    )
    distance_km = serializers.DecimalField(
        max_digits=10, decimal_places=1, allow_null=True, help_text="Null for a requester that cannot see the source."
    )
    confirmed_arrival = serializers.DateField(
        allow_null=True, help_text="The arrival date the supplier confirmed on accepting."
    )
    source = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = [
            "id",
            "match_run",
            "request",
            "supplying_partner",
            "quantity",
            "estimated_arrival",
            "confirmed_arrival",
            "distance_km",
            "status",
            "reason",
            "expires_at",
            "responded_at",
            "created_at",
            "source",
        ]

    def _source_shown(self, offer: Allocation) -> bool:
        """Staff and the supplier see the source; others only if they may see the record itself."""
        if self.context.get("is_staff") or offer.supplying_partner_id == self.context.get("partner_id"):
            return True
        kind = "capacity" if offer.capacity_id else "stockpile"
        return (kind, offer.capacity_id or offer.stockpile_id) in self.context.get("visible_sources", set())

    def to_representation(self, offer: Allocation) -> dict:
        data = super().to_representation(offer)
        if not self._source_shown(offer):
            # Disclosed only because the supplier accepted: what it agreed to tell, nothing that measures a place.
            data.update(estimated_arrival=None, distance_km=None)
        return data

    def get_source(self, offer: Allocation) -> dict | None:
        if not self._source_shown(offer):
            return None
        record = offer.capacity if offer.capacity_id else offer.stockpile
        return {
            "kind": "capacity" if offer.capacity_id else "stockpile",
            "id": record.pk,
            "external_id": record.external_id,
            "facility": {
                "id": record.facility_id,
                "name": record.facility.name,
                "country": str(record.facility.country),
            },
        }


def offer_serializer_context(principal, offers) -> dict:
    """What ``AllocationSerializer`` needs to show ``offers`` (a queryset of offers the principal may read) as that
    principal may know them: which of their sources it may see. The API's offer views and the console use it."""
    context = {"partner_id": principal.partner_id if principal else None,
               "is_staff": bool(principal and principal.is_staff)}
    if principal is not None and not principal.is_staff:
        context["visible_sources"] = {
            ("capacity", pk)
            for pk in Capacity.objects.visible_to(principal)
            .filter(pk__in=offers.filter(capacity__isnull=False).values("capacity_id"))
            .values_list("pk", flat=True)
        } | {
            ("stockpile", pk)
            for pk in Stockpile.objects.visible_to(principal)
            .filter(pk__in=offers.filter(stockpile__isnull=False).values("stockpile_id"))
            .values_list("pk", flat=True)
        }
    return context


SUPPLIER_ONLY = "Only the supplying partner's responders answer an offer."
REQUESTER_ONLY = "Only the requesting partner's coordinators confirm delivery."


def supplier_may_answer(offer: Allocation, principal) -> bool:
    """Accepting or declining an offer is for the supplying partner's responders."""
    return offer.supplying_partner_id == principal.partner_id and principal.has_role(Role.RESPONDER)


def requester_may_confirm(offer: Allocation, principal) -> bool:
    """Confirming delivery (fulfilled) is for the requesting partner's coordinators."""
    return offer.request.requesting_partner_id == principal.partner_id and principal.has_role(Role.COORDINATOR)


class MatchRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Runs of the matcher that the caller's partner asked for, or that made it an offer it may know of; a partner
    reads its own requests' figures only."""

    serializer_class = MatchRunSerializer
    queryset = MatchRun.objects.none()
    required_roles = {"GET": {Role.COORDINATOR, Role.READER}}
    ordering = ["-created_at", "-id"]  # newest first (ids are random)
    # Not the run's totals: ordering by them would rank runs by figures the caller may not read.
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return match_runs_visible_to(principal_of(self.request))

    def get_serializer(self, *args, **kwargs):
        if args:
            runs = list(args[0]) if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(),
                                 "figures": run_figures_for(runs, principal_of(self.request))}
        return super().get_serializer(*args, **kwargs)


class AllocationViewSet(viewsets.ReadOnlyModelViewSet):
    """Offers: a supplier's responders see offers to it whole and answer them; the requester sees offers for its
    requests from sources it may see, and offers from other sources once their supplier has accepted."""

    serializer_class = AllocationSerializer
    queryset = Allocation.objects.none()
    required_roles = {
        "GET": {Role.RESPONDER, Role.COORDINATOR, Role.READER},
        "POST": {Role.RESPONDER, Role.COORDINATOR},
    }
    filterset_fields = ["status", "request"]
    ordering = ["-created_at", "-id"]  # newest first (ids are random)
    # Not distance, arrival or quantity: an order reveals what the fields hide.
    ordering_fields = ["id", "created_at", "expires_at"]

    def get_queryset(self):
        return offers_visible_to(principal_of(self.request))

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                **offer_serializer_context(principal_of(self.request), self.get_queryset())}

    def _supplier_responder(self, offer: Allocation):
        principal = principal_of(self.request)
        if not supplier_may_answer(offer, principal):
            raise PermissionDenied(SUPPLIER_ONLY)
        return principal

    def _answer(self, offer: Allocation) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)

    @extend_schema(request=AcceptSerializer, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The supplier accepts, optionally confirming another arrival date than the estimate."""
        offer = self.get_object()
        principal = self._supplier_responder(offer)
        serializer = AcceptSerializer(data=request.data if isinstance(request.data, dict) else {})
        serializer.is_valid(raise_exception=True)
        try:
            offer = matching.offer_accept(
                offer=offer, principal=principal, confirmed_arrival=serializer.validated_data.get("confirmed_arrival")
            )
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        return self._answer(offer)

    @extend_schema(request=DeclineSerializer, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        offer = self.get_object()
        principal = self._supplier_responder(offer)
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            offer = matching.offer_decline(offer=offer, principal=principal, reason=serializer.validated_data["reason"])
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        return self._answer(offer)

    @extend_schema(request=None, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        """The requester's coordinator confirms that an accepted offer was delivered."""
        offer = self.get_object()
        principal = principal_of(request)
        if not requester_may_confirm(offer, principal):
            raise PermissionDenied(REQUESTER_ONLY)
        try:
            offer = matching.offer_fulfil(offer=offer, principal=principal)
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        return self._answer(offer)
