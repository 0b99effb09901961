"""Stockpile coverage: how many months of demand a partner's (or the alliance's) stockpiles cover, and how much of
a month's demand spare capacity could meet, under the disclosure rule (sharing/analytics/disclosure.py).

What counts, for one product, on the reference date (today, UTC):

- Demand: each partner's demand records of the product with that partner's latest ``as_of`` among the records
  that may count for the caller (several records on that date, e.g. one per agency, add up; older ones are
  superseded). Total, and the critical part (defence plus health).
- Stockpiles: every live stockpile of the product at a live facility that has not expired (no expiry, or an
  expiry after the reference date: the matcher's rule), quantity and releasable quantity. A stockpile is its
  owner's, wherever it is held.
- Capacity: spare and releasable output a month of live capacity records at live facilities located in the
  countries asked about (a plant serves the country it is in, whoever publishes it), as the concentration
  answer counts it.

Scope: a partner (``partner=``) is its own demand and stockpiles (records it owns) and the capacity in its
country; the alliance (no partner) is every partner's demand and stockpiles and the capacity in the countries of
active partners.

Cells and the rule:

- Stockpiles and demand of the alliance are one cell each (the product): published when nothing in it is hidden
  from the caller, or when what is hidden comes from at least K partners other than the caller.
- Stockpiles and demand of one partner are a part of that cell chosen by owner. Whether such a part holds hidden
  records would tell that this partner has records the caller cannot see; so another partner's part is published
  only when the whole product cell holds nothing hidden from the caller (then every figure in it is one the caller
  could add up itself), and the caller's own part when nothing in it is hidden. Hence no alliance answer minus
  partner answers isolates anything smaller than a published cell.
- Capacity is summed over the (product, country) cells that concentration and scenarios publish, so no answer
  minus another reveals a suppressed one; a suppressed country cell is listed and left out.

A figure built from a suppressed cell is itself suppressed (``"suppressed": true`` and null values), never zero.
Months and shares are null (not suppressed) when the demand they divide by is zero or absent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from sharing.analytics.concentration import of_product, partner_countries, product_country_cells
from sharing.analytics.disclosure import ZERO, CellTable, Part, Viewer, aggregate_cells, coverage_note
from sharing.models import Demand, Partner, Product, Stockpile

STOCK_MEASURES = ("quantity", "releasable")
DEMAND_MEASURES = ("total_per_month", "defence_per_month", "health_per_month")
CAPACITY_MEASURES = ("spare", "releasable")


def merge(parts) -> Part:
    """One part holding what the given parts hold (the same records, added up)."""
    merged = Part()
    for part in parts:
        for measure, value in part.values.items():
            merged.values[measure] = merged.values.get(measure, ZERO) + value
        merged.records += part.records
        if part.as_of is not None and (merged.as_of is None or part.as_of > merged.as_of):
            merged.as_of = part.as_of
        merged.hidden_owners |= part.hidden_owners
        merged.read_by_owner.update(part.read_by_owner)
    return merged


@dataclass
class Figure:
    """One figure of the answer: the part that went into it, and whether the rule lets it be shown."""

    part: Part
    published: bool

    def value(self, measure: str) -> Decimal | None:
        return self.part.value(measure) if self.published else None

    @property
    def reads(self) -> Counter:
        return self.part.read_by_owner if self.published else Counter()


def _owner_figure(viewer: Viewer, parts_by_owner: dict[int, Part], partner: Partner | None) -> Figure:
    """The alliance's figure (every owner's part) or one partner's, by the rule in the module's docstring."""
    whole = merge(parts_by_owner.values())
    if partner is None:
        return Figure(whole, whole.passes(viewer))
    own = parts_by_owner.get(partner.pk, Part())
    if partner.pk == viewer.partner_id:
        return Figure(own, own.passes(viewer))
    return Figure(own, not (whole.hidden_owners - {viewer.partner_id}))


def _stockpiles(viewer: Viewer, products: list[Product], on: date) -> dict[int, dict[int, Part]]:
    """Each product's stockpile parts by owner, one grouped read for all the products."""
    unexpired = Q(expiry__isnull=True) | Q(expiry__gt=on)
    table = aggregate_cells(
        viewer, Stockpile, where=Q(product_id__in=[p.pk for p in products]) & unexpired,
        key=("product_id", "owner_id"), measures=STOCK_MEASURES, date_field="as_of",
    )
    parts: dict[int, dict[int, Part]] = {p.pk: {} for p in products}
    for (product_id, owner_id), cell in table.cells.items():
        parts[product_id][owner_id] = cell.whole
    return parts


def _demand(viewer: Viewer, products: list[Product]) -> dict[int, dict[int, Part]]:
    """Each product's demand parts by owner (each owner's latest date), one grouped read for all the products."""
    table = aggregate_cells(
        # The date is part of the key (each part's ``as_of`` is then that date): no separate latest-date column.
        viewer, Demand, where=Q(product_id__in=[p.pk for p in products]), key=("product_id", "owner_id", "as_of"),
        measures=DEMAND_MEASURES,
    )
    latest: dict[tuple[int, int], date] = {}
    for product_id, owner_id, as_of in table.cells:
        if (product_id, owner_id) not in latest or as_of > latest[(product_id, owner_id)]:
            latest[(product_id, owner_id)] = as_of
    parts: dict[int, dict[int, Part]] = {p.pk: {} for p in products}
    for (product_id, owner_id), as_of in latest.items():
        parts[product_id][owner_id] = table.cells[(product_id, owner_id, as_of)].whole
    return parts


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(float(numerator / denominator), 6)


