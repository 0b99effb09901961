"""Analytics through the API, with hand-computed answers: concentration, chokepoints, scenarios (shortfall,
knock-on through the bill of materials, the Celery path), input errors, access and the audit trail."""

from decimal import Decimal

import pytest

from sharing.analytics.concentration import hhi_band
from sharing.models import AuditEvent, ProductInput, ScenarioRun
from tests.factories import PartnerFactory, ProductFactory, output, publish, site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
SCENARIOS = "/api/v1/analytics/scenarios/"


@pytest.fixture
def world(client_for):
    me = PartnerFactory(code="JP-METI", country="JP")
    au, us = PartnerFactory(code="AU-DISR", country="AU"), PartnerFactory(code="US-DOC", country="US")
    ore = ProductFactory(code="NDPR-OXIDE", sector="critical_minerals", unit="t")
    return {"me": me, "au": au, "us": us, "ore": ore, "client": client_for(me, ("reader",))}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_shares_hhi_and_partner_share_by_hand(world):
    au, us, ore = world["au"], world["us"], world["ore"]
    output(au, site(au, "AU"), ore, 30)
    output(au, site(au, "AU"), ore, 20, spare=Decimal(5), in_use=Decimal(15))
    output(us, site(us, "CN"), ore, 30)  # a partner may record a facility in a non-partner country
    output(world["me"], site(world["me"], "US", marking="RED"), ore, 20, marking="RED", as_of="2026-10-31")
    answer = get(world["client"], "/api/v1/analytics/concentration/", product="NDPR-OXIDE")
    assert [(c["country"], c["nominal"], c["spare"], c["share"], c["partner_country"]) for c in answer["countries"]] \
        == [("AU", "50.000", "20.000", 0.5, True), ("CN", "30.000", "15.000", 0.3, False),
            ("US", "20.000", "10.000", 0.2, True)]
    assert answer["total"] == {"nominal": "100.000", "spare": "45.000"}
    assert answer["hhi"] == 3800.0 and answer["hhi_band"] == "highly concentrated"  # 50² + 30² + 20²
    assert answer["top_country"] == {"country": "AU", "share": 0.5}
    assert (answer["partner_share"], answer["non_partner_share"]) == (0.7, 0.3)
    assert answer["as_of"] == "2026-10-31" and answer["unit"] == "t" and answer["suppressed"] == []


def test_hhi_bands_at_their_edges(world):
    assert [hhi_band(v) for v in (1499.99, 1500, 2500, 2500.01)] == [
        "unconcentrated", "moderately concentrated", "moderately concentrated", "highly concentrated"]
    for country in ("AU", "US", "KR", "CA"):
        output(world["au"], site(world["au"], country), world["ore"], 25)
    answer = get(world["client"], "/api/v1/analytics/concentration/", product="NDPR-OXIDE")
    assert (answer["hhi"], answer["hhi_band"]) == (2500.0, "moderately concentrated")


def test_no_capacity_is_an_empty_answer_not_an_error(world):
    answer = get(world["client"], "/api/v1/analytics/concentration/", product="NDPR-OXIDE")
    assert answer["countries"] == [] and answer["hhi"] is None and answer["top_country"] is None
    assert answer["total"] == {"nominal": "0.000", "spare": "0.000"} and answer["as_of"] is None


def test_chokepoint_ranking(world):
    au, us, me, ore = world["au"], world["us"], world["me"], world["ore"]
    big, small, cn = site(au, "AU", name="Mt Weld"), site(au, "AU", name="Kalgoorlie"), site(us, "CN", name="Baotou")
    output(au, big, ore, 50)
    output(au, small, ore, 20)
    output(us, cn, ore, 30)
    output(us, site(us, "KR"), ore, 99, marking="AMBER")  # AMBER naming no group: US-DOC alone; KR suppressed
    answer = get(world["client"], "/api/v1/analytics/chokepoints/", product="NDPR-OXIDE")
    assert [(c["rank"], c["country"], c["share"]) for c in answer["countries"]] == [(1, "AU", 0.7), (2, "CN", 0.3)]
    assert [(f["rank"], f["facility"]["name"], f["nominal"], f["share"]) for f in answer["facilities"]] == [
        (1, "Mt Weld", "50.000", 0.5), (2, "Baotou", "30.000", 0.3), (3, "Kalgoorlie", "20.000", 0.2)]
    assert answer["suppressed"] == [{"country": "KR", "suppressed": True}]

    # Buyers: one with a single supplier, one with two, one whose second supplier it cannot see.
    single, double, blind = site(me, "JP", name="Magnet plant"), site(me, "JP", name="Motor plant"), site(me, "JP")
    for supplier, buyer, volume in ((big, single, 5), (big, double, 3), (cn, double, 2), (cn, blind, 4)):
        publish("supply_link", me, supplier=supplier, buyer=buyer, product=ore, volume_per_month=Decimal(volume))
    publish("supply_link", us, supplier=big, buyer=blind, product=ore, marking="RED")
    answer = get(world["client"], "/api/v1/analytics/chokepoints/", product="NDPR-OXIDE")
    assert [(d["buyer"]["name"], d["supplier"]["name"], d["volume_per_month"])
            for d in answer["single_supplier_buyers"]] == [("Magnet plant", "Mt Weld", "5.000"),
                                                           (blind.name, "Baotou", "4.000")]
    assert answer["single_supplier_buyer_count"] == 2


