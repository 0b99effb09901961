"""Matching over time (issue 11, 1b): a capacity's output exists only once made, and a decline holds.

A capacity releasing R a month (30 days) with lead time L gives a request needed d days from now, at transit T days
(MATCHING_HANDLING_DAYS + ceil(km / MATCHING_KM_PER_DAY)), at most R x (d - T - L) / 30, and what it gives to
requests needed earlier comes out of the same output.
"""

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.utils import timezone

from sharing.models import MatchRun
from sharing.services import matching
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

BRISBANE = {"latitude": Decimal("-27.47"), "longitude": Decimal("153.03")}
SYDNEY = ("-33.87", "151.21")  # about 730 km from Brisbane: transit 2 + 1 = 3 days
AUCKLAND = ("-36.85", "174.76")  # about 2,290 km: transit 2 + 3 = 5 days


@pytest.fixture
def brisbane(client_for):
    product = ProductFactory(code="NDPR-OXIDE", unit="t")
    au, us = PartnerFactory(code="AU-DISR", country="AU"), PartnerFactory(code="US-DOE", country="US")
    plant = publish("facility", au, "AU-BNE", country="AU", facility_kind="refinery", **BRISBANE)
    capacity = publish("capacity", au, "AU-BNE-NDPR", facility=plant, product=product, nominal=Decimal(100),
                       in_use=Decimal(60), spare=Decimal(40), releasable=Decimal(30), lead_time_days=0)
    return {
        "product": product, "au": au, "us": us, "plant": plant, "capacity": capacity,
        "coordinator": client_for(us, roles=("coordinator", "reader")),
        "au_responder": client_for(au, roles=("responder", "reader")),
    }


