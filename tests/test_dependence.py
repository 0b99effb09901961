"""Dependence on one country (GET /api/v1/analytics/dependence/ and .../dependence/ranking/): hand-computed through
three tiers, from a country and from outside the alliance; a sector's products ranked; sharing rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sharing.models import AuditEvent, ProductInput
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/analytics/dependence/"
RANKING = "/api/v1/analytics/dependence/ranking/"


def site(owner, name: str, country: str, marking: str = "GREEN"):
    return publish("facility", owner, name, marking=marking, country=country, name=name)


def link(owner, supplier, buyer, product, volume, marking: str = "GREEN", groups=()):
    return publish("supply_link", owner, f"{supplier.external_id}->{buyer.external_id}:{product.code}",
                   marking=marking, groups=groups, supplier=supplier, buyer=buyer, product=product,
                   volume_per_month=Decimal(volume))


@pytest.fixture
def world(client_for):
    """JP's plant B buys magnets: 60 from A (KR), 40 from D (AU). A makes them from oxide (0.5 a magnet): half
    from X (CN), half from Y (US). X buys ore from M (CN). The alliance: JP, KR, US."""
    jp, kr = PartnerFactory(code="JP-METI", country="JP"), PartnerFactory(code="KR-MOTIE", country="KR")
    us = PartnerFactory(code="US-DOC", country="US")
    group = SharingGroupFactory(name="Magnets WG", members=[kr, us])
    magnet = ProductFactory(code="NDFEB-MAGNET", sector="critical_minerals")
    oxide = ProductFactory(code="NDPR-OXIDE", sector="critical_minerals")
    ore = ProductFactory(code="REE-ORE", sector="critical_minerals")
    ProductInput.objects.create(product=magnet, input=oxide, quantity_per_unit=Decimal("0.5"))
    ProductInput.objects.create(product=oxide, input=ore, quantity_per_unit=Decimal(2))
    b = site(jp, "B", "JP")
    a, d = site(kr, "A", "KR"), site(kr, "D", "AU")
    x, y, m = site(kr, "X", "CN"), site(kr, "Y", "US"), site(kr, "M", "CN")
    link(kr, a, b, magnet, 60)
    link(kr, d, b, magnet, 40)
    link(kr, x, a, oxide, 15)  # 30 magnets' worth
    link(kr, y, a, oxide, 15)
    link(kr, m, x, ore, 100)
    return {"jp": jp, "kr": kr, "us": us, "group": group, "magnet": magnet, "oxide": oxide, "ore": ore,
            "sites": {"B": b, "A": a, "D": d, "X": x, "Y": y, "M": m},
            "client": client_for(jp, ("reader",)), "member": client_for(us, ("reader",))}


def ask(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def shares(body) -> list[tuple]:
    return [(t["tier"], t["share"], t["traced"], t["unknown"]) for t in body["tiers"]]


def test_three_tiers_from_china(world):
    body = ask(world["client"], product="NDFEB-MAGNET", partner="JP-METI", country="CN")
    # Tier 1: A (KR) 60%, D (AU) 40%; tier 2: X (CN) 30%, Y (US) 30%, D stops; tier 3: M (CN) 30%, Y stops.
    assert shares(body) == [(1, 0.0, 1.0, 0.0), (2, 0.3, 0.6, 0.4), (3, 0.3, 0.3, 0.7)]
    assert body["through_origin"] == 0.3 and body["first_tier"] == 0.0
    assert body["origin"] == {"country": "CN", "outside_alliance": False, "alliance_countries": None}
    assert body["supply_volume_per_month"] == "100.000" and body["supply_links_used"] == 5
    assert body["partner"] == "JP-METI" and body["product"] == "NDFEB-MAGNET" and "may see" in body["basis"]


def test_three_tiers_from_outside_the_alliance(world):
    body = ask(world["client"], product="NDFEB-MAGNET", partner="JP-METI", outside_alliance="true")
    assert body["origin"] == {"country": None, "outside_alliance": True, "alliance_countries": ["JP", "KR", "US"]}
    # Tier 1: D in AU (40%); tier 2: X in CN (30%; Y is in the US); tier 3: M in CN (30%).
    assert shares(body) == [(1, 0.4, 1.0, 0.0), (2, 0.3, 0.6, 0.4), (3, 0.3, 0.3, 0.7)]
    assert body["through_origin"] == 0.7 and body["first_tier"] == 0.4  # D's 40% and X's 30%, each once
    # A partner suspended leaves the alliance: its country is outside.
    world["us"].status = "suspended"
    world["us"].save()
    body = ask(world["client"], product="NDFEB-MAGNET", partner="JP-METI", outside_alliance="true")
    assert body["through_origin"] == 1.0 and shares(body)[1] == (2, 0.6, 0.6, 0.4)


def test_a_sectors_products_ranked(world):
    jp, kr = world["jp"], world["kr"]
    # JP also buys oxide straight from China (its whole supply), and nothing of ore.
    link(kr, world["sites"]["X"], site(jp, "J2", "JP"), world["oxide"], 8)
    ProductFactory(code="NITRILE-GLOVES", sector="medical_supplies")
    body = ask(world["client"], RANKING, partner="JP-METI", sector="critical_minerals", country="CN")
    assert [(p["rank"], p["product"], p["through_origin"], p["first_tier"]) for p in body["products"]] == [
        (1, "NDPR-OXIDE", 1.0, 1.0), (2, "NDFEB-MAGNET", 0.3, 0.0), (3, "REE-ORE", 0.0, 0.0)]
    assert body["products"][2]["supply_volume_per_month"] == "0.000" and body["products"][2]["tiers"] == []
    # Each product's figures are those of the single-product answer.
    single = ask(world["client"], product="NDFEB-MAGNET", partner="JP-METI", country="CN")
    ranked = body["products"][1]
    assert {k: ranked[k] for k in ("tiers", "through_origin", "unknown", "supply_links_used")} == \
        {k: single[k] for k in ("tiers", "through_origin", "unknown", "supply_links_used")}


def test_ranking_queries_do_not_grow_with_the_sector(world):
    with CaptureQueriesContext(connection) as few:
        ask(world["client"], RANKING, partner="JP-METI", sector="critical_minerals", country="CN")
    for n in range(5):
        product = ProductFactory(code=f"EXTRA-{n}", sector="critical_minerals")
        link(world["kr"], world["sites"]["D"], world["sites"]["B"], product, 5 + n)  # no deeper network
    with CaptureQueriesContext(connection) as many:
        body = ask(world["client"], RANKING, partner="JP-METI", sector="critical_minerals", country="CN")
    assert len(body["products"]) == 8 and body["products"][0]["through_origin"] == 0.3
    assert len(many) == len(few) <= 20, [q["sql"][:80] for q in many]


def test_hidden_links_change_no_answer_and_reads_are_audited(world):
    """Inference: links and facilities the caller may not see count as none, on both routes."""
    questions = [(URL, {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN"}),
                 (URL, {"product": "NDFEB-MAGNET", "partner": "JP-METI", "outside_alliance": "true"}),
                 (RANKING, {"partner": "JP-METI", "sector": "critical_minerals", "country": "CN"})]
    before = [ask(world["client"], url, **params) for url, params in questions]
    s, kr = world["sites"], world["kr"]
    link(kr, site(kr, "SECRET", "CN", marking="RED"), s["D"], world["magnet"], 500)  # at a hidden facility
    link(kr, s["M"], s["Y"], world["ore"], 50, marking="AMBER", groups=[world["group"]])  # JP not in the group
    link(kr, s["X"], s["B"], world["magnet"], 999, marking="RED")
    assert [ask(world["client"], url, **params) for url, params in questions] == before
    # The group member sees the AMBER link: for it, Y's 30% goes on to China.
    member = ask(world["member"], URL, product="NDFEB-MAGNET", partner="JP-METI", country="CN")
    assert member["through_origin"] == 0.6
    reads = AuditEvent.objects.filter(action="supply_link.read", detail__analytics="dependence")
    assert set(reads.values_list("object_owner__code", flat=True)) == {"KR-MOTIE"}


@pytest.mark.parametrize(("url", "params", "status", "field"), [
    (URL, {"product": "NDFEB-MAGNET", "partner": "JP-METI"}, 400, "non_field_errors"),
    (URL, {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN", "outside_alliance": "true"}, 400,
     "non_field_errors"),
    (URL, {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "XX"}, 400, "country"),
    (URL, {"product": "NDFEB-MAGNET", "partner": "NO-SUCH", "country": "CN"}, 400, "partner"),
    (URL, {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN", "max_tiers": "99"}, 400, "max_tiers"),
    (URL, {"product": "bad code!", "partner": "JP-METI", "country": "CN"}, 400, "product"),
    (URL, {"product": "NO-SUCH-PRODUCT", "partner": "JP-METI", "country": "CN"}, 404, None),
    (RANKING, {"partner": "JP-METI", "sector": "minerals", "country": "CN"}, 400, "sector"),
    (RANKING, {"partner": "JP-METI", "country": "CN"}, 400, "sector"),
    (RANKING, {"partner": "JP-METI", "sector": "critical_minerals", "outside_alliance": "maybe"}, 400,
     "outside_alliance"),
])
def test_bad_questions_are_problems(world, url, params, status, field):
    response = world["client"].get(url, params)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["errors"], response.json()


def test_needs_a_reader_key(world, client_for):
    params = {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN"}
    assert APIClient().get(URL, params).status_code == 401
    assert client_for(world["jp"], ("coordinator",)).get(URL, params).status_code == 403