@pytest.fixture
def chain(world):
    """Ore -> magnets (0.3 t a unit) -> motors (2 magnets a unit): three tiers."""
    magnet = ProductFactory(code="NDFEB-MAGNET", sector="critical_minerals", unit="units")
    motor = ProductFactory(code="EV-MOTOR", sector="batteries", unit="units")
    ProductInput.objects.create(product=magnet, input=world["ore"], quantity_per_unit=Decimal("0.3"))
    ProductInput.objects.create(product=motor, input=magnet, quantity_per_unit=Decimal(2))
    au, us = world["au"], world["us"]
    output(us, site(us, "CN"), world["ore"], 60)
    output(au, site(au, "AU"), world["ore"], 40)
    output(au, site(au, "JP"), magnet, 100)
    output(us, site(us, "US"), motor, 50)
    return {**world, "magnet": magnet, "motor": motor}


def scenario(client, body, expect=200):
    response = client.post(SCENARIOS, body, format="json")
    assert response.status_code == expect, response.json()
    return response.json()


def test_scenario_shortfall_and_knock_on_downstream(chain):
    run = scenario(chain["client"], {"countries": ["CN"], "demand": {"NDPR-OXIDE": "100"}})
    assert run["status"] == "succeeded" and run["inputs"]["countries"] == ["CN"]
    rows = {r["product"]: r for r in run["result"]["products"]}
    ore, magnet, motor = rows["NDPR-OXIDE"], rows["NDFEB-MAGNET"], rows["EV-MOTOR"]
    assert (ore["tier"], ore["baseline"], ore["lost"], ore["remaining"]) == (0, "100.000", "60.000", "40.000")
    assert (ore["demand"], ore["shortfall"], ore["shortfall_share"]) == ("100.000", "60.000", 0.6)
    # The ore falls 60% short: magnets lose 60% of their capacity, and so do motors, a tier further.
    assert (magnet["tier"], magnet["lost"], magnet["knock_on_lost"], magnet["remaining"], magnet["limited_by"]) == (
        1, "0.000", "60.000", "40.000", "NDPR-OXIDE")
    assert (motor["tier"], motor["knock_on_lost"], motor["remaining"], motor["limited_by"]) == (
        2, "30.000", "20.000", "NDFEB-MAGNET")
    assert motor["lost_share"] == 0.6 and motor["demand"] is None and motor["shortfall"] is None
    assert [r["product"] for r in run["result"]["products"]] == ["NDPR-OXIDE", "NDFEB-MAGNET", "EV-MOTOR"]
    assert run["result"]["as_of"] == "2026-09-30"


def test_demand_below_what_remains_stops_the_knock_on(chain):
    run = scenario(chain["client"], {"countries": ["CN"], "demand": {"NDPR-OXIDE": "100", "NDFEB-MAGNET": "30"}})
    rows = {r["product"]: r for r in run["result"]["products"]}
    assert rows["NDFEB-MAGNET"]["remaining"] == "40.000" and rows["NDFEB-MAGNET"]["shortfall"] == "0.000"
    assert "EV-MOTOR" not in rows  # 40 magnets cover the demand of 30: motors lose nothing


def test_taking_out_a_partner_and_a_facility(chain):
    magnets = chain["magnet"]
    plant = site(chain["me"], "KR")
    output(chain["me"], plant, magnets, 25)
    run = scenario(chain["client"], {"partners": ["AU-DISR"], "facilities": [plant.pk]})
    rows = {r["product"]: r for r in run["result"]["products"]}
    assert (rows["NDPR-OXIDE"]["lost"], rows["NDPR-OXIDE"]["remaining"]) == ("40.000", "60.000")
    # Magnets: all of AU-DISR's 100 and the 25 at the plant lost; nothing remains to be short of ore for.
    assert (rows["NDFEB-MAGNET"]["lost"], rows["NDFEB-MAGNET"]["remaining"]) == ("125.000", "0.000")
    assert rows["EV-MOTOR"]["remaining"] == "0.000" and rows["EV-MOTOR"]["limited_by"] == "NDFEB-MAGNET"


