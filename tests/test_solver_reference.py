"""The solver against hand-worked cases, an independent LP reference, and properties over random instances."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from sharing.solver import Arc, Demand, Hold, Supply, greedy_nearest_first, solve

D = Decimal
Q = D("0.001")


def delivered(solution):
    return {k: v for k, v in solution.delivered.items()}


def test_shortage_is_shared_by_fill_fraction():
    s = solve([Demand(1, 1, D(100)), Demand(2, 1, D(300))], [Supply(10, D(200))], [Arc(10, 1, 1), Arc(10, 2, 1)])
    assert delivered(s) == {1: D(50), 2: D(150)} and s.fill_fraction == {1: 0.5, 2: 0.5}


def test_fairness_routes_around_a_bottleneck():
    # A can only use S1; B can use S1 and S2: both get all they can (10 each), not first come first served.
    s = solve([Demand(1, 1, D(20)), Demand(2, 1, D(20))], [Supply(1, D(10)), Supply(2, D(10))],
              [Arc(1, 1, 1), Arc(1, 2, 1), Arc(2, 2, 5)])
    assert delivered(s) == {1: D(10), 2: D(10)}
    assert {(a.supply_id, a.demand_id) for a in s.allocations} == {(1, 1), (2, 2)}


def test_frozen_request_lets_others_rise():
    # A reaches only a small source; B and C share a big one: A is frozen at 25%, B and C rise to 100%.
    s = solve([Demand(1, 1, D(40)), Demand(2, 1, D(40)), Demand(3, 1, D(40))],
              [Supply(1, D(10)), Supply(2, D(100))], [Arc(1, 1, 0), Arc(2, 2, 0), Arc(2, 3, 0)])
    assert delivered(s) == {1: D(10), 2: D(40), 3: D(40)}


def test_priority_first():
    s = solve([Demand(1, 2, D(20)), Demand(2, 1, D(15))], [Supply(1, D(20))], [Arc(1, 1, 1), Arc(1, 2, 1)])
    assert delivered(s) == {1: D(5), 2: D(15)}


def test_priority_keeps_higher_amounts_but_reroutes_them():
    # P1 may use S1 or S2; P2 only S1. P1 is moved to S2 so that P2 is served too.
    s = solve([Demand(1, 1, D(10)), Demand(2, 2, D(10))], [Supply(1, D(10)), Supply(2, D(10))],
              [Arc(1, 1, 0), Arc(2, 1, 9), Arc(1, 2, 0)])
    assert delivered(s) == {1: D(10), 2: D(10)}


def test_least_cost_when_there_is_slack():
    s = solve([Demand(1, 1, D(10))], [Supply(1, D(10)), Supply(2, D(10))], [Arc(1, 1, 5), Arc(2, 1, 1)])
    assert [(a.supply_id, a.quantity) for a in s.allocations] == [(2, D(10))] and s.total_cost == 10


def test_edges():
    assert solve([], [], []).allocations == []
    s = solve([Demand(1, 1, D(5)), Demand(2, 1, D(0))], [Supply(1, D(0)), Supply(2, D(3))],
              [Arc(1, 1, 1), Arc(2, 1, 4), Arc(2, 1, 2), Arc(9, 1, 0)])
    assert delivered(s)[1] == D(3) and s.total_cost == 6  # the cheaper duplicate arc, unknown supply ignored
    assert solve([Demand(1, 1, D(5))], [Supply(1, D(9))], []).shortfall == {1: D(5)}
    big = solve([Demand(1, 1, D(10) ** 12)], [Supply(1, D(10) ** 12)], [Arc(1, 1, 20000)])
    assert big.delivered[1] == D(10) ** 12
    with pytest.raises(ValueError):
        solve([Demand(1, 1, D(1))], [Supply(1, D(1))], [Arc(1, 1, float("nan"))])


# --- an independent reference: sequential LPs on the full problem ----------------------------------------------


def made(supply, day, period=30):
    """What a supply has made by a day: its stock, and its rate spread evenly over each period from its start."""
    return Fraction(supply.available) + Fraction(supply.rate) * max(0, day - supply.start) / period


def time_limits(supplies, arcs, holds):
    """Per supply, per day that matters (its arcs' ready days and its holds'): the most it can give, in all, to
    arcs ready by that day: what it made by then less what holds ready by then take (never below zero)."""
    limits = []
    for s in supplies:
        days = {a.ready for a in arcs if a.supply_id == s.id} | {h.ready for h in holds if h.supply_id == s.id}
        for day in sorted(days):
            held = sum((Fraction(h.quantity) for h in holds if h.supply_id == s.id and h.ready <= day), Fraction(0))
            limits.append((s.id, day, max(Fraction(0), made(s, day) - held)))
    return limits


def reference(demands, supplies, arcs, holds=()):
    """Lexicographic optimum by plain LPs (no merging, no max flow, no chains): max t; freeze a demand when an LP
    shows it cannot exceed t; repeat per level; then least cost with the amounts fixed. Time: one inequality per
    supply and day that matters (``time_limits``) over the arcs ready by that day. One arc per pair (the
    instances give every arc of a pair the same ready day)."""
    pairs = sorted({(a.supply_id, a.demand_id) for a in arcs})
    cost, ready = {}, {}
    for a in arcs:
        cost[(a.supply_id, a.demand_id)] = min(cost.get((a.supply_id, a.demand_id), np.inf), a.cost)
        ready[(a.supply_id, a.demand_id)] = a.ready
    n = len(pairs)
    limits = time_limits(supplies, arcs, holds)
    need = {d.id: float(d.quantity) for d in demands}
    fixed: dict[int, float] = {}

    def constraints(active, t_fixed=None):
        a_ub, b_ub, a_eq, b_eq = [], [], [], []
        for s, day, limit in limits:
            a_ub.append([1.0 if p[0] == s and ready[p] <= day else 0.0 for p in pairs] + [0.0])
            b_ub.append(float(limit))
        for d, amount in fixed.items():
            a_eq.append([1.0 if p[1] == d else 0.0 for p in pairs] + [0.0])
            b_eq.append(amount)
        for d in active:
            row = [-1.0 if p[1] == d else 0.0 for p in pairs]
            if t_fixed is None:
                a_ub.append(row + [need[d]])
                b_ub.append(0.0)
            else:
                a_ub.append(row + [0.0])
                b_ub.append(-t_fixed * need[d])
        return a_ub or None, b_ub or None, a_eq or None, b_eq or None

    for level in sorted({d.priority for d in demands}):
        active = {d.id for d in demands if d.priority == level}
        while active:
            a_ub, b_ub, a_eq, b_eq = constraints(active)
            res = linprog([0.0] * n + [-1.0], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                          bounds=[(0, None)] * n + [(0, 1)], method="highs")
            t = res.x[-1]
            frozen = set()
            for d in active:
                a_ub, b_ub, a_eq, b_eq = constraints(active, t_fixed=t)
                objective = [-1.0 if p[1] == d else 0.0 for p in pairs] + [0.0]
                best = -linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                                bounds=[(0, None)] * n + [(0, 0)], method="highs").fun
                if best <= t * need[d] + 1e-6 or t >= 1 - 1e-9:
                    frozen.add(d)
            for d in frozen:
                fixed[d] = t * need[d]
            active -= frozen
    a_ub, b_ub, a_eq, b_eq = constraints(set())
    res = linprog([cost[p] for p in pairs] + [0.0], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                  bounds=[(0, None)] * n + [(0, 0)], method="highs")
    return fixed, res.fun


instances = st.integers(1, 4).flatmap(lambda nd: st.integers(1, 4).flatmap(lambda ns: st.tuples(
    st.lists(st.tuples(st.integers(1, 2), st.integers(1, 60)), min_size=nd, max_size=nd),
    st.lists(st.integers(0, 80), min_size=ns, max_size=ns),
    st.lists(st.tuples(st.integers(0, ns - 1), st.integers(0, nd - 1), st.integers(0, 50)), max_size=nd * ns),
)))


def build(spec):
    raw_demands, raw_supplies, raw_arcs = spec
    demands = [Demand(i, p, D(q)) for i, (p, q) in enumerate(raw_demands)]
    supplies = [Supply(j, D(a)) for j, a in enumerate(raw_supplies)]
    arcs = [Arc(s, d, float(c)) for s, d, c in raw_arcs]
    return demands, supplies, arcs


@settings(max_examples=150, deadline=None)
@given(instances)
def test_matches_the_lp_reference(spec):
    demands, supplies, arcs = build(spec)
    solution = solve(demands, supplies, arcs)
    amounts, cost = reference(demands, supplies, arcs)
    tolerance = float(Q) * (len(supplies) + 2) * 4
    for d in demands:
        assert abs(float(solution.delivered[d.id]) - amounts.get(d.id, 0.0)) <= tolerance, (d, solution.delivered)
    assert solution.total_cost == pytest.approx(cost, rel=1e-3, abs=tolerance * 60)


@settings(max_examples=200, deadline=None)
@given(instances)
def test_properties(spec):
    demands, supplies, arcs = build(spec)
    solution = solve(demands, supplies, arcs)
    greedy = greedy_nearest_first(demands, supplies, arcs)
    arc_set = {(a.supply_id, a.demand_id) for a in arcs}
    used: dict[int, Decimal] = {}
    for a in solution.allocations:
        assert a.quantity > 0 and a.quantity % Q == 0 and (a.supply_id, a.demand_id) in arc_set
        used[a.supply_id] = used.get(a.supply_id, D(0)) + a.quantity
    for s in supplies:
        assert used.get(s.id, D(0)) <= s.available, "a source is over-committed"
    for d in demands:
        assert solution.delivered[d.id] <= d.quantity, "a request gets more than it asked"
    assert sum(solution.delivered.values()) >= sum(greedy.delivered.values()), "less than greedy"
    top = min(d.priority for d in demands)
    first = [d.id for d in demands if d.priority == top]
    assert sum(solution.delivered[i] for i in first) >= sum(greedy.delivered[i] for i in first)
    assert min(solution.fill_fraction[i] for i in first) >= min(greedy.fill_fraction[i] for i in first) - 1e-3


# --- time: output made over time, several ready days per supply, earlier offers holding output -------------------

timed_instances = st.integers(1, 4).flatmap(lambda nd: st.integers(1, 3).flatmap(lambda ns: st.tuples(
    st.lists(st.tuples(st.integers(1, 2), st.integers(1, 60), st.integers(0, 60)), min_size=nd, max_size=nd),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from([0, 0, 3, 10, 30, 45, 60]), st.integers(0, 10)),
             min_size=ns, max_size=ns),
    st.lists(st.integers(0, 12), min_size=ns * nd, max_size=ns * nd),  # transit days per (supply, demand)
    st.lists(st.tuples(st.integers(0, ns - 1), st.integers(0, nd - 1), st.integers(0, 50)), max_size=nd * ns),
    st.lists(st.tuples(st.integers(0, ns - 1), st.integers(-5, 60), st.integers(1, 30)), max_size=3),
)))


def build_timed(spec):
    raw_demands, raw_supplies, transit, raw_arcs, raw_holds = spec
    nd = len(raw_demands)
    demands = [Demand(i, p, D(q)) for i, (p, q, _) in enumerate(raw_demands)]
    supplies = [Supply(j, D(stock), D(rate), start) for j, (stock, rate, start) in enumerate(raw_supplies)]
    arcs = [Arc(s, d, float(c), raw_demands[d][2] - transit[s * nd + d]) for s, d, c in raw_arcs]
    holds = [Hold(s, day, D(q)) for s, day, q in raw_holds]
    return demands, supplies, arcs, holds


def test_hand_worked_time_split():
    # 30 a month from day 0; A needs its share by day 12, B by day 55: A 12, B 55 - 12 = 43 (issue 11, 1b).
    s = solve([Demand(1, 1, D(100)), Demand(2, 2, D(100))], [Supply(1, D(0), D(30), 0)],
              [Arc(1, 1, 730, 12), Arc(1, 2, 2290, 55)])
    assert delivered(s) == {1: D(12), 2: D(43)}
    # Output made early serves a later demand; later output never an earlier one.
    s = solve([Demand(1, 2, D(100)), Demand(2, 1, D(10))], [Supply(1, D(0), D(30), 0)],
              [Arc(1, 1, 1, 40), Arc(1, 2, 1, 5)])
    assert delivered(s) == {1: D(35), 2: D(5)}
    # Within a priority the shortage is shared: the same fraction, (5 + 35) / 110, up to what day 5 allows.
    s = solve([Demand(1, 1, D(100)), Demand(2, 1, D(10))], [Supply(1, D(0), D(30), 0)],
              [Arc(1, 1, 1, 40), Arc(1, 2, 1, 5)])
    assert delivered(s) == {1: D("36.363"), 2: D("3.637")}
    # A hold on day 55 keeps its 50 out of what is made by then, so the day-10 demand only gets 5.
    s = solve([Demand(1, 1, D(100))], [Supply(1, D(0), D(30), 0)], [Arc(1, 1, 0, 10)], holds=[Hold(1, 55, D(50))])
    assert delivered(s) == {1: D(5)}
    # A lead time delays the first output; a stock is there from the start.
    s = solve([Demand(1, 1, D(100))], [Supply(1, D(7), D(30), 20)], [Arc(1, 1, 0, 25)])
    assert delivered(s) == {1: D(12)}


@settings(max_examples=150, deadline=None)
@given(timed_instances)
def test_timed_matches_the_lp_reference(spec):
    demands, supplies, arcs, holds = build_timed(spec)
    solution = solve(demands, supplies, arcs, holds=holds)
    amounts, cost = reference(demands, supplies, arcs, holds)
    # Each day's output is rounded down to the quantum: a few quanta per supply and day apart at most.
    tolerance = float(Q) * (len(time_limits(supplies, arcs, holds)) + len(supplies) + 2) * 4
    for d in demands:
        assert abs(float(solution.delivered[d.id]) - amounts.get(d.id, 0.0)) <= tolerance, (d, solution.delivered)
    assert solution.total_cost == pytest.approx(cost, rel=1e-3, abs=tolerance * 60)


@settings(max_examples=200, deadline=None)
@given(timed_instances)
def test_timed_properties(spec):
    demands, supplies, arcs, holds = build_timed(spec)
    solution = solve(demands, supplies, arcs, holds=holds)
    greedy = greedy_nearest_first(demands, supplies, arcs, holds=holds)
    ready = {(a.supply_id, a.demand_id): a.ready for a in arcs}
    for result in (solution, greedy):
        for s, day, limit in time_limits(supplies, arcs, holds):
            given_by_day = sum((Fraction(a.quantity) for a in result.allocations
                                if a.supply_id == s and ready[(a.supply_id, a.demand_id)] <= day), Fraction(0))
            assert given_by_day <= limit, f"supply {s} gives {given_by_day} by day {day}, made only {limit}"
        for d in demands:
            assert result.delivered[d.id] <= d.quantity
    assert sum(solution.delivered.values()) >= sum(greedy.delivered.values()), "less than greedy"
    top = min(d.priority for d in demands)
    first = [d.id for d in demands if d.priority == top]
    assert sum(solution.delivered[i] for i in first) >= sum(greedy.delivered[i] for i in first)


@settings(max_examples=150, deadline=None)
@given(timed_instances)
def test_reach_set_graph_gives_the_chain_graphs_answer(spec):
    # The fairness stage merges buckets by the demands they can reach; past a size it falls back to the chain of
    # buckets per supply. Both must give the same delivered amounts (up to rounding units) and the same cost.
    import sharing.solver as solver_module

    demands, supplies, arcs, holds = build_timed(spec)
    merged = solve(demands, supplies, arcs, holds=holds)
    saved = solver_module.REACH_GRAPH_MAX_RATIO
    solver_module.REACH_GRAPH_MAX_RATIO = -1.0  # never the reach-set graph
    try:
        chained = solve(demands, supplies, arcs, holds=holds)
    finally:
        solver_module.REACH_GRAPH_MAX_RATIO = saved
    tolerance = Q * (len(time_limits(supplies, arcs, holds)) + len(supplies) + 2) * 4
    for d in demands:
        assert abs(merged.delivered[d.id] - chained.delivered[d.id]) <= tolerance, (merged, chained)
    assert sum(merged.delivered.values()) == sum(chained.delivered.values())
    assert merged.total_cost == pytest.approx(chained.total_cost, rel=1e-6, abs=float(tolerance) * 60)
    # Past the memory budget for reach sets: the chain graph, and the cost stage over every arc.
    saved = solver_module.REACH_SETS_MAX_BYTES
    solver_module.REACH_SETS_MAX_BYTES = 0
    try:
        unbudgeted = solve(demands, supplies, arcs, holds=holds)
    finally:
        solver_module.REACH_SETS_MAX_BYTES = saved
    assert unbudgeted.delivered == chained.delivered
    assert unbudgeted.total_cost == pytest.approx(chained.total_cost, rel=1e-6, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(timed_instances)
def test_cost_stage_leaves_out_only_arcs_no_answer_uses(spec):
    # The cost stage drops the arcs that carry nothing in any way of delivering the fixed amounts (found on the
    # reach-set graph's residual cycles): the least cost must be the same as over every arc.
    import numpy as np

    import sharing.solver as solver_module

    demands, supplies, arcs, holds = build_timed(spec)
    pruned = solve(demands, supplies, arcs, holds=holds)
    saved = solver_module._usable_rows
    solver_module._usable_rows = lambda problem, fixed: np.flatnonzero(fixed[problem.arc_d] > 0)
    try:
        every = solve(demands, supplies, arcs, holds=holds)
    finally:
        solver_module._usable_rows = saved
    assert pruned.delivered == every.delivered
    assert pruned.total_cost == pytest.approx(every.total_cost, rel=1e-6, abs=1e-6)
