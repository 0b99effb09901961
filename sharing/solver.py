"""The allocation maths of emergency matching, free of the ORM so that it can be tested alone.

Objective, lexicographic:
  1. higher priority first: a level is served as fully as it can be before the next level sees anything;
  2. within a level, the most quantity delivered;
  3. within a level, when supply is short, the same fill fraction (delivered / asked) for every request:
     weighted max-min fairness by progressive filling, where a request that cannot rise is frozen and the
     others keep rising;
  4. then the least transport cost, with every request's delivered amount fixed.

Why this is exact and fast: what a set of requests can receive from its sources is a polymatroid (the rank of a
set is a max flow), so the max-min fair point of a level is also a maximum-quantity point and, level by level, the
total is the largest possible. Each filling step is found with max flows (OR-Tools): the water level by Dinkelbach
iterations on the minimum cut (t = what the cut's sources can give / what its requests ask), and the requests
that are frozen at that level as those the residual graph cannot reach. Only reachability matters for fairness,
so sources that reach the same set of requests are merged into one node; the cost stage then routes the fixed
amounts over every arc with one min-cost flow. Quantities are whole multiples of ``quantum``: rounded down, so no
source is over-committed and no request receives more than it asked.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

INT64_SAFE = 2**62


@dataclass(frozen=True)
class Demand:
    id: int
    priority: int
    quantity: Decimal


@dataclass(frozen=True)
class Supply:
    id: int
    available: Decimal


@dataclass(frozen=True)
class Arc:
    supply_id: int
    demand_id: int
    cost: float


@dataclass(frozen=True)
class Allocation:
    supply_id: int
    demand_id: int
    quantity: Decimal


@dataclass
class Solution:
    allocations: list[Allocation]
    delivered: dict[int, Decimal]
    shortfall: dict[int, Decimal]
    fill_fraction: dict[int, float]
    total_cost: float
    solver: str
    solve_seconds: float
    stages: dict = field(default_factory=dict)


class _Units:
    """Decimal quantities as whole numbers of a unit (``quantum``, coarsened if totals would overflow int64)."""

    def __init__(self, quantum: Decimal, largest_total: Decimal):
        self.unit = quantum
        while largest_total / self.unit > Decimal(10) ** 15:
            self.unit *= 10

    def down(self, value: Decimal) -> int:
        return int((value / self.unit).to_integral_value(rounding=ROUND_FLOOR))

    def back(self, units: int) -> Decimal:
        return (Decimal(units) * self.unit).quantize(self.unit) if self.unit < 1 else Decimal(units) * self.unit


@dataclass
class _Problem:
    """Everything as arrays indexed by position: demands 0..n_d-1, supplies 0..n_s-1, one row per arc."""

    demand_ids: list[int]
    need: np.ndarray  # int64 units asked, per demand
    priority: np.ndarray
    supply_ids: list[int]
    capacity: np.ndarray  # int64 units available, per supply
    arc_s: np.ndarray  # supply position of each arc (cheapest arc per pair kept)
    arc_d: np.ndarray
    arc_cost: np.ndarray
    has_arc: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.has_arc = np.zeros(len(self.demand_ids), dtype=bool)
        self.has_arc[self.arc_d] = True


def _problem(
    demand_ids,
    priorities,
    quantities,
    supply_ids,
    available,
    arc_supply,
    arc_demand,
    arc_cost,
    quantum: Decimal,
    positions: bool = False,
) -> tuple[_Problem, _Units]:
    largest = max(sum(quantities, Decimal(0)), sum(available, Decimal(0)), Decimal(1))
    units = _Units(quantum, largest)
    need = np.array([max(0, units.down(q)) for q in quantities], dtype=np.int64)
    capacity = np.array([max(0, units.down(a)) for a in available], dtype=np.int64)
    arc_cost = np.asarray(arc_cost, dtype=np.float64)
    if arc_cost.size and not (np.isfinite(arc_cost).all() and (arc_cost >= 0).all()):
        raise ValueError("arc costs must be finite and non-negative")
    if positions:  # arcs already name demands and supplies by position
        sp = np.asarray(arc_supply, dtype=np.int64)
        dp = np.asarray(arc_demand, dtype=np.int64)
    else:
        d_pos = {d: i for i, d in enumerate(demand_ids)}
        s_pos = {s: i for i, s in enumerate(supply_ids)}
        sp = np.fromiter((s_pos.get(s, -1) for s in arc_supply), dtype=np.int64, count=len(arc_supply))
        dp = np.fromiter((d_pos.get(d, -1) for d in arc_demand), dtype=np.int64, count=len(arc_demand))
    keep = (sp >= 0) & (dp >= 0)
    sp, dp, cost = sp[keep], dp[keep], arc_cost[keep]
    keep = (capacity[sp] > 0) & (need[dp] > 0) if sp.size else keep[:0]
    sp, dp, cost = sp[keep], dp[keep], cost[keep]
    # The cheapest arc of each (supply, demand) pair. Arcs already in strictly increasing (supply, demand) order,
    # as matching builds them, are one per pair: the sort (the largest step of building a problem) is skipped.
    pair = sp * max(1, len(demand_ids)) + dp
    if sp.size and not (pair[1:] > pair[:-1]).all():
        order = np.lexsort((cost, dp, sp))
        sp, dp, cost = sp[order], dp[order], cost[order]
        first = np.ones(sp.size, dtype=bool)
        first[1:] = (sp[1:] != sp[:-1]) | (dp[1:] != dp[:-1])
        sp, dp, cost = sp[first], dp[first], cost[first]
    problem = _Problem(
        list(demand_ids), need, np.asarray(priorities, dtype=np.int64), list(supply_ids), capacity, sp, dp, cost
    )
    return problem, units


class _FairnessGraph:
    """Source -> merged supply groups -> demands -> sink, for the demands of the levels served so far."""

    def __init__(self, problem: _Problem, considered: np.ndarray):
        self.demands = considered  # demand positions, sorted
        position = np.full(len(problem.demand_ids), -1, dtype=np.int64)
        position[considered] = np.arange(considered.size)
        mask = position[problem.arc_d] >= 0
        matrix = np.zeros((len(problem.supply_ids), considered.size), dtype=bool)
        matrix[problem.arc_s[mask], position[problem.arc_d[mask]]] = True
        reaching = matrix.any(axis=1)
        packed = np.packbits(matrix[reaching], axis=1)
        if packed.shape[0]:
            signatures, inverse = np.unique(packed, axis=0, return_inverse=True)
            inverse = inverse.reshape(-1)
        else:
            signatures, inverse = packed, np.zeros(0, dtype=np.int64)
        self.group_cap = np.zeros(signatures.shape[0], dtype=np.int64)
        np.add.at(self.group_cap, inverse, problem.capacity[reaching])
        self.group_reach = (
            np.unpackbits(signatures, axis=1, count=considered.size).astype(bool)
            if signatures.shape[0]
            else np.zeros((0, considered.size), dtype=bool)
        )
        n_groups = signatures.shape[0]
        group_node = 2 + considered.size + np.arange(n_groups)
        g_idx, d_idx = np.nonzero(self.group_reach)
        self.sink_arc_start = n_groups + g_idx.size
        self.tails = np.concatenate(
            [np.zeros(n_groups, dtype=np.int64), group_node[g_idx], 2 + np.arange(considered.size)]
        ).astype(np.int64)
        self.heads = np.concatenate([group_node, 2 + d_idx, np.ones(considered.size, dtype=np.int64)]).astype(np.int64)
        self.base_caps = np.concatenate(
            [self.group_cap, np.full(g_idx.size, INT64_SAFE, dtype=np.int64), np.zeros(considered.size, dtype=np.int64)]
        ).astype(np.int64)

    def max_flow(self, sink_caps: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
        """Flow value, which considered demands the residual graph reaches, and the flow into each demand."""
        caps = self.base_caps.copy()
        caps[self.sink_arc_start :] = sink_caps
        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(self.tails, self.heads, caps)
        status = solver.solve(0, 1)
        if status != solver.OPTIMAL:
            raise RuntimeError(f"max flow failed with status {status}")
        source_side = np.zeros(2 + self.demands.size + self.group_cap.size, dtype=bool)
        source_side[np.asarray(solver.get_source_side_min_cut(), dtype=np.int64)] = True
        reachable = source_side[2 : 2 + self.demands.size]
        flows = solver.flows(np.arange(self.sink_arc_start, self.sink_arc_start + self.demands.size))
        return solver.optimal_flow(), reachable, np.asarray(flows, dtype=np.int64)

    def supply_of(self, blocked: np.ndarray) -> int:
        """What the sources that can serve any of these (boolean, per considered demand) can give."""
        return int(self.group_cap[self.group_reach[:, blocked].any(axis=1)].sum()) if blocked.any() else 0


def _fill_level(problem: _Problem, fixed: np.ndarray, done: np.ndarray, level: np.ndarray, stats: dict) -> None:
    """Progressive filling of one priority level: writes delivered units into ``fixed`` and marks ``done``."""
    active_pos = level[(problem.need[level] > 0) & problem.has_arc[level]]
    fixed[level] = 0
    done[level] = True
    if active_pos.size == 0:
        return
    considered = np.flatnonzero(done)
    graph = _FairnessGraph(problem, considered)
    local = np.searchsorted(considered, active_pos)
    need = problem.need[considered]
    active = np.zeros(considered.size, dtype=bool)
    active[local] = True
    current = fixed[considered].copy()

    def caps_at(t: float) -> np.ndarray:
        caps = current.copy()
        caps[active] = np.minimum(need[active], np.floor(t * need[active] + 1e-9).astype(np.int64))
        return caps

    level_floor = 0.0
    while active.any():
        t, bottleneck = 1.0, None
        for _ in range(64):  # Dinkelbach: each step moves to the level the current minimum cut allows
            caps = caps_at(t)
            flow, reachable, _ = graph.max_flow(caps)
            stats["max_flows"] = stats.get("max_flows", 0) + 1
            if flow >= caps.sum():
                break
            blocked = ~reachable
            if not (blocked & active).any():
                break  # only rounding separates the cut from the demands; t is as high as units allow
            bottleneck = blocked & active
            room = graph.supply_of(blocked) - int(current[blocked & ~active].sum())
            new_t = max(level_floor, room / int(need[bottleneck].sum()))
            t = new_t if new_t < t else max(level_floor, t - 1e-9)
        caps = caps_at(t)
        _, reachable, flows = graph.max_flow(caps)
        # Below 1, the cut that set this level is tight whatever the rounding, and a request the residual
        # graph cannot reach cannot rise either.
        frozen = active.copy() if t >= 1.0 or bottleneck is None else (bottleneck | (active & ~reachable))
        current[frozen] = flows[frozen]
        active &= ~frozen
        level_floor = t
        stats["rounds"] = stats.get("rounds", 0) + 1
    _top_up(graph, current, need, np.isin(considered, level), stats)
    fixed[considered] = current


def _top_up(graph: _FairnessGraph, current: np.ndarray, need: np.ndarray, in_level: np.ndarray, stats: dict) -> None:
    """Gives the units that rounding down left over to the least-filled requests of the level.

    With the others capped at their amounts, a max flow's value minus theirs is what one request can reach:
    in a polymatroid any feasible vector extends to a maximal one, so nobody else loses anything.
    """
    caps = current.copy()
    caps[in_level] = need[in_level]
    best, _, _ = graph.max_flow(caps)
    stats["max_flows"] = stats.get("max_flows", 0) + 1
    candidates = np.flatnonzero(in_level & (need > 0))
    for d in candidates[np.argsort(current[candidates] / need[candidates], kind="stable")]:
        if current.sum() >= best:
            break
        caps = current.copy()
        caps[d] = need[d]
        flow, _, _ = graph.max_flow(caps)
        stats["max_flows"] += 1
        current[d] = flow - (current.sum() - current[d])


def _route_at_least_cost(problem: _Problem, fixed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sends each demand exactly its fixed units over the arcs, at the least total cost: (arc rows, units)."""
    total = int(fixed.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n_s, n_d = len(problem.supply_ids), len(problem.demand_ids)
    rows = np.flatnonzero(fixed[problem.arc_d] > 0)
    arc_s, arc_d = problem.arc_s[rows], problem.arc_d[rows]
    max_cost = float(problem.arc_cost[rows].max()) if rows.size else 0.0
    # Integer costs for the solver, scaled so that total flow x cost stays inside int64.
    resolution = max(1, min(10**6, INT64_SAFE // max(1, total) // 4))
    scale = resolution / max_cost if max_cost > 0 else 0.0
    tails = np.concatenate([np.zeros(n_s, dtype=np.int64), 1 + arc_s])
    heads = np.concatenate([1 + np.arange(n_s, dtype=np.int64), 1 + n_s + arc_d])
    caps = np.concatenate([problem.capacity, np.minimum(problem.capacity[arc_s], fixed[arc_d])])
    costs = np.concatenate([np.zeros(n_s, dtype=np.int64), np.rint(problem.arc_cost[rows] * scale).astype(np.int64)])
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps.astype(np.int64), costs)
    nodes = np.concatenate([[0], 1 + n_s + np.arange(n_d, dtype=np.int64)])
    balances = np.concatenate([[total], -fixed]).astype(np.int64)
    solver.set_nodes_supplies(nodes, balances)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min cost flow failed with status {status}")
    flows = np.asarray(solver.flows(np.arange(n_s, n_s + rows.size)), dtype=np.int64)
    used = flows > 0
    return rows[used], flows[used]


def _solution(
    problem: _Problem,
    units: _Units,
    demands: list[Demand],
    rows: np.ndarray,
    flows: np.ndarray,
    name: str,
    started: float,
    stages: dict,
) -> Solution:
    allocations = [
        Allocation(
            problem.supply_ids[int(problem.arc_s[r])], problem.demand_ids[int(problem.arc_d[r])], units.back(int(f))
        )
        for r, f in zip(rows, flows, strict=True)
    ]
    allocations.sort(key=lambda a: (a.supply_id, a.demand_id))
    delivered = {d.id: Decimal(0) for d in demands}
    for allocation in allocations:
        delivered[allocation.demand_id] += allocation.quantity
    by_id = {d.id: d for d in demands}
    return Solution(
        allocations=allocations,
        delivered=delivered,
        shortfall={d: by_id[d].quantity - delivered[d] for d in delivered},
        fill_fraction={d: float(delivered[d] / by_id[d].quantity) if by_id[d].quantity > 0 else 1.0 for d in delivered},
        total_cost=float(np.dot(flows.astype(np.float64), problem.arc_cost[rows])) * float(units.unit),
        solver=name,
        solve_seconds=time.perf_counter() - started,
        stages=stages,
    )


def _solve_problem(problem: _Problem) -> tuple[np.ndarray, np.ndarray, dict]:
    fixed = np.zeros(len(problem.demand_ids), dtype=np.int64)
    done = np.zeros(len(problem.demand_ids), dtype=bool)
    stages: dict = {"levels": {}}
    started = time.perf_counter()
    for priority in sorted(set(problem.priority.tolist())):
        level = np.flatnonzero(problem.priority == priority)
        level_stats: dict = {}
        _fill_level(problem, fixed, done, level, level_stats)
        stages["levels"][int(priority)] = level_stats
    fairness_done = time.perf_counter()
    rows, flows = _route_at_least_cost(problem, fixed)
    stages["fairness_seconds"] = fairness_done - started
    stages["cost_seconds"] = time.perf_counter() - fairness_done
    return rows, flows, stages


def solve(
    demands: Iterable[Demand], supplies: Iterable[Supply], arcs: Iterable[Arc], *, quantum: Decimal = Decimal("0.001")
) -> Solution:
    """The lexicographic optimum described in the module docstring."""
    started = time.perf_counter()
    demands, supplies, arcs = list(demands), list(supplies), list(arcs)
    problem, units = _problem(
        [d.id for d in demands],
        [d.priority for d in demands],
        [d.quantity for d in demands],
        [s.id for s in supplies],
        [s.available for s in supplies],
        [a.supply_id for a in arcs],
        [a.demand_id for a in arcs],
        [a.cost for a in arcs],
        quantum,
    )
    rows, flows, stages = _solve_problem(problem)
    stages["unit"] = str(units.unit)
    return _solution(problem, units, demands, rows, flows, "ortools-maxflow-waterfill+mincostflow", started, stages)


def solve_indexed(
    demands: list[Demand],
    available: list[Decimal],
    arc_supply: np.ndarray,
    arc_demand: np.ndarray,
    arc_cost: np.ndarray,
    *,
    quantum: Decimal = Decimal("0.001"),
    greedy: bool = False,
) -> Solution:
    """As ``solve``, for callers that hold arcs as arrays of positions (supply i of ``available``, demand j of
    ``demands``): no per-arc Python objects. Supply ids in the answer are positions."""
    started = time.perf_counter()
    problem, units = _problem(
        [d.id for d in demands],
        [d.priority for d in demands],
        [d.quantity for d in demands],
        list(range(len(available))),
        available,
        arc_supply,
        arc_demand,
        arc_cost,
        quantum,
        positions=True,
    )
    if greedy:
        rows, flows = _greedy(problem)
        return _solution(problem, units, demands, rows, flows, "greedy-nearest-first", started, {})
    rows, flows, stages = _solve_problem(problem)
    stages["unit"] = str(units.unit)
    return _solution(problem, units, demands, rows, flows, "ortools-maxflow-waterfill+mincostflow", started, stages)


def greedy_nearest_first(
    demands: Iterable[Demand], supplies: Iterable[Supply], arcs: Iterable[Arc], *, quantum: Decimal = Decimal("0.001")
) -> Solution:
    """The baseline: requests in priority order (then by id) each take from their cheapest sources first."""
    started = time.perf_counter()
    demands, supplies, arcs = list(demands), list(supplies), list(arcs)
    problem, units = _problem(
        [d.id for d in demands],
        [d.priority for d in demands],
        [d.quantity for d in demands],
        [s.id for s in supplies],
        [s.available for s in supplies],
        [a.supply_id for a in arcs],
        [a.demand_id for a in arcs],
        [a.cost for a in arcs],
        quantum,
    )
    rows, flows = _greedy(problem)
    return _solution(problem, units, demands, rows, flows, "greedy-nearest-first", started, {})


def _greedy(problem: _Problem) -> tuple[np.ndarray, np.ndarray]:
    left = problem.capacity.copy()
    order = np.lexsort((problem.arc_cost, problem.arc_d))
    starts = np.searchsorted(problem.arc_d[order], np.arange(len(problem.demand_ids) + 1))
    rows_out, flows_out = [], []
    for d in sorted(range(len(problem.demand_ids)), key=lambda i: (problem.priority[i], problem.demand_ids[i])):
        wanted = int(problem.need[d])
        for r in order[starts[d] : starts[d + 1]]:
            if wanted == 0:
                break
            take = min(wanted, int(left[problem.arc_s[r]]))
            if take > 0:
                rows_out.append(r)
                flows_out.append(take)
                left[problem.arc_s[r]] -= take
                wanted -= take
    return np.array(rows_out, dtype=np.int64), np.array(flows_out, dtype=np.int64)
