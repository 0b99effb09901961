"""Procurement transparency: waivers of a domestic-preference rule, published like any record (CLEAR by default,
since the point is publicity), and what partners do about them during the review period.

A waiver's status is set when it is created and from then on moves only along ``WAIVER_TRANSITIONS`` (proposed ->
posted for review -> granted or denied; withdrawn from proposed or posted), each move dated. The review period runs
``review_days`` (15 by default) from the day it was posted.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_countries.fields import CountryField

from sharing.choices import Marking, Unit, WaiverReason, WaiverStatus
from sharing.models.ids import RandomIdModel
from sharing.models.network import PUBLISHED_MODELS, QUANTITY, Facility, Product, Published, _unique_external_id

DEFAULT_REVIEW_DAYS = 15


class Waiver(Published):
    """A buying partner's waiver to buy a foreign-made product. The owner is the buying partner."""

    kind = "waiver"
    marking = models.CharField(max_length=16, choices=Marking.choices, default=Marking.CLEAR)
    agency = models.CharField(max_length=200, help_text="The buying agency within the partner government.")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    product_text = models.CharField(max_length=200, blank=True, help_text="The product in words, when not catalogued.")
    hs_code = models.CharField(max_length=10, blank=True, help_text="HS code, digits only (4 to 10).")
    description = models.TextField(blank=True)
    quantity = models.DecimalField(**QUANTITY)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    value = models.DecimalField(max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, help_text="ISO 4217 code.")
    origin_country = CountryField(help_text="Country of origin of the foreign item.")
    vendor = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=32, choices=WaiverReason.choices)
    justification = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=WaiverStatus.choices, default=WaiverStatus.PROPOSED)
    proposed_on = models.DateField(null=True, blank=True)
    posted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True, help_text="When it was granted or denied.")
    withdrawn_on = models.DateField(null=True, blank=True)
    review_days = models.PositiveSmallIntegerField(
        default=DEFAULT_REVIEW_DAYS, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    delivery_latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)], help_text="Place of delivery, for scouting.",
    )
    delivery_longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        constraints = [_unique_external_id("waiver")]
        indexes = [
            models.Index(fields=["status", "posted_on"]),
            models.Index(fields=["product", "id"]),
            models.Index(fields=["marking", "id"]),
        ]

    @property
    def review_ends_on(self) -> date | None:
        """The last day of the review period (posted on day 0)."""
        return self.review_end(self.posted_on, self.review_days)

    @staticmethod
    def review_end(posted_on: date | None, review_days: int) -> date | None:
        return posted_on + timedelta(days=review_days) if posted_on else None

    def in_review(self, today: date) -> bool:
        return self.status == WaiverStatus.POSTED and self.review_ends_on is not None and today <= self.review_ends_on


PUBLISHED_MODELS[Waiver.kind] = Waiver


class WaiverResponse(RandomIdModel):
    """A partner's answer to a posted waiver: "this facility of mine can supply so much by then". Shown to the
    buying partner, to the responding partner and to the secretariat (staff), never to anyone else."""

    waiver = models.ForeignKey(Waiver, on_delete=models.CASCADE, related_name="responses")
    partner = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(**QUANTITY)
    available_by = models.DateField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["waiver", "partner", "facility"], name="unique_waiver_response")
        ]
        ordering = ["created_at", "id"]


class WaiverNotice(models.Model):
    """That a partner was told of a posted waiver (``waiver.posted``): the webhook goes once per partner."""

    waiver = models.ForeignKey(Waiver, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("sharing.Partner", on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["waiver", "partner"], name="unique_waiver_notice")]


class PurchaseTotal(Published):
    """What one agency of a partner bought in one quarter through one channel or marketplace, by origin.

    Values are in the reporting currency (PROCUREMENT_CURRENCY), like unit costs: partners convert before
    publishing, so totals add up across agencies and channels without exchange rates.
    """

    kind = "purchase_total"
    agency = models.CharField(max_length=200, help_text="The buying agency within the partner government.")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900), MaxValueValidator(2200)])
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    channel = models.CharField(max_length=200, help_text="The channel or marketplace the purchases went through.")
    domestic_value = models.DecimalField(max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    allied_value = models.DecimalField(max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    other_value = models.DecimalField(max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        constraints = [_unique_external_id("purchase_total")]
        indexes = [models.Index(fields=["owner", "year", "quarter"])]


PUBLISHED_MODELS[PurchaseTotal.kind] = PurchaseTotal
