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

import math
import time
from collections import defaultdict
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
    need: dict[int, int]  # demand id -> units asked
    priority: dict[int, int]
    capacity: dict[int, int]  # supply id -> units available
    cost: dict[tuple[int, int], float]  # (supply, demand) -> cost per unit, cheapest arc kept
    reach: dict[int, set[int]] = field(default_factory=dict)  # supply -> demands it can serve


def _prepare(demands: Iterable[Demand], supplies: Iterable[Supply], arcs: Iterable[Arc],
             quantum: Decimal) -> tuple[_Problem, _Units, dict[int, Demand]]:
    demands = list(demands)
    supplies = list(supplies)
    by_id = {d.id: d for d in demands}
    largest = max([sum((d.quantity for d in demands), Decimal(0)), sum((s.available for s in supplies), Decimal(0)),
                   Decimal(1)])
    units = _Units(quantum, largest)
    need = {d.id: units.down(d.quantity) for d in demands if d.quantity > 0}
    capacity = {s.id: units.down(s.available) for s in supplies if s.available > 0}
    capacity = {k: v for k, v in capacity.items() if v > 0}
    cost: dict[tuple[int, int], float] = {}
    for arc in arcs:
        key = (arc.supply_id, arc.demand_id)
        if arc.supply_id in capacity and need.get(arc.demand_id, 0) > 0 and (key not in cost or arc.cost < cost[key]):
            if not (math.isfinite(arc.cost) and arc.cost >= 0):
                raise ValueError(f"arc cost must be finite and non-negative: {arc}")
            cost[key] = float(arc.cost)
    reach: dict[int, set[int]] = defaultdict(set)
    for supply_id, demand_id in cost:
        reach[supply_id].add(demand_id)
    problem = _Problem(need=need, priority={d.id: d.priority for d in demands}, capacity=capacity, cost=cost,
                       reach=dict(reach))
    return problem, units, by_id


class _FairnessGraph:
    """Source -> merged supply groups -> demands -> sink, for the demands of the levels served so far."""

    def __init__(self, problem: _Problem, considered: set[int]):
        groups: dict[frozenset[int], int] = defaultdict(int)
        for supply_id, cap in problem.capacity.items():
            signature = frozenset(problem.reach.get(supply_id, set()) & considered)
            if signature:
                groups[signature] += cap
        self.demands = sorted(considered)
        self.demand_node = {d: 2 + i for i, d in enumerate(self.demands)}
        self.group_nodes = []
        tails, heads, caps = [], [], []
        first_group = 2 + len(self.demands)
        self.group_reach: list[frozenset[int]] = []
        self.group_cap: list[int] = []
        for index, (signature, cap) in enumerate(groups.items()):
            node = first_group + index
            self.group_nodes.append(node)
            self.group_reach.append(signature)
            self.group_cap.append(cap)
            tails.append(0)
            heads.append(node)
            caps.append(cap)
            for demand in signature:
                tails.append(node)
                heads.append(self.demand_node[demand])
                caps.append(INT64_SAFE)
        self.sink_arc_start = len(tails)
        for demand in self.demands:
            tails.append(self.demand_node[demand])
            heads.append(1)
            caps.append(0)
        self.tails = np.array(tails, dtype=np.int64)
        self.heads = np.array(heads, dtype=np.int64)
        self.base_caps = np.array(caps, dtype=np.int64)

    def max_flow(self, sink_caps: dict[int, int]) -> tuple[int, set[int], max_flow.SimpleMaxFlow]:
        caps = self.base_caps.copy()
        for i, demand in enumerate(self.demands):
            caps[self.sink_arc_start + i] = sink_caps[demand]
        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(self.tails, self.heads, caps)
        status = solver.solve(0, 1)
        if status != solver.OPTIMAL:
            raise RuntimeError(f"max flow failed with status {status}")
        source_side = set(solver.get_source_side_min_cut())
        reachable = {d for d in self.demands if self.demand_node[d] in source_side}
        return solver.optimal_flow(), reachable, solver

    def supply_of(self, demands: set[int]) -> int:
        return sum(cap for reach, cap in zip(self.group_reach, self.group_cap, strict=True) if reach & demands)


