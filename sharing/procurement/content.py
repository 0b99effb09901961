"""Domestic and allied content of a facility's output (issue 15 part 4): cost shares of its components by origin.

The rule, in words:
- The components of one unit of a product are the lines of its bill of materials. A component's cost is its
  quantity per unit times the unit cost on the capacity record of the facility that supplies it (found through
  the supply links into the buying facility that the caller may see), its origin that facility's country.
- Recursively through every tier: a supplier's unit cost is split into the cost of its own components (found the
  same way, through the supplier's visible links) and the rest, the value added at the supplier, whose origin is
  the supplier's country. Inputs that cost more than the supplier's unit cost are scaled down to it (value added
  zero) and the answer flags it.
- Several visible suppliers of one component: each counts in proportion to its link's volume per month (all
  volumes zero: equally).
- No visible supplier: the component counts as unknown at the catalogue's reference unit cost, never as domestic.
  A supplier the caller may not see is exactly no supplier (its link is not visible), so the answer never
  depends on a hidden supplier's cost or country. A visible supplier without a visible unit cost: its country
  counts at the reference unit cost. Neither: the component is unpriced and the verdict undetermined.
- Origins: domestic (the buying partner's country), allied (PROCUREMENT_QUALIFYING_COUNTRIES, by default the
  countries of the active partners), other, unknown.
- Verdict: the qualifying share (domestic; domestic and allied for defence purchases) must exceed the threshold
  for the delivery year (PROCUREMENT_CONTENT_THRESHOLDS; the fallback, PROCUREMENT_CONTENT_FALLBACK, when asked).
  Computed on exact decimals; shares are shown rounded.

Reads take a bounded number of queries: two per tier of the bill of materials, whatever the number of suppliers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from sharing.choices import PartnerStatus
from sharing.models import Capacity, Facility, Partner, Product, ProductInput, SupplyLink
from sharing.principal import Principal

ZERO = Decimal(0)
ORIGINS = ("domestic", "allied", "other", "unknown")


@dataclass
class Origins:
    """A cost split by origin (per unit of whatever it is the cost of)."""

    domestic: Decimal = ZERO
    allied: Decimal = ZERO
    other: Decimal = ZERO
    unknown: Decimal = ZERO

    def __add__(self, other: Origins) -> Origins:
        return Origins(*(getattr(self, o) + getattr(other, o) for o in ORIGINS))

    def times(self, factor: Decimal) -> Origins:
        return Origins(*(getattr(self, o) * factor for o in ORIGINS))

    @property
    def total(self) -> Decimal:
        return self.domestic + self.allied + self.other + self.unknown


@dataclass
class Component:
    """One line of the product's bill of materials, costed."""

    product_id: int
    code: str
    quantity_per_unit: Decimal
    origins: Origins
    basis: str  # supplied | reference | unpriced
    suppliers: int

    def qualifying(self, defence: bool) -> Decimal:
        return self.origins.domestic + (self.origins.allied if defence else ZERO)


@dataclass
class Content:
    facility: Facility
    product: Product
    domestic_country: str
    qualifying_countries: list[str]
    delivery_year: int
    fallback: bool
    defence: bool
    threshold: Decimal
    components: list[Component]
    origins: Origins
    verdict: str  # meets | fails | undetermined
    deciding: list[str]
    unpriced: list[str]
    inputs_exceed_unit_cost: list[str]
    # (kind, owner_id, record_id, marking) of every record the answer used, for the audit.
    records_used: set[tuple[str, int, int, str]] = field(default_factory=set)

    @property
    def qualifying_cost(self) -> Decimal:
        return self.origins.domestic + (self.origins.allied if self.defence else ZERO)


def threshold_for(year: int, fallback: bool) -> Decimal:
    """The percent the qualifying content must exceed for a delivery year."""
    percent = None
    for first, last, value in settings.PROCUREMENT_CONTENT_THRESHOLDS:
        if (first is None or year >= first) and (last is None or year <= last):
            percent = Decimal(value)
            break
    if percent is None:  # a schedule with a gap: the strictest of its values, never none at all
        percent = max(Decimal(v) for _, _, v in settings.PROCUREMENT_CONTENT_THRESHOLDS)
    if fallback:
        percent = min(percent, Decimal(settings.PROCUREMENT_CONTENT_FALLBACK))
    return percent


