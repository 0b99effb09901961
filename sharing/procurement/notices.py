"""``waiver.posted``: a partner whose own facilities make a waiver's product hears of it once, when it is posted for
review ("you may be able to supply this").

Only a partner that may see the waiver by the sharing rules is told (a webhook is one more read path: it must not
tell a partner of a waiver it cannot see), only an active one, never the buying partner itself, and at most once
per waiver (``WaiverNotice``): a later edit, a marking loosened or a sharing group joined during the review tells
only partners not yet told. What it says is the waiver's public content, without the sharing groups it names.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from sharing.choices import PartnerStatus, WaiverStatus, WebhookEvent
from sharing.models import Capacity, Partner, Waiver, WaiverNotice
from sharing.procurement.matching import made_products
from sharing.querysets import group_ids_of
from sharing.services.webhooks import notify_many


def waiver_payload(waiver: Waiver) -> dict:
    review_ends = waiver.review_ends_on
    return {
        "id": waiver.pk, "external_id": waiver.external_id, "buying_partner": waiver.owner.code,
        "agency": waiver.agency, "product": waiver.product.code if waiver.product_id else None,
        "product_text": waiver.product_text, "hs_code": waiver.hs_code, "description": waiver.description,
        "quantity": str(waiver.quantity), "unit": waiver.unit, "reason": waiver.reason, "status": waiver.status,
        "origin_country": str(waiver.origin_country), "marking": waiver.marking,
        "posted_on": waiver.posted_on.isoformat() if waiver.posted_on else None,
        "review_ends_on": review_ends.isoformat() if review_ends else None,
        "url": f"/api/v1/waivers/{waiver.pk}/",
    }


def makers_of(product_ids: list[int], exclude: int) -> list[int]:
    """Active partners with live capacity of one of these products at a live facility of their own."""
    if not product_ids:
        return []
    own_capacity = Capacity.objects.live().filter(
        owner_id=OuterRef("pk"), product_id__in=product_ids, facility__owner_id=OuterRef("pk"),
        facility__deleted_at__isnull=True, nominal__gt=0,
    )
    return list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE).exclude(pk=exclude)
        .filter(Exists(own_capacity)).values_list("pk", flat=True)
    )


def waivers_posted(waivers: Iterable[Waiver]) -> int:
    """Tells the makers of each posted, live waiver that have not been told yet. Runs in the writer's transaction
    (the deliveries are queued after commit). Returns how many partners were told."""
    posted = [w for w in waivers if w.status == WaiverStatus.POSTED and w.deleted_at is None]
    if not posted:
        return 0
    told = set(WaiverNotice.objects.filter(waiver_id__in=[w.pk for w in posted]).values_list("waiver_id", "partner_id"))
    events: list[tuple[int, str, dict]] = []
    notices: list[tuple[int, int]] = []
    groups: dict[int, list[int]] = {}
    for waiver in Waiver.objects.filter(pk__in=[w.pk for w in posted]).select_related("owner", "product"):
        for partner_id in makers_of(made_products(waiver), exclude=waiver.owner_id):
            if (waiver.pk, partner_id) in told:
                continue
            if partner_id not in groups:
                groups[partner_id] = group_ids_of(partner_id)
            if not Waiver.objects.visible_as(partner_id, groups[partner_id]).filter(pk=waiver.pk).exists():
                continue
            notices.append((waiver.pk, partner_id))
            events.append((partner_id, WebhookEvent.WAIVER_POSTED, waiver_payload(waiver)))
    if notices:
        WaiverNotice.objects.bulk_create([WaiverNotice(waiver_id=w, partner_id=p) for w, p in notices])
        notify_many(events)
    return len(notices)
