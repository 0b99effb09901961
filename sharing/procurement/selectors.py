"""Reads of waivers: the registry's full-text search, scouting for suppliers, capability responses.

Every read starts from ``visible_to`` (waivers, facilities, capacity): nothing here has a rule of its own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, Sum

from sharing.choices import PartnerStatus
from sharing.models import Capacity, Partner, Waiver, WaiverResponse
from sharing.procurement.matching import candidates

# The texts a search reads, in every waiver: what it is, who buys it and why.
SEARCHED = ("agency", "product_text", "description", "vendor", "justification", "product__name", "product__code")
_WORD = re.compile(r"\w+", re.UNICODE)


def search_words(text: str) -> list[str]:
    """The words of a query, as both back ends match them: runs of letters and digits, lower-cased."""
    return [w.lower() for w in _WORD.findall(text or "")][:20]


def search(queryset: QuerySet[Waiver], text: str) -> QuerySet[Waiver]:
    """Waivers whose texts hold every word of ``text`` (whole words, any case, in any of the texts).

    PostgreSQL: a text-search vector of the texts in the ``simple`` configuration (no stemming and no stop words,
    so that "magnet" does not find "magnets", as on SQLite) against a ``plainto_tsquery`` of the words. SQLite: per
    word, a case-insensitive whole-word regular expression on each text. For plain words (letters and digits) both
    answer alike; PostgreSQL also splits words at hyphens and dots as its parser does, so "non-availability" is found
    by "availability" on both.
    """
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector(*SEARCHED, config="simple")  # each text coalesced to '' (a waiver without product)
        return queryset.annotate(search=vector).filter(search=SearchQuery(" ".join(words), config="simple",
                                                                           search_type="plain"))
    condition = Q()
    for word in words:
        pattern = rf"(^|\W){re.escape(word)}(\W|$)"
        condition &= Q(*[Q(**{f"{name}__iregex": pattern}) for name in SEARCHED], _connector=Q.OR)
    return queryset.filter(condition)


# --- scouting ------------------------------------------------------------------------------------------------------


@dataclass
class ScoutedSite:
    facility_id: int
    facility_external_id: str
    owner: str
    name: str
    country: str
    product: str
    spare: Decimal
    releasable: Decimal
    distance_km: float | None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of radius 6,371 km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def scouting_countries(waiver: Waiver) -> set[str]:
    """The buying partner's country and those of the allied (active partner) countries."""
    countries = {str(c) for c in Partner.objects.filter(status=PartnerStatus.ACTIVE).values_list("country", flat=True)}
    return countries | {str(waiver.owner.country)}


def scout(waiver: Waiver, principal, limit: int = 50) -> tuple[str | None, list[ScoutedSite]]:
    """Facilities the caller may see, in the buying partner's or an allied country, with capacity it may see that
    reports spare or releasable output of the waiver's product or its nearest catalogue match (``matching``).

    One row per facility and product: the spare and releasable output summed over the capacity records the caller
    may see. Ranked by spare output (most first), then distance from the place of delivery (nearest first; a
    waiver without one ranks by spare only), then the facility's id. Returns the match level and the rows.
    """
    countries = sorted(scouting_countries(waiver))
    base = (
        Capacity.objects.visible_to(principal)
        .filter(facility__country__in=countries)
        .filter(Q(spare__gt=0) | Q(releasable__gt=0))
    )
    for level, product_ids in candidates(waiver):
        rows = list(
            base.filter(product_id__in=product_ids)
            .values("facility_id", "facility__external_id", "facility__owner__code", "facility__name",
                    "facility__country", "facility__latitude", "facility__longitude", "product__code")
            .annotate(spare_total=Sum("spare"), releasable_total=Sum("releasable"))
            .order_by()
        )
        if not rows:
            continue
        sites = []
        for row in rows:
            distance = None
            if waiver.delivery_latitude is not None and waiver.delivery_longitude is not None:
                distance = round(distance_km(float(waiver.delivery_latitude), float(waiver.delivery_longitude),
                                             float(row["facility__latitude"]), float(row["facility__longitude"])), 1)
            sites.append(ScoutedSite(
                facility_id=row["facility_id"], facility_external_id=row["facility__external_id"],
                owner=row["facility__owner__code"], name=row["facility__name"],
                country=str(row["facility__country"]), product=row["product__code"], spare=row["spare_total"],
                releasable=row["releasable_total"], distance_km=distance,
            ))
        sites.sort(key=lambda s: (-s.spare, s.distance_km if s.distance_km is not None else 0.0, s.facility_id))
        return level, sites[:limit]
    return None, []


# --- capability responses --------------------------------------------------------------------------------------


def responses_visible_to(waiver: Waiver, principal) -> QuerySet[WaiverResponse]:
    """The buying partner and the secretariat read every response to a waiver; a responder its own; nobody else."""
    responses = WaiverResponse.objects.filter(waiver=waiver).select_related("partner", "facility")
    if principal is None:
        return responses.none()
    if principal.is_staff or (principal.partner_id is not None and principal.partner_id == waiver.owner_id):
        return responses
    if principal.partner_id is None:
        return responses.none()
    return responses.filter(partner_id=principal.partner_id)
