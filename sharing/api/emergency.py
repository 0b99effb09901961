"""Emergency requests and webhooks over HTTP (offers and match runs: ``sharing.api.offers``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sharing.api.errors import ServiceUnavailable
from sharing.api.fields import choice_field, country_field
from sharing.api.offers import DeclineSerializer, MatchRunSerializer, _refused, match_run_data
from sharing.api.text_fields import SafeTextField
from sharing.choices import OfferStatus, Priority, Role, WebhookEvent
from sharing.models import (
    EmergencyRequest,
    Partner,
    Product,
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
    destination_country = country_field()
    priority = choice_field(Priority.choices)
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


class MatchSerializer(serializers.Serializer):
    ask_again = serializers.SlugRelatedField(
        slug_field="code", queryset=Partner.objects.all(), many=True, required=False,
        help_text="Partner codes whose decline of this request you lift: this run, and later ones, may offer their "
        "sources for it again (until they decline it again). Without it, a partner that declined is not asked again.",
    )


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=choice_field(WebhookEvent.choices), required=False, default=list,
        help_text="Emergency events to receive; none for an endpoint that only receives subscriptions' batches.",
    )
    previous_secret_expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    legacy_signature = serializers.SerializerMethodField()

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "active", "created_at", "previous_secret_expires_at", "legacy_signature"]
        read_only_fields = ["id", "active", "created_at"]

    def get_legacy_signature(self, endpoint) -> bool:
        """Whether deliveries still carry the old X-Sharing-Signature header too."""
        from django.utils import timezone

        return webhooks.legacy_headers_due(endpoint, timezone.now())

    def validate(self, attrs):
        if "secret" in self.initial_data:
            raise serializers.ValidationError({"secret": [
                "The service makes each endpoint's secret (whsec_...) and shows it once in this answer: send none."
            ]})
        return attrs


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown this once: keep it to verify deliveries.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


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


class EmergencyRequestViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests for help: opened by a coordinator; the requesting partner sees its own."""

    serializer_class = EmergencyRequestSerializer
    queryset = EmergencyRequest.objects.none()
    required_roles = {"GET": {Role.COORDINATOR, Role.READER}, "POST": {Role.COORDINATOR}}
    filterset_fields = ["status", "priority"]
    ordering = ["-created_at", "-id"]  # newest first (ids are random)
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

    @extend_schema(request=MatchSerializer, responses={202: MatchRunSerializer}, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        """Starts matching this request's product (all its open requests together); poll the run."""
        emergency = self.get_object()
        body = MatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            run = matching.request_match(
                request=emergency,
                principal=principal_of(request),
                idempotency_key=_idempotency_key(request),
                ask_again=body.validated_data.get("ask_again", []),
            )
        except matching.MatchingRefused as exc:
            raise _refused(exc) from exc
        except matching.QueueUnavailable as exc:
            raise ServiceUnavailable(str(exc)) from exc
        response = Response(match_run_data(run, request), status=status.HTTP_202_ACCEPTED)
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


class WebhookEndpointViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your partner's webhook endpoints. Deliveries follow Standard Webhooks (webhook-id, webhook-timestamp,
    webhook-signature), signed with a secret the service makes and shows once: on registration and on rotation.

    Registering needs a role that receives the events asked for (offer.proposed: responder; offer.accepted,
    offer.declined, request.status_changed, match_run.finished: coordinator; offer.expired: either; waiver.posted:
    responder or publisher); an endpoint with no events (for subscriptions to changes only) needs a reader's or
    publisher's role. The URL must lead to globally routable addresses only; it is checked again at every
    delivery, and redirects are not followed."""

    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.none()
    # Registering (and removing) needs a role that receives events; each event asked for must be one of them.
    required_roles = {
        "*": {Role.RESPONDER, Role.COORDINATOR, Role.PUBLISHER, Role.READER},
        "POST": set(webhooks.SUBSCRIBER_ROLES | webhooks.FEED_ROLES),
        "DELETE": set(webhooks.SUBSCRIBER_ROLES | webhooks.FEED_ROLES),
    }
    ordering = ["-created_at", "-id"]  # newest first (ids are random)

    def get_queryset(self):
        principal = principal_of(self.request)
        if principal is None or principal.partner_id is None:
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(partner_id=principal.partner_id, active=True)

    @extend_schema(responses={201: WebhookEndpointCreatedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            endpoint, secret = webhooks.endpoint_register(
                principal=principal_of(self.request), **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        except webhooks.EventsNotAllowed as exc:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(str(exc)) from exc
        data = WebhookEndpointCreatedSerializer(endpoint, context={"request": request}).data
        return Response({**data, "secret": secret}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: WebhookEndpointCreatedSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new secret, shown this once. The one before keeps signing too (both signatures in
        ``webhook-signature``) until ``previous_secret_expires_at``, so the receiver can switch without a gap."""
        endpoint = self.get_object()
        self._check_manages(endpoint)
        endpoint, secret = webhooks.endpoint_rotate_secret(endpoint=endpoint, principal=principal_of(request))
        data = WebhookEndpointCreatedSerializer(endpoint, context={"request": request}).data
        return Response({**data, "secret": secret})

    def _check_manages(self, endpoint) -> None:
        """Removing or rotating takes what registering took: a role for each of its events (a reader's key may
        not end a responder's endpoint), or for an endpoint without events a reader's or publisher's."""
        from rest_framework.exceptions import PermissionDenied

        try:
            webhooks.check_may_manage(principal=principal_of(self.request), events=endpoint.events)
        except webhooks.EventsNotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc

    def perform_destroy(self, instance):
        self._check_manages(instance)
        webhooks.endpoint_remove(endpoint=instance, principal=principal_of(self.request))


class WebhookDeliveryViewSet(viewsets.ReadOnlyModelViewSet):
    """The delivery log of your endpoints, with every attempt; redeliver sends one again."""

    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.none()
    required_roles = {
        "*": {Role.RESPONDER, Role.COORDINATOR, Role.PUBLISHER, Role.READER},
        "POST": set(webhooks.SUBSCRIBER_ROLES),
    }
    filterset_fields = ["status", "event", "endpoint"]
    ordering = ["-created_at", "-id"]  # newest first (ids are random)

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
    "EmergencyRequestViewSet",
    "OfferStatus",
    "WebhookDeliveryViewSet",
    "WebhookEndpointViewSet",
]
