"""Serializers of the published kinds: one input serializer per kind (used by single writes and bulk rows
alike, so both refuse the same things), and read serializers that show only what the caller may know."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from sharing.api.fields import choice_field, country_field
from sharing.api.text_fields import SafeCharField
from sharing.choices import GROUP_MARKINGS, FacilityKind, FacilityStatus, Marking
from sharing.models import (
    Capacity,
    Demand,
    Facility,
    Partner,
    Product,
    PurchaseTotal,
    SharingGroup,
    Stockpile,
    SupplyLink,
    Waiver,
)
from sharing.querysets import caller_group_ids, caller_partner_id, group_ids_of
from sharing.services.publishing import RecordInput
from sharing.text import UnsafeText, clean_text

ZERO = Decimal(0)


def quantity_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=3, min_value=ZERO, **kwargs)


def text_field(max_length: int, **kwargs) -> SafeCharField:
    """Every text input of the published kinds: NFC, no invisible, direction-changing or control characters."""
    return SafeCharField(max_length=max_length, **kwargs)


def lookup_text(value: object) -> str | None:
    """A reference as a row names it, in the form it is stored under (NFC), or None if it could not be stored."""
    if not isinstance(value, str) or not storable(value):
        return None
    try:
        return clean_text(value.strip())
    except UnsafeText:
        return None


def storable(text: str) -> bool:
    """Whether the database can be asked about this text: a lone surrogate (JSON allows "\\ud800") cannot be
    encoded, nor can PostgreSQL take a NUL; the field validators refuse such a row anyway."""
    return "\x00" not in text and (text.isascii() or not any(0xD800 <= ord(c) <= 0xDFFF for c in text))


class WriteContext:
    """Lookups for a batch of rows of one owner, made with a few queries rather than a few per row."""

    def __init__(self, owner: Partner, principal, rows: list[dict] | None = None):
        self.owner = owner
        self.principal = principal
        catalogue = list(Product.objects.values_list("code", "id", "unit"))
        self.products = {code: pk for code, pk, _ in catalogue}
        self.product_units = {code: unit for code, _, unit in catalogue}
        my_groups = group_ids_of(owner.pk)
        self.groups = dict(SharingGroup.objects.filter(pk__in=my_groups).values_list("name", "id"))
        self._facilities: dict[tuple[str, str], int] = {}
        if rows is not None:
            self.load_facilities(rows)

    def load_facilities(self, rows: list[dict]) -> None:
        wanted: dict[str, set[str]] = {}
        for row in rows:
            if not isinstance(row, dict):
                continue
            for ref, owner_ref in (("facility", None), ("supplier", "supplier_owner"), ("buyer", "buyer_owner")):
                external_id = lookup_text(row.get(ref))
                if external_id:
                    owner_code = lookup_text(row.get(owner_ref)) if owner_ref else None
                    wanted.setdefault(owner_code or self.owner.code, set()).add(external_id)
        for owner_code, external_ids in wanted.items():
            queryset = Facility.objects.filter(external_id__in=external_ids, owner__code=owner_code)
            # Another partner's facility may be named only if the publisher can see it.
            queryset = queryset.live() if owner_code == self.owner.code else queryset.visible_to(self.principal)
            for pk, external_id in queryset.values_list("pk", "external_id"):
                self._facilities[(owner_code, external_id)] = pk

    def facility(self, external_id: str, owner_code: str | None = None) -> int | None:
        return self._facilities.get((owner_code or self.owner.code, external_id))


class PublishedInput(serializers.Serializer):
    external_id = text_field(100, help_text="Your own identifier for the record: the key of upserts.")
    marking = choice_field(Marking.choices, default=Marking.GREEN)
    groups = serializers.ListField(
        child=text_field(120),
        default=list,
        max_length=50,
        help_text="Names of sharing groups you belong to (AMBER and AMBER+STRICT only).",
    )
    confirm_loosening = serializers.BooleanField(
        default=False, write_only=True,
        help_text="Required to widen who may see an existing record (a looser marking, or more groups).",
    )

    model_fields: tuple[str, ...] = ()

    @cached_property
    def write_context(self) -> WriteContext:
        # Cached: DRF finds ``context`` through the root serializer on every access, and bulk rows ask often.
        return self.context["write"]

    def validate(self, data: dict) -> dict:
        errors: dict[str, list[str]] = {}
        names = list(dict.fromkeys(data.get("groups") or []))
        unknown = [name for name in names if name not in self.write_context.groups]
        if unknown:
            errors["groups"] = [f"Not a sharing group you belong to: {', '.join(unknown)}."]
        elif names and data.get("marking") not in GROUP_MARKINGS:
            errors["groups"] = ["Sharing groups apply only to AMBER and AMBER+STRICT records."]
        data["group_ids"] = frozenset(self.write_context.groups[n] for n in names if n in self.write_context.groups)
        self.validate_record(data, errors)
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def validate_record(self, data: dict, errors: dict[str, list[str]]) -> None:
        """Cross-field rules of the kind; resolves references into *_id values."""

    def _product(self, data: dict, errors: dict) -> None:
        product_id = self.write_context.products.get(data.get("product"))
        if product_id is None:
            errors["product"] = [f"No product with code {data.get('product')!r} in the catalogue."]
        data["product_id"] = product_id

    def _not_future(self, data: dict, name: str, errors: dict) -> None:
        if data.get(name) and data[name] > timezone.now().date():
            errors[name] = ["Must not be in the future."]

    def to_record_input(self, data: dict | None = None) -> RecordInput:
        data = self.validated_data if data is None else data
        values = {name: data.get(name) for name in self.model_fields}
        return RecordInput(
            external_id=data["external_id"], values=values, group_ids=data["group_ids"],
            confirm_loosening=data.get("confirm_loosening", False),
        )


class FacilityInput(PublishedInput):
    name = text_field(200)
    country = country_field(help_text="ISO 3166-1 alpha-2 code of where the facility is.")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-90), max_value=Decimal(90))
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=Decimal(-180), max_value=Decimal(180)
    )
    kind = choice_field(FacilityKind.choices)
    status = choice_field(FacilityStatus.choices, default=FacilityStatus.OPERATING)
    operator = text_field(200, required=False, allow_blank=True, default="")

    model_fields = ("name", "country", "latitude", "longitude", "facility_kind", "status", "operator", "marking")

    def validate_record(self, data: dict, errors: dict) -> None:
        data["facility_kind"] = data.get("kind")
        data["country"] = str(data.get("country"))


class CapacityInput(PublishedInput):
    facility = text_field(100, help_text="The external_id of your facility.")
    product = text_field(40, help_text="Product code from the catalogue.")
    nominal = quantity_field(help_text="Output per month at full capacity.")
    in_use = quantity_field()
    spare = quantity_field(help_text="Available output per month.")
    surge = quantity_field(default=ZERO)
    lead_time_days = serializers.IntegerField(min_value=0, max_value=3650, default=0)
    releasable = quantity_field(default=ZERO, help_text="Part of spare that may be released in an emergency.")
    unit_cost = serializers.DecimalField(
        max_digits=20, decimal_places=4, min_value=ZERO, required=False, allow_null=True, default=None,
        help_text="Cost of one unit of this output in the reporting currency (PROCUREMENT_CURRENCY; USD unless "
                  "configured). Optional; marked like the record. Used by the content share of what it feeds.")
    as_of = serializers.DateField()

    model_fields = (
        "facility_id",
        "product_id",
        "nominal",
        "in_use",
        "spare",
        "surge",
        "lead_time_days",
        "releasable",
        "unit_cost",
        "as_of",
        "marking",
    )

    def validate_record(self, data: dict, errors: dict) -> None:
        self._product(data, errors)
        data["facility_id"] = self.write_context.facility(data.get("facility"))
        if data["facility_id"] is None:
            errors["facility"] = ["No facility of yours has this external_id."]
        nominal, in_use, spare = data.get("nominal"), data.get("in_use"), data.get("spare")
        if None not in (nominal, in_use, spare) and in_use + spare > nominal:
            errors["spare"] = ["In-use and spare capacity together must not exceed nominal."]
        if data.get("releasable") is not None and spare is not None and data["releasable"] > spare:
            errors["releasable"] = ["Releasable capacity must not exceed spare."]
        self._not_future(data, "as_of", errors)


class StockpileInput(PublishedInput):
    facility = text_field(100, help_text="The external_id of your facility or warehouse.")
    product = text_field(40)
    quantity = quantity_field()
    releasable = quantity_field(default=ZERO)
    expiry = serializers.DateField(required=False, allow_null=True, default=None)
    as_of = serializers.DateField()

    model_fields = ("facility_id", "product_id", "quantity", "releasable", "expiry", "as_of", "marking")

    def validate_record(self, data: dict, errors: dict) -> None:
        self._product(data, errors)
        data["facility_id"] = self.write_context.facility(data.get("facility"))
        if data["facility_id"] is None:
            errors["facility"] = ["No facility of yours has this external_id."]
        releasable, quantity = data.get("releasable"), data.get("quantity")
        if releasable is not None and quantity is not None and releasable > quantity:
            errors["releasable"] = ["Releasable quantity must not exceed the quantity held."]
        self._not_future(data, "as_of", errors)


class SupplyLinkInput(PublishedInput):
    supplier = text_field(100, help_text="external_id of the supplying facility.")
    supplier_owner = text_field(
        40,
        required=False,
        allow_blank=True,
        default="",
        help_text="Code of the partner that published the supplier facility (default: you).",
    )
    buyer = text_field(100)
    buyer_owner = text_field(40, required=False, allow_blank=True, default="")
    product = text_field(40)
    volume_per_month = quantity_field()

    model_fields = ("supplier_id", "buyer_id", "product_id", "volume_per_month", "marking")

    def validate_record(self, data: dict, errors: dict) -> None:
        self._product(data, errors)
        for ref in ("supplier", "buyer"):
            data[f"{ref}_id"] = self.write_context.facility(data.get(ref), data.get(f"{ref}_owner") or None)
            if data[f"{ref}_id"] is None:
                errors[ref] = ["No facility with this external_id that you can see."]
        if data["supplier_id"] is not None and data["supplier_id"] == data["buyer_id"]:
            errors["buyer"] = ["A supply link's supplier and buyer must differ."]


class DemandInput(PublishedInput):
    product = text_field(40, help_text="Product code from the catalogue; the quantities are in its unit.")
    total_per_month = quantity_field(help_text="The partner's whole requirement a month.")
    defence_per_month = quantity_field(default=ZERO, help_text="The part of the total that is critical for defence.")
    health_per_month = quantity_field(default=ZERO, help_text="The part of the total that is critical for health.")
    as_of = serializers.DateField(help_text="The date the figures hold as of (not in the future).")

    model_fields = ("product_id", "total_per_month", "defence_per_month", "health_per_month", "as_of", "marking")

    def validate_record(self, data: dict, errors: dict) -> None:
        self._product(data, errors)
        total, defence, health = (data.get(f"{name}_per_month") for name in ("total", "defence", "health"))
        if None not in (total, defence, health) and defence + health > total:
            errors["total_per_month"] = [
                "The critical part (defence plus health) must not exceed the total demand."
            ]
        self._not_future(data, "as_of", errors)


INPUT_SERIALIZERS: dict[str, type[PublishedInput]] = {
    "facility": FacilityInput,
    "capacity": CapacityInput,
    "stockpile": StockpileInput,
    "supply_link": SupplyLinkInput,
    "demand": DemandInput,
}


# --- reading ---------------------------------------------------------------------------------------------------


# DRF's ``to_representation`` without its per-field indirections, for read serializers whose fields are model
# attributes (dotted sources), ``SerializerMethodField``s or nested serializers of the same kind. A page of 100
# capacities is some 2,200 fields; DRF's generic path (``get_attribute`` with its error handling, callable
# checks, the ``_readable_fields`` generator) was a third of a list request's Python time. The output is the
# same: None stays None, every other value goes through the field's ``to_representation``; if an attribute is
# missing or callable, the record goes DRF's way. (A comment, not a docstring: the schema would inherit it.)
def _fast_decimal(field: serializers.Field):
    """DRF's DecimalField output for a value the database already holds at the field's scale, without its
    quantize (a context copy and a power of ten per value: a page of 50 capacities has 250 quantities). Any
    other value (another scale, too many digits, not finite, not a Decimal) goes through the field itself."""
    if not isinstance(field, serializers.DecimalField) or field.decimal_places is None:
        return None
    if not getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
        return None
    if field.localize or field.normalize_output:
        return None
    exponent, max_digits, slow = -field.decimal_places, field.max_digits, field.to_representation

    def represent(value):
        if type(value) is Decimal and value.is_finite():
            digits = value.as_tuple()
            if digits.exponent == exponent and (max_digits is None or len(digits.digits) <= max_digits):
                return f"{value:f}"
        return slow(value)

    return represent


class FlatOutput(serializers.Serializer):
    def _representation_plan(self) -> list[tuple[str, Any, Any]]:
        plan = getattr(self, "_plan", None)
        if plan is None:
            plan = []
            for field in self._readable_fields:
                getter = (lambda instance: instance) if field.source == "*" else attrgetter(field.source)
                plan.append((field.field_name, getter, _fast_decimal(field) or field.to_representation))
            self._plan = plan
        return plan

    def to_representation(self, instance) -> dict:
        out = {}
        try:
            for name, getter, represent in self._representation_plan():
                value = getter(instance)
                if value is None:
                    out[name] = None
                elif callable(value) and not isinstance(value, Model):
                    return super().to_representation(instance)
                else:
                    out[name] = represent(value)
        except (AttributeError, ObjectDoesNotExist):
            return super().to_representation(instance)
        return out


class PublishedOutput(FlatOutput):
    id = serializers.IntegerField(read_only=True)
    external_id = serializers.CharField(read_only=True)
    owner = serializers.CharField(source="owner.code", read_only=True)
    marking = serializers.CharField(read_only=True)
    groups = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_groups(self, record) -> list[str]:
        """The owner sees every group named; others only the ones they belong to."""
        viewer = self.context.get("viewer_groups")
        if viewer is None:
            principal = self.context.get("principal")
            partner_id = caller_partner_id(principal)
            viewer = self.context["viewer_groups"] = (partner_id, caller_group_ids(principal))
        partner_id, group_ids = viewer
        named = getattr(record, "named_groups", None)
        if named is None:
            named = [(g.pk, g.name) for g in record.groups.all()]
        return sorted(name for pk, name in named if record.owner_id == partner_id or pk in group_ids)


def attach_groups(model, records) -> None:
    """Sets ``named_groups`` ((id, name) of each group a record names) on a page of records, in one query."""
    if not records:
        return
    through = model.groups.through
    fk = f"{model._meta.model_name}_id"
    named: dict[int, list[tuple[int, str]]] = {record.pk: [] for record in records}
    for record_id, group_id, name in through.objects.filter(**{f"{fk}__in": list(named)}).values_list(
        fk, "sharinggroup_id", "sharinggroup__name"
    ):
        named[record_id].append((group_id, name))
    for record in records:
        record.named_groups = named[record.pk]


class FacilityRef(FlatOutput):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    owner = serializers.CharField(source="owner.code")
    name = serializers.CharField()
    country = serializers.CharField()


class FacilityOutput(PublishedOutput):
    name = serializers.CharField()
    country = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    kind = serializers.CharField(source="facility_kind")
    status = serializers.CharField()
    operator = serializers.CharField()


class CapacityOutput(PublishedOutput):
    facility = FacilityRef()
    product = serializers.CharField(source="product.code")
    nominal = quantity_field()
    in_use = quantity_field()
    spare = quantity_field()
    surge = quantity_field()
    lead_time_days = serializers.IntegerField()
    releasable = quantity_field()
    unit_cost = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True,
                                         help_text="In the reporting currency (PROCUREMENT_CURRENCY).")
    as_of = serializers.DateField()


class StockpileOutput(PublishedOutput):
    facility = FacilityRef()
    product = serializers.CharField(source="product.code")
    quantity = quantity_field()
    releasable = quantity_field()
    expiry = serializers.DateField(allow_null=True)
    as_of = serializers.DateField()


class SupplyLinkOutput(PublishedOutput):
    supplier = FacilityRef()
    buyer = FacilityRef()
    product = serializers.CharField(source="product.code")
    volume_per_month = quantity_field()


class DemandOutput(PublishedOutput):
    product = serializers.CharField(source="product.code")
    unit = serializers.CharField(source="product.unit", help_text="The product's unit of measure.")
    total_per_month = quantity_field()
    defence_per_month = quantity_field()
    health_per_month = quantity_field()
    critical_per_month = quantity_field(help_text="Defence plus health.")
    as_of = serializers.DateField()

    # List pages read rows, not records (sharing.api.list_rows): Demand.critical_per_month from its columns.
    row_sources = {"critical_per_month": (("defence_per_month", "health_per_month"), lambda d, h: d + h)}


OUTPUT_SERIALIZERS: dict[str, type[PublishedOutput]] = {
    "facility": FacilityOutput,
    "capacity": CapacityOutput,
    "stockpile": StockpileOutput,
    "supply_link": SupplyLinkOutput,
    "demand": DemandOutput,
}


def as_input(record) -> dict:
    """A record as an input payload, so that PATCH can validate the whole record with the change applied."""
    groups = [g.name for g in record.groups.all()]
    data = {"external_id": record.external_id, "marking": record.marking, "groups": groups}
    if isinstance(record, Facility):
        data.update(
            name=record.name,
            country=str(record.country),
            latitude=record.latitude,
            longitude=record.longitude,
            kind=record.facility_kind,
            status=record.status,
            operator=record.operator,
        )
    elif isinstance(record, Capacity):
        data.update(
            facility=record.facility.external_id,
            product=record.product.code,
            nominal=record.nominal,
            in_use=record.in_use,
            spare=record.spare,
            surge=record.surge,
            lead_time_days=record.lead_time_days,
            releasable=record.releasable,
            unit_cost=record.unit_cost,
            as_of=record.as_of,
        )
    elif isinstance(record, Stockpile):
        data.update(
            facility=record.facility.external_id,
            product=record.product.code,
            quantity=record.quantity,
            releasable=record.releasable,
            expiry=record.expiry,
            as_of=record.as_of,
        )
    elif isinstance(record, SupplyLink):
        data.update(
            supplier=record.supplier.external_id,
            supplier_owner=record.supplier.owner.code,
            buyer=record.buyer.external_id,
            buyer_owner=record.buyer.owner.code,
            product=record.product.code,
            volume_per_month=record.volume_per_month,
        )
    elif isinstance(record, Demand):
        data.update(
            product=record.product.code,
            total_per_month=record.total_per_month,
            defence_per_month=record.defence_per_month,
            health_per_month=record.health_per_month,
            as_of=record.as_of,
        )
    elif isinstance(record, Waiver):
        data.update(waiver_as_input(record))
    elif isinstance(record, PurchaseTotal):
        data.update(purchase_total_as_input(record))
    return {k: (str(v) if isinstance(v, Decimal | date) else v) for k, v in data.items()}


# Split by resource: the waiver serializers live in their own module, registered here with the other kinds.
from sharing.api.purchase_serializers import (  # noqa: E402
    PurchaseTotalInput,
    PurchaseTotalOutput,
    purchase_total_as_input,
)
from sharing.api.waiver_serializers import WaiverInput, WaiverOutput, waiver_as_input  # noqa: E402

INPUT_SERIALIZERS["waiver"] = WaiverInput
OUTPUT_SERIALIZERS["waiver"] = WaiverOutput
INPUT_SERIALIZERS["purchase_total"] = PurchaseTotalInput
OUTPUT_SERIALIZERS["purchase_total"] = PurchaseTotalOutput
