"""Offers from sources the requester cannot see (issue 11, section 1; the brief's "Emergency offers from sources
you cannot see"): the attacks an outside test ran, through the API.

Partner A publishes a RED stockpile (releasable 400,000) at a RED site. Partner B opens requests at Tokyo, London
and Brasilia (the last huge) and matches: the matcher uses A's stock, but before A accepts, B must learn nothing of
those offers from any endpoint: no distance to trilaterate the site, no arrival, no quantity to add up to the
stock, and no side signal (request status, version, time, run figures, webhooks, audit trail, changes feed).
"""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from sharing.models import Allocation, MatchRun
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

NEEDED_BY = date.today() + timedelta(days=90)
SITE = (Decimal("36.204824"), Decimal("138.252924"))  # A's hidden warehouse
DESTINATIONS = {
    "tokyo": ("JP", "35.6762", "139.6503", "1000"),
    "london": ("GB", "51.5072", "-0.1276", "1000"),
    "brasilia": ("BR", "-15.7939", "-47.8828", "10000000"),
}


ALL_EVENTS = ["offer.proposed", "offer.accepted", "offer.declined", "offer.expired", "match_run.finished",
              "request.status_changed"]


@pytest.fixture
def attack(client_for, receiver):
    product = ProductFactory(code="NDPR", unit="kg")
    a, b = PartnerFactory(code="JP-METI", country="JP"), PartnerFactory(code="US-DOC", country="US")
    site = publish("facility", a, "A-SITE", marking="RED", country="JP", latitude=SITE[0], longitude=SITE[1])
    stock = publish("stockpile", a, "A-STOCK", marking="RED", facility=site, product=product, quantity=400000,
                    releasable=400000)
    attacker = client_for(b, roles=("coordinator", "reader", "responder"))
    assert attacker.post("/api/v1/webhooks/", {"url": receiver.url(), "events": ALL_EVENTS},
                         format="json").status_code == 201
    requests = {}
    for name, (country, lat, lon, quantity) in DESTINATIONS.items():
        response = attacker.post("/api/v1/emergency-requests/", {
            "product": "NDPR", "quantity": quantity, "destination_country": country, "destination_latitude": lat,
            "destination_longitude": lon, "needed_by": str(NEEDED_BY), "priority": 1, "justification": "drill",
        }, format="json")
        assert response.status_code == 201, response.json()
        requests[name] = response.json()
    return {"a": a, "b": b, "stock": stock, "attacker": attacker, "requests": requests, "receiver": receiver,
            "supplier": client_for(a, roles=("responder", "reader"))}


def match(attack, capture) -> dict:
    with capture(execute=True):
        response = attack["attacker"].post(f"/api/v1/emergency-requests/{attack['requests']['tokyo']['id']}/match/")
    assert response.status_code == 202
    return response.json()


def harvest(client, offer_ids, run_ids) -> dict[str, object]:
    """Everything the attacker's key can read that could carry an offer's numbers."""
    seen: dict[str, object] = {}

    def get(url):
        response = client.get(url)
        seen[url] = (response.status_code, response.json())

    for url in ("/api/v1/allocations/", "/api/v1/allocations/?status=proposed", "/api/v1/allocations/?ordering=id",
                "/api/v1/emergency-requests/", "/api/v1/match-runs/", "/api/v1/changes/",
                "/api/v1/webhook-deliveries/", "/api/v1/audit-events/"):
        get(url)
    for pk in offer_ids:
        get(f"/api/v1/allocations/{pk}/")
    for pk in run_ids:
        get(f"/api/v1/match-runs/{pk}/")
    return seen


