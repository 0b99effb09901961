from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sharing.models import AuditEvent, Partner


class PartnerSerializer(serializers.ModelSerializer):
    country = CountryField()

    class Meta:
        model = Partner
        fields = ["id", "code", "name", "country", "status", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class PartnerUpdateSerializer(serializers.ModelSerializer):
    country = CountryField()

    class Meta:
        model = Partner
        fields = ["name", "country", "status"]


class MeSerializer(serializers.Serializer):
    partner = PartnerSerializer(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    key_name = serializers.CharField(allow_null=True)
    key_prefix = serializers.CharField(allow_null=True)
    key_expires_at = serializers.DateTimeField(allow_null=True)
    read_only = serializers.BooleanField()
    user = serializers.CharField(allow_null=True)
    is_staff = serializers.BooleanField()


class AuditEventSerializer(serializers.ModelSerializer):
    actor_partner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    object_owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    actor_user = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "action",
            "outcome",
            "actor_partner",
            "actor_key_prefix",
            "actor_key_name",
            "actor_user",
            "object_type",
            "object_id",
            "object_ids",
            "object_owner",
            "request_id",
            "client_address",
            "detail",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_user(self, event: AuditEvent) -> str | None:
        return event.actor_user.get_username() if event.actor_user_id else None


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "degraded", "down"])
    database = serializers.CharField()
    broker = serializers.CharField()
