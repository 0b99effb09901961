"""Emergencies: requests, the matcher's runs, the offers they make, and the webhooks that announce them."""

import base64

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_countries.fields import CountryField

from sharing import sealing
from sharing.choices import DeliveryStatus, OfferStatus, Priority, RequestStatus, RunStatus
from sharing.models.ids import RandomIdModel
from sharing.models.network import QUANTITY


class EmergencyRequest(RandomIdModel):
    requesting_partner = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("sharing.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(**QUANTITY)
    destination_country = CountryField()
    destination_latitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    destination_longitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    needed_by = models.DateField()
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    justification = models.TextField()
    status = models.CharField(max_length=24, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    opened_by = models.CharField(max_length=120, blank=True, help_text="The key or user that opened it.")
    idempotency_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["product", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["requesting_partner", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                name="unique_request_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"request {self.pk}: {self.quantity} {self.product_id} by {self.needed_by}"


class MatchRun(RandomIdModel):
    """One execution of the matcher over all open requests for a product; kept for audit."""

    product = models.ForeignKey("sharing.Product", on_delete=models.PROTECT, related_name="+")
    triggered_by_request = models.ForeignKey(
        EmergencyRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey("sharing.Partner", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    reason = models.CharField(max_length=40, default="requested")
    idempotency_key = models.CharField(max_length=200, blank=True)
    # Partners (ids) whose decline of the triggering request the coordinator lifted with this run.
    ask_again = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    requeued_at = models.DateTimeField(null=True, blank=True, help_text="When a stalled run was last sent again.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    solver = models.CharField(max_length=80, blank=True)
    objective = models.JSONField(default=dict, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    quantity_requested = models.DecimalField(**QUANTITY, default=0)
    quantity_offered = models.DecimalField(**QUANTITY, default=0)
    shortfall = models.DecimalField(**QUANTITY, default=0)
    solve_ms = models.PositiveIntegerField(null=True, blank=True)
    total_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                name="unique_match_idempotency_key",
            )
        ]


class MatchRunRequest(models.Model):
    """A request a run served and what it still needed then: each requester reads a run's figures for its own
    requests only, so they are kept per request rather than only as the run's totals."""

    match_run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="demands")
    request = models.ForeignKey(EmergencyRequest, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(**QUANTITY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match_run", "request"], name="unique_run_request")]


class Allocation(RandomIdModel):
    """An offer: so much from one source (a capacity or a stockpile) to one request."""

    match_run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="allocations")
    request = models.ForeignKey(EmergencyRequest, on_delete=models.PROTECT, related_name="allocations")
    capacity = models.ForeignKey("sharing.Capacity", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    stockpile = models.ForeignKey("sharing.Stockpile", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    supplying_partner = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(**QUANTITY)
    estimated_arrival = models.DateField()
    distance_km = models.DecimalField(max_digits=10, decimal_places=1)
    # Set when the supplier accepts: the date it agrees to tell the requester (the estimate unless it gives
    # another). An offer from a source the requester cannot see is disclosed to it only from then on.
    confirmed_arrival = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.PROPOSED)
    reason = models.TextField(blank=True, help_text="Why it was declined or cancelled.")
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=False, stockpile__isnull=True)
                | models.Q(capacity__isnull=True, stockpile__isnull=False),
                name="allocation_has_one_source",
            ),
            models.UniqueConstraint(
                fields=["match_run", "request", "capacity"], condition=models.Q(capacity__isnull=False),
                name="unique_offer_per_run_capacity",
            ),
            models.UniqueConstraint(
                fields=["match_run", "request", "stockpile"], condition=models.Q(stockpile__isnull=False),
                name="unique_offer_per_run_stockpile",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    @property
    def source(self):
        return self.capacity if self.capacity_id else self.stockpile


SECRET_PREFIX = "whsec_"
SECRET_PURPOSE = "webhook-secret"


def secret_key_bytes(secret: str) -> bytes:
    """The HMAC key of a secret: a Standard Webhooks secret (``whsec_`` + base64) is its decoded bytes; any other
    string (an endpoint registered before the service made secrets) is its UTF-8 bytes, which is what the old
    ``X-Sharing-Signature`` was keyed with."""
    if secret.startswith(SECRET_PREFIX):
        return base64.b64decode(secret[len(SECRET_PREFIX):] + "==")
    return secret.encode()


def secret_text(key: bytes) -> str:
    return SECRET_PREFIX + base64.b64encode(key).decode()


class WebhookEndpoint(RandomIdModel):
    """A partner's receiver. Its signing secret is made by the service, shown once, and kept sealed
    (``sharing.sealing``): the service must sign with it, so it cannot be hashed."""

    partner = models.ForeignKey("sharing.Partner", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    secret_sealed = models.TextField(help_text="The signing key, sealed (AES-GCM under SECRET_KEY).")
    # During a rotation's overlap the secret before it also signs (WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS).
    previous_secret_sealed = models.TextField(blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    # Registered before Standard Webhooks: the old X-Sharing-* headers are sent too, until
    # WEBHOOK_LEGACY_SIGNATURE_UNTIL, or until the first rotation's overlap ends (legacy_signature_ends_at).
    legacy_signature = models.BooleanField(default=False)
    legacy_signature_ends_at = models.DateTimeField(null=True, blank=True)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def secret(self) -> str:
        return secret_text(self.secret_key)

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_sealed = sealing.seal(secret_key_bytes(value), SECRET_PURPOSE)

    @property
    def secret_key(self) -> bytes:
        return sealing.unseal(self.secret_sealed, SECRET_PURPOSE)

    @property
    def previous_secret_key(self) -> bytes | None:
        if not self.previous_secret_sealed:
            return None
        return sealing.unseal(self.previous_secret_sealed, SECRET_PURPOSE)


class WebhookDelivery(RandomIdModel):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    log = models.JSONField(default=list, blank=True, help_text="One entry per attempt.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
