"""Dependence on one country: the exposure walk asked the other way round.

Exposure (exposure.py) follows a partner's supply of a product upstream and says how much passes through one
country. Dependence asks the same of an origin: a named country, or every country outside the alliance (the
countries of active partners are the alliance; all others are outside it). Per tier, the share of the partner's
supply whose supplier at that tier is in the origin; in total, the share whose path touches the origin at any tier.
For a sector, the same for each of its products, ranked by that total.

The figures are the walk's: only supply links and facilities the caller may see are used (a hidden link counts as no
link, its weight as unknown), so no figure depends on a record the caller may not see and the disclosure rule has
nothing to suppress (disclosure.py: a cell with no hidden contribution is published).

Reading for a sector: the partner's links for all its products in one query, then the links upstream tier by tier
for the union of their bill-of-materials closures (at most ``max_tiers`` + 1 queries, however many products); each
product is then walked alone in Python.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings

from sharing.analytics.concentration import partner_countries
from sharing.analytics.exposure import (
    Exposure,
    LinkRow,
    Origin,
    _fetch_upstream,
    _rows,
    bill_of_materials,
    bom_closure,
    walk,
)
from sharing.models import Partner, Product, SupplyLink
from sharing.querysets import caller_group_ids, caller_partner_id

if TYPE_CHECKING:
    from sharing.principal import Principal


def origin_of(*, country: str | None, outside_alliance: bool) -> Origin:
    """A named country, or every country outside the alliance (the countries of active partners, read now)."""
    if outside_alliance:
        return Origin(frozenset(partner_countries()), outside=True)
    return Origin(frozenset({str(country)}))


def dependence_for(
    *, principal: Principal | None, products: list[Product], partner: Partner, origin: Origin,
    max_tiers: int | None = None,
) -> list[Exposure]:
    """The dependence of ``partner``'s supply of each product on ``origin``, from what ``principal`` may see."""
    depth = max_tiers or settings.EXPOSURE_MAX_TIERS
    visible = SupplyLink.objects.visible_as(caller_partner_id(principal), sorted(caller_group_ids(principal)))
    label = "outside" if origin.outside else next(iter(origin.countries), "")
    answers = {
        p.pk: Exposure(product=p, partner=partner, country=label, max_tiers=depth, origin=origin) for p in products
    }
    if not products:
        return []
    roots: dict[int, list[LinkRow]] = {p.pk: [] for p in products}
    for row in _rows(visible.filter(product_id__in=list(answers), buyer__owner=partner)):
        if row.volume > 0:
            roots[row.product_id].append(row)
    bom = bill_of_materials()
    closure: set[int] = set()
    for product_id, rows in roots.items():
        if rows:
            closure |= bom_closure(product_id, bom)
    all_roots = [row for rows in roots.values() for row in rows]
    inbound = _fetch_upstream(visible, all_roots, sorted(closure), depth) if all_roots else {}
    for product_id, rows in roots.items():
        answer = answers[product_id]
        answer.supply_volume = sum((r.volume for r in rows), Decimal(0))
        if rows:
            walk(answer, rows, inbound, bom)
    return [answers[p.pk] for p in products]


def ranked(answers: list[Exposure]) -> list[Exposure]:
    """Most dependent first (the share through the origin at any tier); products without visible supply last."""
    return sorted(answers, key=lambda a: (a.supply_volume == 0, -a.through_country, a.product.code))
