"""Waivers as a published kind: input (single writes and bulk rows alike) and output; capability responses.

Imported by ``published_serializers`` (which registers these in its per-kind tables), so import that module, not
this one, to get them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sharing.api.fields import choice_field, country_field
from sharing.api.published_serializers import (
    ZERO,
    PublishedInput,
    PublishedOutput,
    quantity_field,
    text_field,
)
from sharing.api.text_fields import SafeTextField
from sharing.choices import Marking, Unit, WaiverReason, WaiverStatus
from sharing.models import Waiver
from sharing.models.network import normalise_hs_code
from sharing.models.procurement import DEFAULT_REVIEW_DAYS

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_HS = re.compile(r"^\d{4}(\d{2}){0,3}$")


def long_text(max_length: int, **kwargs) -> SafeTextField:
    return SafeTextField(max_length=max_length, **kwargs)


class WaiverInput(PublishedInput):
    marking = choice_field(Marking.choices, default=Marking.CLEAR, help_text="CLEAR by default: waivers are public.")
    agency = text_field(200, help_text="The buying agency.")
    product = text_field(40, required=False, allow_blank=True, default="",
                         help_text="Catalogue product code; or leave empty and give product_text and hs_code.")
    product_text = text_field(200, required=False, allow_blank=True, default="")
    hs_code = text_field(13, required=False, allow_blank=True, default="", help_text="e.g. 8507.60 (4-10 digits).")
    description = long_text(4000, required=False, allow_blank=True, default="")
    quantity = quantity_field()
    unit = choice_field(Unit.choices, required=False, allow_blank=True, default="",
                        help_text="Default: the catalogue product's unit (required for a free-text product).")
    value = serializers.DecimalField(max_digits=20, decimal_places=2, min_value=ZERO)
    currency = text_field(3, help_text="ISO 4217 code, e.g. USD.")
    origin_country = country_field(help_text="ISO 3166-1 alpha-2 code of the foreign item's country of origin.")
    vendor = text_field(200, required=False, allow_blank=True, default="")
    reason = choice_field(WaiverReason.choices)
    justification = long_text(8000, required=False, allow_blank=True, default="")
    status = choice_field(WaiverStatus.choices, default=WaiverStatus.PROPOSED,
                          help_text="Any on creation; afterwards only proposed -> posted -> granted | denied, and "
                                    "withdrawn from proposed or posted.")
    proposed_on = serializers.DateField(required=False, allow_null=True, default=None)
    posted_on = serializers.DateField(required=False, allow_null=True, default=None)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None)
    review_days = serializers.IntegerField(min_value=1, max_value=365, default=DEFAULT_REVIEW_DAYS)
    delivery_latitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-90),
                                                 max_value=Decimal(90), required=False, allow_null=True, default=None)
    delivery_longitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-180),
                                                  max_value=Decimal(180), required=False, allow_null=True,
                                                  default=None)

    model_fields = (
        "agency", "product_id", "product_text", "hs_code", "description", "quantity", "unit", "value", "currency",
        "origin_country", "vendor", "reason", "justification", "status", "proposed_on", "posted_on", "decided_on",
        "withdrawn_on", "review_days", "delivery_latitude", "delivery_longitude", "marking",
    )

    def validate_record(self, data: dict, errors: dict) -> None:
        code = data.get("product") or ""
        data["product_id"] = None
        if code:
            self._product(data, errors)
        elif not data.get("product_text") or not data.get("hs_code"):
            errors["product"] = ["Give a catalogue product code, or product_text and hs_code."]
        hs = normalise_hs_code(data.get("hs_code") or "")
        if hs and not _HS.match(hs):
            errors["hs_code"] = ["Not an HS code (4, 6, 8 or 10 digits, e.g. 8507.60)."]
        data["hs_code"] = hs
        if not data.get("unit"):
            unit = self.write_context.product_units.get(code)
            if unit is None:
                errors.setdefault("unit", ["Required when the product is not from the catalogue."])
            data["unit"] = unit or ""
        if data.get("currency") is not None and not _CURRENCY.match(data["currency"]):
            errors["currency"] = ["An ISO 4217 currency code: three capital letters, e.g. USD."]
        data["origin_country"] = str(data.get("origin_country"))
        if (data.get("delivery_latitude") is None) != (data.get("delivery_longitude") is None):
            errors["delivery_latitude"] = ["Give both delivery_latitude and delivery_longitude, or neither."]
        for name in ("proposed_on", "posted_on", "decided_on", "withdrawn_on"):
            self._not_future(data, name, errors)


class WaiverOutput(PublishedOutput):
    buying_partner = serializers.CharField(source="owner.code")
    agency = serializers.CharField()
    product = serializers.SerializerMethodField()
    product_text = serializers.CharField()
    hs_code = serializers.CharField()
    sector = serializers.SerializerMethodField()
    description = serializers.CharField()
    quantity = quantity_field()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=2)
    currency = serializers.CharField()
    origin_country = serializers.CharField()
    vendor = serializers.CharField()
    reason = serializers.CharField()
    justification = serializers.CharField()
    status = serializers.CharField()
    proposed_on = serializers.DateField(allow_null=True)
    posted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    review_days = serializers.IntegerField()
    review_ends_on = serializers.DateField(allow_null=True)
    delivery_latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    delivery_longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)

    # List pages read rows, not records (sharing.api.list_rows): no product, no code and no sector.
    row_sources = {"product": (("product__code",), lambda code: code),
                   "sector": (("product__sector",), lambda sector: sector),
                   "review_ends_on": (("posted_on", "review_days"), Waiver.review_end)}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_product(self, record: Waiver) -> str | None:
        return record.product.code if record.product_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sector(self, record: Waiver) -> str | None:
        return record.product.sector if record.product_id else None


def waiver_as_input(record: Waiver) -> dict:
    return {
        "agency": record.agency, "product": record.product.code if record.product_id else "",
        "product_text": record.product_text, "hs_code": record.hs_code, "description": record.description,
        "quantity": record.quantity, "unit": record.unit, "value": record.value, "currency": record.currency,
        "origin_country": str(record.origin_country), "vendor": record.vendor, "reason": record.reason,
        "justification": record.justification, "status": record.status, "proposed_on": record.proposed_on,
        "posted_on": record.posted_on, "decided_on": record.decided_on, "withdrawn_on": record.withdrawn_on,
        "review_days": record.review_days, "delivery_latitude": record.delivery_latitude,
        "delivery_longitude": record.delivery_longitude,
    }


WAIVER_CSV_COLUMNS = (
    "id", "external_id", "buying_partner", "agency", "product", "product_text", "hs_code", "sector", "description",
    "quantity", "unit", "value", "currency", "origin_country", "vendor", "reason", "justification", "status",
    "proposed_on", "posted_on", "decided_on", "withdrawn_on", "review_days", "review_ends_on", "marking",
    "updated_at",
)


# --- capability responses ----------------------------------------------------------------------------------------


class WaiverResponseInput(serializers.Serializer):
    facility = text_field(100, help_text="The external_id of your facility that could supply.")
    quantity = quantity_field(help_text="How much, in the waiver's unit.")
    available_by = serializers.DateField(help_text="By when.")
    note = long_text(2000, required=False, allow_blank=True, default="")


class WaiverResponseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    waiver = serializers.IntegerField(source="waiver_id")
    partner = serializers.CharField(source="partner.code")
    facility = serializers.SerializerMethodField()
    quantity = quantity_field()
    available_by = serializers.DateField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.DictField())
    def get_facility(self, response) -> dict:
        """What the responder tells by answering: its facility's id, external_id, name and country."""
        facility = response.facility
        return {"id": facility.pk, "external_id": facility.external_id, "name": facility.name,
                "country": str(facility.country)}
