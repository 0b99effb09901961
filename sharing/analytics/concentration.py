"""Concentration (capacity by country, shares, HHI) and chokepoints, from published cells only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from sharing.analytics.disclosure import (
    CAPACITY_MEASURES,
    ZERO,
    Cell,
    CellTable,
    Viewer,
    aggregate_cells,
    coverage_note,
    sub_table,
    without_jit,
)
from sharing.choices import PartnerStatus
from sharing.models import Capacity, Facility, Partner, Product, SupplyLink

UNCONCENTRATED_BELOW = 1500
HIGHLY_ABOVE = 2500


@dataclass
class Answer:
    """An analytics answer, and what it disclosed: for the audit trail."""

    body: dict
    aggregate_reads: Counter = field(default_factory=Counter)  # owner id -> non-public records in published cells
    record_reads: dict[str, list] = field(default_factory=dict)  # kind -> records shown one by one


def hhi_band(hhi: float | None) -> str | None:
    if hhi is None:
        return None
    if hhi < UNCONCENTRATED_BELOW:
        return "unconcentrated"
    if hhi <= HIGHLY_ABOVE:
        return "moderately concentrated"
    return "highly concentrated"


def share(part: Decimal, total: Decimal) -> float | None:
    return round(float(part / total), 6) if total else None


def partner_countries() -> set[str]:
    """Countries of active partners: where "partner" supply is."""
    return {str(c) for c in Partner.objects.filter(status=PartnerStatus.ACTIVE).values_list("country", flat=True)}


def by_country(cells: Iterable[Cell]) -> dict[str, dict[str, Decimal]]:
    """Published cells rolled up by their country (the last element of their key)."""
    totals: dict[str, dict[str, Decimal]] = {}
    for cell in cells:
        country = str(cell.key[-1])
        entry = totals.setdefault(country, {"nominal": ZERO, "spare": ZERO})
        entry["nominal"] += cell.whole.nominal
        entry["spare"] += cell.whole.spare
    return totals


def product_country_cells(viewer: Viewer, products: list[Product], measures: tuple[str, ...] = CAPACITY_MEASURES,
                          countries: list[str] | None = None) -> CellTable:
    """Capacity of ``products`` in (product, country) cells (those of ``countries`` only, if given), one grouped
    read: concentration's cells, and (keys narrowed by ``sub_table``) chokepoints' and coverage's cells of each
    product, which are the same records (a cell's verdict depends on its own records alone)."""
    where = Q(product_id__in=[p.pk for p in products])
    if countries is not None:
        where &= Q(facility__country__in=countries)
    return aggregate_cells(
        viewer, Capacity, where=where, key=("product_id", "facility__country"),
        key_names=("product", "country"), measures=measures, date_field="as_of",
    )


def of_product(table: CellTable, product: Product, *, by_country: bool = False,
               measures: tuple[str, ...] = CAPACITY_MEASURES, countries: list[str] | None = None) -> CellTable:
    """One product's cells of a ``product_country_cells`` table (keyed by country alone with ``by_country``;
    only the given ``countries`` if any)."""
    wanted = None if countries is None else set(countries)
    return sub_table(
        table, keep=lambda key: key[0] == product.pk and (wanted is None or str(key[1]) in wanted),
        drop=1 if by_country else 0, measures=measures,
    )


def concentration(*, viewer: Viewer, products: list[Product], product: Product | None = None,
                  sector: str | None = None, table: CellTable | None = None,
                  partners: set[str] | None = None) -> Answer:
    """Capacity by country for one product, or summed over a sector's products, under disclosure control.
    ``table``: the products' (product, country) cells if already read (``product_country_cells``)."""
    codes = {p.pk: p.code for p in products}
    if table is None:
        table = product_country_cells(viewer, products)
    published = table.published()
    countries = by_country(published)
    total = table.total()
    partners = partner_countries() if partners is None else partners
    rows = []
    for country, values in sorted(countries.items(), key=lambda kv: (-kv[1]["nominal"], kv[0])):
        rows.append({
            "country": country, "nominal": values["nominal"], "spare": values["spare"],
            "share": share(values["nominal"], total["nominal"]), "partner_country": country in partners,
        })
    # From the exact shares, not the rounded ones shown.
    hhi = round(float(sum((v["nominal"] * 100 / total["nominal"]) ** 2 for v in countries.values())), 2) \
        if total["nominal"] else None
    partner_nominal = sum((r["nominal"] for r in rows if r["partner_country"]), ZERO)
    suppressed = table.suppressed_entries(lambda key: {"product": codes[key[0]], "country": str(key[1])})
    units = sorted({p.unit for p in products})
    body = {
        "product": product.code if product else None,
        "sector": sector,
        "products": sorted(codes.values()),
        "unit": units[0] if len(units) == 1 else None,
        "as_of": table.as_of(),
        "min_contributors": viewer.min_contributors,
        "coverage": coverage_note(len(suppressed)),
        "total": total,
        "countries": rows,
        "hhi": hhi,
        "hhi_band": hhi_band(hhi),
        "top_country": {"country": rows[0]["country"], "share": rows[0]["share"]} if rows and total["nominal"]
        else None,
        "partner_share": share(partner_nominal, total["nominal"]),
        "non_partner_share": share(total["nominal"] - partner_nominal, total["nominal"]),
        "suppressed_cells": len(suppressed),
        "suppressed": suppressed,
    }
    return Answer(body, aggregate_reads=table.read_by_owner())


def concentration_each(*, viewer: Viewer, products: list[Product], table: CellTable | None = None,
                       partners: set[str] | None = None) -> dict[int, Answer]:
    """``concentration`` of each product (by id), from one grouped read of their cells."""
    table = product_country_cells(viewer, products) if table is None else table
    partners = partner_countries() if partners is None else partners
    return {
        p.pk: concentration(viewer=viewer, products=[p], product=p, table=of_product(table, p), partners=partners)
        for p in products
    }


def chokepoints(*, viewer: Viewer, product: Product, limit: int = 20) -> Answer:
    """Countries (published cells) and facilities (seen by the caller) whose loss removes the most capacity;
    buyers that depend on one supplier for the product (from supply links the caller sees)."""
    return chokepoints_each(viewer=viewer, products=[product], limit=limit)[product.pk]


def chokepoints_each(*, viewer: Viewer, products: list[Product], limit: int = 20,
                     table: CellTable | None = None) -> dict[int, Answer]:
    """``chokepoints`` of each product (by id) in four reads however many products: the capacity cells (or
    ``table``, their ``product_country_cells`` if already read), the facilities' capacity in published cells,
    those facilities, and the links of buyers with a single supplier."""
    if not products:
        return {}
    table = product_country_cells(viewer, products) if table is None else table
    tables = {p.pk: of_product(table, p, by_country=True) for p in products}
    totals = {pk: t.total()["nominal"] for pk, t in tables.items()}
    published = {pk: sorted(t.published(), key=lambda c: (-c.whole.nominal, str(c.key[0])))
                 for pk, t in tables.items()}
    # A facility's capacity counts toward the published total only where its country's cell is published.
    in_published = Q(pk__in=[])
    for pk, cells in published.items():
        if cells:
            in_published |= Q(product_id=pk, facility__country__in=[str(cell.key[0]) for cell in cells])
    visible = Capacity.objects.visible_as(viewer.partner_id, viewer.group_ids).filter(in_published)
    by_facility = without_jit(
        visible.values("product_id", "facility_id").annotate(nominal=Sum("nominal"))
        .order_by("product_id", "-nominal", "facility_id")
    )
    tops: dict[int, list[dict]] = {p.pk: [] for p in products}
    for row in by_facility:
        if len(tops[row["product_id"]]) < limit:
            tops[row["product_id"]].append(row)
    facilities = Facility.objects.select_related("owner").in_bulk(
        sorted({row["facility_id"] for rows in tops.values() for row in rows}))
    links = SupplyLink.objects.visible_as(viewer.partner_id, viewer.group_ids).filter(
        product_id__in=[p.pk for p in products])
    # Buyers with one supplier of some product (an uncorrelated, hashed sub-query), all their links of the products;
    # then, per (product, buyer), those with one distinct supplier: the same test on the same links.
    single = (
        links.values("product_id", "buyer_id").annotate(suppliers=Count("supplier_id", distinct=True))
        .filter(suppliers=1).values("buyer_id")
    )
    candidates = without_jit(
        links.filter(buyer_id__in=single).select_related("supplier__owner", "buyer__owner", "owner")
        .order_by("product_id", "-volume_per_month", "buyer_id", "id")
    )
    suppliers: dict[tuple[int, int], set[int]] = {}
    for link in candidates:
        suppliers.setdefault((link.product_id, link.buyer_id), set()).add(link.supplier_id)
    dependent: dict[int, list[SupplyLink]] = {p.pk: [] for p in products}
    for link in candidates:
        if len(suppliers[(link.product_id, link.buyer_id)]) == 1:
            dependent[link.product_id].append(link)
    return {
        p.pk: _chokepoints(viewer, p, limit, tables[p.pk], totals[p.pk], published[p.pk], tops[p.pk], facilities,
                           dependent[p.pk])
        for p in products
    }


def _chokepoints(viewer: Viewer, product: Product, limit: int, table: CellTable, total: Decimal,
                 published: list[Cell], top: list[dict], facilities: dict[int, Facility],
                 dependent_links: list[SupplyLink]) -> Answer:
    countries = [
        {"rank": rank, "country": str(cell.key[0]), "nominal": cell.whole.nominal,
         "share": share(cell.whole.nominal, total)}
        for rank, cell in enumerate(published[:limit], start=1)
    ]
    facility_rows = [
        {"rank": rank, "facility": _facility(facilities[row["facility_id"]]), "nominal": row["nominal"],
         "share": share(row["nominal"], total)}
        for rank, row in enumerate(top, start=1)
    ]
    dependencies: dict[int, dict] = {}
    for link in dependent_links:
        entry = dependencies.setdefault(link.buyer_id, {
            "buyer": _facility(link.buyer), "supplier": _facility(link.supplier), "volume_per_month": ZERO,
            "links": [],
        })
        entry["volume_per_month"] += link.volume_per_month
        entry["links"].append(link.pk)
    dependency_rows = list(dependencies.values())
    shown_buyers = {d["buyer"]["id"] for d in dependency_rows[:limit]}
    shown_links = [link for link in dependent_links if link.buyer_id in shown_buyers]
    suppressed = table.suppressed_entries(lambda key: {"country": str(key[0])})
    body = {
        "product": product.code,
        "unit": product.unit,
        "as_of": table.as_of(),
        "min_contributors": viewer.min_contributors,
        "coverage": coverage_note(len(suppressed))
        + " Facilities and supply links are those you can see.",
        "total": {"nominal": total},
        "countries": countries,
        "facilities": facility_rows,
        "single_supplier_buyers": dependency_rows[:limit],
        "single_supplier_buyer_count": len(dependency_rows),
        "suppressed_cells": len(suppressed),
        "suppressed": suppressed,
    }
    reads = {"facility": [facilities[row["facility_id"]] for row in top], "supply_link": shown_links}
    return Answer(body, aggregate_reads=table.read_by_owner(), record_reads=reads)


def _facility(facility: Facility) -> dict:
    return {"id": facility.pk, "name": facility.name, "country": str(facility.country), "owner": facility.owner.code}
