"""``waiver.posted``: a partner whose own facilities make a waiver's product hears of it once, when it is posted for
review ("you may be able to supply this").

Only a partner that may see the waiver by the sharing rules is told (a webhook is one more read path: it must not
tell a partner of a waiver it cannot see), only an active one, never the buying partner itself, and at most once
per waiver (``WaiverNotice``): a later edit, a marking loosened or a sharing group joined during the review tells
only partners not yet told. What it says is the waiver's public content, without the sharing groups it names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from sharing.choices import PartnerStatus, WaiverStatus, WebhookEvent
from sharing.models import Capacity, Partner, Product, Waiver, WaiverNotice
from sharing.procurement.matching import made_products
from sharing.querysets import group_ids_of
from sharing.services.webhooks import notify_many


def waiver_payload(waiver: Waiver, owner_code: str, product_code: str | None) -> dict:
    review_ends = waiver.review_ends_on
    return {
        "id": waiver.pk, "external_id": waiver.external_id, "buying_partner": owner_code,
        "agency": waiver.agency, "product": product_code,
        "product_text": waiver.product_text, "hs_code": waiver.hs_code, "description": waiver.description,
        "quantity": str(waiver.quantity), "unit": waiver.unit, "reason": waiver.reason, "status": waiver.status,
        "origin_country": str(waiver.origin_country), "marking": waiver.marking,
        "posted_on": waiver.posted_on.isoformat() if waiver.posted_on else None,
        "review_ends_on": review_ends.isoformat() if review_ends else None,
        "url": f"/api/v1/waivers/{waiver.pk}/",
    }


def makers_of(product_ids: list[int]) -> set[int]:
    """Active partners with live capacity of one of these products at a live facility of their own."""
    if not product_ids:
        return set()
    own_capacity = Capacity.objects.live().filter(
        owner_id=OuterRef("pk"), product_id__in=product_ids, facility__owner_id=OuterRef("pk"),
        facility__deleted_at__isnull=True, nominal__gt=0,
    )
    return set(
        Partner.objects.filter(status=PartnerStatus.ACTIVE).filter(Exists(own_capacity)).values_list("pk", flat=True)
    )


def waivers_posted(waivers: Iterable[Waiver]) -> int:
    """Tells the makers of each posted, live waiver that have not been told yet. Runs in the writer's transaction
    (the deliveries are queued after commit). Returns how many partners were told.

    A few queries whatever the number of waivers (a bulk upsert may post thousands): the makers once per product
    (or HS heading), the notices already sent, and one visibility query per partner to be told."""
    posted = [w for w in waivers if w.status == WaiverStatus.POSTED and w.deleted_at is None]
    if not posted:
        return 0
    posted_ids = [w.pk for w in posted]
    owners = dict(Partner.objects.filter(pk__in={w.owner_id for w in posted}).values_list("pk", "code"))
    codes = dict(Product.objects.filter(pk__in={w.product_id for w in posted if w.product_id})
                 .values_list("pk", "code"))
    told = set(WaiverNotice.objects.filter(waiver_id__in=posted_ids).values_list("waiver_id", "partner_id"))
    makers: dict[tuple[int, ...], set[int]] = {}
    wanted: dict[int, list[Waiver]] = defaultdict(list)  # partner -> waivers it makes and has not heard of
    made: dict[tuple[int | None, str], tuple[int, ...]] = {}
    for waiver in posted:
        key = (waiver.product_id, "" if waiver.product_id else waiver.hs_code)
        if key not in made:
            made[key] = tuple(sorted(made_products(waiver)))
        products = made[key]
        if products not in makers:
            makers[products] = makers_of(list(products))
        for partner_id in makers[products] - {waiver.owner_id}:
            if (waiver.pk, partner_id) not in told:
                wanted[partner_id].append(waiver)
    notices: list[WaiverNotice] = []
    events: list[tuple[int, str, dict]] = []
    for partner_id, candidates in sorted(wanted.items()):
        seen = set(Waiver.objects.visible_as(partner_id, group_ids_of(partner_id))
                   .filter(pk__in=[w.pk for w in candidates]).values_list("pk", flat=True))
        for waiver in candidates:
            if waiver.pk in seen:
                notices.append(WaiverNotice(waiver_id=waiver.pk, partner_id=partner_id))
                events.append((partner_id, WebhookEvent.WAIVER_POSTED,
                               waiver_payload(waiver, owners[waiver.owner_id], codes.get(waiver.product_id))))
    if notices:
        WaiverNotice.objects.bulk_create(notices)
        notify_many(events)
    return len(notices)
