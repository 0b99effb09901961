"""Input fields whose errors tell the caller what would have been accepted.

DRF's choice error says only that a value "is not a valid choice"; a partner's engineer then has to look the
choices up. These fields name them (a country field names the code system instead of listing 249 codes). They are
plain DRF ``ChoiceField`` instances (only the message differs), so the bulk path's fast row validation
(row_validation.py), which converts exact field classes, still applies.
"""

from __future__ import annotations

from typing import Any

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

# The messages go in as constructor arguments: a serializer deep-copies its declared fields by constructing them
# again from those arguments, so a message set on the instance afterwards would be lost.


def choice_field(choices, **kwargs: Any) -> serializers.ChoiceField:
    valid = ", ".join(str(value) for value in serializers.ChoiceField(choices=choices).choices)
    messages = {"invalid_choice": f'"{{input}}" is not a valid choice; valid choices: {valid}.'}
    return serializers.ChoiceField(choices=choices, error_messages=messages, **kwargs)


def country_field(**kwargs: Any) -> CountryField:
    messages = {"invalid_choice": '"{input}" is not a valid choice; use an ISO 3166-1 alpha-2 country code, e.g. "JP".'}
    return CountryField(error_messages=messages, **kwargs)
