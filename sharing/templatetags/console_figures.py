"""How the console writes the API's figures: shares as percentages, quantities with separators, country names.

The figures themselves are the API's (strings for decimals, fractions for shares); these only format them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django_countries import countries

register = template.Library()


@register.filter
def percent(value) -> str:
    """A fraction (0..1) as a percentage with one decimal: 0.4567 -> "45.7%"; nothing for none."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)) * 100:.1f}%"


@register.filter
def quantity(value) -> str:
    """A decimal as the API gives it ("12345.500") with thousands separators and no trailing zeros."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def country_name(code) -> str:
    """An ISO 3166-1 alpha-2 code as "Japan (JP)"."""
    name = countries.name(str(code)) if code else ""
    return f"{name} ({code})" if name else str(code or "")


@register.filter
def waiver_reason(value) -> str:
    """A waiver reason's code as its label ("non_availability" -> "Non-availability"); an unknown code as it is."""
    from sharing.choices import WaiverReason

    return dict(WaiverReason.choices).get(str(value), str(value))