def open_request(client, where, days, priority, quantity="100", product="NDPR-OXIDE"):
    body = {
        "product": product, "quantity": quantity, "destination_country": "AU",
        "destination_latitude": where[0], "destination_longitude": where[1],
        "needed_by": str(timezone.now().date() + timedelta(days=days)), "priority": priority,
        "justification": "magnet line down",
    }
    response = client.post("/api/v1/emergency-requests/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def match(client, request_id, capture, body=None):
    with capture(execute=True):
        response = client.post(f"/api/v1/emergency-requests/{request_id}/match/", body or {}, format="json")
    assert response.status_code == 202, response.json()
    return response.json()


def offered(client) -> dict[int, Decimal]:
    """Live offers per request, as the supplier (who sees its offers whole) lists them."""
    totals: dict[int, Decimal] = {}
    for offer in client.get("/api/v1/allocations/", {"page_size": 200}).json()["results"]:
        if offer["status"] in ("proposed", "accepted"):
            request = offer["request"]["id"]
            totals[request] = totals.get(request, Decimal(0)) + Decimal(offer["quantity"])
    return totals


def test_a_capacity_offers_only_what_it_can_make_by_each_date(brisbane, django_capture_on_commit_callbacks):
    # The reproduction of issue 11 (1b): the old matcher pooled 60 t (two months) and gave it all to RA.
    ra = open_request(brisbane["coordinator"], SYDNEY, days=15, priority=1)
    rb = open_request(brisbane["coordinator"], AUCKLAND, days=60, priority=2)
    match(brisbane["coordinator"], ra, django_capture_on_commit_callbacks)
    # RA: made by day 15 - 3 = 12: 30 x 12 / 30 = 12 t. RB: made by day 60 - 5 = 55: 55 t, less RA's 12.
    assert offered(brisbane["au_responder"]) == {ra: Decimal("12.000"), rb: Decimal("43.000")}
    arrival = {o["request"]["id"]: o["estimated_arrival"]
               for o in brisbane["au_responder"].get("/api/v1/allocations/").json()["results"]}
    assert arrival[ra] == str(timezone.now().date() + timedelta(days=3))


def test_later_runs_count_what_earlier_offers_hold_by_their_dates(brisbane, django_capture_on_commit_callbacks):
    rb = open_request(brisbane["coordinator"], AUCKLAND, days=60, priority=2)
    match(brisbane["coordinator"], rb, django_capture_on_commit_callbacks)
    assert offered(brisbane["au_responder"]) == {rb: Decimal("55.000")}
    # Everything made by day 55 is promised to RB: nothing made by day 12 is left for RA without taking RB's.
    ra = open_request(brisbane["coordinator"], SYDNEY, days=15, priority=1)
    match(brisbane["coordinator"], ra, django_capture_on_commit_callbacks)
    assert offered(brisbane["au_responder"]) == {rb: Decimal("55.000")}


def test_an_early_offer_leaves_the_rest_for_a_later_request(brisbane, django_capture_on_commit_callbacks):
    ra = open_request(brisbane["coordinator"], SYDNEY, days=15, priority=1)
    match(brisbane["coordinator"], ra, django_capture_on_commit_callbacks)
    assert offered(brisbane["au_responder"]) == {ra: Decimal("12.000")}
    rb = open_request(brisbane["coordinator"], AUCKLAND, days=60, priority=2)
    match(brisbane["coordinator"], rb, django_capture_on_commit_callbacks)
    assert offered(brisbane["au_responder"]) == {ra: Decimal("12.000"), rb: Decimal("43.000")}


def test_lead_time_delays_the_first_output(brisbane, django_capture_on_commit_callbacks):
    publish("capacity", brisbane["au"], "AU-BNE-NDPR", facility=brisbane["plant"], product=brisbane["product"],
            nominal=Decimal(100), in_use=Decimal(60), spare=Decimal(40), releasable=Decimal(30), lead_time_days=10)
    ra = open_request(brisbane["coordinator"], SYDNEY, days=15, priority=1)
    match(brisbane["coordinator"], ra, django_capture_on_commit_callbacks)
    assert offered(brisbane["au_responder"]) == {ra: Decimal("2.000")}  # 30 x (15 - 3 - 10) / 30


# --- a decline holds for the request -------------------------------------------------------------------------


def test_a_decline_holds_for_every_source_of_the_partner_until_asked_again(
    brisbane, django_capture_on_commit_callbacks
):
    coordinator, responder = brisbane["coordinator"], brisbane["au_responder"]
    ra = open_request(coordinator, SYDNEY, days=15, priority=1)
    match(coordinator, ra, django_capture_on_commit_callbacks)
    (offer,) = [o for o in responder.get("/api/v1/allocations/").json()["results"] if o["status"] == "proposed"]
    # AU publishes a stockpile, then declines: the automatic re-match must not offer AU's new stockpile for RA.
    publish("stockpile", brisbane["au"], "AU-BNE-STOCK", facility=brisbane["plant"],
                    product=brisbane["product"], quantity=Decimal(80), releasable=Decimal(80))
    with django_capture_on_commit_callbacks(execute=True):
        declined = responder.post(f"/api/v1/allocations/{offer['id']}/decline/", {"reason": "needed at home"},
                                  format="json")
    assert declined.status_code == 200
    assert MatchRun.objects.filter(reason="offer declined", status="succeeded").count() == 1
    assert offered(responder) == {}
    # Nor a coordinator's plain re-match.
    match(coordinator, ra, django_capture_on_commit_callbacks)
    assert offered(responder) == {}
    # Another request of the same coordinator is not affected.
    rb = open_request(coordinator, AUCKLAND, days=60, priority=2)
    match(coordinator, rb, django_capture_on_commit_callbacks)
    assert set(offered(responder)) == {rb}

    # The coordinator asks AU again, explicitly: AU's sources may serve RA again.
    run = match(coordinator, ra, django_capture_on_commit_callbacks, {"ask_again": ["AU-DISR"]})
    assert MatchRun.objects.get(pk=run["id"]).ask_again == [brisbane["au"].pk]
    assert offered(responder)[ra] > 0
    # A second decline holds again, for the later automatic runs.
    for offer in responder.get("/api/v1/allocations/").json()["results"]:
        if offer["status"] == "proposed" and offer["request"]["id"] == ra:
            with django_capture_on_commit_callbacks(execute=True):
                responder.post(f"/api/v1/allocations/{offer['id']}/decline/", {"reason": "still no"}, format="json")
    assert ra not in offered(responder)
    match(coordinator, ra, django_capture_on_commit_callbacks)
    assert ra not in offered(responder)


def test_ask_again_names_known_partners(brisbane, django_capture_on_commit_callbacks):
    ra = open_request(brisbane["coordinator"], SYDNEY, days=15, priority=1)
    for body in ({"ask_again": ["NO-SUCH"]}, {"ask_again": "AU-DISR"}, [1, 2]):
        response = brisbane["coordinator"].post(f"/api/v1/emergency-requests/{ra}/match/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert not MatchRun.objects.exists()
    # A partner that never declined may be named: nothing to lift, nothing learned.
    match(brisbane["coordinator"], ra, django_capture_on_commit_callbacks, {"ask_again": ["US-DOE"]})


def test_declines_in_force_unit():
    assert matching.declines_in_force([]) == set()


def test_each_offer_takes_its_own_arcs_arrival_and_distance():
    """The offers of a run's allocations are matched to their arcs all at once: each gets the arrival and distance
    of its own (source, request) pair, whatever order the allocations come in."""
    from datetime import date
    from types import SimpleNamespace

    from sharing.solver import Allocation

    today = date(2026, 11, 30)
    sources = [
        matching._Source("capacity", 11, 1, -33.87, 151.21, 4, Decimal(30), []),
        matching._Source("stockpile", 12, 2, -36.85, 174.76, 0, Decimal(50), []),
        matching._Source("capacity", 13, 3, 35.68, 139.69, 0, Decimal(90), []),
    ]
    requests = [
        SimpleNamespace(pk=pk, destination_latitude=Decimal(lat), destination_longitude=Decimal(lon),
                        needed_by=today + timedelta(days=days))
        for pk, lat, lon, days in [(7, "-27.47", "153.03", 40), (8, "1.35", "103.82", 60), (9, "51.5", "-0.12", 90)]
    ]
    geometry = matching._arcs(sources, requests, today, set())
    pairs = list(zip(geometry.arc_supply.tolist(), geometry.arc_demand.tolist(), strict=True))
    assert len(pairs) >= 6
    allocations = [Allocation(s, requests[d].pk, Decimal(i + 1)) for i, (s, d) in enumerate(reversed(pairs))]
    demand_ids = [r.pk for r in requests]
    solution = SimpleNamespace(  # the allocations as the solver's flow arrays, in their order
        flow_supply=np.array([a.supply_id for a in allocations], dtype=np.int64),
        flow_demand=np.array([demand_ids.index(a.demand_id) for a in allocations], dtype=np.int64),
        flow_units=np.array([int(a.quantity) for a in allocations], dtype=np.int64),
        unit=Decimal(1),
    )
    offers = matching._offer_columns(solution, sources, geometry, demand_ids, today, ordered=False).rows()
    for allocation, offer in zip(allocations, offers, strict=True):
        i = pairs.index((allocation.supply_id, [r.pk for r in requests].index(allocation.demand_id)))
        source = sources[allocation.supply_id]
        assert offer.request_id == allocation.demand_id and offer.quantity == allocation.quantity
        assert offer.supplying_partner_id == source.partner_id
        assert (offer.capacity_id, offer.stockpile_id) == (
            (source.pk, None) if source.kind == "capacity" else (None, source.pk))
        assert offer.estimated_arrival == today + timedelta(days=int(geometry.arrival_days[i]))
        assert offer.distance_km == Decimal(f"{geometry.km[i]:.1f}")
    assert len({o.distance_km for o in offers}) > 3  # distinct arcs, not one repeated


@pytest.mark.parametrize("unit", ["0.001", "0.01", "1", "10", "100", "0.5", "0.25"])
def test_offer_quantity_texts_are_the_exact_decimals(unit):
    """Offers are written from their quantities' text (no Decimal per offer): units x unit, exact, for a unit that
    is a power of ten (the fast path) and for any other."""
    import numpy as np

    values = [0, 1, 7, 999, 1000, 1001, 123456789, 10**15]
    texts = matching._quantity_texts(np.array(values, dtype=np.int64), Decimal(unit))
    assert [Decimal(t) for t in texts] == [Decimal(v) * Decimal(unit) for v in values]
    if Decimal(unit) < 1:
        assert all(Decimal(t).as_tuple().exponent == Decimal(unit).as_tuple().exponent for t in texts)


def test_written_offers_are_the_solutions_allocations(brisbane, django_capture_on_commit_callbacks):
    """What the run writes (COPY text on PostgreSQL) reads back as the solver's allocations: source, request,
    quantity, arrival, distance and the run's constants."""
    here = (str(BRISBANE["latitude"]), str(BRISBANE["longitude"]))  # 0 km: transit 2 days
    open_request(brisbane["coordinator"], here, 20, 1, quantity="7.125")
    open_request(brisbane["coordinator"], here, 40, 2, quantity="9.5")
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = matching.match_enqueue(product=brisbane["product"], principal=None)
    run.refresh_from_db()
    assert run.status == "succeeded"
    offers = list(run.allocations.order_by("request__needed_by"))
    assert len(offers) == 2
    capacity = brisbane["capacity"]
    assert [o.capacity_id for o in offers] == [capacity.pk, capacity.pk] and {o.stockpile_id for o in offers} == {None}
    assert {o.supplying_partner_id for o in offers} == {brisbane["au"].pk}
    assert sum(o.quantity for o in offers) == run.quantity_offered
    # 30 a month from day 0: by day 20 - 2 (transit) it made 18 (7.125 asked), by day 38 the rest of 9.5.
    assert [o.quantity for o in offers] == [Decimal("7.125"), Decimal("9.5")]
    today = timezone.now().date()
    assert [o.estimated_arrival for o in offers] == [today + timedelta(days=2)] * 2
    assert all(o.distance_km == Decimal("0.0") and o.status == "proposed" and o.reason == "" for o in offers)
    assert all(o.expires_at > o.created_at and o.match_run_id == run.pk for o in offers)