def _fill_level(problem: _Problem, fixed: dict[int, int], level: list[int], stats: dict) -> None:
    """Progressive filling of one priority level; writes each demand's delivered units into ``fixed``."""
    active = {d for d in level if problem.need[d] > 0 and any(d in r for r in problem.reach.values())}
    for d in level:
        if d not in active:
            fixed[d] = 0
    if not active:
        return
    graph = _FairnessGraph(problem, set(fixed) | active)

    def caps_at(t: float) -> dict[int, int]:
        caps = dict(fixed)
        for d in active:
            caps[d] = min(problem.need[d], math.floor(t * problem.need[d] + 1e-9))
        return caps

    level_floor = 0.0
    while active:
        t, bottleneck = 1.0, None
        for _ in range(64):  # Dinkelbach: each step moves to the level the current minimum cut allows
            caps = caps_at(t)
            flow, reachable, _ = graph.max_flow(caps)
            stats["max_flows"] = stats.get("max_flows", 0) + 1
            if flow >= sum(caps.values()):
                break
            blocked = set(graph.demands) - reachable
            if not blocked & active:
                break  # only rounding separates the cut from the demands; t is as high as units allow
            bottleneck = blocked & active
            room = graph.supply_of(blocked) - sum(fixed.get(d, 0) for d in blocked - active)
            new_t = max(level_floor, room / sum(problem.need[d] for d in bottleneck))
            t = new_t if new_t < t else max(level_floor, t - 1e-9)
        caps = caps_at(t)
        _, reachable, _ = graph.max_flow(caps)
        # Below 1, the cut that set this level is tight whatever the rounding, and a request the residual
        # graph cannot reach cannot rise either.
        frozen = set(active) if t >= 1.0 or bottleneck is None else bottleneck | (active - reachable)
        actual = _flows_into(graph, caps)
        for d in frozen:
            fixed[d] = actual[d]
        active -= frozen
        level_floor = t
        stats["rounds"] = stats.get("rounds", 0) + 1
    _top_up(problem, graph, fixed, [d for d in level if d in graph.demand_node], stats)


def _top_up(problem: _Problem, graph: _FairnessGraph, fixed: dict[int, int], level: list[int], stats: dict) -> None:
    """Gives the units that rounding down left over to the least-filled requests of the level.

    With the others capped at their amounts, a max flow's value minus theirs is what one request can reach:
    in a polymatroid any feasible vector extends to a maximal one, so nobody else loses anything.
    """
    caps = dict(fixed)
    for d in level:
        caps[d] = problem.need[d]
    best, _, _ = graph.max_flow(caps)
    stats["max_flows"] = stats.get("max_flows", 0) + 1
    for d in sorted(level, key=lambda d: (fixed[d] / problem.need[d], d)):
        if sum(fixed.values()) >= best:
            break
        caps = dict(fixed)
        caps[d] = problem.need[d]
        flow, _, _ = graph.max_flow(caps)
        stats["max_flows"] += 1
        fixed[d] = flow - (sum(fixed.values()) - fixed[d])


def _flows_into(graph: _FairnessGraph, caps: dict[int, int]) -> dict[int, int]:
    """The units each demand receives in a maximum flow at these capacities."""
    _, _, solver = graph.max_flow(caps)
    flows = solver.flows(np.arange(graph.sink_arc_start, graph.sink_arc_start + len(graph.demands)))
    return {d: int(f) for d, f in zip(graph.demands, flows, strict=True)}


