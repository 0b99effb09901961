"""Formatting for console pages: API data (serializer output) shown as people read it."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def when(value) -> str:
    """An ISO 8601 date-time (as the API gives it) as "2026-12-02 07:47 UTC"; anything else unchanged."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None or not hasattr(moment, "hour"):
        return value or ""
    if timezone.is_aware(moment):
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