def distances_in(value) -> list[float]:
    """Every distance-like field anywhere in an answer (what trilateration needs)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("distance_km", "total_cost_km_units") and item not in (None, 0):
                found.append(float(item))
            found += distances_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found += distances_in(item)
    return found


def test_trilateration_and_sum_attacks_learn_nothing_before_acceptance(
    attack, django_capture_on_commit_callbacks
):
    attacker, requests = attack["attacker"], attack["requests"]
    before = {pk: attacker.get(f"/api/v1/emergency-requests/{r['id']}/").json() for pk, r in requests.items()}
    # The feed's ``next`` is sealed afresh on every answer (random nonce), so it is left out of the comparison.
    changes_before_answer = attacker.get("/api/v1/changes/").json()
    changes_before_token = changes_before_answer["next"]
    changes_before = {k: v for k, v in changes_before_answer.items() if k != "next"}
    run = match(attack, django_capture_on_commit_callbacks)

    # The matcher did use A's hidden stock: all 400,000, to the three requests.
    offers = list(Allocation.objects.filter(stockpile=attack["stock"]))
    assert len(offers) == 3 and sum(o.quantity for o in offers) == 400000
    seen = harvest(attacker, [o.pk for o in offers], [run["id"]])

    # No offer, by list, filter or id.
    assert seen["/api/v1/allocations/"] == (200, {"next": None, "previous": None, "results": []})
    for offer in offers:
        assert seen[f"/api/v1/allocations/{offer.pk}/"][0] == 404
    # No distance anywhere: nothing to trilaterate A's site with.
    assert distances_in(seen) == []
    text = json.dumps(seen)
    for offer in offers:
        assert f'"{offer.distance_km}' not in text and str(offer.estimated_arrival) not in text
    # The sum attack: no quantity of A's that adds up to its stock; the run tells B of nothing offered.
    assert "400000" not in text and all(f'"{o.quantity}' not in text for o in offers)
    run_view = seen[f"/api/v1/match-runs/{run['id']}/"][1]
    assert Decimal(run_view["quantity_offered"]) == 0
    assert Decimal(run_view["shortfall"]) == Decimal(run_view["quantity_requested"]) == 10002000
    assert run_view["objective"]["fill_fraction"] == {str(r["id"]): 0.0 for r in requests.values()}
    assert set(run_view["inputs"]) <= {"requests", "as_of"} and run_view["solver"] == ""
    assert run_view["solve_ms"] is None and run_view["total_ms"] is None
    assert MatchRun.objects.get(pk=run["id"]).quantity_offered == 400000  # staff still read the whole run
    # Side signals: the requests did not move (status, version, time), the feed did not either.
    for name, request in requests.items():
        assert attacker.get(f"/api/v1/emergency-requests/{request['id']}/").json() == before[name]
    changes_after = attacker.get("/api/v1/changes/").json()
    assert {k: v for k, v in changes_after.items() if k != "next"} == changes_before
    assert len(changes_after["next"]) == len(changes_before_token)
    # Webhooks to B: the run finished, nothing offered; no status change, no offer.
    (event,) = attack["receiver"].events()
    assert event["event"] == "match_run.finished" and event["data"]["match_run"] == run["id"]
    assert Decimal(event["data"]["offered"]) == 0

    # A declines one: B hears nothing of it, sees no new run, its requests still do not move.
    tokyo = next(o for o in offers if o.request_id == requests["tokyo"]["id"])
    with django_capture_on_commit_callbacks(execute=True):
        assert attack["supplier"].post(f"/api/v1/allocations/{tokyo.pk}/decline/", {"reason": "no"},
                                       format="json").status_code == 200
    assert MatchRun.objects.filter(reason="offer declined").exists()
    after = harvest(attacker, [o.pk for o in Allocation.objects.all()],
                    list(MatchRun.objects.values_list("pk", flat=True)))
    assert distances_in(after) == []
    assert after["/api/v1/match-runs/"][1]["results"] == [seen[f"/api/v1/match-runs/{run['id']}/"][1]]
    assert after["/api/v1/audit-events/"] == seen["/api/v1/audit-events/"]
    assert len(attack["receiver"].events()) == 1
    for name, request in requests.items():
        assert attacker.get(f"/api/v1/emergency-requests/{request['id']}/").json() == before[name]

    # Cancelling releases A's offers to London (one more came with the re-match); B's audit trail counts none.
    london = requests["london"]["id"]
    assert attacker.post(f"/api/v1/emergency-requests/{london}/cancel/").status_code == 200
    (cancel,) = [e for e in attacker.get("/api/v1/audit-events/").json()["results"]
                 if e["action"] == "emergency_request.cancel"]
    assert cancel["detail"]["offers_released"] == 0
    assert set(Allocation.objects.filter(request_id=london).values_list("status", flat=True)) == {"cancelled"}


def test_after_acceptance_the_requester_learns_partner_quantity_and_confirmed_arrival_only(
    attack, django_capture_on_commit_callbacks
):
    attacker, requests = attack["attacker"], attack["requests"]
    match(attack, django_capture_on_commit_callbacks)
    supplier = attack["supplier"]
    proposed = supplier.get("/api/v1/allocations/").json()["results"]
    assert len(proposed) == 3 and all(o["distance_km"] and o["source"] for o in proposed)  # the supplier: whole
    confirmed = str(date.today() + timedelta(days=45))
    for offer in proposed:
        bad = supplier.post(f"/api/v1/allocations/{offer['id']}/accept/", {"confirmed_arrival": "2000-01-01"},
                            format="json")
        assert bad.status_code == 400 and "confirmed_arrival" in bad.json()["errors"]
        with django_capture_on_commit_callbacks(execute=True):
            answer = supplier.post(f"/api/v1/allocations/{offer['id']}/accept/", {"confirmed_arrival": confirmed},
                                   format="json")
        assert answer.status_code == 200 and answer.json()["confirmed_arrival"] == confirmed

    told = attacker.get("/api/v1/allocations/").json()["results"]
    assert {o["request"]["id"] for o in told} == {r["id"] for r in requests.values()}
    for offer in told:
        assert offer["supplying_partner"] == "JP-METI" and offer["confirmed_arrival"] == confirmed
        assert offer["distance_km"] is None and offer["estimated_arrival"] is None and offer["source"] is None
        assert offer["status"] == "accepted"
    assert sum(Decimal(o["quantity"]) for o in told) == 400000  # the quantities, now that A agreed to tell
    assert distances_in(harvest(attacker, [o["id"] for o in told],
                                list(MatchRun.objects.values_list("pk", flat=True)))) == []
    accepted = [e["data"] for e in attack["receiver"].events() if e["event"] == "offer.accepted"]
    assert len(accepted) == 3
    assert all(set(d) == {"offer", "request", "supplying_partner", "quantity", "confirmed_arrival"} for d in accepted)
    assert all(d["confirmed_arrival"] == confirmed for d in accepted)
    for request in requests.values():
        assert attacker.get(f"/api/v1/emergency-requests/{request['id']}/").json()["status"] == "offered"


def test_a_match_run_shows_each_requester_its_own_demand_only(client_for, django_capture_on_commit_callbacks):
    product = ProductFactory(code="NDPR", unit="t")
    jp, us, kr = (PartnerFactory(code=c, country=c[:2]) for c in ("JP-METI", "US-DOC", "KR-MOTIE"))
    site = publish("facility", jp, "JP-SITE", marking="RED", country="JP", latitude=Decimal("35.6"),
                   longitude=Decimal("139.7"))
    publish("stockpile", jp, "JP-STOCK", marking="RED", facility=site, product=product, quantity=60, releasable=60)
    jp_client = client_for(jp, roles=("coordinator", "reader"))
    us_client = client_for(us, roles=("coordinator", "reader"))
    body = {"product": "NDPR", "destination_latitude": "35", "destination_longitude": "139",
            "needed_by": str(NEEDED_BY), "priority": 1, "justification": "drill"}
    jp_request = jp_client.post("/api/v1/emergency-requests/", {**body, "quantity": "40", "destination_country": "JP"},
                                format="json").json()
    us_request = us_client.post("/api/v1/emergency-requests/", {**body, "quantity": "30", "destination_country": "US"},
                                format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        queued = us_client.post(f"/api/v1/emergency-requests/{us_request['id']}/match/").json()
    stored = MatchRun.objects.get(pk=queued["id"])
    assert stored.quantity_requested == 70 and stored.inputs["requests"] == 2  # the matcher took both

    assert us_client.get(f"/api/v1/emergency-requests/{jp_request['id']}/").status_code == 404
    (listed,) = us_client.get("/api/v1/match-runs/").json()["results"]
    run = us_client.get(f"/api/v1/match-runs/{queued['id']}/").json()
    assert listed == run
    assert Decimal(run["quantity_requested"]) == 30 and Decimal(run["quantity_offered"]) == 0
    assert Decimal(run["shortfall"]) == 30
    assert run["inputs"] == {"requests": 1, "as_of": str(date.today())}
    assert run["objective"]["fill_fraction"] == {str(us_request["id"]): 0.0}
    assert "total_cost_km_units" not in run["objective"]

    # JP got an offer from its own stock (it may see it), so the run served it: JP's figures only.
    jp_run = jp_client.get(f"/api/v1/match-runs/{queued['id']}/").json()
    assert Decimal(jp_run["quantity_requested"]) == 40 and jp_run["inputs"]["requests"] == 1
    assert set(jp_run["objective"]["fill_fraction"]) == {str(jp_request["id"])}
    assert jp_run["triggered_by_request"] is None and jp_run["reason"] == ""
    # A partner whose requests the run did not serve does not see it.
    outsider = client_for(kr, roles=("coordinator", "reader"))
    assert outsider.get(f"/api/v1/match-runs/{queued['id']}/").status_code == 404
    assert outsider.get("/api/v1/match-runs/").json()["results"] == []


def test_offers_cannot_be_ordered_by_hidden_fields(attack, django_capture_on_commit_callbacks):
    """Even the supplier's own list does not take an order by distance: one rule for every caller is simpler to
    keep right than one per caller, and an order would otherwise rank what a field hides."""
    match(attack, django_capture_on_commit_callbacks)
    supplier = attack["supplier"]
    default = [o["id"] for o in supplier.get("/api/v1/allocations/").json()["results"]]
    for field in ("distance_km", "-distance_km", "estimated_arrival", "quantity", "-quantity"):
        ordered = [o["id"] for o in supplier.get("/api/v1/allocations/", {"ordering": field}).json()["results"]]
        assert ordered == default, field


def test_run_and_offer_lists_cost_the_same_for_a_page_of_3_or_30(client_for):
    """A partner's figures are read for the whole page at once, not once per run or offer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sharing.models import EmergencyRequest, MatchRunRequest

    product = ProductFactory(code="NDPR")
    supplier, requester = PartnerFactory(code="JP-METI"), PartnerFactory(code="US-DOC")
    site = publish("facility", supplier, "SITE", marking="GREEN")
    stock = publish("stockpile", supplier, "STOCK", marking="GREEN", facility=site, product=product)
    hidden = publish("stockpile", supplier, "HIDDEN", marking="RED", facility=site, product=product)
    client = client_for(requester, roles=("coordinator", "reader"))

    def make(n):
        for _ in range(n):
            request = EmergencyRequest.objects.create(
                requesting_partner=requester, product=product, quantity=10, destination_country="US",
                destination_latitude=Decimal(30), destination_longitude=Decimal(-95), needed_by=NEEDED_BY,
                priority=1, justification="x")
            run = MatchRun.objects.create(product=product, triggered_by_request=request, requested_by=requester,
                                          status="succeeded")
            MatchRunRequest.objects.create(match_run=run, request=request, quantity=10)
            for source, quantity in ((stock, 4), (hidden, 6)):
                Allocation.objects.create(match_run=run, request=request, stockpile=source, supplying_partner=supplier,
                                          quantity=quantity, estimated_arrival=NEEDED_BY, distance_km=Decimal(100),
                                          expires_at=timezone.now() + timedelta(days=1))

    def cost(url):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        return len(queries), body["results"]

    make(3)
    few_runs, runs = cost("/api/v1/match-runs/")
    few_offers, offers = cost("/api/v1/allocations/")
    assert len(runs) == 3 and all(Decimal(r["quantity_offered"]) == 4 for r in runs)
    assert len(offers) == 3  # the RED stockpile's offers are not there
    make(27)
    many_runs, runs = cost("/api/v1/match-runs/")
    many_offers, offers = cost("/api/v1/allocations/")
    assert len(runs) == 30 and len(offers) == 30
    assert (many_runs, many_offers) == (few_runs, few_offers)
