from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sharing.api.fields import country_field
from sharing.api.text_fields import SafeTextModelSerializer
from sharing.models import PUBLISHED_MODELS, AuditEvent, Partner, Product, ReviewSector, SharingGroup
from sharing.principal import principal_of


class PartnerSerializer(SafeTextModelSerializer):
    country = country_field()

    class Meta:
        model = Partner
        fields = ["id", "code", "name", "country", "status", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class PartnerUpdateSerializer(SafeTextModelSerializer):
    country = country_field()

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
    # A system event (no partner acted, or no partner owns the object) has null here.
    actor_partner = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    object_owner = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
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

    # What says who, inside another partner, acted: its keys, people, addresses and requests are its own
    # business. An owner learns which partner read its records, not through which key or from where.
    ACTOR_DETAIL = {"actor_key_prefix": "", "actor_key_name": "", "actor_user": None, "client_address": None,
                    "request_id": ""}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_user(self, event: AuditEvent) -> str | None:
        return event.actor_user.get_username() if event.actor_user_id else None

    @classmethod
    def row_plan(cls) -> tuple[tuple[str, ...], Callable[[list[dict], Any], list[dict]]]:
        """The ``.values()`` paths of a page of events and a function of those rows and the caller to what this
        serializer renders of the same events (no model instance; ``tests/test_access_log.py`` compares them)."""
        fields = cls().fields
        username = f"actor_user__{get_user_model().USERNAME_FIELD}"
        related = {"actor_partner": "actor_partner__code", "object_owner": "object_owner__code", "actor_user": username}
        # Each column: the output name, the ``.values()`` key, and the field's own representation (None: as read).
        columns = [(name, related[name], None) if name in related else (name, field.source, field.to_representation)
                   for name, field in fields.items()]
        paths = tuple(dict.fromkeys([key for _, key, _ in columns] + ["actor_partner_id"]))

        def rows(values: list[dict], principal: Any) -> list[dict]:
            staff = principal is not None and principal.is_staff
            own = None if principal is None else principal.partner_id
            out = []
            for row in values:
                data = {name: row[key] if represent is None or row[key] is None else represent(row[key])
                        for name, key, represent in columns}
                if not staff and (own is None or row["actor_partner_id"] != own):
                    data.update(cls.ACTOR_DETAIL)
                out.append(data)
            return out

        return paths, rows

    def to_representation(self, event: AuditEvent) -> dict:
        data = super().to_representation(event)
        request = self.context.get("request")
        principal = principal_of(request) if request is not None else None
        if principal is not None and principal.is_staff:
            return data
        if principal is None or principal.partner_id is None or event.actor_partner_id != principal.partner_id:
            data.update(self.ACTOR_DETAIL)
        return data


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "degraded", "down"])
    database = serializers.CharField()
    broker = serializers.CharField()


class ProductInputLineSerializer(serializers.Serializer):
    input = serializers.CharField(source="input.code")
    quantity_per_unit = serializers.DecimalField(max_digits=20, decimal_places=6)


class ProductSerializer(serializers.ModelSerializer):
    inputs = ProductInputLineSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "code", "name", "sector", "hs_codes", "unit", "description", "reference_unit_cost", "inputs",
                  "updated_at"]


class ReviewSectorSerializer(serializers.ModelSerializer):
    product_sector = serializers.CharField(allow_null=True, help_text="The catalogue sector whose products belong.")
    products = serializers.SerializerMethodField()

    class Meta:
        model = ReviewSector
        fields = ["id", "code", "name", "kind", "description", "product_sector", "products", "updated_at"]

    def to_representation(self, instance) -> dict:
        data = super().to_representation(instance)
        data["product_sector"] = instance.product_sector or None
        return data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_products(self, entry) -> list[str]:
        """Codes of the entry's products: its catalogue sector's and those named one by one, sorted."""
        by_sector = self.context.get("codes_by_sector")
        if by_sector is None:  # once per answer, not once per entry
            by_sector = self.context["codes_by_sector"] = {}
            for code, sector in Product.objects.values_list("code", "sector"):
                by_sector.setdefault(sector, []).append(code)
        named = [p.code for p in entry.products.all()]
        return sorted({*named, *by_sector.get(entry.product_sector, [])} if entry.product_sector else set(named))


class SharingGroupSerializer(SafeTextModelSerializer):
    members = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = SharingGroup
        fields = ["id", "name", "description", "members"]


class GroupMembersChangeSerializer(serializers.Serializer):
    add = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Partner.objects.all(), default=list)
    remove = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Partner.objects.all(),
                                          default=list)


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(PUBLISHED_MODELS))  # every kind, waivers and purchase totals too
    id = serializers.IntegerField(source="record_id")
    op = serializers.ChoiceField(choices=["upsert", "delete"])
    record = serializers.DictField(allow_null=True, help_text="The record as its list endpoint shows it (upserts).")


class ChangesPageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.CharField(
        help_text="Where to resume: this URL, with an opaque cursor (`?cursor=`) and the `page_size` asked for; never "
                  "null (at the end it is where the next sync starts). With the deprecated `?after=`, the bare "
                  "cursor instead. A fresh token on every page, even when nothing changed; it reveals nothing, and "
                  "only the partner it was given to may use it."
    )
    has_more = serializers.BooleanField()
