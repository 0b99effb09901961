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

Time: a supply has a stock ready now (``available``) and may produce more, ``rate`` per ``period`` days from day
``start`` on, spread evenly. An arc has ``ready``: the last day whose output still reaches its demand in time. What a
supply made by day c is ``available + rate * max(0, c - start) / period``, and what it gives to arcs with ready <= c,
together with what earlier offers (``Hold``) already take by day c, is at most that: output made early may serve a
later demand, never the reverse. In the flow network each supply is a chain of time buckets, one per distinct ready
day of its arcs, each fed the output of its interval and passing what is left to the next; an arc leaves from the
bucket of its ready day. A bucket's output may serve the demands on it or on a later bucket of its chain (its reach
set) and nothing else, so for fairness buckets with the same reach set, across all supplies, are one node with their
outputs added (the chain graph, merged by the chain's shape, is kept as the fallback when that is not smaller). The
cost stage routes over the chains themselves, leaving out the arcs that carry nothing in any way of delivering the
fixed amounts (found on the reach-set graph).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

INT64_SAFE = 2**62


@dataclass(frozen=True)
class Demand:
    id: int
    priority: int
    quantity: Decimal


@dataclass(frozen=True)
class Supply:
    id: int
    available: Decimal  # ready now
    rate: Decimal = Decimal(0)  # made every ``period`` days, evenly, from day ``start`` on
    start: int = 0


@dataclass(frozen=True)
class Arc:
    supply_id: int
    demand_id: int
    cost: float
    ready: int = 0  # the last day whose output still reaches the demand in time


@dataclass(frozen=True)
class Hold:
    """What earlier offers already take from a supply, out of the output made by day ``ready``."""

    supply_id: int
    ready: int
    quantity: Decimal


@dataclass(frozen=True)
class Allocation:
    supply_id: int
    demand_id: int
    quantity: Decimal


@dataclass
class Solution:
    """The answer. ``flow_supply``, ``flow_demand`` (positions in the inputs) and ``flow_units`` (whole multiples of
    ``unit``) are the allocations as arrays, one row per (supply, demand) pair given anything: what a caller that
    writes hundreds of thousands of offers reads. ``allocations`` makes the objects from them when first asked."""

    delivered: dict[int, Decimal]
    shortfall: dict[int, Decimal]
    fill_fraction: dict[int, float]
    total_cost: float
    solver: str
    solve_seconds: float
    stages: dict = field(default_factory=dict)
    supplies_with_output: int = 0  # supplies that could give anything to any demand
    supply_ids: list = field(default_factory=list)
    demand_ids: list = field(default_factory=list)
    flow_supply: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    flow_demand: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    flow_units: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unit: Decimal = Decimal(1)
    _allocations: list[Allocation] | None = field(default=None, repr=False)

    @property
    def allocations(self) -> list[Allocation]:
        """One per (supply, demand) pair given anything, by (supply id, demand id)."""
        if self._allocations is None:
            back = _Units(self.unit, Decimal(1)).back
            allocations = [
                Allocation(self.supply_ids[s], self.demand_ids[d], back(f))
                for s, d, f in zip(self.flow_supply.tolist(), self.flow_demand.tolist(), self.flow_units.tolist(),
                                   strict=True)
            ]
            allocations.sort(key=lambda a: (a.supply_id, a.demand_id))
            self._allocations = allocations
        return self._allocations

    @property
    def delivered_units(self) -> int:
        return int(self.flow_units.sum())


class _Units:
    """Decimal quantities as whole numbers of a unit (``quantum``, coarsened if totals would overflow int64)."""

    def __init__(self, quantum: Decimal, largest_total: Decimal):
        self.unit = quantum
        while largest_total / self.unit > Decimal(10) ** 15:
            self.unit *= 10

    def down(self, value: Decimal) -> int:
        return int((value / self.unit).to_integral_value(rounding=ROUND_FLOOR))

    def up(self, value: Decimal) -> int:
        return int((value / self.unit).to_integral_value(rounding=ROUND_CEILING))

    def back(self, units: int) -> Decimal:
        return (Decimal(units) * self.unit).quantize(self.unit) if self.unit < 1 else Decimal(units) * self.unit


@dataclass
class _Problem:
    """Everything as arrays indexed by position: demands 0..n_d-1, supplies 0..n_s-1, one row per arc."""

    demand_ids: list[int]
    need: np.ndarray  # int64 units asked, per demand
    priority: np.ndarray
    supply_ids: list[int]
    capacity: np.ndarray  # int64 units: the most each supply can give in all (its limit at its latest ready day)
    arc_s: np.ndarray  # supply position of each arc (one arc per pair: the cheapest)
    arc_d: np.ndarray
    arc_cost: np.ndarray
    arc_ready: np.ndarray  # the last day whose output still reaches the demand in time
    arc_limit: np.ndarray  # units: the most the supply gives, in all, to its arcs ready by this arc's ready day
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
    *,
    rate=None,
    start=None,
    arc_ready=None,
    holds=None,
    period: int = 30,
) -> tuple[_Problem, _Units]:
    n_s = len(supply_ids)
    rate = list(rate) if rate is not None else [Decimal(0)] * n_s
    start = np.asarray(start if start is not None else np.zeros(n_s), dtype=np.int64)
    arc_cost = np.asarray(arc_cost, dtype=np.float64)
    ready = np.asarray(arc_ready if arc_ready is not None else np.zeros(len(arc_supply)), dtype=np.int64)
    if arc_cost.size and not (np.isfinite(arc_cost).all() and (arc_cost >= 0).all()):
        raise ValueError("arc costs must be finite and non-negative")
    if period <= 0:
        raise ValueError("the period must be a positive number of days")
    if positions:  # arcs already name demands and supplies by position
        sp = np.asarray(arc_supply, dtype=np.int64)
        dp = np.asarray(arc_demand, dtype=np.int64)
    else:
        d_pos = {d: i for i, d in enumerate(demand_ids)}
        s_pos = {s: i for i, s in enumerate(supply_ids)}
        sp = np.fromiter((s_pos.get(s, -1) for s in arc_supply), dtype=np.int64, count=len(arc_supply))
        dp = np.fromiter((d_pos.get(d, -1) for d in arc_demand), dtype=np.int64, count=len(arc_demand))
    keep = (sp >= 0) & (dp >= 0)
    sp, dp, cost, ready = sp[keep], dp[keep], arc_cost[keep], ready[keep]

    # Units fine enough for the quantities and coarse enough that what all supplies can give (each at most what
    # all demands ask: more is never used) stays far inside int64.
    asked = sum(quantities, Decimal(0))
    latest = np.full(n_s, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(latest, sp, ready)
    reach = latest > np.iinfo(np.int64).min
    stock_f = np.array([float(a) for a in available], dtype=np.float64)
    rate_f = np.array([float(r) for r in rate], dtype=np.float64)
    days_f = np.maximum(0, latest - start).astype(np.float64)
    held = sum(holds[2], Decimal(0)) if holds is not None else Decimal(0)
    made_f = np.where(reach, np.minimum(stock_f + rate_f * days_f / period, float(asked + held)), 0.0)
    largest = max(asked + held, Decimal(repr(float(made_f.sum()) * 1.01)), Decimal(1))
    units = _Units(quantum, largest)
    need = np.array([max(0, units.down(q)) for q in quantities], dtype=np.int64)
    total = int(need.sum())
    # Output beyond what is asked and held is never used: clipped there, and rate x days stays below
    # 2 x enough x period.
    enough = total + (units.up(held) if held else 0)
    stock_u = np.array([min(enough, max(0, units.down(a))) for a in available], dtype=np.int64)
    rate_u = np.array([min(enough * period, max(0, units.down(r))) if r else 0 for r in rate], dtype=np.int64)
    enough_days = enough * period // np.maximum(rate_u, 1) + 1

    def made(s: np.ndarray, day: np.ndarray) -> np.ndarray:
        days = np.minimum(np.maximum(day - start[s], 0), enough_days[s])
        return np.minimum(enough, stock_u[s] + rate_u[s] * days // period)

    limit = made(sp, ready) if sp.size else np.zeros(0, dtype=np.int64)
    if holds is not None and len(holds[0]):
        _apply_holds(limit, sp, ready, holds, units, made, positions, supply_ids)
    limit = np.minimum(limit, total)
    keep = (limit > 0) & (need[dp] > 0) if sp.size else np.zeros(0, dtype=bool)
    sp, dp, cost, ready, limit = sp[keep], dp[keep], cost[keep], ready[keep], limit[keep]
    # One arc per (supply, demand) pair: the cheapest (on a tie, the latest ready). Arcs already in strictly
    # increasing (supply, demand) order, as matching builds them, are one per pair: the sort (the largest step of
    # building a problem) is skipped.
    pair = sp * max(1, len(demand_ids)) + dp
    if sp.size and not (pair[1:] > pair[:-1]).all():
        order = np.lexsort((-ready, cost, dp, sp))
        sp, dp, cost, ready, limit = sp[order], dp[order], cost[order], ready[order], limit[order]
        first = np.ones(sp.size, dtype=bool)
        first[1:] = (sp[1:] != sp[:-1]) | (dp[1:] != dp[:-1])
        sp, dp, cost, ready, limit = sp[first], dp[first], cost[first], ready[first], limit[first]
    capacity = np.zeros(n_s, dtype=np.int64)
    np.maximum.at(capacity, sp, limit)
    problem = _Problem(
        list(demand_ids), need, np.asarray(priorities, dtype=np.int64), list(supply_ids), capacity, sp, dp, cost,
        ready, limit,
    )
    return problem, units


def _apply_holds(limit, sp, ready, holds, units, made, positions, supply_ids) -> None:
    """Lowers the arcs' limits by what earlier offers hold: by day c a supply gives at most what it made by c less
    what holds ready by c take, and no more than it can spare at any later hold's day (the later hold needs its
    share of what is made by then). All supplies at once: holds and arcs found by their (supply, day) keys."""
    hold_supply, hold_ready, hold_quantity = holds
    if positions:
        hs = np.asarray(hold_supply, dtype=np.int64)
    else:
        s_pos = {s: i for i, s in enumerate(supply_ids)}
        hs = np.array([s_pos.get(s, -1) for s in hold_supply], dtype=np.int64)
    hr = np.asarray(hold_ready, dtype=np.int64)
    hq = np.array([max(0, units.up(q)) for q in hold_quantity], dtype=np.int64)
    keep = hs >= 0
    hs, hr, hq = hs[keep], hr[keep], hq[keep]
    if not hs.size or not sp.size:
        return
    order = np.lexsort((hr, hs))
    hs, hr, hq = hs[order], hr[order], hq[order]
    first = np.searchsorted(hs, hs, "left")  # each hold's supply's first hold
    total = np.cumsum(hq)
    held = total - (total[first] - hq[first])  # what the supply's holds ready by this one's day take
    spare_at_hold = made(hs, hr) - held
    # What the supply can spare at this hold and every later one: a suffix minimum within each supply, taken a
    # rank at a time from the last (a supply has a few holds).
    spare_later = spare_at_hold.copy()
    rank = np.arange(hs.size) - first
    has_next = np.append(hs[1:] == hs[:-1], False)
    for r in range(int(rank.max()) - 1, -1, -1):
        at = np.flatnonzero((rank == r) & has_next)
        spare_later[at] = np.minimum(spare_later[at], spare_later[at + 1])
    # Each arc's holds by their (supply, day) key: those of its supply ready by c, and its supply's first hold
    # ready on or after c.
    low = min(int(hr.min()), int(ready.min()))
    span = max(int(hr.max()), int(ready.max())) - low + 1
    hold_key = hs * span + (hr - low)
    arc_key = sp * span + (ready - low)
    before = np.searchsorted(hold_key, arc_key, "right") - 1
    mine = before >= 0
    mine[mine] = hs[before[mine]] == sp[mine]
    held_by_c = np.where(mine, held[np.maximum(before, 0)], 0)
    after = np.searchsorted(hold_key, arc_key, "left")
    later_ok = after < hs.size
    later_ok[later_ok] = hs[after[later_ok]] == sp[later_ok]
    later = np.where(later_ok, spare_later[np.minimum(after, hs.size - 1)], np.iinfo(np.int64).max)
    limit[:] = np.where(mine | later_ok, np.maximum(0, np.minimum(limit - held_by_c, later)), limit)


def _chains(sp: np.ndarray, ready: np.ndarray, limit: np.ndarray):
    """Time buckets of arcs sorted by (supply, ready): one per distinct ready day of a supply, each holding the
    output of its interval; a bucket that adds nothing is folded into the one before. Returns each arc's bucket,
    and per bucket its supply, its rank in the supply's chain and its output."""
    new = np.ones(sp.size, dtype=bool)
    new[1:] = (sp[1:] != sp[:-1]) | (ready[1:] != ready[:-1])
    starts = np.flatnonzero(new)
    b_sp, b_limit = sp[starts], limit[starts]
    first = np.ones(starts.size, dtype=bool)
    first[1:] = b_sp[1:] != b_sp[:-1]
    before = np.concatenate([np.zeros(1, dtype=np.int64), b_limit[:-1]])
    before[first] = 0
    output = b_limit - before
    keep = first | (output > 0)
    compressed = np.cumsum(keep) - 1
    arc_bucket = compressed[np.cumsum(new) - 1]
    kept = np.flatnonzero(keep)
    index = np.arange(kept.size)
    first_of_supply = np.maximum.accumulate(np.where(first[kept], index, 0))
    return arc_bucket, b_sp[kept], index - first_of_supply, output[kept]


class _FairnessGraph:
    """Source -> merged supply chains of time buckets -> demands -> sink, for the demands of the levels served so
    far. Supplies whose chains have the same shape (the same demands on the same rank of bucket) are merged, with
    their buckets' outputs added: exact, since any flow through the merged chain splits by the bucket it leaves."""

    def __init__(self, problem: _Problem, considered: np.ndarray):
        self.demands = considered  # demand positions, sorted
        width = considered.size
        position = np.full(len(problem.demand_ids), -1, dtype=np.int64)
        position[considered] = np.arange(width)
        rows = np.flatnonzero(position[problem.arc_d] >= 0)
        rows = rows[np.lexsort((problem.arc_ready[rows], problem.arc_s[rows]))]
        sp, dl = problem.arc_s[rows], position[problem.arc_d[rows]]
        arc_bucket, b_sp, b_rank, b_out = _chains(sp, problem.arc_ready[rows], problem.arc_limit[rows])
        top = int(b_rank.max()) if b_rank.size else 0
        dtype = np.int8 if top < 127 else np.int16 if top < 32767 else np.int32
        matrix = np.full((len(problem.supply_ids), width), -1, dtype=dtype)
        matrix[sp, dl] = b_rank[arc_bucket]
        reaching = np.zeros(len(problem.supply_ids), dtype=bool)
        reaching[sp] = True
        if reaching.any():
            signatures, inverse = np.unique(matrix[reaching], axis=0, return_inverse=True)
            inverse = inverse.reshape(-1)
        else:
            signatures, inverse = matrix[:0], np.zeros(0, dtype=np.int64)
        group_of = np.full(len(problem.supply_ids), -1, dtype=np.int64)
        group_of[reaching] = inverse
        n_groups = signatures.shape[0]
        lengths = signatures.max(axis=1).astype(np.int64) + 1 if n_groups else np.zeros(0, dtype=np.int64)
        group_out = np.zeros((n_groups, int(lengths.max()) if n_groups else 0), dtype=np.int64)
        np.add.at(group_out, (group_of[b_sp], b_rank), b_out)
        self.group_rank = signatures.astype(np.int64)
        self.group_cum = np.cumsum(group_out, axis=1)
        self.n_buckets = int(lengths.sum())
        self.n_nodes = 2 + width + self.n_buckets
        first_node = 2 + width + np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(lengths)[:-1]])[:n_groups]
        feed_group = np.repeat(np.arange(n_groups), lengths)
        feed_rank = np.arange(self.n_buckets) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        feed_node = 2 + width + np.arange(self.n_buckets)
        chain = np.flatnonzero(feed_rank[1:] > 0)  # bucket i passes what is left to bucket i + 1
        g_idx, d_idx = np.nonzero(self.group_rank >= 0)
        self.sink_arc_start = self.n_buckets + chain.size + g_idx.size
        self.tails = np.concatenate([
            np.zeros(self.n_buckets, dtype=np.int64), feed_node[chain],
            first_node[g_idx] + self.group_rank[g_idx, d_idx], 2 + np.arange(width),
        ]).astype(np.int64)
        self.heads = np.concatenate([
            feed_node, feed_node[chain] + 1, 2 + d_idx, np.ones(width, dtype=np.int64),
        ]).astype(np.int64)
        self.base_caps = np.concatenate([
            group_out[feed_group, feed_rank], np.full(chain.size + g_idx.size, INT64_SAFE, dtype=np.int64),
            np.zeros(width, dtype=np.int64),
        ]).astype(np.int64)

    def max_flow(self, sink_caps: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
        """Flow value, which considered demands the residual graph reaches, and the flow into each demand."""
        caps = self.base_caps.copy()
        caps[self.sink_arc_start :] = sink_caps
        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(self.tails, self.heads, caps)
        status = solver.solve(0, 1)
        if status != solver.OPTIMAL:
            raise RuntimeError(f"max flow failed with status {status}")
        source_side = np.zeros(self.n_nodes, dtype=bool)
        source_side[np.asarray(solver.get_source_side_min_cut(), dtype=np.int64)] = True
        reachable = source_side[2 : 2 + self.demands.size]
        flows = solver.flows(np.arange(self.sink_arc_start, self.sink_arc_start + self.demands.size))
        return solver.optimal_flow(), reachable, np.asarray(flows, dtype=np.int64)

    def supply_of(self, blocked: np.ndarray) -> int:
        """What the supplies can give to these demands (boolean, per considered demand): each chain up to the
        latest bucket any of them hangs on (the minimum cut that puts them on the sink side)."""
        if not blocked.any() or not self.group_rank.shape[0]:
            return 0
        latest = np.where(blocked[None, :], self.group_rank, -1).max(axis=1)
        groups = np.flatnonzero(latest >= 0)
        return int(self.group_cum[groups, latest[groups]].sum())


# The reach-set graph is used while its arcs (merged bucket classes x the demands each reaches) stay within this
# multiple of the chain graph's arcs; beyond it (many demands, little sharing) the chain graph is smaller.
REACH_GRAPH_MAX_RATIO = 2.0
# The most memory the bits of the buckets' reach sets may take (one bit per bucket and demand); beyond it the chain
# graph serves fairness and the cost stage keeps every arc.
REACH_SETS_MAX_BYTES = 64 * 2**20


@dataclass
class _ReachSets:
    rows: np.ndarray  # arc rows to the considered demands, sorted by (supply, ready)
    local: np.ndarray  # each row's demand, as a position among the considered
    arc_bucket: np.ndarray  # each row's bucket
    b_rank: np.ndarray  # each bucket's rank in its supply's chain
    bucket_set: np.ndarray  # each bucket's reach set
    reach: np.ndarray  # bool, per reach set and considered demand
    amount: np.ndarray  # the output of each reach set's buckets, added


def _chain_or(bits: np.ndarray, b_rank: np.ndarray, backwards: bool) -> None:
    """ORs each bucket's row of bits with the rows of the later (backwards) or earlier buckets of its chain."""
    n_b = b_rank.size
    linked = np.zeros(n_b, dtype=bool)
    linked[:-1] = b_rank[1:] > 0  # bucket b + 1 is the next of the same chain
    if backwards:
        order = np.argsort(-b_rank, kind="stable")
        step = 1
    else:
        linked = np.concatenate([[False], linked[:-1]])  # bucket b - 1 is the one before, same chain
        order = np.argsort(b_rank, kind="stable")
        step = -1
    ranks = b_rank[order]
    for level in np.split(order, np.flatnonzero(np.diff(ranks)) + 1):
        level = level[linked[level]]
        bits[level] |= bits[level + step]


def _bits(n_rows: int, width: int, row: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Rows of bits (as ``np.packbits`` packs them) with the given (row, column) bits set."""
    bits = np.zeros((n_rows, (width + 7) // 8), dtype=np.uint8)
    np.bitwise_or.at(bits, (row, column >> 3), (128 >> (column & 7)).astype(np.uint8))
    return bits


def _has_bit(bits: np.ndarray, row: np.ndarray, column: np.ndarray) -> np.ndarray:
    return (bits[row, column >> 3] & (128 >> (column & 7)).astype(np.uint8)) > 0


def _reach_sets(problem: _Problem, considered: np.ndarray) -> _ReachSets | None:
    """Every bucket of the chains over these demands, and its reach set: the demands that hang on it or on a later
    bucket of its chain, the only ones its output may serve. None when a bit per bucket and demand would take more
    than REACH_SETS_MAX_BYTES (very many demands): the callers then do without."""
    width = considered.size
    position = np.full(len(problem.demand_ids), -1, dtype=np.int64)
    position[considered] = np.arange(width)
    rows = np.flatnonzero(position[problem.arc_d] >= 0)
    rows = rows[np.lexsort((problem.arc_ready[rows], problem.arc_s[rows]))]
    local = position[problem.arc_d[rows]]
    arc_bucket, b_sp, b_rank, b_out = _chains(problem.arc_s[rows], problem.arc_ready[rows], problem.arc_limit[rows])
    n_b = b_sp.size
    if not n_b:
        empty = np.zeros(0, dtype=np.int64)
        return _ReachSets(rows, local, arc_bucket, b_rank, empty, np.zeros((0, width), dtype=bool), empty)
    if n_b * ((width + 7) // 8) > REACH_SETS_MAX_BYTES:
        return None
    bits = _bits(n_b, width, arc_bucket, local)
    _chain_or(bits, b_rank, backwards=True)
    keys = np.ascontiguousarray(bits).view(np.dtype((np.void, bits.shape[1]))).reshape(-1)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    amount = np.zeros(first.size, dtype=np.int64)
    np.add.at(amount, inverse, b_out)
    reach = np.unpackbits(bits[first], axis=1, count=width).astype(bool)
    return _ReachSets(rows, local, arc_bucket, b_rank, inverse, reach, amount)


def _usable_rows(problem: _Problem, fixed: np.ndarray) -> np.ndarray:
    """The arc rows that carry flow in at least one way of delivering exactly ``fixed``: the others carry none in
    any, so leaving them out of the cost stage changes nothing it can choose from.

    On the reach-set graph with each demand capped at its fixed amount, one flow that delivers it all; a reach set's
    arc to a demand can carry flow in some such flow iff it does in this one or lies on a cycle of its residual
    graph (any two such flows differ by residual cycles): iff it carries flow or both ends are in one strongly
    connected component. A supply's arc to a demand is usable iff some bucket of its chain up to the arc's (whose
    output may go to that demand) has a usable reach-set arc to the demand.
    """
    considered = np.flatnonzero(fixed > 0)
    sets = _reach_sets(problem, considered)
    if sets is None:
        return np.flatnonzero(fixed[problem.arc_d] > 0)
    width, n_sets = considered.size, sets.amount.size
    k_idx, d_idx = np.nonzero(sets.reach)
    tails = np.concatenate([np.zeros(n_sets, dtype=np.int64), 2 + width + k_idx, 2 + np.arange(width)])
    heads = np.concatenate([2 + width + np.arange(n_sets), 2 + d_idx, np.ones(width, dtype=np.int64)])
    caps = np.concatenate([sets.amount, np.full(k_idx.size, INT64_SAFE, dtype=np.int64), fixed[considered]])
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(tails, heads, caps.astype(np.int64))
    if solver.solve(0, 1) != solver.OPTIMAL or solver.optimal_flow() != int(fixed.sum()):
        return sets.rows  # cannot happen (the fixed amounts are deliverable); then nothing is left out
    flows = np.asarray(solver.flows(np.arange(tails.size)), dtype=np.int64)
    forward, backward = flows < caps, flows > 0
    n_nodes = 2 + width + n_sets
    residual = csr_matrix(
        (np.ones(int(forward.sum() + backward.sum()), dtype=np.int8),
         (np.concatenate([tails[forward], heads[backward]]), np.concatenate([heads[forward], tails[backward]]))),
        shape=(n_nodes, n_nodes),
    )
    _, component = connected_components(residual, directed=True, connection="strong")
    between = slice(n_sets, n_sets + k_idx.size)
    usable_pair = (flows[between] > 0) | (component[tails[between]] == component[heads[between]])
    bits = _bits(n_sets, width, k_idx[usable_pair], d_idx[usable_pair])[sets.bucket_set]
    _chain_or(bits, sets.b_rank, backwards=False)
    return sets.rows[_has_bit(bits, sets.arc_bucket, sets.local)]


class _ReachGraph(_FairnessGraph):
    """The same flows as the chain graph, with each bucket as an item: a bucket's output may serve any demand that
    hangs on it or on a later bucket of its chain (its reach set), and nothing else, so the demand amounts that can
    be met depend only on how much output has each reach set. Buckets with the same reach set, across all supplies,
    are one node: source -> reach set (its buckets' outputs added) -> each of its demands -> sink. Exact, and far
    smaller: a benchmark product's 177,000 buckets have 851 reach sets."""

    def __init__(self, problem: _Problem, considered: np.ndarray, reach: np.ndarray, amount: np.ndarray):
        self.demands = considered
        width = considered.size
        self.reach = reach  # bool, one row per reach set, one column per considered demand
        self.packed = np.packbits(reach, axis=1)
        self.amount = amount
        n_sets = amount.size
        self.n_nodes = 2 + width + n_sets
        k_idx, d_idx = np.nonzero(reach)
        self.sink_arc_start = n_sets + k_idx.size
        self.tails = np.concatenate([
            np.zeros(n_sets, dtype=np.int64), 2 + width + k_idx, 2 + np.arange(width),
        ]).astype(np.int64)
        self.heads = np.concatenate([
            2 + width + np.arange(n_sets), 2 + d_idx, np.ones(width, dtype=np.int64),
        ]).astype(np.int64)
        self.base_caps = np.concatenate([
            amount, np.full(k_idx.size, INT64_SAFE, dtype=np.int64), np.zeros(width, dtype=np.int64),
        ]).astype(np.int64)

    @staticmethod
    def build(problem: _Problem, considered: np.ndarray) -> _ReachGraph | None:
        """The reach-set graph of these demands, or None when it would not be smaller than the chain graph."""
        sets = _reach_sets(problem, considered)
        if sets is None or sets.reach.sum() > REACH_GRAPH_MAX_RATIO * (2 * sets.b_rank.size + sets.rows.size):
            return None
        keep = sets.amount > 0
        return _ReachGraph(problem, considered, sets.reach[keep], sets.amount[keep])

    def supply_of(self, blocked: np.ndarray) -> int:
        """What the supplies can give to these demands: the outputs whose reach set meets them."""
        if not blocked.any() or not self.amount.size:
            return 0
        meets = (self.packed & np.packbits(blocked)[None, :]).any(axis=1)
        return int(self.amount[meets].sum())


def _fill_level(problem: _Problem, fixed: np.ndarray, done: np.ndarray, level: np.ndarray, stats: dict) -> None:
    """Progressive filling of one priority level: writes delivered units into ``fixed`` and marks ``done``."""
    active_pos = level[(problem.need[level] > 0) & problem.has_arc[level]]
    fixed[level] = 0
    done[level] = True
    if active_pos.size == 0:
        return
    considered = np.flatnonzero(done)
    graph = _ReachGraph.build(problem, considered) or _FairnessGraph(problem, considered)
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


def _sorted_chains(problem: _Problem, rows: np.ndarray):
    rows = rows[np.lexsort((problem.arc_ready[rows], problem.arc_s[rows]))]
    return (rows, *_chains(problem.arc_s[rows], problem.arc_ready[rows], problem.arc_limit[rows]))


def _route_at_least_cost(problem: _Problem, fixed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sends each demand exactly its fixed units over the arcs, at the least total cost: (arc rows, units)."""
    total = int(fixed.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n_d = len(problem.demand_ids)
    rows, arc_bucket, b_sp, b_rank, b_out = _sorted_chains(problem, _usable_rows(problem, fixed))
    arc_s, arc_d = problem.arc_s[rows], problem.arc_d[rows]
    n_b = b_sp.size
    # Each supply's chain, walked backwards from its last bucket: the arc into bucket b carries what goes to arcs
    # ready by b's day, at most what was made by then (the prefix); one arc from the source per supply.
    made = np.cumsum(b_out)
    first_of = np.flatnonzero(b_rank == 0)
    prefix = made - np.repeat(made[first_of] - b_out[first_of], np.diff(np.append(first_of, n_b)))
    last = np.append(first_of[1:] - 1, n_b - 1)
    chain = np.flatnonzero(b_rank[1:] > 0)  # bucket chain + 1 feeds bucket chain
    max_cost = float(problem.arc_cost[rows].max()) if rows.size else 0.0
    # Integer costs for the solver, scaled so that total flow x cost stays inside int64.
    resolution = max(1, min(10**6, INT64_SAFE // max(1, total) // 4))
    scale = resolution / max_cost if max_cost > 0 else 0.0
    tails = np.concatenate([np.zeros(last.size, dtype=np.int64), 2 + chain, 1 + arc_bucket])
    heads = np.concatenate([1 + last, 1 + chain, 1 + n_b + arc_d])
    caps = np.concatenate([prefix[last], prefix[chain], np.minimum(problem.capacity[arc_s], fixed[arc_d])])
    costs = np.concatenate([
        np.zeros(last.size + chain.size, dtype=np.int64), np.rint(problem.arc_cost[rows] * scale).astype(np.int64)
    ])
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps.astype(np.int64), costs)
    nodes = np.concatenate([[0], 1 + n_b + np.arange(n_d, dtype=np.int64)])
    balances = np.concatenate([[total], -fixed]).astype(np.int64)
    solver.set_nodes_supplies(nodes, balances)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min cost flow failed with status {status}")
    first = last.size + chain.size
    flows = np.asarray(solver.flows(np.arange(first, first + rows.size)), dtype=np.int64)
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
    """The answer as arrays, with per-demand totals: no object per allocation (``Solution.allocations`` makes them
    when asked)."""
    flow_supply, flow_demand = problem.arc_s[rows], problem.arc_d[rows]
    flows = np.asarray(flows, dtype=np.int64)
    per_demand = np.zeros(len(demands), dtype=np.int64)
    np.add.at(per_demand, flow_demand, flows)
    delivered = {}
    for d, given in zip(demands, per_demand.tolist(), strict=True):
        delivered[d.id] = delivered.get(d.id, Decimal(0)) + (units.back(given) if given else Decimal(0))
    by_id = {d.id: d for d in demands}
    return Solution(
        delivered=delivered,
        shortfall={d: by_id[d].quantity - delivered[d] for d in delivered},
        fill_fraction={d: float(delivered[d] / by_id[d].quantity) if by_id[d].quantity > 0 else 1.0 for d in delivered},
        total_cost=float(np.dot(flows.astype(np.float64), problem.arc_cost[rows])) * float(units.unit),
        solver=name,
        solve_seconds=time.perf_counter() - started,
        stages=stages,
        supplies_with_output=int((problem.capacity > 0).sum()),
        supply_ids=problem.supply_ids,
        demand_ids=problem.demand_ids,
        flow_supply=flow_supply,
        flow_demand=flow_demand,
        flow_units=flows,
        unit=units.unit,
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


def _timing(supplies: list[Supply], arcs: list[Arc], holds: Iterable[Hold], period: int) -> dict:
    holds = list(holds)
    return {
        "rate": [s.rate for s in supplies],
        "start": [s.start for s in supplies],
        "arc_ready": [a.ready for a in arcs],
        "holds": ([h.supply_id for h in holds], [h.ready for h in holds], [h.quantity for h in holds]),
        "period": period,
    }


def solve(
    demands: Iterable[Demand],
    supplies: Iterable[Supply],
    arcs: Iterable[Arc],
    *,
    holds: Iterable[Hold] = (),
    period: int = 30,
    quantum: Decimal = Decimal("0.001"),
) -> Solution:
    """The lexicographic optimum described in the module docstring. ``period``: the days a supply's ``rate``
    is made in."""
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
        **_timing(supplies, arcs, holds, period),
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
    rate: list[Decimal] | None = None,
    start: np.ndarray | None = None,
    arc_ready: np.ndarray | None = None,
    holds: tuple | None = None,
    period: int = 30,
    quantum: Decimal = Decimal("0.001"),
    greedy: bool = False,
) -> Solution:
    """As ``solve``, for callers that hold arcs as arrays of positions (supply i of ``available``, demand j of
    ``demands``): no per-arc Python objects. Supply ids in the answer are positions. ``rate`` and ``start`` are per
    supply, ``arc_ready`` per arc, ``holds`` three sequences (supply positions, ready days, quantities)."""
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
        rate=rate,
        start=start,
        arc_ready=arc_ready,
        holds=holds,
        period=period,
    )
    if greedy:
        rows, flows = _greedy(problem)
        return _solution(problem, units, demands, rows, flows, "greedy-nearest-first", started, {})
    rows, flows, stages = _solve_problem(problem)
    stages["unit"] = str(units.unit)
    return _solution(problem, units, demands, rows, flows, "ortools-maxflow-waterfill+mincostflow", started, stages)


def greedy_nearest_first(
    demands: Iterable[Demand],
    supplies: Iterable[Supply],
    arcs: Iterable[Arc],
    *,
    holds: Iterable[Hold] = (),
    period: int = 30,
    quantum: Decimal = Decimal("0.001"),
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
        **_timing(supplies, arcs, holds, period),
    )
    rows, flows = _greedy(problem)
    return _solution(problem, units, demands, rows, flows, "greedy-nearest-first", started, {})


def _greedy(problem: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """Each take is at most what the supply has made by the arc's ready day and not yet given, here or later."""
    sorted_rows, arc_bucket, b_sp, _, b_out = _sorted_chains(problem, np.arange(problem.arc_s.size))
    bucket_of = np.empty(problem.arc_s.size, dtype=np.int64)
    bucket_of[sorted_rows] = arc_bucket
    supply_start = np.searchsorted(b_sp, b_sp, "left")
    last = np.searchsorted(b_sp, b_sp, "right")
    # spare[b]: what the supply made by bucket b's day less what it gave to arcs ready by then
    made = np.cumsum(b_out)
    spare = made - (made[supply_start] - b_out[supply_start]) if b_out.size else b_out.copy()
    order = np.lexsort((problem.arc_cost, problem.arc_d))
    starts = np.searchsorted(problem.arc_d[order], np.arange(len(problem.demand_ids) + 1))
    rows_out, flows_out = [], []
    for d in sorted(range(len(problem.demand_ids)), key=lambda i: (problem.priority[i], problem.demand_ids[i])):
        wanted = int(problem.need[d])
        for r in order[starts[d] : starts[d + 1]]:
            if wanted == 0:
                break
            b = bucket_of[r]
            take = min(wanted, int(spare[b : last[b]].min()))
            if take > 0:
                rows_out.append(r)
                flows_out.append(take)
                spare[b : last[b]] -= take
                wanted -= take
    return np.array(rows_out, dtype=np.int64), np.array(flows_out, dtype=np.int64)