def qualifying_countries() -> list[str]:
    configured = [c.upper() for c in settings.PROCUREMENT_QUALIFYING_COUNTRIES]
    if configured:
        return sorted(set(configured))
    rows = Partner.objects.filter(status=PartnerStatus.ACTIVE).values_list("country", flat=True).distinct()
    return sorted({str(c) for c in rows})


def _bill_of_materials(product_id: int) -> dict[int, list[tuple[int, Decimal]]]:
    """Every line reachable from the product, one query per tier (the catalogue refuses circular bills)."""
    bom: dict[int, list[tuple[int, Decimal]]] = {}
    frontier = {product_id}
    while frontier:
        for pid in frontier:
            bom.setdefault(pid, [])
        rows = ProductInput.objects.filter(product_id__in=frontier).values_list("product_id", "input_id",
                                                                                "quantity_per_unit")
        for pid, input_id, quantity in rows:
            bom[pid].append((input_id, quantity))
        frontier = {input_id for _, input_id, _ in rows} - set(bom)
    return bom


def content_for(*, principal: Principal, facility: Facility, product: Product, delivery_year: int,
                fallback: bool = False, defence: bool = False, domestic_country: str) -> Content:
    """The content share of one unit of ``product`` made at ``facility`` (already checked visible)."""
    bom = _bill_of_materials(product.pk)
    catalogue = {p["id"]: p for p in Product.objects.filter(pk__in=bom).values("id", "code", "reference_unit_cost")}
    allied = set(qualifying_countries()) - {domestic_country}
    used: set[tuple[str, int, int, str]] = {("facility", facility.owner_id, facility.pk, facility.marking)}

    # Walk down the tiers: which visible links feed each (facility, product) made, and at what unit cost.
    links: dict[tuple[int, int], list[dict]] = defaultdict(list)  # (buyer, input product) -> links
    unit_costs: dict[tuple[int, int], Decimal] = {}  # (supplier, product) -> unit cost on its capacity record
    made = {(facility.pk, product.pk)}
    seen = set(made)
    while made:
        wanted = {(f, i) for f, p in made for i, _ in bom[p]}
        if not wanted:
            break
        rows = list(
            SupplyLink.objects.visible_to(principal)
            .filter(buyer_id__in={f for f, _ in wanted}, product_id__in={i for _, i in wanted})
            .values("id", "owner_id", "marking", "supplier_id", "buyer_id", "product_id", "volume_per_month",
                    "supplier__country", "supplier__owner_id", "supplier__marking")
            .order_by("id")
        )
        rows = [r for r in rows if (r["buyer_id"], r["product_id"]) in wanted]
        for r in rows:
            links[(r["buyer_id"], r["product_id"])].append(r)
            used.add(("supply_link", r["owner_id"], r["id"], r["marking"]))
            used.add(("facility", r["supplier__owner_id"], r["supplier_id"], r["supplier__marking"]))
        supplied = {(r["supplier_id"], r["product_id"]) for r in rows}
        if supplied:
            capacities = (
                Capacity.objects.visible_to(principal)
                .filter(facility_id__in={s for s, _ in supplied}, product_id__in={i for _, i in supplied},
                        unit_cost__isnull=False)
                .values("id", "owner_id", "marking", "facility_id", "product_id", "unit_cost")
                .order_by("as_of", "id")  # the latest as_of (then the latest record) wins
            )
            for c in capacities:
                pair = (c["facility_id"], c["product_id"])
                if pair in supplied:
                    unit_costs[pair] = c["unit_cost"]
                    used.add(("capacity", c["owner_id"], c["id"], c["marking"]))
        made = supplied - seen
        seen |= made

    unpriced: set[str] = set()
    exceeded: set[str] = set()

    def classify(country: str) -> str:
        if country == domestic_country:
            return "domestic"
        return "allied" if country in allied else "other"

    memo_made: dict[tuple[int, int], Origins] = {}
    memo_unit: dict[tuple[int, int], Origins] = {}

    def supply_of(buyer: int, input_id: int) -> tuple[Origins, str, int]:
        """One unit of ``input_id`` as delivered to ``buyer``: its cost by origin, the basis, the suppliers."""
        feeding = links.get((buyer, input_id), [])
        reference = catalogue[input_id]["reference_unit_cost"]
        if not feeding:
            if reference is None:
                unpriced.add(catalogue[input_id]["code"])
                return Origins(), "unpriced", 0
            return Origins(unknown=reference), "reference", 0
        volume = sum((r["volume_per_month"] for r in feeding), ZERO)
        result, bases = Origins(), set()
        for r in feeding:
            weight = r["volume_per_month"] / volume if volume > 0 else Decimal(1) / len(feeding)
            origins, basis = unit_from(r["supplier_id"], input_id, str(r["supplier__country"]))
            bases.add(basis)
            result = result + origins.times(weight)
        basis = "unpriced" if "unpriced" in bases else "reference" if "reference" in bases else "supplied"
        return result, basis, len(feeding)

    def unit_from(supplier: int, product_id: int, country: str) -> tuple[Origins, str]:
        key = (supplier, product_id)
        cost = unit_costs.get(key)
        basis = "supplied"
        if cost is None:
            cost, basis = catalogue[product_id]["reference_unit_cost"], "reference"
        if cost is None:
            unpriced.add(catalogue[product_id]["code"])
            return Origins(), "unpriced"
        if key not in memo_unit:
            inner = made_at(supplier, product_id)
            if inner.total > cost:
                exceeded.add(catalogue[product_id]["code"])
                memo_unit[key] = inner.times(cost / inner.total)
            else:
                memo_unit[key] = inner + Origins(**{classify(country): cost - inner.total})
        return memo_unit[key], basis

    def made_at(site: int, product_id: int) -> Origins:
        key = (site, product_id)
        if key not in memo_made:
            total = Origins()
            for input_id, quantity in bom[product_id]:
                total = total + supply_of(site, input_id)[0].times(quantity)
            memo_made[key] = total
        return memo_made[key]

    components = []
    for input_id, quantity in bom[product.pk]:
        origins, basis, suppliers = supply_of(facility.pk, input_id)
        components.append(Component(input_id, catalogue[input_id]["code"], quantity, origins.times(quantity), basis,
                                    suppliers))
    total = Origins()
    for c in components:
        total = total + c.origins

    threshold = threshold_for(delivery_year, fallback)
    answer = Content(
        facility=facility, product=product, domestic_country=domestic_country,
        qualifying_countries=sorted(allied), delivery_year=delivery_year, fallback=fallback, defence=defence,
        threshold=threshold, components=components, origins=total, verdict="undetermined", deciding=[],
        unpriced=sorted(unpriced), inputs_exceed_unit_cost=sorted(exceeded), records_used=used,
    )
    if not unpriced and total.total > 0:
        answer.verdict = "meets" if _percent(answer.qualifying_cost, total.total) > threshold else "fails"
        answer.deciding = _deciding(answer)
    return answer


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return part * 100 / whole


def _deciding(answer: Content) -> list[str]:
    """The fewest components, largest first, that decide the verdict.

    Meets: the components whose qualifying content, were it not qualifying, would make it fail. Fails: the
    components whose non-qualifying content, were it qualifying, would make it meet the threshold.
    """
    whole, qualifying = answer.origins.total, answer.qualifying_cost
    chosen: list[str] = []
    if answer.verdict == "meets":
        for c in sorted(answer.components, key=lambda c: (-c.qualifying(answer.defence), c.code)):
            if c.qualifying(answer.defence) <= 0:
                break
            chosen.append(c.code)
            qualifying -= c.qualifying(answer.defence)
            if _percent(qualifying, whole) <= answer.threshold:
                return chosen
    else:
        def rest(c: Component) -> Decimal:
            return c.origins.total - c.qualifying(answer.defence)

        for c in sorted(answer.components, key=lambda c: (-rest(c), c.code)):
            if rest(c) <= 0:
                break
            chosen.append(c.code)
            qualifying += rest(c)
            if _percent(qualifying, whole) > answer.threshold:
                return chosen
    return chosen