def test_a_circular_bill_of_materials_is_visited_once(chain):
    # Validation refuses cycles; written directly here, the scenario still ends.
    ProductInput.objects.create(product=chain["ore"], input=chain["motor"], quantity_per_unit=Decimal(1))
    run = scenario(chain["client"], {"countries": ["CN"]})
    rows = {r["product"]: r for r in run["result"]["products"]}
    assert rows["NDPR-OXIDE"]["on_bom_cycle"] and rows["EV-MOTOR"]["on_bom_cycle"]
    assert rows["NDPR-OXIDE"]["lost"] == "60.000"


def test_a_large_scenario_runs_as_a_job(chain, settings, client_for, django_capture_on_commit_callbacks):
    settings.SCENARIO_SYNC_MAX_ITEMS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = chain["client"].post(SCENARIOS, {"countries": ["CN", "RU"]}, format="json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert response["Location"] == f"{SCENARIOS}{response.json()['id']}/"
    run = get(chain["client"], response["Location"])
    assert run["status"] == "succeeded" and run["finished_at"]
    assert {r["product"]: r["lost"] for r in run["result"]["products"]}["NDPR-OXIDE"] == "60.000"
    # Visible to its requesting partner only.
    other = client_for(chain["au"], ("reader",))
    assert other.get(response["Location"]).status_code == 404
    assert other.get(SCENARIOS).json()["results"] == []
    assert [r["id"] for r in chain["client"].get(SCENARIOS).json()["results"]] == [run["id"]]


def test_the_same_idempotency_key_returns_the_same_run(chain):
    first = chain["client"].post(SCENARIOS, {"countries": ["CN"]}, format="json", HTTP_IDEMPOTENCY_KEY="s-1")
    again = chain["client"].post(SCENARIOS, {"countries": ["AU"]}, format="json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert first.json()["id"] == again.json()["id"] and ScenarioRun.objects.count() == 1


def test_a_facility_the_caller_cannot_see_is_refused_like_one_that_does_not_exist(chain):
    secret = site(chain["us"], "CN", marking="RED")
    missing = secret.pk + 1000

    def error(pk):
        response = chain["client"].post(SCENARIOS, {"facilities": [pk]}, format="json")
        assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
        return str(response.json()["errors"]["facilities"]).replace(str(pk), "N")

    assert error(secret.pk) == error(missing)
    assert ScenarioRun.objects.count() == 0


@pytest.mark.parametrize("body", [
    {}, {"countries": ["ZZ"]}, {"partners": ["XX-NOBODY"]}, {"demand": {"NOPE": "1"}},
    {"demand": {"NDPR-OXIDE": "-1"}}, {"countries": "CN"}, {"facilities": ["x"]}, [], {"countries": ["CN"] * 1001},
])
def test_bad_scenarios_are_problems_and_store_nothing(world, body):
    response = world["client"].post(SCENARIOS, body, format="json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert ScenarioRun.objects.count() == 0


@pytest.mark.parametrize("params", [{}, {"product": "NDPR-OXIDE", "sector": "critical_minerals"},
                                    {"product": "NOPE"}, {"sector": "toys"}])
def test_bad_concentration_queries_are_problems(world, params):
    response = world["client"].get("/api/v1/analytics/concentration/", params)
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")


def test_bad_chokepoint_queries_are_problems(world):
    for params in ({}, {"product": "NDPR-OXIDE", "limit": "0"}, {"product": "NDPR-OXIDE", "limit": "x"}):
        assert world["client"].get("/api/v1/analytics/chokepoints/", params).status_code == 400


def test_who_may_ask(world, client_for, api):
    url = "/api/v1/analytics/concentration/?product=NDPR-OXIDE"
    assert api.get(url).status_code == 401
    assert client_for(world["me"], ("coordinator",)).get(url).status_code == 403
    assert client_for(world["me"], ("reader",), read_only=True).post(SCENARIOS, {"countries": ["CN"]},
                                                                       format="json").status_code == 403


def test_owners_see_aggregate_reads_of_their_records_in_the_access_log(world, client_for):
    output(world["au"], site(world["au"], "AU"), world["ore"], 50)
    output(world["au"], site(world["au"], "AU"), world["ore"], 1, marking="CLEAR")
    get(world["client"], "/api/v1/analytics/concentration/", product="NDPR-OXIDE")
    event = AuditEvent.objects.get(action="capacity.read", object_owner=world["au"])
    assert event.actor_partner == world["me"] and event.detail["aggregate"] == "concentration"
    assert event.detail["records"] == 1  # the GREEN one; CLEAR is public
    log = client_for(world["au"], ("reader",)).get("/api/v1/access-log/").json()["results"]
    assert [e["id"] for e in log] == [event.pk]
