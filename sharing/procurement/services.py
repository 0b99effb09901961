"""Writes about waivers other than publishing them (``sharing.services.publishing`` publishes them like any kind):
a maker's capability response during the review period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from sharing.models import Facility, Waiver, WaiverResponse
from sharing.principal import Principal
from sharing.services.audit import audit_record


class ResponseRefused(Exception):
    """The response cannot be taken; ``status`` says how to answer (403, 409) and ``field`` what to name (400)."""

    def __init__(self, message: str, *, status: int = 409, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.field = field


@transaction.atomic
def waiver_respond(
    *, waiver: Waiver, principal: Principal, facility_external_id: str, quantity: Decimal, available_by: date,
    note: str = "",
) -> WaiverResponse:
    """Attaches the caller's partner's capability response to a waiver it can see, during its review period."""
    today = timezone.localdate()
    waiver = Waiver.objects.select_for_update(of=("self",)).get(pk=waiver.pk)
    if principal.partner_id == waiver.owner_id:
        raise ResponseRefused("The buying partner does not answer its own waiver.", status=403)
    if not waiver.in_review(today):
        raise ResponseRefused(
            f"Responses are taken while a waiver is posted for review; this one is {waiver.status}"
            + (f" and its review period ended on {waiver.review_ends_on}." if waiver.status == "posted" else ".")
        )
    facility = Facility.objects.live().filter(owner_id=principal.partner_id, external_id=facility_external_id).first()
    if facility is None:
        raise ResponseRefused("No facility of yours has this external_id.", status=400, field="facility")
    if quantity <= 0:
        raise ResponseRefused("Offer a quantity above zero.", status=400, field="quantity")
    if available_by < today:
        raise ResponseRefused("Must not be in the past.", status=400, field="available_by")
    try:
        with transaction.atomic():
            response = WaiverResponse.objects.create(
                waiver=waiver, partner=principal.partner, facility=facility, quantity=quantity,
                available_by=available_by, note=note,
            )
    except IntegrityError:
        raise ResponseRefused("You have already answered this waiver for this facility.") from None
    audit_record(
        action="waiver_response.create", principal=principal, object_type="waiver_response", object_id=response.pk,
        object_owner=principal.partner, detail={"waiver": waiver.pk, "facility": facility.pk},
    )
    return response
