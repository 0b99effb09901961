"""Multi-tier exposure: how much of a partner's supply of a product comes, tier by tier, from one country.

The partner's supply of a product is the supply links for that product into facilities the partner owns. Tier 1
is the suppliers of those links; tier n+1 is, for each supplier reached at tier n, its own supply: links into it
for the product it supplies and for that product's inputs in the bill of materials, an input's volume divided by
its quantity per unit so that every inbound link is counted in units of the product it ends up in. A link's share
of its buyer's supply times the share that reached the buyer is the share of the partner's supply on that path:
60% from supplier A, which takes 50% from country X, is 30% at tier 2.

Only what the caller may see is used (``visible_as``, the one sharing rule): a hidden link counts as no link, so
the weight behind it is "unknown" exactly as if it had never been published, and no figure depends on it.

Reading: the bill of materials in one query, then the links tier by tier (those into the facilities first reached
at the tier before, for the products of the product's bill-of-materials closure), each query with the supplier's
country; at most ``max_tiers`` + 1 link queries. The walk is in Python.

Cycles: a facility already on the current path is counted at its tier but not expanded again; the weight that
would flow on through it is reported as ``cyclic``. Paths that reach the same facility and product at the same
tier are merged when nothing further up can tell them apart: an ancestor can only be met again if it lies in the
facility's strongly connected component, so a state keeps just those ancestors (none, in an acyclic network), and
the walk stays linear in the size of the network rather than in the number of paths. Inside large tangled cycles
paths can still multiply: past ``EXPOSURE_MAX_STATES`` states in a tier the walk stops there and says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.db.models import QuerySet

from sharing.models import Partner, Product, ProductInput, SupplyLink
from sharing.querysets import caller_group_ids, caller_partner_id

if TYPE_CHECKING:
    from sharing.principal import Principal

_NO_ANCESTORS: frozenset[int] = frozenset()
# Facilities per link query: SQLite allows 32,766 parameters a statement; a wider tier takes more than one query.
FRONTIER_CHUNK = 5000


class Origin(NamedTuple):
    """Where supply is asked about: the named countries, or (``outside``) every country not named.

    Exposure names one country; dependence "from outside the alliance" names the partner countries and asks
    about every other.
    """

    countries: frozenset[str]
    outside: bool = False

    def __contains__(self, country: object) -> bool:
        return (country in self.countries) != self.outside


class LinkRow(NamedTuple):
    """What the walk needs of one visible supply link (and, for the audit, of its supplier facility).

    A named tuple, not a dataclass: tens of thousands are built per answer, straight from database rows.
    """

    id: int
    supplier_id: int
    buyer_id: int
    product_id: int
    volume: Decimal
    updated_at: datetime
    marking: str
    owner_id: int
    supplier_country: str
    supplier_marking: str
    supplier_owner_id: int


@dataclass(frozen=True)
class TierFigures:
    tier: int
    from_country: float  # share of the partner's supply whose tier-n supplier is in the country
    traced: float  # share that reaches a (visible) tier-n supplier
    unknown: float  # share whose chain stopped before tier n: a supplier publishes no further visible links
    cyclic: float  # share whose chain looped back to a facility already on its path before tier n
    suppliers: int  # distinct supplier facilities at tier n


@dataclass(frozen=True)
class PathStep:
    tier: int
    facility_id: int
    product_id: int | None  # the product this facility supplies on the path (None for the partner's own)
    link_id: int | None
    share_of_buyer: float | None  # the link's share of the next facility down's supply
    share_of_supply: float  # the share of the partner's supply on the path up to here


@dataclass
class Exposure:
    product: Product
    partner: Partner
    country: str
    max_tiers: int
    supply_volume: Decimal = Decimal(0)
    tiers: list[TierFigures] = field(default_factory=list)
    through_country: float = 0.0
    unknown: float = 0.0  # share whose trace ends at a supplier that publishes no further visible links
    cyclic: float = 0.0  # share whose trace ends by looping back to a facility already on its path
    beyond_depth: float = 0.0  # share at the last tier with further links that were not followed
    depth_limit_reached: bool = False  # the walk stopped at max_tiers
    work_limit_reached: bool = False  # the walk stopped earlier: too many distinct paths (EXPOSURE_MAX_STATES)
    top_path: list[PathStep] = field(default_factory=list)
    links_used: list[LinkRow] = field(default_factory=list)
    origin: Origin | None = None  # None: the one country above

    @property
    def origin_set(self) -> Origin:
        return self.origin or Origin(frozenset({self.country}))

    @property
    def as_of(self) -> datetime | None:
        """The latest ``updated_at`` of the supply links used."""
        return max((link.updated_at for link in self.links_used), default=None)


_FIELDS = (
    "id", "supplier_id", "buyer_id", "product_id", "volume_per_month", "updated_at", "marking", "owner_id",
    "supplier__country", "supplier__marking", "supplier__owner_id",
)


def _rows(queryset: QuerySet) -> list[LinkRow]:
    return list(map(LinkRow._make, queryset.order_by("id").values_list(*_FIELDS)))


def bill_of_materials() -> dict[int, list[tuple[int, float]]]:
    """Product id -> its inputs as (input id, quantity per unit); inputs with no quantity cannot be converted."""
    bom: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for product_id, input_id, per_unit in ProductInput.objects.values_list("product_id", "input_id",
                                                                           "quantity_per_unit"):
        if per_unit > 0:
            bom[product_id].append((input_id, float(per_unit)))
    return bom


def bom_closure(product_id: int, bom: dict[int, list[tuple[int, float]]]) -> set[int]:
    closure, todo = {product_id}, [product_id]
    while todo:
        for input_id, _ in bom.get(todo.pop(), ()):
            if input_id not in closure:
                closure.add(input_id)
                todo.append(input_id)
    return closure


def strongly_connected(edges: dict[int, set[int]]) -> dict[int, int]:
    """Facility id -> component id (Tarjan's algorithm, iterative so deep networks cannot overflow the stack)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    component: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for start in list(edges):
        if start in index:
            continue
        work = [(start, iter(edges.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
    return component


@dataclass
class _State:
    weight: float = 0.0
    best: float = 0.0  # the largest share carried by one single path into this state
    back: tuple | None = None  # (parent state key or None, the link, its share) of that path


def exposure_for(
    *, principal: Principal | None, product: Product, partner: Partner, country: str, max_tiers: int | None = None
) -> Exposure:
    """The exposure of ``partner``'s supply of ``product`` to ``country``, from what ``principal`` may see."""
    depth = max_tiers or settings.EXPOSURE_MAX_TIERS
    caller = caller_partner_id(principal)
    visible = SupplyLink.objects.visible_as(caller, sorted(caller_group_ids(principal)))
    answer = Exposure(product=product, partner=partner, country=country, max_tiers=depth)

    roots = [r for r in _rows(visible.filter(product=product, buyer__owner=partner)) if r.volume > 0]
    total = sum((r.volume for r in roots), Decimal(0))
    answer.supply_volume = total
    if not roots:
        return answer
    bom = bill_of_materials()
    closure = sorted(bom_closure(product.pk, bom))
    inbound = _fetch_upstream(visible, roots, closure, depth)
    walk(answer, roots, inbound, bom)
    return answer


def walk(
    answer: Exposure, roots: list[LinkRow], inbound: dict[int, list[LinkRow]],
    bom: dict[int, list[tuple[int, float]]],
) -> None:
    """Fills ``answer`` from links already read: no database here, so it can be checked against brute force.

    ``roots`` are the partner's links for the product (positive volumes), ``inbound`` maps a facility to its
    links for the products of the closure.
    """
    depth, country = answer.max_tiers, answer.origin_set
    max_states = settings.EXPOSURE_MAX_STATES
    total = sum((r.volume for r in roots), Decimal(0))
    edges: dict[int, set[int]] = defaultdict(set)  # buyer -> suppliers: the direction the walk goes
    for row in roots:
        edges[row.buyer_id].add(row.supplier_id)
    for rows in inbound.values():
        for row in rows:
            edges[row.buyer_id].add(row.supplier_id)
    component = strongly_connected(edges)
    country_of = {r.supplier_id: r.supplier_country for r in roots}
    for rows in inbound.values():
        country_of.update((r.supplier_id, r.supplier_country) for r in rows)

    inputs_of = {p: dict(lines) for p, lines in bom.items()}
    supply_cache: dict[tuple[int, int], list[tuple[LinkRow, float]]] = {}

    def supply_of(facility_id: int, product_id: int) -> list[tuple[LinkRow, float]]:
        """The facility's visible inbound links for the product and its inputs, each with its share."""
        key = (facility_id, product_id)
        if key not in supply_cache:
            per_unit = inputs_of.get(product_id, {})
            converted = []
            for row in inbound.get(facility_id, ()):
                if row.volume <= 0:
                    continue
                if row.product_id == product_id:
                    converted.append((row, float(row.volume)))
                elif row.product_id in per_unit:
                    converted.append((row, float(row.volume) / per_unit[row.product_id]))
            whole = sum(v for _, v in converted)
            supply_cache[key] = [(row, v / whole) for row, v in converted] if whole > 0 else []
        return supply_cache[key]

    used: dict[int, LinkRow] = {r.id: r for r in roots}
    # A state: (facility, product it supplies, ancestors in its component, path touched the country, repeat).
    tiers: list[dict[tuple, _State]] = []
    first: dict[tuple, _State] = {}
    for row in roots:
        share = float(row.volume / total)
        same = component[row.supplier_id] == component[row.buyer_id]
        key = (row.supplier_id, row.product_id, frozenset({row.buyer_id}) if same else _NO_ANCESTORS,
               row.supplier_country in country, False)
        _add(first, key, share, share, (None, row, share))
        if key[3]:
            answer.through_country += share
    tiers.append(first)

    unknown = cyclic = 0.0
    for tier_number in range(1, depth + 1):
        states = tiers[-1]
        traced = sum(s.weight for s in states.values())
        answer.tiers.append(TierFigures(
            tier=tier_number,
            from_country=sum(s.weight for k, s in states.items() if country_of[k[0]] in country),
            traced=traced, unknown=unknown, cyclic=cyclic, suppliers=len({k[0] for k in states}),
        ))
        expandable = []
        for key, state in states.items():
            facility_id, product_id, _, _, repeat = key
            if repeat:
                cyclic += state.weight
                continue
            supply = supply_of(facility_id, product_id)
            if not supply:
                unknown += state.weight
                continue
            expandable.append((key, state, supply))
        if not expandable:
            break
        following = None if tier_number == depth else _expand(expandable, component, country, max_states)
        if following is None:
            answer.beyond_depth = sum(state.weight for _, state, _ in expandable)
            answer.depth_limit_reached = tier_number == depth
            answer.work_limit_reached = tier_number < depth
            break
        states_next, reached, links = following
        answer.through_country += reached
        used.update((row.id, row) for row in links)
        tiers.append(states_next)

    answer.unknown, answer.cyclic = unknown, cyclic
    answer.links_used = sorted(used.values(), key=lambda r: r.id)
    answer.top_path = _top_path(tiers, country_of, country)


def _expand(
    expandable: list[tuple[tuple, _State, list[tuple[LinkRow, float]]]], component: dict[int, int], country: Origin,
    max_states: int,
) -> tuple[dict[tuple, _State], float, list[LinkRow]] | None:
    """The next tier's states, the share that first reaches the country there, and the links followed.

    None when the next tier would hold more than ``max_states`` states: only paths inside large, tangled cycles
    can multiply them that far, and the walk then stops rather than run without bound.
    """
    following: dict[tuple, _State] = {}
    reached = 0.0
    links: list[LinkRow] = []
    for key, state, supply in expandable:
        facility_id, _, ancestors, touched, _ = key
        path = ancestors | {facility_id}
        for row, share in supply:
            links.append(row)
            supplier = row.supplier_id
            same = component[supplier] == component[facility_id]
            repeat_next = same and supplier in path
            child = (supplier, row.product_id, path if same and not repeat_next else _NO_ANCESTORS,
                     touched or row.supplier_country in country, repeat_next)
            weight = state.weight * share
            _add(following, child, weight, state.best * share, (key, row, share))
            if child[3] and not touched:
                reached += weight
        if len(following) > max_states:
            return None
    return following, reached, links


def _add(states: dict[tuple, _State], key: tuple, weight: float, best: float, back: tuple) -> None:
    state = states.get(key)
    if state is None:
        states[key] = _State(weight, best, back)
        return
    state.weight += weight
    if best > state.best:
        state.best, state.back = best, back


def _top_path(tiers: list[dict[tuple, _State]], country_of: dict[int, str], country: Origin) -> list[PathStep]:
    """The single path that carries the largest share of the partner's supply to a supplier in the country."""
    best: tuple[float, int, int] | None = None
    chosen: tuple[int, tuple] | None = None
    for number, states in enumerate(tiers, start=1):
        for key, state in states.items():
            if country_of[key[0]] not in country:
                continue
            rank = (state.best, -number, -key[0])
            if best is None or rank > best:
                best, chosen = rank, (number, key)
    if chosen is None:
        return []
    number, key = chosen
    steps: list[PathStep] = []
    while key is not None:
        state = tiers[number - 1][key]
        parent_key, row, share = state.back
        steps.append(PathStep(number, key[0], key[1], row.id, share, state.best))
        if parent_key is None:
            steps.append(PathStep(0, row.buyer_id, None, None, None, 1.0))
        key, number = parent_key, number - 1
    return steps[::-1]


def _fetch_upstream(
    visible: QuerySet, roots: Iterable[LinkRow], closure: list[int], depth: int
) -> dict[int, list[LinkRow]]:
    """Buyer facility -> its visible inbound links for the closure's products, breadth first from the roots.

    A facility first reached at tier k has its links read with tier k's query; the walk expands a facility only
    at a tier at or past the one it was first reached at, and never past ``depth``, so this is all it needs.
    """
    inbound: dict[int, list[LinkRow]] = defaultdict(list)
    fetched: set[int] = set()
    frontier = {r.supplier_id for r in roots}
    for _ in range(depth):
        frontier -= fetched
        if not frontier:
            break
        ordered = sorted(frontier)
        rows = [
            row for start in range(0, len(ordered), FRONTIER_CHUNK)
            for row in _rows(visible.filter(buyer_id__in=ordered[start:start + FRONTIER_CHUNK],
                                            product_id__in=closure))
        ]
        fetched |= frontier
        for row in rows:
            inbound[row.buyer_id].append(row)
        frontier = {r.supplier_id for r in rows}
    return inbound
