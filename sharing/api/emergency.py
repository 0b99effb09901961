"""Emergency requests, match runs, offers and webhooks over HTTP."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sharing.api.errors import Conflict
from sharing.api.text_fields import SafeTextField
from sharing.choices import OfferStatus, Priority, Role, WebhookEvent
from sharing.models import (
    Allocation,
    Capacity,
    EmergencyRequest,
    MatchRun,
    Product,
    Stockpile,
    WebhookDelivery,
    WebhookEndpoint,
)
from sharing.principal import principal_of
from sharing.services import matching, webhooks

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=False,
    description="Send the same key when retrying: you get the first answer's object instead of a second one.",
)


def _idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        raise serializers.ValidationError({"Idempotency-Key": ["At most 200 characters."]})
    return key


class EmergencyRequestSerializer(serializers.ModelSerializer):
    requesting_partner = serializers.CharField(source="requesting_partner.code", read_only=True)
    product = serializers.SlugRelatedField(slug_field="code", queryset=Product.objects.all())
    destination_country = CountryField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    quantity = serializers.DecimalField(max_digits=20, decimal_places=3, min_value=0)
    # Free text, so line breaks and tabs are fine; other control characters (terminal escapes, NUL) are not.
    justification = SafeTextField(max_length=5000)

    class Meta:
        model = EmergencyRequest
        fields = [
            "id",
            "requesting_partner",
            "product",
            "quantity",
            "destination_country",
            "destination_latitude",
            "destination_longitude",
            "needed_by",
            "priority",
            "justification",
            "status",
            "opened_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "requesting_partner", "status", "opened_by", "created_at", "updated_at", "version"]

    def validate_quantity(self, value):
        if value <= 0:
            raise serializers.ValidationError("Must be more than zero.")
        return value

    def validate_needed_by(self, value):
        from django.utils import timezone

        if value < timezone.now().date():
            raise serializers.ValidationError("Must not be in the past.")
        return value


class MatchRunSerializer(serializers.ModelSerializer):
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
        """Fill fractions of the caller's own requests only: others' requests are theirs to tell."""
        own = self.context.get("own_request_ids")
        objective = dict(run.objective)
        fractions = objective.get("fill_fraction", {})
        objective["fill_fraction"] = {k: v for k, v in fractions.items() if own is None or int(k) in own}
        return objective


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
            "distance_km",
            "status",
            "reason",
            "expires_at",
            "responded_at",
            "created_at",
            "source",
        ]

    def get_source(self, offer: Allocation) -> dict | None:
        """The source is shown to the supplier, and to others only if they may see the record itself."""
        visible = self.context.get("visible_sources", set())
        kind = "capacity" if offer.capacity_id else "stockpile"
        record = offer.capacity if offer.capacity_id else offer.stockpile
        partner_id = self.context.get("partner_id")
        if offer.supplying_partner_id != partner_id and (kind, record.pk) not in visible:
            return None
        return {
            "kind": kind,
            "id": record.pk,
            "external_id": record.external_id,
            "facility": {
                "id": record.facility_id,
                "name": record.facility.name,
                "country": str(record.facility.country),
            },
        }


class DeclineSerializer(serializers.Serializer):
    reason = SafeTextField(max_length=1000)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    secret = serializers.CharField(write_only=True, min_length=16, max_length=200)
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "secret", "events", "active", "created_at"]
        read_only_fields = ["id", "active", "created_at"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempts = serializers.IntegerField(read_only=True)
    last_status_code = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event",
            "payload",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "log",
            "next_attempt_at",
            "created_at",
            "delivered_at",
        ]


def _refused(exc: matching.MatchingRefused):
    return Conflict(str(exc))


class EmergencyRequestViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests for help: opened by a coordinator; the requesting partner sees its own."""

    serializer_class = EmergencyRequestSerializer
    queryset = EmergencyRequest.objects.none()
    required_roles = {"GET": {Role.COORDINATOR, Role.READER}, "POST": {Role.COORDINATOR}}
    filterset_fields = ["status", "priority"]
    ordering = ["-id"]
    ordering_fields = ["id", "needed_by", "priority"]

    def get_queryset(self):
        principal = principal_of(self.request)
        requests = EmergencyRequest.objects.select_related("requesting_partner", "product")
        if principal is None:
            return requests.none()
        return requests if principal.is_staff else requests.filter(requesting_partner_id=principal.partner_id)

    @extend_schema(parameters=[IDEMPOTENCY_KEY])
    def create(self, request, *args, **kwargs):
        principal = principal_of(request)
        key = _idempotency_key(request)
        if key:
            existing = EmergencyRequest.objects.filter(
                requesting_partner=principal.partner, idempotency_key=key
            ).first()
            if existing is not None:
                return Response(self.get_serializer(existing).data, status=status.HTTP_201_CREATED)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        product = data.pop("product")
        opened = matching.request_open(principal=principal, product=product, idempotency_key=key, **data)
        return Response(self.get_serializer(opened).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: MatchRunSerializer}, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        """Starts matching this request's product (all its open requests together); poll the run."""
        emergency = self.get_object()
        if emergency.status not in ("open", "matching", "offered", "partially_fulfilled"):
            raise Conflict(f"A {emergency.status} request is not matched.")
        from sharing.api.errors import ServiceUnavailable
        from sharing.health import broker_reachable

        if not broker_reachable():
            raise ServiceUnavailable("The job queue is unreachable; nothing was queued. Try again shortly.")
        run, _ = matching.match_enqueue(
            product=emergency.product,
            principal=principal_of(request),
            request=emergency,
            idempotency_key=_idempotency_key(request),
        )
        run.refresh_from_db()
        context = {"own_request_ids": {emergency.pk}}
        response = Response(MatchRunSerializer(run, context=context).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = f"/api/v1/match-runs/{run.pk}/"
        return response

    @extend_schema(request=DeclineSerializer, responses=EmergencyRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancels the request and releases everything proposed for it."""
        emergency = self.get_object()
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        try:
            emergency = matching.request_cancel(request=emergency, principal=principal_of(request), reason=str(reason))
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        return Response(self.get_serializer(emergency).data)


class MatchRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Runs of the matcher that the caller's partner started, or that served its requests."""

    serializer_class = MatchRunSerializer
    queryset = MatchRun.objects.none()
    required_roles = {"GET": {Role.COORDINATOR, Role.READER}}
    ordering = ["-id"]

    def get_queryset(self):
        principal = principal_of(self.request)
        runs = MatchRun.objects.select_related("product")
        if principal is None:
            return runs.none()
        if principal.is_staff:
            return runs
        return runs.filter(
            Q(requested_by_id=principal.partner_id)
            | Q(triggered_by_request__requesting_partner_id=principal.partner_id)
        ).distinct()

    def get_serializer_context(self):
        principal = principal_of(self.request)
        own = None
        if principal is not None and not principal.is_staff:
            own = set(
                EmergencyRequest.objects.filter(requesting_partner_id=principal.partner_id).values_list("pk", flat=True)
            )
        return {**super().get_serializer_context(), "own_request_ids": own}


class AllocationViewSet(viewsets.ReadOnlyModelViewSet):
    """Offers: a supplier's responders see offers to it and answer them; the requester sees offers for its
    requests, with the source only when it may see the source record."""

    serializer_class = AllocationSerializer
    queryset = Allocation.objects.none()
    required_roles = {
        "GET": {Role.RESPONDER, Role.COORDINATOR, Role.READER},
        "POST": {Role.RESPONDER, Role.COORDINATOR},
    }
    filterset_fields = ["status", "request"]
    ordering = ["-id"]

    def get_queryset(self):
        principal = principal_of(self.request)
        offers = Allocation.objects.select_related(
            "request__product",
            "request__requesting_partner",
            "supplying_partner",
            "capacity__facility",
            "stockpile__facility",
        )
        if principal is None:
            return offers.none()
        if principal.is_staff:
            return offers
        return offers.filter(
            Q(supplying_partner_id=principal.partner_id) | Q(request__requesting_partner_id=principal.partner_id)
        )

    def get_serializer_context(self):
        principal = principal_of(self.request)
        context = {**super().get_serializer_context(), "partner_id": principal.partner_id if principal else None}
        if principal is not None:
            context["visible_sources"] = {
                ("capacity", pk)
                for pk in Capacity.objects.visible_to(principal)
                .filter(pk__in=self.get_queryset().filter(capacity__isnull=False).values("capacity_id"))
                .values_list("pk", flat=True)
            } | {
                ("stockpile", pk)
                for pk in Stockpile.objects.visible_to(principal)
                .filter(pk__in=self.get_queryset().filter(stockpile__isnull=False).values("stockpile_id"))
                .values_list("pk", flat=True)
            }
        return context

    def _supplier_responder(self, offer: Allocation):
        principal = principal_of(self.request)
        if offer.supplying_partner_id != principal.partner_id or not principal.has_role(Role.RESPONDER):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("Only the supplying partner's responders answer an offer.")
        return principal

    @extend_schema(request=None, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        offer = self.get_object()
        principal = self._supplier_responder(offer)
        try:
            offer = matching.offer_accept(offer=offer, principal=principal)
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)

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
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)

    @extend_schema(request=None, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        """The requester's coordinator confirms that an accepted offer was delivered."""
        offer = self.get_object()
        principal = principal_of(request)
        if offer.request.requesting_partner_id != principal.partner_id or not principal.has_role(Role.COORDINATOR):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("Only the requesting partner's coordinators confirm delivery.")
        try:
            offer = matching.offer_fulfil(offer=offer, principal=principal)
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)


class WebhookEndpointViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your partner's webhook endpoints. Deliveries are signed with the secret you give (HMAC-SHA256)."""

    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.none()
    required_roles = {"*": {Role.RESPONDER, Role.COORDINATOR, Role.PUBLISHER, Role.READER}}
    ordering = ["-id"]

    def get_queryset(self):
        principal = principal_of(self.request)
        if principal is None or principal.partner_id is None:
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(partner_id=principal.partner_id, active=True)

    def perform_create(self, serializer):
        try:
            serializer.instance = webhooks.endpoint_register(
                principal=principal_of(self.request), **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc

    def perform_destroy(self, instance):
        webhooks.endpoint_remove(endpoint=instance, principal=principal_of(self.request))


class WebhookDeliveryViewSet(viewsets.ReadOnlyModelViewSet):
    """The delivery log of your endpoints, with every attempt; redeliver sends one again."""

    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.none()
    required_roles = {"*": {Role.RESPONDER, Role.COORDINATOR, Role.PUBLISHER, Role.READER}}
    filterset_fields = ["status", "event", "endpoint"]
    ordering = ["-id"]

    def get_queryset(self):
        principal = principal_of(self.request)
        if principal is None or principal.partner_id is None:
            return WebhookDelivery.objects.none()
        return WebhookDelivery.objects.filter(endpoint__partner_id=principal.partner_id)

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        fresh = webhooks.redeliver(delivery=self.get_object(), principal=principal_of(request))
        return Response(self.get_serializer(fresh).data, status=status.HTTP_202_ACCEPTED)


__all__ = [
    "AllocationViewSet",
    "EmergencyRequestViewSet",
    "MatchRunViewSet",
    "OfferStatus",
    "WebhookDeliveryViewSet",
    "WebhookEndpointViewSet",
]
