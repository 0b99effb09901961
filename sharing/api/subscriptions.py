"""Subscriptions to changes over HTTP: a partner's own, others' are 404 (``sharing.interchange.subscriptions``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from sharing.api import feed_cursor
from sharing.api.fields import choice_field, country_field
from sharing.choices import Role
from sharing.interchange import subscriptions
from sharing.models import Product, Subscription, WebhookEndpoint
from sharing.models.interchange import SUBSCRIPTION_KINDS
from sharing.principal import principal_of
from sharing.querysets import caller_partner_id


class _OwnEndpoint(serializers.PrimaryKeyRelatedField):
    """One of the caller's active endpoints: any other id is "does not exist", whoever's it is."""

    def get_queryset(self):
        principal = principal_of(self.context["request"])
        return WebhookEndpoint.objects.filter(partner_id=caller_partner_id(principal), active=True)


class SubscriptionSerializer(serializers.ModelSerializer):
    endpoint = _OwnEndpoint(help_text="One of your webhook endpoints (an endpoint without events will do).")
    kind = choice_field(SUBSCRIPTION_KINDS)
    product = serializers.SlugRelatedField(
        slug_field="code", queryset=Product.objects.all(), required=False, allow_null=True,
        help_text="Capacities, stockpiles and supply links of this product only.",
    )
    country = country_field(required=False, allow_blank=True,
                            help_text="Facilities in this country only (ISO 3166-1 alpha-2).")
    after = serializers.CharField(
        write_only=True, required=False, default="0",
        help_text="Where to start: a `next` cursor of the changes feed, or 0 (the default) for everything you may "
                  "see.",
    )
    position = serializers.SerializerMethodField(
        help_text="The last acknowledged position, as a changes-feed cursor (sealed; a fresh token each time).",
    )

    class Meta:
        model = Subscription
        fields = ["id", "endpoint", "kind", "product", "country", "active", "after", "position", "failures",
                  "last_status_code", "last_error", "last_attempt_at", "last_acknowledged_at", "next_attempt_at",
                  "batches_acknowledged", "created_at", "updated_at"]
        read_only_fields = ["id", "failures", "last_status_code", "last_error", "last_attempt_at",
                            "last_acknowledged_at", "next_attempt_at", "batches_acknowledged", "created_at",
                            "updated_at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_position(self, subscription) -> str:
        return feed_cursor.encode(subscription.position, subscription.partner_id)

    def validate_after(self, value: str) -> int:
        partner_id = caller_partner_id(principal_of(self.context["request"]))
        try:
            return feed_cursor.decode(value, partner_id)
        except feed_cursor.InvalidCursor:
            raise serializers.ValidationError(
                "Not a cursor the changes feed gave you: pass its `next` unchanged, or 0 for everything."
            ) from None


class SubscriptionUpdateSerializer(SubscriptionSerializer):
    """After creation only the endpoint and ``active`` change: the kind and filter are the subscription."""

    class Meta(SubscriptionSerializer.Meta):
        read_only_fields = [*SubscriptionSerializer.Meta.read_only_fields, "kind", "product", "country", "after"]

    def validate(self, attrs):
        fixed = sorted(set(self.initial_data) & {"kind", "product", "country", "after"})
        if fixed:
            raise serializers.ValidationError({name: ["Fixed once created: make another subscription."]
                                               for name in fixed})
        return attrs


class SubscriptionViewSet(viewsets.ModelViewSet):
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404."""

    queryset = Subscription.objects.none()
    serializer_class = SubscriptionSerializer
    required_roles = {"*": {Role.READER, Role.PUBLISHER}}
    filterset_fields = ["kind", "active"]
    ordering = ["-created_at", "-id"]  # newest first (ids are random)
    ordering_fields = ["created_at", "id"]

    def get_queryset(self):
        principal = principal_of(self.request)
        if principal is None or principal.partner_id is None:
            return Subscription.objects.none()
        return Subscription.objects.filter(partner_id=principal.partner_id).select_related("product")

    def get_serializer_class(self):
        return SubscriptionUpdateSerializer if self.action in ("update", "partial_update") else SubscriptionSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = subscriptions.subscription_create(
                principal=principal_of(self.request), endpoint=data["endpoint"], kind=data["kind"],
                product=data.get("product"), country=data.get("country") or "", after=data.get("after") or 0,
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc

    def perform_update(self, serializer):
        serializer.instance = subscriptions.subscription_update(
            subscription=serializer.instance, principal=principal_of(self.request), **serializer.validated_data
        )

    def perform_destroy(self, instance):
        subscriptions.subscription_delete(subscription=instance, principal=principal_of(self.request))
