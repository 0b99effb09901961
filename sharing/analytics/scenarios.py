"""Disruption scenarios: take out countries, partners or facilities; see what is lost, what remains, the shortfall
against demand, and the knock-on effect downstream through the bill of materials.

Every figure comes from cells published under disclosure control (sharing/analytics/disclosure.py). A cell is
split into its lost and remaining parts, each of which must pass the rule. A cell lost whole (its country taken
out) keeps the rule it has in the baseline; a cell whose split depends on hidden owners or places (a partner taken
out: any cell; a facility taken out: the cells of its country) is published only when it has nothing hidden.

Knock-on: an input short by a fraction (what remains of it against the demand given for it, else against its
baseline) takes that fraction from every product that uses it; a product short of several inputs is limited by
the shortest. Products are visited inputs first (tier by tier); a circular bill of materials (refused when it is
entered, but not trusted here) is visited once, never looped on.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sharing.analytics.concentration import Answer, share
from sharing.analytics.disclosure import ZERO, Viewer, capacity_cells, coverage_note, without_jit
from sharing.choices import RunStatus
from sharing.models import Capacity, Facility, Partner, Product, ProductInput, ScenarioRun
from sharing.principal import Principal
from sharing.services import enqueue, runs
from sharing.services.audit import audit_record

QUANTUM = Decimal("0.001")
ONE = Decimal(1)


@dataclass
class Scenario:
    countries: list[str] = field(default_factory=list)
    partner_ids: list[int] = field(default_factory=list)
    facility_ids: list[int] = field(default_factory=list)
    demand: dict[int, Decimal] = field(default_factory=dict)  # product id -> demand a month

    @property
    def size(self) -> int:
        return len(self.countries) + len(self.partner_ids) + len(self.facility_ids) + len(self.demand)

    def lost_q(self) -> Q:
        q = Q(pk__in=[])
        if self.countries:
            q |= Q(facility__country__in=self.countries)
        if self.partner_ids:
            q |= Q(owner_id__in=self.partner_ids) | Q(facility__owner_id__in=self.partner_ids)
        if self.facility_ids:
            q |= Q(facility_id__in=self.facility_ids)
        return q


def _downstream(start: set[int], used_in: dict[int, set[int]]) -> set[int]:
    seen, frontier = set(start), deque(start)
    while frontier:
        for product_id in used_in.get(frontier.popleft(), ()):
            if product_id not in seen:
                seen.add(product_id)
                frontier.append(product_id)
    return seen


def _inputs_first(products: set[int], inputs_of: dict[int, set[int]]) -> tuple[list[int], set[int]]:
    """Products ordered so that each comes after its inputs (Kahn); those on a cycle come last, once."""
    pending = {p: {i for i in inputs_of.get(p, ()) if i in products} for p in products}
    ready = deque(sorted(p for p, ins in pending.items() if not ins))
    order: list[int] = []
    while ready:
        product_id = ready.popleft()
        order.append(product_id)
        for other, ins in pending.items():
            if product_id in ins:
                ins.discard(product_id)
                if not ins and other not in order and other not in ready:
                    ready.append(other)
    cyclic = products - set(order)
    return order + sorted(cyclic), cyclic


def _q(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def scenario_compute(*, viewer: Viewer, scenario: Scenario) -> Answer:
    lost_q = scenario.lost_q()
    direct = set(without_jit(
        Capacity.objects.filter(lost_q, deleted_at__isnull=True).values_list("product_id", flat=True).distinct()
    ))
    bom = list(ProductInput.objects.values_list("product_id", "input_id"))
    used_in: dict[int, set[int]] = defaultdict(set)
    inputs_of: dict[int, set[int]] = defaultdict(set)
    for product_id, input_id in bom:
        used_in[input_id].add(product_id)
        inputs_of[product_id].add(input_id)
    candidates = _downstream(direct | set(scenario.demand), used_in)

    removed_countries = set(scenario.countries)
    facility_countries = {
        str(c) for c in Facility.objects.filter(pk__in=scenario.facility_ids).values_list("country", flat=True)
    }

    def touched(key: tuple) -> bool:
        country = str(key[1])
        if country in removed_countries:
            return False  # lost whole: the split does not depend on anything hidden
        return bool(scenario.partner_ids) or country in facility_countries

    table = capacity_cells(
        viewer, where=Q(product_id__in=list(candidates)), key=("product_id", "facility__country"),
        key_names=("product", "country"), split=lost_q, touched=touched,
    )
    products = {p.pk: p for p in Product.objects.filter(pk__in=candidates)}
    baseline: dict[int, Decimal] = defaultdict(lambda: ZERO)
    lost: dict[int, Decimal] = defaultdict(lambda: ZERO)
    cells_of: dict[int, list] = defaultdict(list)
    for cell in table.published():
        product_id = cell.key[0]
        baseline[product_id] += cell.whole.nominal
        lost[product_id] += cell.part(True).nominal
        cells_of[product_id].append(cell)

    order, cyclic = _inputs_first(candidates, inputs_of)
    available: dict[int, Decimal] = {}
    fraction_short: dict[int, Decimal] = {}
    limited_by: dict[int, int | None] = {}
    tier: dict[int, int] = {}
    for product_id in order:
        worst, worst_input, input_tier = ZERO, None, -1
        for input_id in sorted(inputs_of.get(product_id, ())):
            short = fraction_short.get(input_id, ZERO)
            if short > worst:
                worst, worst_input = short, input_id
            if short > 0:
                input_tier = max(input_tier, tier.get(input_id, 0))
        remaining_direct = baseline[product_id] - lost[product_id]
        available[product_id] = remaining_direct * (ONE - worst)
        limited_by[product_id] = worst_input
        tier[product_id] = input_tier + 1 if worst_input is not None else 0
        required = scenario.demand.get(product_id, baseline[product_id])
        fraction_short[product_id] = max(ZERO, ONE - available[product_id] / required) if required else ZERO

    rows = []
    suppressed_total = 0
    for product_id in order:
        product = products.get(product_id)
        if product is None:
            continue
        knock_on = baseline[product_id] - lost[product_id] - available[product_id]
        demand = scenario.demand.get(product_id)
        if lost[product_id] <= 0 and knock_on <= 0 and demand is None:
            continue  # nothing published was lost: not affected, as far as the caller may be told
        suppressed = sorted(
            ({"country": str(c.key[1]), "suppressed": True} for c in table.suppressed() if c.key[0] == product_id),
            key=lambda e: e["country"],
        )
        suppressed_total += len(suppressed)
        remaining = available[product_id]
        rows.append({
            "product": product.code,
            "unit": product.unit,
            "tier": tier[product_id],
            "baseline": _q(baseline[product_id]),
            "lost": _q(lost[product_id]),
            "knock_on_lost": _q(knock_on),
            "remaining": _q(remaining),
            "lost_share": share(baseline[product_id] - remaining, baseline[product_id]),
            "limited_by": products[limited_by[product_id]].code if limited_by[product_id] in products else None,
            "demand": demand,
            "shortfall": _q(max(ZERO, demand - remaining)) if demand is not None else None,
            "shortfall_share": share(max(ZERO, demand - remaining), demand) if demand else None,
            "on_bom_cycle": product_id in cyclic,
            "countries": [
                {"country": str(c.key[1]), "baseline": _q(c.whole.nominal), "lost": _q(c.part(True).nominal)}
                for c in sorted(cells_of[product_id], key=lambda c: (-c.whole.nominal, str(c.key[1])))
            ],
            "suppressed_cells": len(suppressed),
            "suppressed": suppressed,
        })
    rows.sort(key=lambda r: (r["tier"], r["product"]))
    listed = {p.code: pk for pk, p in products.items()}
    shown = {listed[r["product"]] for r in rows}
    dates = [c.whole.as_of for c in table.published() if c.key[0] in shown and c.whole.as_of]
    reads: Counter = Counter()
    for cell in table.published():
        if cell.key[0] in shown:
            reads.update(cell.whole.read_by_owner)
    body = {
        "as_of": max(dates) if dates else None,
        "min_contributors": viewer.min_contributors,
        "coverage": coverage_note(suppressed_total)
        + " A cell is also suppressed when part of it is lost and it holds records you cannot see, and the"
        " loss depends on who owns them or where they are (a partner or facility taken out).",
        "products": rows,
        "suppressed_cells": suppressed_total,
    }
    return Answer(body, aggregate_reads=reads)


# --- runs ------------------------------------------------------------------------------------------------------


def scenario_from_inputs(inputs: dict) -> Scenario:
    """The stored inputs (codes, as the requester gave them) as ids."""
    partners = dict(Partner.objects.filter(code__in=inputs.get("partners", [])).values_list("code", "pk"))
    products = dict(Product.objects.filter(code__in=list(inputs.get("demand", {}))).values_list("code", "pk"))
    return Scenario(
        countries=list(inputs.get("countries", [])),
        partner_ids=[partners[c] for c in inputs.get("partners", []) if c in partners],
        facility_ids=list(inputs.get("facilities", [])),
        demand={products[c]: Decimal(q) for c, q in inputs.get("demand", {}).items() if c in products},
    )


def runs_in_background(scenario: Scenario) -> bool:
    return scenario.size > settings.SCENARIO_SYNC_MAX_ITEMS


def scenario_request(*, principal: Principal, inputs: dict, idempotency_key: str = "") -> tuple[ScenarioRun, bool]:
    """Stores a run; a small one is answered at once, a large one queued (the task starts on commit).

    Returns the run and whether it was queued. The same idempotency key returns the first run.
    """
    if idempotency_key:
        existing = ScenarioRun.objects.filter(requested_by=principal.partner, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, existing.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    scenario = scenario_from_inputs(inputs)
    background = runs_in_background(scenario)
    with transaction.atomic():
        run, created = runs.create_once(
            ScenarioRun, partner=principal.partner, idempotency_key=idempotency_key,
            requested_by_key=principal.label[:120], inputs=inputs,
        )
        if not created:
            return run, run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
        audit_record(action="scenario_run.request", principal=principal, object_type="scenario_run",
                     object_id=run.pk, object_owner=principal.partner,
                     detail={"size": scenario.size, "background": background})
        if background:
            enqueue.after_commit(enqueue.RUN_SCENARIO, [run.pk])
            return run, True
    try:
        scenario_execute(run.pk, principal=principal)
    except Exception as exc:
        scenario_fail(run.pk, f"{type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run, False


def scenario_execute(run_id: int, principal: Principal | None = None) -> ScenarioRun:
    """Computes a run with its requester's current visibility. Idempotent: a finished run is left alone."""
    with transaction.atomic():
        run = ScenarioRun.objects.select_for_update().select_related("requested_by").get(pk=run_id)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        run.status, run.started_at = RunStatus.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    partner = run.requested_by
    if not partner.is_active:
        return scenario_fail(run_id, "The requesting partner is suspended.")
    principal = principal or Principal(partner=partner)
    answer = scenario_compute(viewer=Viewer.of_partner(partner.pk), scenario=scenario_from_inputs(run.inputs))
    with transaction.atomic():
        from sharing.analytics.disclosure import audit_aggregate

        run.result = _jsonable(answer.body)
        run.status, run.finished_at = RunStatus.SUCCEEDED, timezone.now()
        run.save(update_fields=["result", "status", "finished_at"])
        audit_aggregate(principal, "scenario", answer.aggregate_reads, {"scenario_run": run.pk})
    return run


def scenario_fail(run_id: int, error: str) -> ScenarioRun:
    return runs.fail_run(ScenarioRun, run_id, error)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
