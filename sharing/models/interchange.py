"""Subscriptions to changes: the changes feed pushed to one of a partner's webhook endpoints, in batches."""

from django.db import models
from django_countries.fields import CountryField

from sharing.models.ids import RandomIdModel

SUBSCRIPTION_KINDS = [("facility", "facility"), ("capacity", "capacity"), ("stockpile", "stockpile"),
                      ("supply_link", "supply_link"), ("demand", "demand")]


class Subscription(RandomIdModel):
    """One kind of published record, optionally one product (capacities, stockpiles, supply links, demand) or one
    country (facilities), sent to one endpoint of the partner.

    ``position`` is the last change the endpoint acknowledged (answered 2xx), a feed position: the next batch is
    the partner's changes feed after it. It is never handed out as a number (it counts hidden changes too); the
    API and every batch show it sealed, as the feed's cursor."""

    partner = models.ForeignKey("sharing.Partner", on_delete=models.CASCADE, related_name="subscriptions")
    endpoint = models.ForeignKey("sharing.WebhookEndpoint", on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=20, choices=SUBSCRIPTION_KINDS)
    product = models.ForeignKey("sharing.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    country = CountryField(blank=True, default="")
    active = models.BooleanField(default=True)
    position = models.BigIntegerField(default=0)
    # Delivery state: one sender at a time (a lease), and the back-off after a failed batch.
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed attempts since the last acknowledged one.")
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True, default="")
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_acknowledged_at = models.DateTimeField(null=True, blank=True)
    batches_acknowledged = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["active", "next_attempt_at"])]