def _route_at_least_cost(problem: _Problem, fixed: dict[int, int]) -> dict[tuple[int, int], int]:
    """Sends each demand exactly its fixed units over the arcs, at the least total cost."""
    total = sum(fixed.values())
    if total == 0:
        return {}
    supply_ids = sorted(problem.capacity)
    demand_ids = sorted(d for d, units in fixed.items() if units > 0)
    supply_node = {s: 1 + i for i, s in enumerate(supply_ids)}
    demand_node = {d: 1 + len(supply_ids) + i for i, d in enumerate(demand_ids)}
    arcs = [(s, d) for (s, d) in problem.cost if d in demand_node]
    max_cost = max((problem.cost[a] for a in arcs), default=0.0)
    # Integer costs for the solver, scaled so that total flow x cost stays inside int64.
    resolution = max(1, min(10**6, INT64_SAFE // max(1, total) // 4))
    scale = resolution / max_cost if max_cost > 0 else 0.0
    tails = [0] * len(supply_ids) + [supply_node[s] for s, _ in arcs]
    heads = [supply_node[s] for s in supply_ids] + [demand_node[d] for _, d in arcs]
    caps = [problem.capacity[s] for s in supply_ids] + [min(problem.capacity[s], fixed[d]) for s, d in arcs]
    costs = [0] * len(supply_ids) + [round(problem.cost[a] * scale) for a in arcs]
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64), np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    nodes = [0, *(demand_node[d] for d in demand_ids)]
    balances = [total, *(-fixed[d] for d in demand_ids)]
    solver.set_nodes_supplies(np.array(nodes, dtype=np.int64), np.array(balances, dtype=np.int64))
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min cost flow failed with status {status}")
    first = len(supply_ids)
    flows = solver.flows(np.arange(first, first + len(arcs)))
    return {arc: int(f) for arc, f in zip(arcs, flows, strict=True) if f > 0}


def _solution(problem: _Problem, units: _Units, demands: dict[int, Demand], routed: dict[tuple[int, int], int],
              name: str, started: float, stages: dict) -> Solution:
    allocations = [Allocation(s, d, units.back(u)) for (s, d), u in sorted(routed.items())]
    delivered = {d: Decimal(0) for d in demands}
    for allocation in allocations:
        delivered[allocation.demand_id] += allocation.quantity
    return Solution(
        allocations=allocations,
        delivered=delivered,
        shortfall={d: demands[d].quantity - delivered[d] for d in demands},
        fill_fraction={d: float(delivered[d] / demands[d].quantity) if demands[d].quantity > 0 else 1.0
                       for d in demands},
        total_cost=sum(float(a.quantity) * problem.cost[(a.supply_id, a.demand_id)] for a in allocations),
        solver=name,
        solve_seconds=time.perf_counter() - started,
        stages=stages,
    )


def solve(demands: Iterable[Demand], supplies: Iterable[Supply], arcs: Iterable[Arc], *,
          quantum: Decimal = Decimal("0.001")) -> Solution:
    """The lexicographic optimum described in the module docstring."""
    started = time.perf_counter()
    problem, units, by_id = _prepare(demands, supplies, arcs, quantum)
    fixed: dict[int, int] = {}
    stages: dict = {"levels": {}}
    for priority in sorted({problem.priority[d] for d in problem.need}):
        level = sorted(d for d in problem.need if problem.priority[d] == priority)
        level_stats: dict = {}
        _fill_level(problem, fixed, level, level_stats)
        stages["levels"][priority] = level_stats
    fairness_done = time.perf_counter()
    routed = _route_at_least_cost(problem, fixed)
    stages["fairness_seconds"] = fairness_done - started
    stages["cost_seconds"] = time.perf_counter() - fairness_done
    stages["unit"] = str(units.unit)
    return _solution(problem, units, by_id, routed, "ortools-maxflow-waterfill+mincostflow", started, stages)


def greedy_nearest_first(demands: Iterable[Demand], supplies: Iterable[Supply], arcs: Iterable[Arc], *,
                         quantum: Decimal = Decimal("0.001")) -> Solution:
    """The baseline: requests in priority order (then by id) each take from their cheapest sources first."""
    started = time.perf_counter()
    problem, units, by_id = _prepare(demands, supplies, arcs, quantum)
    left = dict(problem.capacity)
    options: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (s, d), cost in problem.cost.items():
        options[d].append((cost, s))
    routed: dict[tuple[int, int], int] = {}
    for d in sorted(problem.need, key=lambda d: (problem.priority[d], d)):
        wanted = problem.need[d]
        for _, s in sorted(options[d]):
            if wanted == 0:
                break
            take = min(wanted, left[s])
            if take > 0:
                routed[(s, d)] = take
                left[s] -= take
                wanted -= take
    return _solution(problem, units, by_id, routed, "greedy-nearest-first", started, {})