@dataclass
class CoverageAnswer:
    """The answer, and what it disclosed: non-public records in published figures, by kind and owner (audit)."""

    body: dict
    reads: dict[str, Counter] = field(default_factory=dict)


def coverage(*, viewer: Viewer, product: Product, partner: Partner | None, on: date) -> CoverageAnswer:
    """Months of demand covered by stockpiles and capacity's share of a month's demand; see the module."""
    return coverage_each(viewer=viewer, products=[product], scopes=[partner], on=on)[(product.pk, scope_of(partner))]


def scope_of(partner: Partner | None) -> int | None:
    """The key of a scope in ``coverage_each``'s answer: the partner's id, or None for the alliance."""
    return None if partner is None else partner.pk


def coverage_each(*, viewer: Viewer, products: list[Product], scopes: list[Partner | None], on: date,
                  table: CellTable | None = None) -> dict[tuple[int, int | None], CoverageAnswer]:
    """``coverage`` of each product for each scope (a partner, or None: the alliance), keyed by (product id,
    ``scope_of``), in three reads however many products and scopes: stockpiles, demand, and the capacity cells by
    (product, country) (or ``table``, those cells if already read: ``product_country_cells`` with the measures
    spare and releasable)."""
    if not products:
        return {}
    alliance = sorted(partner_countries()) if None in scopes else []
    stock = _stockpiles(viewer, products, on)
    demand = _demand(viewer, products)
    if table is None:
        wanted = set(alliance) | {str(partner.country) for partner in scopes if partner is not None}
        table = product_country_cells(viewer, products, CAPACITY_MEASURES, countries=sorted(wanted))
    answers = {}
    for product in products:
        for partner in scopes:
            countries = [str(partner.country)] if partner is not None else alliance
            answers[(product.pk, scope_of(partner))] = _coverage(
                viewer, product, partner, on, countries,
                _owner_figure(viewer, stock[product.pk], partner), _owner_figure(viewer, demand[product.pk], partner),
                of_product(table, product, by_country=True, measures=CAPACITY_MEASURES, countries=countries),
            )
    return answers


def _coverage(viewer: Viewer, product: Product, partner: Partner | None, on: date, countries: list[str],
              stock: Figure, demand: Figure, capacity: CellTable) -> CoverageAnswer:
    suppressed = [{"measure": name, "suppressed": True}
                  for name, figure in (("stockpile", stock), ("demand", demand)) if not figure.published]
    suppressed += [{"measure": "capacity", **entry} for entry in
                   capacity.suppressed_entries(lambda key: {"country": str(key[0])})]
    published_capacity = capacity.published()
    capacity_suppressed = not published_capacity and bool(capacity.suppressed())
    capacity_total = capacity.total()

    total = demand.value("total_per_month")
    critical = None if not demand.published else (
        demand.part.value("defence_per_month") + demand.part.value("health_per_month")
    )
    quantity, releasable = stock.value("quantity"), stock.value("releasable")
    spare = None if capacity_suppressed else capacity_total["spare"]
    releasable_capacity = None if capacity_suppressed else capacity_total["releasable"]
    months_suppressed = not (stock.published and demand.published)
    share_suppressed = capacity_suppressed or not demand.published
    dates = [d for d in (stock.part.as_of if stock.published else None,
                         demand.part.as_of if demand.published else None, capacity.as_of()) if d is not None]
    body = {
        "product": product.code,
        "unit": product.unit,
        "partner": partner.code if partner is not None else None,
        "scope": "partner" if partner is not None else "alliance",
        "countries": countries,
        "on": on,
        "as_of": max(dates) if dates else None,
        "min_contributors": viewer.min_contributors,
        "coverage": coverage_note(len(suppressed)),
        "stockpile": {"suppressed": not stock.published, "quantity": quantity, "releasable": releasable,
                      "as_of": stock.part.as_of if stock.published else None},
        "demand": {"suppressed": not demand.published, "total_per_month": total, "critical_per_month": critical,
                   "defence_per_month": demand.value("defence_per_month"),
                   "health_per_month": demand.value("health_per_month"),
                   "as_of": demand.part.as_of if demand.published else None},
        "capacity": {"suppressed": capacity_suppressed, "complete": not capacity.suppressed(),
                     "spare": spare, "releasable": releasable_capacity,
                     "as_of": capacity.as_of() if not capacity_suppressed else None},
        "months_covered": {
            "suppressed": months_suppressed,
            "total_demand": {"stockpile": _ratio(quantity, total), "releasable": _ratio(releasable, total)},
            "critical_demand": {"stockpile": _ratio(quantity, critical), "releasable": _ratio(releasable, critical)},
        },
        "capacity_share": {
            "suppressed": share_suppressed,
            "total_demand": {"spare": _ratio(spare, total), "releasable": _ratio(releasable_capacity, total)},
            "critical_demand": {"spare": _ratio(spare, critical),
                                "releasable": _ratio(releasable_capacity, critical)},
        },
        "suppressed_cells": len(suppressed),
        "suppressed": suppressed,
    }
    return CoverageAnswer(body, {"stockpile": stock.reads, "demand": demand.reads,
                                 "capacity": capacity.read_by_owner()})
