"""Which catalogue products a waiver is about, for scouting and for telling makers (``waiver.posted``).

The nearest catalogue match, in order, the first level that names any product with capacity the caller may see:
1. ``product``: the waiver's catalogue product itself;
2. ``hs_heading``: products that share an HS heading (the first four digits) with the waiver's HS code or its
   product's HS codes;
3. ``sector``: products of the waiver's product's sector (a free-text waiver has no sector, so no third level).
"""

from __future__ import annotations

from sharing.models import Product, Waiver

LEVELS = ("product", "hs_heading", "sector")


def headings_of(waiver: Waiver) -> set[str]:
    codes = list(waiver.product.hs_codes) if waiver.product_id else []
    if waiver.hs_code:
        codes.append(waiver.hs_code)
    return {str(code).replace(".", "")[:4] for code in codes if len(str(code).replace(".", "")) >= 4}


def candidates(waiver: Waiver) -> list[tuple[str, list[int]]]:
    """(level, product ids) for each level, nearest first."""
    levels: list[tuple[str, list[int]]] = []
    if waiver.product_id:
        levels.append(("product", [waiver.product_id]))
    headings = headings_of(waiver)
    if headings:
        same_heading = [pk for pk, codes in Product.objects.values_list("pk", "hs_codes")
                        if any(str(c).replace(".", "")[:4] in headings for c in codes or [])]
        levels.append(("hs_heading", sorted(same_heading)))
    if waiver.product_id:
        same_sector = Product.objects.filter(sector=waiver.product.sector).values_list("pk", flat=True)
        levels.append(("sector", sorted(same_sector)))
    return levels


def made_products(waiver: Waiver) -> list[int]:
    """The products whose makers hear of a posted waiver: its own product, or for a free-text waiver the products
    of its HS heading (never a whole sector: "you may be able to supply this" should be close to true)."""
    if waiver.product_id:
        return [waiver.product_id]
    levels = dict(candidates(waiver))
    return levels.get("hs_heading", [])
