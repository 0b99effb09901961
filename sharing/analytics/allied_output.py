"""Allied-only output (complementary production): the most of an end product that facilities in a chosen set of
countries can make together in a month, through every stage of its bill of materials.

The model (issue 14, part 3):

- A stage is a product of the bill of materials (the end product and its inputs, transitively), named by its code.
- A facility counts by where it is (its country), not by who publishes it. Its output of a stage a month is at most
  its capacity's ``nominal`` figure (``basis=spare``: its ``spare`` figure, what could be added now).
- Making one unit of a stage takes ``quantity_per_unit`` of each of its inputs. A facility with supply links for an
  input may be fed that input only by its linked suppliers, up to each link's volume a month; a facility with no
  links for an input may be fed by any allowed facility that makes it.

Why a linear programme and not a max flow: quantities per unit scale the flow along each step (a generalised flow,
for which max-flow algorithms are not exact), and a stage with two inputs needs both in proportion (an assembly,
which no flow network expresses). So it is an LP, solved with HiGHS through SciPy (``scipy.optimize.linprog``):
maintained, already a dependency, and fast for tens of thousands of variables. (HiGHS' own ``highspy`` would
warm-start the bottleneck's solves, but it cannot be loaded in a process that has loaded OR-Tools, which bundles
another build of HiGHS: their symbols clash.) The tests check it against a second, independent formulation (every
supplier-to-buyer pair an arc) solved by OR-Tools' GLOP.

A chain (every stage has at most one input) needs no LP: counted in units of the end product, every step has gain
one, so it is an ordinary maximum flow (``ChainFlow``, OR-Tools' push-relabel), checked against the LP in the tests.
At the benchmark's full scale (bench/allied.py, ``excluding=CN``: 30,000 variables) the flow takes ~0.1 s where the
LP took 1.6 s by the dual simplex and 0.3 s by the interior point. A bill with an assembly (a stage with two inputs)
is solved as the LP, by HiGHS' interior point method with crossover (a vertex, like the simplex's, and the same
plan every time for the same network).

Variables: each node's output (0..capacity); each usable supply link's flow (0..volume); each supplier node's
delivery to its stage's open market. Rows: a supplier's output = its market delivery + its link flows; per input
product, market deliveries = what the unlinked buyers need; per linked buyer and input, its link flows = what it
needs. Objective: the most of the end product.

Nodes: a facility the caller can see is a node of its own when a supply link it may use or must obey touches it;
the other facilities of one stage, owner and country are interchangeable and make one node.

Disclosure (disclosure.py, the rule of every aggregate): the input is the capacity cells by (stage, country), the
very cells of the concentration answer, under the same rule: records the caller may see always count; others only
when not RED or AMBER+STRICT and when the cell's hidden records come from at least K partners other than the caller.
A suppressed cell is left out whole and listed by its key. In a published cell, what the caller may see counts
facility by facility; what it may not see counts as one undisclosed pool for the cell (no links, fed by and feeding
the open market), never split by facility or owner. So every answer is a function of what the caller may see and of
the published cells' totals, which the concentration answer already gives: no choice of ``countries`` or
``excluding`` (a difference of two answers) can isolate a figure that no published cell shows. Per-partner
quantities are those of facilities the caller can see; the pool's flow is reported per stage as ``undisclosed``.
Supply links: only those the caller may see (a hidden link counts as no link, as in the exposure walk).

The bottleneck: a stage's ceiling is the most that could be made if that stage alone were limited (every other
stage's capacity unbounded, links as they are); the stage with the lowest ceiling is the bottleneck. No ceiling is
below the achievable output, and none above the stage's ``capacity_limit`` (its capacity over its need per unit of
end product). Among stages with the same ceiling the one with the lowest capacity limit is named (its own capacity
binds), then the one nearer the end product. So stages are tried in that order, and the first whose ceiling is the
achievable output ends the search; one whose capacity limit is the achievable output needs no solve at all. When
capacity binds, an answer takes one solve; when supply links bind, one more per stage tried. Where the bottleneck's
ceiling is below its capacity limit, its supply links are what limit it (``limited_by: "supply_links"``). Optimal
values are unique even where optimal plans are not, so the bottleneck is too; the per-partner quantities are those
of one optimal plan.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import numpy as np
from django.db import connection, transaction
from django.db.models import BigIntegerField, BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from ortools.graph.python import max_flow
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from sharing.analytics.concentration import Answer, partner_countries
from sharing.analytics.disclosure import ZERO, Viewer, capacity_cells, coverage_note, roll_up, without_jit
from sharing.analytics.exposure import bill_of_materials, bom_closure
from sharing.models import Capacity, Partner, Product, SupplyLink

QUANTUM = Decimal("0.001")
FLOW_EPSILON = 0.0005  # below what the answer's three decimals show
BASES = ("nominal", "spare")


# --- the pure model (no database): unit-tested alone and against an independent formulation ---------------------


@dataclass
class Node:
    """Capacity of one stage that moves as one: a facility, or interchangeable facilities, or a hidden pool."""

    stage: int
    capacity: float
    country: str
    owner: int | None  # the facility owner's partner id; None for an undisclosed pool
    facility: int | None = None  # a facility of its own (it has links), else None


class Link(NamedTuple):  # a named tuple: built ten thousand times an answer, a frozen dataclass costs 10x more
    supplier: int  # facility id
    buyer: int  # facility id
    product: int
    volume: float


@dataclass
class Network:
    """What the LP is built from: stages (product ids) with their inputs, nodes, and supply links."""

    end: int
    inputs: dict[int, list[tuple[int, float]]]  # stage -> [(input stage, quantity per unit)]
    nodes: list[Node]
    links: list[Link]


@dataclass
class Plan:
    output: float
    flows: list[float]  # per node, in ``Network.nodes`` order
    ceilings: dict[int, float] = field(default_factory=dict)  # stage -> output if it alone were limited
    solver: str = ""  # which method solved it (SOLVER_LP or SOLVER_FLOW)


def solve(network: Network, *, unbounded: set[int] | frozenset[int] = frozenset()) -> Plan:
    """The most of the end product, and each node's output in one optimal plan.

    Stages in ``unbounded`` have no capacity limit (for the bottleneck's ceilings).
    """
    return Programme(network).run(unbounded)


class Programme:
    """The LP of a network, built once and solved with the capacity of chosen stages unbounded."""

    def __init__(self, network: Network, *, flow: bool = True) -> None:
        """``flow``: a chain as a maximum flow (``ChainFlow``); False: the LP whatever the bill (for the tests)."""
        self.network = network
        self.flow = ChainFlow.of(network) if flow else None
        if self.flow is None:
            self._build()
        self.solver = SOLVER_FLOW if self.flow is not None else SOLVER_LP

    def run(self, unbounded: set[int] | frozenset[int] = frozenset()) -> Plan:
        if self.flow is not None:
            return self.flow.run(unbounded)
        n_nodes = len(self.network.nodes)
        if not self.makes_end:
            return Plan(0.0, [0.0] * n_nodes)
        bounds = self.bounds
        if unbounded:
            bounds = bounds.copy()
            bounds[:n_nodes, 1] = np.where(np.isin(self.stages, list(unbounded)), np.inf, bounds[:n_nodes, 1])
        result = linprog(self.objective, A_ub=self.a_ub, b_ub=self.b_ub, A_eq=self.a_eq, b_eq=self.b_eq,
                         bounds=bounds, method="highs-ipm")
        if result.status == 3 and unbounded:  # no capacity limits and a path that no link limits
            return Plan(float("inf"), [0.0] * n_nodes)
        if result.status != 0:  # infeasible cannot happen (all zero is a plan)
            raise ArithmeticError(f"The allied-output LP did not solve: {result.message}")
        return Plan(max(0.0, -float(result.fun)), np.maximum(result.x[:n_nodes], 0.0).tolist())

    def _build(self) -> None:
        network = self.network
        nodes, inputs = network.nodes, network.inputs
        uses = _uses(inputs)
        restricted, link_vars, link_of_var = _link_arcs(network, uses)
        n_nodes, n_links = len(nodes), len(link_vars)
        input_stages = set(uses)
        market = [i for i, n in enumerate(nodes) if n.stage in input_stages]
        n_vars = n_nodes + n_links + len(market)
        market_var = {node: n_nodes + n_links + j for j, node in enumerate(market)}
        rows, cols, vals = [], [], []
        row = 0
        # 1. a supplier node's output = its market delivery + its link flows (in units of its own product)
        out_links: dict[int, list[int]] = defaultdict(list)
        in_links: dict[tuple[int, int], list[int]] = defaultdict(list)  # (buyer node, input) -> link vars
        for v, (supplier, buyer, _) in enumerate(link_vars):
            out_links[supplier].append(n_nodes + v)
            in_links[(buyer, nodes[supplier].stage)].append(n_nodes + v)
        for node in market:
            rows += [row, row]
            cols += [node, market_var[node]]
            vals += [1.0, -1.0]
            for var in out_links.get(node, ()):
                rows.append(row)
                cols.append(var)
                vals.append(-1.0)
            row += 1
        # 2. per input: market deliveries = the needs of buyers not restricted to links for it
        market_row = {}
        for input_id in sorted(input_stages):
            market_row[input_id] = row
            row += 1
        for node in market:
            rows.append(market_row[nodes[node].stage])
            cols.append(market_var[node])
            vals.append(1.0)
        for i, n in enumerate(nodes):
            for input_id, per_unit in inputs.get(n.stage, ()):
                if n.facility is not None and (n.facility, input_id) in restricted:
                    # 3. a linked buyer: its link flows for the input = its need
                    for var in in_links.get((i, input_id), ()):
                        rows.append(row)
                        cols.append(var)
                        vals.append(1.0)
                    rows.append(row)
                    cols.append(i)
                    vals.append(-per_unit)
                    row += 1
                else:
                    rows.append(market_row[input_id])
                    cols.append(i)
                    vals.append(-per_unit)
        # A link used by two stages of its buyer shares its volume: one row per such link.
        by_link: dict[int, list[int]] = defaultdict(list)
        for v, k in enumerate(link_of_var):
            by_link[k].append(n_nodes + v)
        upper_rows, upper_cols, upper_vals, upper_b = [], [], [], []
        link_bounds = [(0.0, None)] * n_links
        for k, variables in by_link.items():
            volume = network.links[k].volume
            if len(variables) == 1:
                link_bounds[variables[0] - n_nodes] = (0.0, volume)
            else:
                for var in variables:
                    upper_rows.append(len(upper_b))
                    upper_cols.append(var)
                    upper_vals.append(1.0)
                upper_b.append(volume)
        upper = np.array([n.capacity for n in nodes] + [b[1] if b[1] is not None else np.inf for b in link_bounds]
                         + [np.inf] * len(market), dtype=float)
        self.bounds = np.column_stack([np.zeros(n_vars), upper]) if n_vars else np.zeros((0, 2))
        self.stages = np.array([n.stage for n in nodes], dtype=np.int64)
        self.objective = np.zeros(n_vars)
        for i, n in enumerate(nodes):
            if n.stage == network.end:
                self.objective[i] = -1.0
        self.makes_end = any(n.stage == network.end for n in nodes)
        self.a_eq = coo_matrix((vals, (rows, cols)), shape=(row, n_vars)).tocsr() if row else None
        self.b_eq = np.zeros(row) if row else None
        self.a_ub = coo_matrix((upper_vals, (upper_rows, upper_cols)), shape=(len(upper_b), n_vars)).tocsr() \
            if upper_b else None
        self.b_ub = upper_b or None


def _uses(inputs: dict[int, list[tuple[int, float]]]) -> dict[int, list[tuple[int, float]]]:
    """Input -> [(stage using it, quantity per unit)]."""
    uses: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for stage, lines in inputs.items():
        for input_id, per_unit in lines:
            uses[input_id].append((stage, per_unit))
    return uses


def _link_arcs(
    network: Network, uses: dict[int, list[tuple[int, float]]],
) -> tuple[set[tuple[int, int]], list[tuple[int, int, float]], list[int]]:
    """Which (buyer facility, input) pairs are restricted to links (any link the caller sees for that input into a
    facility that makes a stage using it), and the usable links as (supplier node, buyer node, per unit) per
    (link, stage), with each one's link index."""
    at = {(n.facility, n.stage): i for i, n in enumerate(network.nodes) if n.facility is not None}
    restricted: set[tuple[int, int]] = set()
    link_vars: list[tuple[int, int, float]] = []
    link_of_var: list[int] = []
    for k, link in enumerate(network.links):
        for stage, per_unit in uses.get(link.product, ()):
            buyer = at.get((link.buyer, stage))
            if buyer is None:
                continue
            restricted.add((link.buyer, link.product))
            supplier = at.get((link.supplier, link.product))
            if supplier is not None and link.volume > 0:
                link_vars.append((supplier, buyer, per_unit))
                link_of_var.append(k)
    return restricted, link_vars, link_of_var


SOLVER_LP = "linear programme (HiGHS via SciPy)"
SOLVER_FLOW = "maximum flow (OR-Tools), the bill of materials being a chain"


class ChainFlow:
    """A bill of materials in which every stage has at most one input (a chain) as a maximum flow.

    Measured in units of the end product (a stage's quantity over its need per unit of end product), every step of
    a chain has gain one: one unit of end product takes, at every stage, exactly one end-product unit of that
    stage's output, whichever path it came by. So the generalised flow becomes an ordinary one, which OR-Tools'
    push-relabel solves exactly and far faster than the LP (bench/allied.py: 30,000 variables in 0.3 s by the
    interior point, 1.6 s by the simplex). The graph: a source; per node an arc in -> out with its capacity; a
    node of the chain's last stage fed by the source; a linked buyer's input only over its links (each up to its
    volume), another's from its input's open market (one hub per stage); the end product's nodes to the sink.
    Capacities are integers: the figures times a power of two chosen so that the total of every finite arc stays
    below 2**60 (unbounded arcs get 2**62, which a finite flow can never reach), so rounding moves an answer by
    less than 2**-20 end-product units at the benchmark's scale, far below the three decimals answered; the tests
    check it against the LP and against an arc-by-arc formulation.
    """

    BIG = 1 << 62
    FINITE = 1 << 60

    def __init__(self, network: Network, need: dict[int, float], uses: dict[int, list[tuple[int, float]]]) -> None:
        self.network = network
        nodes = network.nodes
        restricted, link_vars, link_of_var = _link_arcs(network, uses)
        n = len(nodes)
        stages = sorted(network.inputs)
        hub = {stage: 3 + 2 * n + j for j, stage in enumerate(stages)}  # a stage's open market
        tails: list[int] = [0]
        heads: list[int] = [1]  # 0 -> 1: the source's one arc (OR-Tools checks the sum out of the source)
        finite: list[float] = [-1.0]  # end-product units; -1: always unbounded
        self.node_stage = np.array([node.stage for node in nodes], dtype=np.int64)
        for i, node in enumerate(nodes):  # arc 1 + i: node i's capacity
            tails.append(3 + i)
            heads.append(3 + n + i)
            finite.append(node.capacity / need[node.stage])
        for i, node in enumerate(nodes):
            lines = network.inputs.get(node.stage, ())
            if not lines:
                tails.append(1)  # the chain's last stage: raw supply
                heads.append(3 + i)
                finite.append(-1.0)
            elif node.facility is None or (node.facility, lines[0][0]) not in restricted:
                tails.append(hub[lines[0][0]])
                heads.append(3 + i)
                finite.append(-1.0)
            if node.stage == network.end:
                tails.append(3 + n + i)
                heads.append(2)
                finite.append(-1.0)
            elif node.stage in uses:
                tails.append(3 + n + i)
                heads.append(hub[node.stage])
                finite.append(-1.0)
        for (supplier, buyer, _), k in zip(link_vars, link_of_var, strict=True):
            tails.append(3 + n + supplier)
            heads.append(3 + buyer)
            finite.append(network.links[k].volume / need[nodes[supplier].stage])
        self.finite = np.array(finite, dtype=float)
        bounded = self.finite >= 0
        total = float(self.finite[bounded].sum())
        # The scale: a power of two, so that every finite arc together stays below FINITE.
        self.scale = float(2 ** min(40, int(np.floor(np.log2(self.FINITE / total)))) if total > 0 else 2 ** 40)
        self.graph = max_flow.SimpleMaxFlow()
        self.arcs = self.graph.add_arcs_with_capacity(
            np.array(tails, dtype=np.int32), np.array(heads, dtype=np.int32), self._capacities(frozenset()))
        self.need = np.array([need[node.stage] for node in nodes], dtype=float)
        self.makes_end = any(node.stage == network.end for node in nodes)

    @classmethod
    def of(cls, network: Network) -> ChainFlow | None:
        """The flow for a chain whose quantities per unit are all positive; None for any other bill."""
        inputs = network.inputs
        if any(len(lines) > 1 for lines in inputs.values()):
            return None
        uses = _uses(inputs)
        if any(len(users) > 1 for users in uses.values()):
            return None
        if any(per_unit <= 0 for lines in inputs.values() for _, per_unit in lines):
            return None
        need = requirements(network.end, inputs)
        if any(stage not in need for stage in inputs):
            return None
        return cls(network, need, uses)

    def _capacities(self, unbounded: frozenset[int] | set[int]) -> np.ndarray:
        capacity = np.where(self.finite >= 0, np.rint(self.finite * self.scale), self.BIG)
        if unbounded:
            n = len(self.network.nodes)
            free = np.isin(self.node_stage, list(unbounded))
            capacity[1:1 + n] = np.where(free, self.BIG, capacity[1:1 + n])
        return capacity.astype(np.int64)

    def run(self, unbounded: set[int] | frozenset[int] = frozenset()) -> Plan:
        n = len(self.network.nodes)
        if not self.makes_end:
            return Plan(0.0, [0.0] * n)
        self.graph.set_arcs_capacity(self.arcs, self._capacities(frozenset(unbounded)))
        status = self.graph.solve(0, 2)
        if status != self.graph.OPTIMAL:
            raise ArithmeticError(f"The allied-output maximum flow did not solve: status {status}")
        total = self.graph.optimal_flow()
        if total > self.FINITE:  # a path on which nothing is limited
            return Plan(float("inf"), [0.0] * n)
        flows = self.graph.flows(self.arcs[1:1 + n]).astype(float) / self.scale * self.need
        return Plan(total / self.scale, flows.tolist())


def stage_depths(end: int, inputs: dict[int, list[tuple[int, float]]]) -> dict[int, int]:
    """Each stage's distance from the end product (its shortest path in the bill of materials)."""
    depth = {end: 0}
    todo = deque([end])
    while todo:
        stage = todo.popleft()
        for input_id, _ in inputs.get(stage, ()):
            if input_id not in depth:
                depth[input_id] = depth[stage] + 1
                todo.append(input_id)
    return depth


def requirements(end: int, inputs: dict[int, list[tuple[int, float]]]) -> dict[int, float]:
    """Units of each stage in one unit of the end product (summed over every path of the bill of materials)."""
    order: list[int] = []
    seen: set[int] = set()

    def visit(stage: int) -> None:  # depth first, post-order: a stage after everything that uses it, reversed
        if stage in seen:
            return
        seen.add(stage)
        for input_id, _ in inputs.get(stage, ()):
            visit(input_id)
        order.append(stage)

    visit(end)
    need = defaultdict(float, {end: 1.0})
    for stage in reversed(order):
        for input_id, per_unit in inputs.get(stage, ()):
            need[input_id] += need[stage] * per_unit
    return dict(need)


def plan_with_bottleneck(network: Network) -> tuple[Plan, int, dict[int, float]]:
    """The optimal plan, the bottleneck stage and its ceiling (in ``plan.ceilings``, with those of the stages
    tried before it), and each stage's capacity limit (its capacity over its need per unit of end product)."""
    programme = Programme(network)
    plan = programme.run()
    plan.solver = programme.solver
    depths = stage_depths(network.end, network.inputs)
    need = requirements(network.end, network.inputs)
    capacity: dict[int, float] = defaultdict(float)
    for node in network.nodes:
        capacity[node.stage] += node.capacity
    limits = {stage: capacity[stage] / need[stage] for stage in depths}
    reached = plan.output * (1 + 1e-9) + 1e-9

    def rank(stage: int) -> tuple:  # among equal ceilings: the tightest capacity, then the nearest stage
        return (round(limits[stage], 9), depths[stage], stage)

    for stage in sorted(depths, key=rank):
        others = frozenset(s for s in depths if s != stage)
        if not others or limits[stage] <= reached:
            plan.ceilings[stage] = plan.output
        else:
            plan.ceilings[stage] = programme.run(others).output
        if plan.ceilings[stage] <= reached:
            break  # the lowest a ceiling can be: no stage after this one can rank before it
    bottleneck = min(plan.ceilings, key=lambda s: (round(plan.ceilings[s], 6), *rank(s)))
    return plan, bottleneck, limits


# --- the question over the database ------------------------------------------------------------------------------


@contextmanager
def one_snapshot():
    """The reads of one answer from one snapshot: on PostgreSQL, REPEATABLE READ when this opens the transaction
    (inside a caller's transaction, that transaction's own)."""
    opens = not connection.in_atomic_block and connection.vendor == "postgresql"
    with transaction.atomic():
        if opens:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SET LOCAL jit = off")  # as without_jit does, once for all the reads
                # The capacity read groups ~100,000 rows into ~25,000 at full scale: in memory as a hash rather
                # than an external merge sort on disk (the default 4 MB); for this transaction only.
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield (lambda rows: list(rows)) if opens else without_jit


class LinkRead(NamedTuple):
    """A visible supply link as the model and the audit trail need it."""

    pk: int
    supplier_id: int
    buyer_id: int
    product_id: int
    volume: Decimal
    owner_id: int
    marking: str


def _touching(links: list[LinkRead], visible_links: QuerySet) -> Q | RawSQL:
    """Capacity at a facility at either end of the links read. On PostgreSQL the ids themselves, as one array
    parameter (a constant array is hashed once, PostgreSQL 14 and later), where the links' query as a subquery
    would be run again, twice, and an ``IN`` list of thousands of parameters costs Django more to compile than the
    database to run. Elsewhere (SQLite has no arrays) the subqueries."""
    if connection.vendor == "postgresql":
        ids = sorted({lk.supplier_id for lk in links} | {lk.buyer_id for lk in links})
        # As one array literal (text): a Python list of 20,000 ids would be walked element by element by Django
        # (hashing the expression) and by the driver (adapting it), ~40 ms at full scale.
        literal = "{" + ",".join(map(str, ids)) + "}"
        return RawSQL(f"{Capacity._meta.db_table}.facility_id = ANY(%s::bigint[])", (literal,), BooleanField())
    return Q(facility_id__in=visible_links.values("supplier_id")) | Q(facility_id__in=visible_links.values("buyer_id"))


def _q(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def allied_output(
    *, viewer: Viewer, product: Product, countries: list[str] | None = None, excluding: list[str] | None = None,
    basis: str = "nominal",
) -> Answer:
    """The allied-only output of ``product`` under the caller's rights; see the module's docstring."""
    with without_cycle_collection():
        return _allied_output(viewer=viewer, product=product, countries=countries, excluding=excluding, basis=basis)


@contextmanager
def without_cycle_collection():
    """The cyclic garbage collector paused while one answer is computed: the answer allocates some 100,000 rows,
    nodes and links, which trigger collections that scan the whole heap again and again (Python CPU of the
    ``excluding=CN`` answer at full scale 596-645 ms with it, 439-467 ms without; bench/allied.py). What the answer
    allocates is freed by reference counting as usual; any cycles wait for the next collection after it."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _allied_output(
    *, viewer: Viewer, product: Product, countries: list[str] | None, excluding: list[str] | None, basis: str,
) -> Answer:
    if countries is None and excluding is None:
        chosen: set[str] | None = partner_countries()
    elif countries is not None:
        chosen = set(countries)
    else:
        chosen = None

    def place_q(prefix: str) -> Q:
        if chosen is not None:
            return Q(**{f"{prefix}country__in": sorted(chosen)})
        return ~Q(**{f"{prefix}country__in": sorted(set(excluding or ()))})

    place = place_q("facility__")
    bom = bill_of_materials()
    stage_ids = bom_closure(product.pk, bom)
    inputs = {s: [(i, q) for i, q in bom.get(s, ()) if i in stage_ids] for s in stage_ids}
    with one_snapshot() as read:  # the links and the cells as of one moment
        visible_links = SupplyLink.objects.visible_as(viewer.partner_id, viewer.group_ids).filter(
            place_q("buyer__"), product_id__in=sorted(stage_ids))
        links = [
            LinkRead._make(row) for row in read(
                visible_links.values_list("id", "supplier_id", "buyer_id", "product_id", "volume_per_month",
                                          "owner_id", "marking").order_by("id")
            )
        ]
        used_by: dict[int, list[int]] = defaultdict(list)  # input -> stages that use it
        for stage, lines in inputs.items():
            for input_id, _ in lines:
                used_by[input_id].append(stage)
        # The facilities that supply links touch stand alone; the rest of a stage, owner and country is one node.
        linked = {(lk.supplier_id, lk.product_id) for lk in links} | {
            (lk.buyer_id, stage) for lk in links for stage in used_by.get(lk.product_id, ())}
        # One query: capacity by stage, country, facility owner and (for a facility a visible link touches) the
        # facility, split into what the caller sees (True) and what it does not (False). The rule applies to the
        # (stage, country) cells, the concentration answer's, rolled up from these.
        annotations = None
        if links:
            annotations = {"_node": Case(When(_touching(links, visible_links), then=F("facility_id")),
                                         default=Value(None), output_field=BigIntegerField())}
        fine = capacity_cells(
            viewer, where=Q(product_id__in=sorted(stage_ids)) & place,
            key=("product_id", "facility__country", "facility__owner_id"), by_visibility=True,
            annotations=annotations, detail=("_node",) if links else (),
        )
    table = roll_up(fine, viewer, 2, ("product", "country"))
    published = {cell.key: cell for cell in table.published()}
    grouped: dict[tuple, float] = defaultdict(float)
    for (stage, country, owner), cell in fine.cells.items():
        if (stage, country) in published:
            grouped[(stage, str(country), owner)] += float(cell.part(True).value(basis))
    # What the caller sees at each facility that stands alone (a link touches it for its stage).
    alone: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in fine.detail_rows:
        stage, facility, country = row["product_id"], row["_node"], row["facility__country"]
        if (facility, stage) in linked and (stage, country) in published:
            alone[(stage, facility, str(country), row["facility__owner_id"])] += row[basis] or ZERO
    nodes: list[Node] = []
    for (stage, facility, country, owner), amount in sorted(alone.items(), key=lambda kv: kv[0][:2]):
        nodes.append(Node(stage, float(amount), country, owner, facility))
        grouped[(stage, country, owner)] -= float(amount)
    for (stage, country, owner), amount in sorted(grouped.items(), key=lambda kv: str(kv[0])):
        if amount > 1e-9:
            nodes.append(Node(stage, amount, country, owner))
    for (stage, country), cell in sorted(published.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        hidden = cell.part(False).value(basis)
        if hidden > 0:
            nodes.append(Node(stage, float(hidden), str(country), None))
    network = Network(product.pk, inputs, nodes,
                      [Link(lk.supplier_id, lk.buyer_id, lk.product_id, float(lk.volume)) for lk in links])
    plan, bottleneck, limits = plan_with_bottleneck(network)

    catalogue = {pk: (code, unit) for pk, code, unit in
                 Product.objects.filter(pk__in=stage_ids).values_list("pk", "code", "unit")}
    codes = {pk: code for pk, (code, _) in catalogue.items()}
    units = {pk: unit for pk, (_, unit) in catalogue.items()}
    owners = {n.owner for n in nodes if n.owner is not None}
    partner_codes = dict(Partner.objects.filter(pk__in=owners).values_list("pk", "code")) if owners else {}
    depths = stage_depths(product.pk, inputs)
    need = requirements(product.pk, inputs)
    stage_rows = []
    for stage in sorted(depths, key=lambda s: (depths[s], codes[s])):
        at_stage = [(n, f) for n, f in zip(nodes, plan.flows, strict=True) if n.stage == stage]
        capacity = sum((cell.whole.value(basis) for key, cell in published.items() if key[0] == stage), ZERO)
        by_partner: Counter = Counter()
        undisclosed = 0.0
        carrying: set[str] = set()
        for node, flow in at_stage:
            if flow <= FLOW_EPSILON:
                continue
            carrying.add(node.country)
            if node.owner is None:
                undisclosed += flow
            else:
                by_partner[partner_codes[node.owner]] += flow
        used = sum(f for _, f in at_stage)
        stage_rows.append({
            "product": codes[stage],
            "unit": units[stage],
            "depth": depths[stage],
            "per_unit_of_end_product": float(f"{need[stage]:.9g}"),
            "capacity": capacity,
            "used": _q(used),
            "utilisation": round(used / float(capacity), 6) if capacity else None,
            "capacity_limit": _q(limits[stage]),
            "countries": sorted(carrying),
            "partners": [{"partner": code, "quantity": _q(q)}
                         for code, q in sorted(by_partner.items(), key=lambda kv: (-kv[1], kv[0]))
                         if _q(q) > 0],
            "undisclosed": _q(undisclosed),
        })
    bottleneck_row = next(r for r in stage_rows if r["product"] == codes[bottleneck])
    suppressed = table.suppressed_entries(lambda key: {"product": codes[key[0]], "country": str(key[1])})
    body = {
        "product": product.code,
        "unit": product.unit,
        "basis": basis,
        "countries": sorted(chosen) if chosen is not None else None,
        "excluding": sorted(set(excluding)) if excluding is not None else None,
        "achievable": _q(plan.output),
        "bottleneck": {
            "product": bottleneck_row["product"], "countries": bottleneck_row["countries"],
            "ceiling": _q(plan.ceilings[bottleneck]),
            "limited_by": "supply_links" if plan.ceilings[bottleneck] < limits[bottleneck] * (1 - 1e-9) - 1e-9
            else "capacity",
        },
        "stages": stage_rows,
        "as_of": table.as_of(),
        "min_contributors": viewer.min_contributors,
        "coverage": coverage_note(len(suppressed)) + UNDISCLOSED_NOTE,
        "solver": plan.solver,
        "suppressed_cells": len(suppressed),
        "suppressed": suppressed,
    }
    reads = {"supply_link": links}
    return Answer(body, aggregate_reads=table.read_by_owner(), record_reads=reads)


UNDISCLOSED_NOTE = (
    " Capacity you may not see counts only from published cells, as one undisclosed pool per stage and country"
    " (fed by, and feeding, any allowed facility); supply links you may not see count as no link."
)
