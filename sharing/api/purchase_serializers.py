"""Purchase totals as a published kind (issue 15 part 6): input (single writes and bulk rows alike) and output.

Imported by ``published_serializers`` (which registers these in its per-kind tables), so import that module, not
this one, to get them.
"""

from __future__ import annotations

from rest_framework import serializers

from sharing.api.published_serializers import ZERO, PublishedInput, PublishedOutput, text_field


def _value(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2, min_value=ZERO, **kwargs)


class PurchaseTotalInput(PublishedInput):
    agency = text_field(200, help_text="The buying agency.")
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    channel = text_field(200, help_text="The channel or marketplace the purchases went through.")
    domestic_value = _value(help_text="In the reporting currency (PROCUREMENT_CURRENCY).")
    allied_value = _value(help_text="From qualifying (allied) countries.")
    other_value = _value()

    model_fields = ("agency", "year", "quarter", "channel", "domestic_value", "allied_value", "other_value",
                    "marking")


class PurchaseTotalOutput(PublishedOutput):
    agency = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    channel = serializers.CharField()
    domestic_value = _value()
    allied_value = _value()
    other_value = _value()


def purchase_total_as_input(record) -> dict:
    return {name: getattr(record, name) for name in PurchaseTotalInput.model_fields if name != "marking"}
