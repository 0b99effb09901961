"""Emergency requests and matching: the workflow around the solver (sharing/solver.py).

A run takes every active request for its product together with every releasable source that can arrive in
time, under a lock on the product row held until commit, so that two runs never promise the same unit: a
source's availability is its releasable quantity less what proposed, accepted and fulfilled offers hold.

The matcher uses every source whatever its marking; what a requester hears of the result follows the marking
(``offer_disclosed_q``): a request's status, its webhooks and the run's figures count only the offers its
requester may know of, so an offer from a hidden source changes nothing the requester can see until the
supplier accepts it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from sharing.choices import (
    ACTIVE_REQUEST_STATUSES,
    FacilityStatus,
    OfferStatus,
    RequestStatus,
    RunStatus,
    WebhookEvent,
)
from sharing.models import (
    Allocation,
    Capacity,
    EmergencyRequest,
    MatchRun,
    MatchRunRequest,
    Partner,
    Product,
    Stockpile,
)
from sharing.principal import Principal
from sharing.services import enqueue
from sharing.services.audit import audit_event, audit_record, audit_record_many
from sharing.services.bulk_sql import insert_values

ZERO = Decimal(0)
EARTH_RADIUS_KM = 6371.0088
# A capacity's releasable output is a month's; the matcher counts a month as 30 days and output as made evenly.
MONTH_DAYS = 30


class MatchingRefused(Exception):
    """The request cannot be matched now (e.g. it is no longer active)."""


class QueueUnavailable(Exception):
    """The job queue cannot be reached: nothing was queued."""


MATCHABLE_REQUEST_STATUSES = ("open", "matching", "offered", "partially_fulfilled")


def _principal_label(principal: Principal | None) -> str:
    return principal.label if principal else "system"


def _disclosed(offers, *requester_ids: int):
    """These offers, narrowed to those their requesters may know of."""
    from sharing.selectors import offers_disclosed_to_requesters_q

    return offers.filter(offers_disclosed_to_requesters_q(requester_ids))


# --- requests ------------------------------------------------------------------------------------------------


def request_open(
    *, principal: Principal, product: Product, idempotency_key: str = "", **fields
) -> EmergencyRequest:
    """Opens a request; with an idempotency key, the partner's first request with that key is returned instead
    of a second one, also when two calls with the key race (the loser's insert fails on the unique key, after
    the winner committed, and the loser answers with the winner's request)."""
    if idempotency_key:
        existing = _request_with_key(principal.partner, idempotency_key)
        if existing is not None:
            return existing
    request = EmergencyRequest(
        requesting_partner=principal.partner, product=product, opened_by=_principal_label(principal),
        idempotency_key=idempotency_key, **fields,
    )
    request.full_clean(validate_constraints=False)  # the key's uniqueness is for the insert to decide, below
    try:
        with transaction.atomic():
            request.save()
            audit_record(
                action="emergency_request.open",
                principal=principal,
                object_type="emergency_request",
                object_id=request.pk,
                object_owner=principal.partner,
                detail={"product": product.code, "quantity": str(request.quantity), "priority": request.priority},
            )
    except IntegrityError:
        existing = _request_with_key(principal.partner, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing
    return request


def _request_with_key(partner, key: str) -> EmergencyRequest | None:
    return EmergencyRequest.objects.filter(requesting_partner=partner, idempotency_key=key).first()


def delivered_by_request(request_ids, *, disclosed_to: Iterable[int] | None = None) -> dict[int, dict[str, Decimal]]:
    """Offered quantities per request and offer status. ``disclosed_to`` (the requesting partners) counts only the
    offers each requester may know of: what its request's status is derived from."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    offers = Allocation.objects.filter(request_id__in=request_ids)
    if disclosed_to is not None:
        from sharing.selectors import offers_disclosed_to_requesters_q

        offers = offers.filter(offers_disclosed_to_requesters_q(disclosed_to))
    rows = offers.values("request_id", "status").annotate(total=Sum("quantity"))
    for row in rows:
        totals[row["request_id"]][row["status"]] = row["total"]
    return totals


def refresh_request_status(
    request: EmergencyRequest, principal: Principal | None = None, totals: dict[str, Decimal] | None = None
) -> EmergencyRequest:
    """Derives the status from the offers; a cancelled or expired request keeps its status."""
    refresh_request_statuses([request], principal, {request.pk: totals} if totals is not None else None)
    return request


def _derived_status(request: EmergencyRequest, totals: dict[str, Decimal]) -> str:
    """From the offers the requester may know of only: an offer from a source it cannot see must not move its
    request to "offered" (nor bump its version or time) before the supplier accepts."""
    fulfilled = totals.get(OfferStatus.FULFILLED, ZERO)
    promised = totals.get(OfferStatus.PROPOSED, ZERO) + totals.get(OfferStatus.ACCEPTED, ZERO)
    if fulfilled >= request.quantity:
        return RequestStatus.FULFILLED
    if fulfilled > 0:
        return RequestStatus.PARTIALLY_FULFILLED
    if promised > 0:
        return RequestStatus.OFFERED
    return RequestStatus.OPEN


def refresh_request_statuses(
    requests: list[EmergencyRequest],
    principal: Principal | None = None,
    totals: dict[int, dict[str, Decimal]] | None = None,
) -> None:
    """``refresh_request_status`` for many requests: one query for their offers, and the changes written together
    (a match run moves tens of requests at once)."""
    live = [r for r in requests if r.status not in (RequestStatus.CANCELLED, RequestStatus.EXPIRED)]
    if not live:
        return
    if totals is None:
        totals = delivered_by_request([r.pk for r in live], disclosed_to={r.requesting_partner_id for r in live})
    changes = [(r, status) for r in live if (status := _derived_status(r, totals.get(r.pk, {}))) != r.status]
    if changes:
        _set_request_statuses(changes, principal)


def _set_request_status(request: EmergencyRequest, status: str, principal: Principal | None) -> None:
    _set_request_statuses([(request, status)], principal)


def _set_request_statuses(changes: list[tuple[EmergencyRequest, str]], principal: Principal | None) -> None:
    """Writes each request's new status (version bumped), one audit event and one webhook event per request."""
    from sharing.services.webhooks import notify_many

    now = timezone.now()
    olds = []
    for request, status in changes:
        olds.append(request.status)
        request.status, request.version, request.updated_at = status, request.version + 1, now
    EmergencyRequest.objects.bulk_update([r for r, _ in changes], ["status", "version", "updated_at"])
    audit_record_many([
        audit_event(
            action="emergency_request.status", principal=principal, object_type="emergency_request",
            object_id=request.pk, object_owner=request.requesting_partner_id, detail={"from": old, "to": status},
        )
        for (request, status), old in zip(changes, olds, strict=True)
    ])
    notify_many([
        (request.requesting_partner_id, WebhookEvent.REQUEST_STATUS_CHANGED,
         {"request": request.pk, "from": old, "to": status})
        for (request, status), old in zip(changes, olds, strict=True)
    ])


@transaction.atomic  # the row lock below needs a transaction (PostgreSQL refuses SELECT ... FOR UPDATE outside one)
def request_cancel(*, request: EmergencyRequest, principal: Principal | None, reason: str = "") -> EmergencyRequest:
    request = EmergencyRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in ACTIVE_REQUEST_STATUSES:
        raise MatchingRefused(f"A {request.status} request cannot be cancelled.")
    proposed = Allocation.objects.filter(request=request, status=OfferStatus.PROPOSED)
    released = _disclosed(proposed, request.requesting_partner_id).count()  # the audit trail is the requester's
    _end_offers(proposed, OfferStatus.CANCELLED, reason or "request cancelled", principal)
    _set_request_status(request, RequestStatus.CANCELLED, principal)
    audit_record(
        action="emergency_request.cancel",
        principal=principal,
        object_type="emergency_request",
        object_id=request.pk,
        object_owner=request.requesting_partner_id,
        detail={"reason": reason, "offers_released": released},
    )
    return request


def _end_offers(offers, status: str, reason: str, principal: Principal | None) -> int:
    ended = list(offers.select_for_update())
    now = timezone.now()
    for offer in ended:
        offer.status, offer.reason, offer.responded_at = status, reason, now
    Allocation.objects.bulk_update(ended, ["status", "reason", "responded_at", "updated_at"])
    return len(ended)


# --- runs ----------------------------------------------------------------------------------------------------


def match_enqueue(
    *,
    product: Product,
    principal: Principal | None,
    request: EmergencyRequest | None = None,
    idempotency_key: str = "",
    reason: str = "requested",
    ask_again: list[Partner] | tuple = (),
) -> tuple[MatchRun, bool]:
    """Queues a run (the Celery task starts once this transaction commits); the same key returns the same run,
    also when two calls with it race: the loser's insert fails on the unique key once the winner committed, its
    savepoint (and the task it would have queued) is dropped, and it returns the winner's run.

    ``ask_again``: partners whose decline of ``request`` the coordinator lifts: from this run on they may be offered
    for it again (until they decline it again)."""
    partner = principal.partner if principal else None
    keyed = bool(idempotency_key and partner is not None)
    if keyed:
        existing = MatchRun.objects.filter(requested_by=partner, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    try:
        run = _queue_run(product, principal, partner, request, idempotency_key, reason, ask_again)
    except IntegrityError:
        existing = (
            MatchRun.objects.filter(requested_by=partner, idempotency_key=idempotency_key).first() if keyed else None
        )
        if existing is None:
            raise
        return existing, False
    return run, True


def request_match(
    *, request: EmergencyRequest, principal: Principal, idempotency_key: str = "",
    ask_again: list[Partner] | tuple = (),
) -> MatchRun:
    """A coordinator's "match this request" (the API's and the console's): matching of the request's product, all
    its open requests together, queued as a job; refused for a request that is no longer matched, and when the job
    queue is unreachable (rather than leave a run that waits for the periodic re-send)."""
    from sharing.health import broker_reachable

    if request.status not in MATCHABLE_REQUEST_STATUSES:
        raise MatchingRefused(f"A {request.status} request is not matched.")
    if not broker_reachable():
        raise QueueUnavailable("The job queue is unreachable; nothing was queued. Try again shortly.")
    run, _ = match_enqueue(product=request.product, principal=principal, request=request,
                           idempotency_key=idempotency_key, ask_again=ask_again)
    run.refresh_from_db()
    return run


def _queue_run(
    product: Product, principal: Principal | None, partner, request: EmergencyRequest | None, idempotency_key: str,
    reason: str, ask_again,
) -> MatchRun:
    with transaction.atomic():
        run = MatchRun.objects.create(
            product=product,
            triggered_by_request=request,
            requested_by=partner,
            reason=reason,
            idempotency_key=idempotency_key,
            ask_again=sorted({p.pk for p in ask_again}) if request is not None else [],
        )
        detail = {"product": product.code, "reason": reason}
        if run.ask_again:
            detail["ask_again"] = sorted({p.code for p in ask_again})
        audit_record(
            action="match_run.queue",
            principal=principal,
            object_type="match_run",
            object_id=run.pk,
            # The partner that asked: a run the service starts (after a decline, an expiry) is not the requester's
            # to hear of, since it could tell of an offer from a source the requester cannot see.
            object_owner=partner,
            detail=detail,
        )
        # Sent once this commits; if the broker is down then, the run waits queued and the periodic job sends it.
        enqueue.after_commit(enqueue.RUN_MATCH, [run.pk])
    return run


@dataclass
class _Source:
    kind: str
    pk: int
    partner_id: int
    latitude: float
    longitude: float
    lead_days: int
    per_month: Decimal  # capacity: releasable output a month; stockpile: the releasable quantity
    holds: list[tuple[int, Decimal]]  # what offers already hold: (ready day, quantity)


def _transit_days(km):
    """Days from leaving the site to arriving: handling plus the distance at the matcher's speed."""
    return settings.MATCHING_HANDLING_DAYS + np.ceil(np.asarray(km, dtype=np.float64) / settings.MATCHING_KM_PER_DAY)


def _sources(product_id: int, today: date) -> list[_Source]:
    usable_sites = ~Q(facility__status__in=[FacilityStatus.DISRUPTED, FacilityStatus.PLANNED])
    holds: dict[tuple[str, int], list[tuple[int, Decimal]]] = defaultdict(list)
    held = Allocation.objects.filter(status__in=[OfferStatus.PROPOSED, OfferStatus.ACCEPTED, OfferStatus.FULFILLED])
    # A stockpile's quantity is there now: when an offer needs it does not matter.
    for source_id, total in (
        held.filter(stockpile_id__isnull=False, stockpile__product_id=product_id)
        .values_list("stockpile_id")
        .annotate(total=Sum("quantity"))
    ):
        holds[("stockpile", source_id)].append((0, total))
    # A capacity's offer holds output made by its ready day: its request's needed-by date less the transit, the
    # distance taken 0.05 km longer than the one-decimal figure stored (so never a day later than it was).
    rows = list(
        held.filter(capacity_id__isnull=False, capacity__product_id=product_id)
        .values_list("capacity_id", "request__needed_by", "distance_km")
        .annotate(total=Sum("quantity"))
    )
    if rows:
        transit = _transit_days([float(km) + 0.05 for _, _, km, _ in rows]).astype(np.int64)
        for (source_id, needed_by, _, total), days in zip(rows, transit, strict=True):
            holds[("capacity", source_id)].append(((needed_by - today).days - int(days), total))
    sources = []
    capacities = (
        Capacity.objects.live()
        .filter(usable_sites, product_id=product_id, releasable__gt=0, facility__deleted_at__isnull=True)
        .values_list("pk", "owner_id", "facility__latitude", "facility__longitude", "lead_time_days", "releasable")
    )
    for pk, owner, lat, lon, lead, releasable in capacities:
        sources.append(
            _Source("capacity", pk, owner, float(lat), float(lon), lead, releasable, holds[("capacity", pk)])
        )
    stockpiles = (
        Stockpile.objects.live()
        .filter(usable_sites, product_id=product_id, releasable__gt=0, facility__deleted_at__isnull=True)
        .filter(Q(expiry__isnull=True) | Q(expiry__gt=today))
        .values_list("pk", "owner_id", "facility__latitude", "facility__longitude", "releasable")
    )
    for pk, owner, lat, lon, releasable in stockpiles:
        sources.append(
            _Source("stockpile", pk, owner, float(lat), float(lon), 0, releasable, holds[("stockpile", pk)])
        )
    return sources


@dataclass
class _Geometry:
    sources: list[_Source]
    arc_supply: np.ndarray  # source position of each feasible (source, request) pair
    arc_demand: np.ndarray  # request position
    km: np.ndarray
    arrival_days: np.ndarray  # first arrival, days from today
    ready_days: np.ndarray  # the last day whose output still arrives by the request's needed-by date

    def solver_inputs(self) -> dict:
        """The arguments of ``solver.solve_indexed`` after the demands: the time split of every source."""
        hold_supply, hold_ready, hold_quantity = [], [], []
        for i, source in enumerate(self.sources):
            for ready, quantity in source.holds:
                hold_supply.append(i)
                hold_ready.append(ready)
                hold_quantity.append(quantity)
        capacity = [s.kind == "capacity" for s in self.sources]
        return {
            "available": [ZERO if c else s.per_month for s, c in zip(self.sources, capacity, strict=True)],
            "arc_supply": self.arc_supply,
            "arc_demand": self.arc_demand,
            "arc_cost": self.km,
            "rate": [s.per_month if c else ZERO for s, c in zip(self.sources, capacity, strict=True)],
            "start": np.array([s.lead_days for s in self.sources], dtype=np.int64),
            "arc_ready": self.ready_days,
            "holds": (hold_supply, hold_ready, hold_quantity),
            "period": MONTH_DAYS,
        }


def _arcs(sources: list[_Source], requests: list[EmergencyRequest], today: date, declined: set) -> _Geometry:
    """Which source can reach which request in time, how far, and by which day its output must leave.

    A source at distance km from a request's destination arrives ``lead + transit`` days from today, transit being
    MATCHING_HANDLING_DAYS + ceil(km / MATCHING_KM_PER_DAY); it may serve the request if that is no later than the
    needed-by date (d days from today). Its output for that request is what leaves by its ready day d - transit:
    a stockpile's releasable quantity, a capacity's releasable monthly output x (d - transit - lead) / MONTH_DAYS,
    shared with every other request whose ready day is no later (the solver's time buckets). ``declined``:
    (partner, request) pairs: none of the partner's sources serves that request.
    """
    n_s, n_r = len(sources), len(requests)
    if not n_s or not n_r:
        empty = np.zeros(0, dtype=np.int64)
        return _Geometry(sources, empty, empty, np.zeros(0), empty, empty)
    s_lat = np.radians([s.latitude for s in sources])[:, None]
    s_lon = np.radians([s.longitude for s in sources])[:, None]
    r_lat = np.radians([float(r.destination_latitude) for r in requests])[None, :]
    r_lon = np.radians([float(r.destination_longitude) for r in requests])[None, :]
    a = np.sin((r_lat - s_lat) / 2) ** 2 + np.cos(s_lat) * np.cos(r_lat) * np.sin((r_lon - s_lon) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    lead = np.array([s.lead_days for s in sources], dtype=np.int64)[:, None]
    transit = _transit_days(km).astype(np.int64)
    arrival = lead + transit
    deadline = np.array([(r.needed_by - today).days for r in requests], dtype=np.int64)[None, :]
    feasible = arrival <= deadline
    if declined:
        partner = np.array([s.partner_id for s in sources], dtype=np.int64)
        request_at = {r.pk: j for j, r in enumerate(requests)}
        for partner_id, request_id in declined:
            if request_id in request_at:
                feasible[partner == partner_id, request_at[request_id]] = False
    arc_supply, arc_demand = np.nonzero(feasible)
    return _Geometry(
        sources, arc_supply, arc_demand, km[arc_supply, arc_demand], arrival[arc_supply, arc_demand],
        (deadline - transit)[arc_supply, arc_demand],
    )


def declines_in_force(request_ids) -> set[tuple[int, int]]:
    """(partner, request) pairs that no run may offer: the partner declined an offer for the request, and the
    request's coordinator has not asked it again (a run of that request with the partner in ``ask_again``) since."""
    declined: dict[tuple[int, int], object] = {}
    for partner_id, request_id, at in Allocation.objects.filter(
        request_id__in=list(request_ids), status=OfferStatus.DECLINED
    ).values_list("supplying_partner_id", "request_id", "responded_at"):
        key = (partner_id, request_id)
        declined[key] = max(declined[key], at) if key in declined else at
    if not declined:
        return set()
    asked: dict[tuple[int, int], object] = {}
    for request_id, partner_ids, at in MatchRun.objects.filter(
        triggered_by_request_id__in={r for _, r in declined}
    ).values_list("triggered_by_request_id", "ask_again", "created_at"):
        for partner_id in partner_ids or ():
            key = (partner_id, request_id)
            asked[key] = max(asked[key], at) if key in asked else at
    return {key for key, at in declined.items() if key not in asked or at > asked[key]}


def match_execute(run_id: int) -> MatchRun:
    """Runs the matcher for one queued run. Idempotent: a finished run is left alone, and a run whose worker
    died is redone from scratch (its uncommitted offers died with the transaction)."""
    started = time.perf_counter()
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        run.status, run.started_at, run.attempts = RunStatus.RUNNING, timezone.now(), run.attempts + 1
        run.save(update_fields=["status", "started_at", "attempts"])

    with transaction.atomic():
        Product.objects.select_for_update().get(pk=run.product_id)  # one run at a time per product
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.RUNNING:
            return run
        pause = settings.MATCHING_TEST_PAUSE_SECONDS
        if pause:
            time.sleep(pause)  # lets the fault drills kill a worker mid-run
        _solve_and_offer(run, started)
    return run


def _solve_and_offer(run: MatchRun, started: float) -> None:
    from sharing import solver  # numerical libraries load in workers, not in every web process

    today = timezone.now().date()
    requests = list(
        EmergencyRequest.objects.filter(
            product_id=run.product_id, status__in=ACTIVE_REQUEST_STATUSES, needed_by__gte=today
        ).select_for_update()
    )
    totals = delivered_by_request([r.pk for r in requests])
    need: dict[int, Decimal] = {}
    for request in requests:
        held = sum(
            (
                totals.get(request.pk, {}).get(s, ZERO)
                for s in (OfferStatus.PROPOSED, OfferStatus.ACCEPTED, OfferStatus.FULFILLED)
            ),
            ZERO,
        )
        if request.quantity - held > 0:
            need[request.pk] = request.quantity - held
    by_id = {r.pk: r for r in requests}
    sources = _sources(run.product_id, today) if need else []

    demand_ids = list(need)
    demands = [solver.Demand(id=pk, priority=by_id[pk].priority, quantity=need[pk]) for pk in demand_ids]
    geometry = _arcs(sources, [by_id[pk] for pk in demand_ids], today, declines_in_force(demand_ids))
    solve_started = time.perf_counter()
    solution = (
        solver.solve_indexed(demands, **geometry.solver_inputs())
        if demands and geometry.arc_supply.size
        else None
    )
    solve_ms = int((time.perf_counter() - solve_started) * 1000)
    expires = timezone.now() + timedelta(seconds=settings.OFFER_RESPONSE_SECONDS)
    offers = _offer_columns(solution, sources, geometry, demand_ids, today)
    offer_ids = _insert_offers(run, offers, expires)
    MatchRunRequest.objects.bulk_create(
        [MatchRunRequest(match_run=run, request_id=pk, quantity=quantity) for pk, quantity in need.items()]
    )

    offered = offers.offered()
    requested = sum(need.values(), ZERO)
    run.status = RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.solver = solution.solver if solution else "none (nothing to match)"
    run.objective = {
        "order": ["priority", "quantity", "max-min fill fraction", "transport cost"],
        "total_cost_km_units": round(solution.total_cost, 3) if solution else 0,
        "fill_fraction": {str(k): round(v, 6) for k, v in (solution.fill_fraction.items() if solution else [])},
    }
    run.inputs = {
        "requests": len(demands),
        "sources": solution.supplies_with_output if solution else 0,
        "arcs": int(geometry.arc_supply.size),
        "as_of": str(today),
    }
    run.quantity_requested, run.quantity_offered = requested, offered
    run.shortfall = max(ZERO, requested - offered)
    run.solve_ms, run.total_ms = solve_ms, int((time.perf_counter() - started) * 1000)
    run.save()
    refresh_request_statuses(requests)
    audit_record(
        action="match_run.finish",
        object_type="match_run",
        object_id=run.pk,
        object_owner=None,  # the run's totals count every source: staff only
        detail={"offers": len(offers), "offered": str(offered), "shortfall": str(run.shortfall)},
    )
    from sharing.models import WebhookEndpoint
    from sharing.services.webhooks import notify_many

    expires_at = expires.isoformat()
    # Events only for the offers of partners with an active endpoint (a run proposes hundreds of thousands);
    # notify_many then keeps those whose endpoint listens to this event.
    listening = set(
        WebhookEndpoint.objects.filter(partner_id__in=set(offers.partner.tolist()), active=True)
        .values_list("partner_id", flat=True)
    ) if len(offers) else set()
    notify_many(
        [
            (
                partner_id,
                WebhookEvent.OFFER_PROPOSED,
                lambda i=i, pk=pk: {
                    "offer": pk, "request": offers.request_id[i], "quantity": offers.quantity_text[i],
                    "expires_at": expires_at,
                },
            )
            for i, (partner_id, pk) in enumerate(zip(offers.partner.tolist(), offer_ids, strict=True))
            if partner_id in listening
        ]
    )
    # Told to the partner that asked and to requesters with an offer they may know of, each with its own figure.
    told: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if run.requested_by_id:
        told[run.requested_by_id] += ZERO
    for partner_id, total in (
        _disclosed(Allocation.objects.filter(match_run=run), *{r.requesting_partner_id for r in requests})
        .values_list("request__requesting_partner_id")
        .annotate(total=Sum("quantity"))
    ):
        told[partner_id] += total
    notify_many([
        (partner_id, WebhookEvent.MATCH_RUN_FINISHED,
         {"match_run": run.pk, "product": run.product_id, "offered": str(total)})
        for partner_id, total in told.items()
    ])


@dataclass
class _OfferColumns:
    """A run's new offers as columns (a full run proposes hundreds of thousands: no object per offer).
    ``capacity`` and ``stockpile`` hold the source's id or -1; quantities and distances are the text written."""

    request_id: list[int]
    partner: np.ndarray
    capacity: np.ndarray
    stockpile: np.ndarray
    quantity_text: list[str]
    units: np.ndarray  # each quantity in whole ``unit``s
    unit: Decimal
    arrival: list[date]
    distance_text: list[str]

    def __len__(self) -> int:
        return len(self.request_id)

    def offered(self) -> Decimal:
        return Decimal(int(self.units.sum())) * self.unit if len(self) else ZERO

    def rows(self) -> list[NewOffer]:
        """As NewOffer tuples: what the ORM's path writes (and the tests read)."""
        return [
            NewOffer(request, int(partner), cap if cap >= 0 else None, stock if stock >= 0 else None,
                     Decimal(quantity), arrival, Decimal(km))
            for request, partner, cap, stock, quantity, arrival, km in zip(
                self.request_id, self.partner.tolist(), self.capacity.tolist(), self.stockpile.tolist(),
                self.quantity_text, self.arrival, self.distance_text, strict=True)
        ]


def _quantity_texts(units: np.ndarray, unit: Decimal) -> list[str]:
    """``units x unit`` as the decimal text of each (exact), without a Decimal per value when the unit is a power
    of ten."""
    sign, digits, exponent = unit.as_tuple()
    values = units.tolist()
    if digits == (1,) and not sign and isinstance(exponent, int):
        if exponent >= 0:
            factor = 10**exponent
            return [str(v * factor) for v in values]
        places = -exponent
        scale = 10**places
        return [f"{v // scale}.{v % scale:0{places}d}" for v in values]
    return [str(Decimal(v) * unit) for v in values]


def _offer_columns(
    solution, sources: list[_Source], geometry: _Geometry, demand_ids: list[int], today: date, *, ordered: bool = True
) -> _OfferColumns:
    """The offers of a solution's allocations (arrays of supply and demand positions and units), each with its
    arc's arrival and distance: the arcs found with one search for all (np.nonzero lists arcs in source-major
    order, so their keys are sorted). ``ordered``: by (source, request), as ``Solution.allocations`` lists them;
    else in the solution's order."""
    if solution is None or not solution.flow_units.size:
        empty = np.zeros(0, dtype=np.int64)
        return _OfferColumns([], empty, empty, empty, [], empty, Decimal(1), [], [])
    supply = np.asarray(solution.flow_supply, dtype=np.int64)
    demand = np.asarray(solution.flow_demand, dtype=np.int64)
    order = np.lexsort((demand, supply)) if ordered else np.arange(supply.size)
    supply, demand, units = supply[order], demand[order], np.asarray(solution.flow_units, dtype=np.int64)[order]
    width = max(1, len(demand_ids))
    arc_keys = geometry.arc_supply.astype(np.int64) * width + geometry.arc_demand
    arc = np.searchsorted(arc_keys, supply * width + demand)
    days = geometry.arrival_days[arc]
    arrival_on = {int(d): today + timedelta(days=int(d)) for d in np.unique(days)}
    is_capacity = np.array([s.kind == "capacity" for s in sources], dtype=bool)
    pks = np.array([s.pk for s in sources], dtype=np.int64)
    partners = np.array([s.partner_id for s in sources], dtype=np.int64)
    ids = np.asarray(demand_ids, dtype=np.int64)
    return _OfferColumns(
        request_id=ids[demand].tolist(),
        partner=partners[supply],
        capacity=np.where(is_capacity[supply], pks[supply], -1),
        stockpile=np.where(is_capacity[supply], -1, pks[supply]),
        quantity_text=_quantity_texts(units, solution.unit),
        units=units,
        unit=solution.unit,
        arrival=[arrival_on[d] for d in days.tolist()],
        distance_text=[f"{km:.1f}" for km in geometry.km[arc].tolist()],
    )


class NewOffer(NamedTuple):
    """An offer the solver proposes, before it is written (plain values)."""

    request_id: int
    supplying_partner_id: int
    capacity_id: int | None
    stockpile_id: int | None
    quantity: Decimal
    estimated_arrival: date
    distance_km: Decimal


# Rows sent to COPY at a time (as text): a few megabytes.
_COPY_CHUNK_ROWS = 20_000


def _insert_offers(run: MatchRun, offers: _OfferColumns, expires_at) -> list[int]:
    """Writes a run's offers (proposed, expiring together) and returns their ids, in order. On PostgreSQL the
    rows go to COPY as text built from the columns (no per-value conversion: every value is an integer, a date,
    a decimal's text or one of the run's constants); elsewhere through ``insert_values``."""
    if not len(offers):
        return []
    now = timezone.now()
    constants = {"match_run_id": run.pk, "status": OfferStatus.PROPOSED, "reason": "", "expires_at": expires_at,
                 "created_at": now, "updated_at": now}
    from django.db import connection

    if connection.vendor != "postgresql":
        return insert_values(Allocation, NewOffer._fields, offers.rows(), return_ids=True, constants=constants)
    from sharing.services.bulk_sql import with_random_ids

    meta = Allocation._meta
    names = ["id", "request_id", "supplying_partner_id", "capacity_id", "stockpile_id", "quantity",
             "estimated_arrival", "distance_km", *constants]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    tail = "\t".join([str(run.pk), str(OfferStatus.PROPOSED), "", expires_at.isoformat(), now.isoformat(),
                      now.isoformat()])
    arrival_text = {d: d.isoformat() for d in set(offers.arrival)}
    capacity = ["\\N" if c < 0 else str(c) for c in offers.capacity.tolist()]
    stockpile = ["\\N" if c < 0 else str(c) for c in offers.stockpile.tolist()]
    partner = offers.partner.tolist()

    def write(ids: list[int]) -> None:
        with (connection.cursor() as cursor, connection.wrap_database_errors,
              cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy):
            for first in range(0, len(ids), _COPY_CHUNK_ROWS):
                part = range(first, min(len(ids), first + _COPY_CHUNK_ROWS))
                copy.write("".join(
                    f"{ids[i]}\t{offers.request_id[i]}\t{partner[i]}\t{capacity[i]}\t{stockpile[i]}\t"
                    f"{offers.quantity_text[i]}\t{arrival_text[offers.arrival[i]]}\t{offers.distance_text[i]}\t"
                    f"{tail}\n"
                    for i in part
                ))

    return with_random_ids(Allocation, len(offers), write)


def match_fail(run_id: int, error: str) -> None:
    MatchRun.objects.filter(pk=run_id).exclude(status=RunStatus.SUCCEEDED).update(
        status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


# --- offers --------------------------------------------------------------------------------------------------


def _respond(offer: Allocation, status: str, principal: Principal | None, reason: str = "", **detail) -> Allocation:
    offer.status, offer.reason, offer.responded_at = status, reason, timezone.now()
    offer.save(update_fields=["status", "reason", "responded_at", "confirmed_arrival", "updated_at"])
    audit_record(
        action=f"offer.{status}",
        principal=principal,
        object_type="allocation",
        object_id=offer.pk,
        object_owner=offer.supplying_partner_id,
        detail={"request": offer.request_id, "reason": reason, **detail},
    )
    return offer


def _requester_knows(offer: Allocation) -> bool:
    return _disclosed(Allocation.objects.filter(pk=offer.pk), offer.request.requesting_partner_id).exists()


def _locked_offer(offer: Allocation, *expected: str) -> Allocation:
    offer = Allocation.objects.select_for_update().select_related("request").get(pk=offer.pk)
    if offer.status not in expected:
        raise MatchingRefused(f"The offer is {offer.status}; only a {' or '.join(expected)} offer can do this.")
    return offer


@transaction.atomic
def offer_accept(*, offer: Allocation, principal: Principal, confirmed_arrival: date | None = None) -> Allocation:
    """The supplier accepts, confirming an arrival date (its estimate unless it gives another). From now on the
    requester knows the offer: the supplying partner, the quantity and that date, never a distance or a place."""
    offer = _locked_offer(offer, OfferStatus.PROPOSED)
    if offer.expires_at <= timezone.now():
        raise MatchingRefused("The offer has expired.")
    offer.confirmed_arrival = confirmed_arrival or offer.estimated_arrival
    _respond(offer, OfferStatus.ACCEPTED, principal, confirmed_arrival=str(offer.confirmed_arrival))
    from sharing.services.webhooks import notify

    notify(
        partner_ids=[offer.request.requesting_partner_id],
        event=WebhookEvent.OFFER_ACCEPTED,
        payload={
            "offer": offer.pk, "request": offer.request_id, "supplying_partner": offer.supplying_partner.code,
            "quantity": str(offer.quantity), "confirmed_arrival": str(offer.confirmed_arrival),
        },
    )
    refresh_request_status(offer.request, principal)
    return offer


@transaction.atomic
def offer_decline(*, offer: Allocation, principal: Principal, reason: str) -> Allocation:
    """Releases the quantity and re-matches what is left of the product's requests elsewhere."""
    offer = _locked_offer(offer, OfferStatus.PROPOSED, OfferStatus.ACCEPTED)
    _respond(offer, OfferStatus.DECLINED, principal, reason)
    from sharing.services.webhooks import notify

    if _requester_knows(offer):
        notify(
            partner_ids=[offer.request.requesting_partner_id],
            event=WebhookEvent.OFFER_DECLINED,
            payload={"offer": offer.pk, "request": offer.request_id, "reason": reason},
        )
    refresh_request_status(offer.request, principal)
    match_enqueue(product=offer.request.product, principal=None, request=offer.request, reason="offer declined")
    return offer


@transaction.atomic
def offer_fulfil(*, offer: Allocation, principal: Principal) -> Allocation:
    offer = _locked_offer(offer, OfferStatus.ACCEPTED)
    _respond(offer, OfferStatus.FULFILLED, principal)
    refresh_request_status(offer.request, principal)
    return offer


def offers_expire(now=None) -> int:
    """Ends unanswered offers past their response window and re-matches their products."""
    now = now or timezone.now()
    products = set()
    count = 0
    with transaction.atomic():
        stale = Allocation.objects.filter(status=OfferStatus.PROPOSED, expires_at__lte=now).select_related("request")
        for offer in stale.select_for_update(of=("self",)):
            _respond(offer, OfferStatus.EXPIRED, None, "no answer within the response window")
            from sharing.services.webhooks import notify

            told = [offer.supplying_partner_id]
            if _requester_knows(offer):
                told.append(offer.request.requesting_partner_id)
            notify(
                partner_ids=told,
                event=WebhookEvent.OFFER_EXPIRED,
                payload={"offer": offer.pk, "request": offer.request_id},
            )
            refresh_request_status(offer.request)
            products.add(offer.request.product_id)
            count += 1
        for product in Product.objects.filter(pk__in=products):
            match_enqueue(product=product, principal=None, reason="offers expired")
    return count


def requests_expire(today=None) -> int:
    """Requests past their needed-by date expire; their unanswered offers are released."""
    today = today or timezone.now().date()
    count = 0
    with transaction.atomic():
        for request in EmergencyRequest.objects.filter(
            status__in=ACTIVE_REQUEST_STATUSES, needed_by__lt=today
        ).select_for_update():
            _end_offers(
                Allocation.objects.filter(request=request, status=OfferStatus.PROPOSED),
                OfferStatus.EXPIRED,
                "the request expired",
                None,
            )
            _set_request_status(request, RequestStatus.EXPIRED, None)
            count += 1
    return count
