"""Domestic and allied content (GET /api/v1/procurement/content/): hand-computed shares through a three-tier bill
of materials, the threshold schedule on each side of each year, the sharing rules and what they must not leak."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing.models import AuditEvent, Capacity, ProductInput
from tests.factories import PartnerFactory, ProductFactory, output, publish, site

pytestmark = pytest.mark.django_db
URL = "/api/v1/procurement/content/"


def link(owner, supplier, buyer, product, volume, marking="GREEN"):
    return publish("supply_link", owner, f"{supplier.external_id}->{buyer.external_id}", marking=marking,
                   supplier=supplier, buyer=buyer, product=product, volume_per_month=Decimal(volume))


def priced(owner, facility, product, unit_cost, marking="GREEN"):
    return output(owner, facility, product, 100, marking=marking, unit_cost=Decimal(unit_cost))


def bom(product, *lines):
    for component, quantity in lines:
        ProductInput.objects.create(product=product, input=component, quantity_per_unit=Decimal(quantity))


@pytest.fixture
def scene(client_for):
    """END (made in the US) <- 2 CELL + 1 CASE + 3 CHIP; CELL <- 0.5 LITH; LITH <- 2 ORE.

    CELL from Japan (60 a month, unit cost 50) and Korea (40 a month, unit cost 40); Japan's lithium from China
    (unit cost 20), whose ore is from the US (unit cost 3); Korea's lithium supplier is not published (reference
    16). CASE from the US (10). CHIP has no supplier at all (reference 5): unknown.
    """
    us, jp, kr = (PartnerFactory(code=c, country=c[:2]) for c in ("US-DOC", "JP-METI", "KR-MOTIE"))
    end, cell, case, chip, lith, ore = (
        ProductFactory(code=c, reference_unit_cost=ref)
        for c, ref in (("END", None), ("CELL", Decimal(45)), ("CASE", Decimal(12)), ("CHIP", Decimal(5)),
                       ("LITH", Decimal(16)), ("ORE", Decimal(4)))
    )
    bom(end, (cell, 2), (case, 1), (chip, 3))
    bom(cell, (lith, "0.5"))
    bom(lith, (ore, 2))
    plant = site(us, "US", external_id="PLANT")
    cell_jp, cell_kr = site(jp, "JP", external_id="CELL-JP"), site(kr, "KR", external_id="CELL-KR")
    case_us, lith_cn, ore_us = site(us, "US", external_id="CASE-US"), site(jp, "CN", external_id="LITH-CN"), \
        site(us, "US", external_id="ORE-US")
    link(us, cell_jp, plant, cell, 60)
    link(us, cell_kr, plant, cell, 40)
    link(us, case_us, plant, case, 5)
    link(jp, lith_cn, cell_jp, lith, 30)
    link(jp, ore_us, lith_cn, ore, 60)
    priced(jp, cell_jp, cell, 50)
    priced(kr, cell_kr, cell, 40)
    priced(us, case_us, case, 10)
    priced(jp, lith_cn, lith, 20)
    priced(us, ore_us, ore, 3)
    return {"us": us, "jp": jp, "kr": kr, "plant": plant, "client": client_for(us, roles=("reader",)),
            "cell": cell, "lith": lith, "cell_kr": cell_kr, "products": {"END": end, "CHIP": chip}}


def ask(client, facility, product="END", year=2026, status=200, **extra):
    response = client.get(URL, {"facility": facility.pk if hasattr(facility, "pk") else facility,
                                "product": product, "delivery_year": year, **extra})
    assert response.status_code == status, response.content
    return response.json()


def test_three_tier_shares_by_hand(scene):
    # ORE at LITH-CN: 2 x 3 = 6 domestic (US ore); LITH-CN's unit cost 20 = 6 domestic + 14 other (China).
    # CELL-JP (50) = 0.5 LITH = 3 domestic + 7 other, and 40 value added in Japan (allied).
    # CELL-KR (40) = 0.5 x 16 unknown (its lithium supplier is not published) + 32 allied.
    # CELL at the plant, 60:40 by volume: domestic 1.8, allied 36.8, other 4.2, unknown 3.2 (46); two of them:
    # 3.6, 73.6, 8.4, 6.4 (92). CASE 10 domestic. CHIP: no supplier, 3 x 5 unknown = 15.
    # All: domestic 13.6, allied 73.6, other 8.4, unknown 21.4 = 117.
    body = ask(scene["client"], scene["plant"])
    assert body["cost_of_components"] == "117.0000"
    assert body["costs"] == {"domestic": "13.6000", "allied": "73.6000", "other": "8.4000", "unknown": "21.4000"}
    # 13.6/117 = 11.62%, 73.6/117 = 62.91%, 8.4/117 = 7.18%, 21.4/117 = 18.29%
    assert body["shares"] == {"domestic": "11.62", "allied": "62.91", "other": "7.18", "unknown": "18.29"}
    assert body["domestic_country"] == "US" and body["qualifying_countries"] == ["JP", "KR"]
    components = {c["product"]: c for c in body["components"]}
    assert components["CELL"]["costs"] == {"domestic": "3.6000", "allied": "73.6000", "other": "8.4000",
                                           "unknown": "6.4000"}
    assert (components["CELL"]["basis"], components["CELL"]["suppliers"]) == ("supplied", 2)  # its own suppliers
    assert components["CASE"]["costs"]["domestic"] == "10.0000" and components["CASE"]["basis"] == "supplied"
    assert components["CHIP"]["costs"]["unknown"] == "15.0000" and components["CHIP"]["basis"] == "reference"
    assert (body["verdict"], body["qualifying_share"], body["threshold"]["percent"]) == ("fails", "11.62", "65.00")
    assert body["currency"] == "USD"


def test_defence_counts_allied_content_and_names_the_deciding_components(scene):
    # Qualifying: 13.6 + 73.6 = 87.2 of 117 = 74.53%.
    body = ask(scene["client"], scene["plant"], defence="true")
    assert (body["qualifying_share"], body["verdict"]) == ("74.53", "meets")  # 2026: 65%
    # Without CELL's 77.2 qualifying, 10/117 = 8.5%: CELL alone decides it.
    assert body["deciding_components"] == ["CELL"]
    body = ask(scene["client"], scene["plant"], year=2029, defence="true")
    assert (body["verdict"], body["threshold"]["percent"]) == ("fails", "75.00")
    # CHIP's 15 unknown, were it qualifying: 102.2/117 = 87.35% > 75. CHIP alone would turn it.
    assert body["deciding_components"] == ["CHIP"]
    assert ask(scene["client"], scene["plant"], year=2029, defence="true", fallback="true")["verdict"] == "meets"


@pytest.fixture
def two_parts(client_for):
    """SIMPLE <- 1 DOM (US) + 1 FOR (China): the domestic share is the domestic part's cost of 100."""
    us = PartnerFactory(code="US-DOC", country="US")
    simple, dom, foreign = ProductFactory(code="SIMPLE"), ProductFactory(code="DOM"), ProductFactory(code="FOR")
    bom(simple, (dom, 1), (foreign, 1))
    plant, dom_site, for_site = site(us, "US"), site(us, "US"), site(us, "CN")
    link(us, dom_site, plant, dom, 1)
    link(us, for_site, plant, foreign, 1)
    return {"client": client_for(us, roles=("reader",)), "plant": plant, "dom": (us, dom_site, dom),
            "for": (us, for_site, foreign)}


@pytest.mark.parametrize("year, fallback, domestic, verdict", [
    (2022, False, "60.01", "meets"), (2023, False, "60.00", "fails"), (2023, False, "60.01", "meets"),
    (2023, False, "62.00", "meets"), (2024, False, "62.00", "fails"),
    (2024, False, "65.00", "fails"), (2024, False, "65.01", "meets"),
    (2028, False, "65.00", "fails"), (2028, False, "65.01", "meets"), (2028, False, "70.00", "meets"),
    (2029, False, "70.00", "fails"), (2029, False, "75.00", "fails"), (2029, False, "75.01", "meets"),
    (2035, False, "75.00", "fails"), (2035, False, "75.01", "meets"),
    (2029, True, "55.00", "fails"), (2029, True, "55.01", "meets"), (2023, True, "55.01", "meets"),
    (2026, True, "55.00", "fails"),
])
def test_threshold_schedule_each_side_of_each_year(two_parts, year, fallback, domestic, verdict):
    # Content must exceed the threshold (FAR 25.101: "exceeds"): exactly the threshold fails.
    domestic = Decimal(domestic)
    priced(*two_parts["dom"], domestic)
    priced(*two_parts["for"], Decimal(100) - domestic)
    body = ask(two_parts["client"], two_parts["plant"], product="SIMPLE", year=year, fallback=str(fallback).lower())
    assert (body["qualifying_share"], body["verdict"]) == (f"{domestic:.2f}", verdict)
    assert body["threshold"]["fallback"] is fallback


def test_unpriced_component_leaves_the_verdict_undetermined(two_parts):
    priced(*two_parts["dom"], 70)  # FOR has neither a unit cost nor a reference unit cost
    body = ask(two_parts["client"], two_parts["plant"], product="SIMPLE")
    assert (body["verdict"], body["unpriced"], body["deciding_components"]) == ("undetermined", ["FOR"], [])


def test_hidden_supplier_counts_as_no_supplier(scene, client_for):
    """A supplier the caller may not see: unknown at the reference cost; its cost and country change nothing."""
    before = ask(scene["client"], scene["plant"])
    other = PartnerFactory(code="US-DOE", country="US")  # a partner of the US: the qualifying countries stay
    secret = site(other, "CN", marking="RED", external_id="SECRET")
    link(other, secret, scene["cell_kr"], scene["lith"], 1000, marking="RED")
    capacity = priced(other, secret, scene["lith"], 1)
    assert ask(scene["client"], scene["plant"]) == before
    Capacity.objects.filter(pk=capacity.pk).update(unit_cost=Decimal(900))
    assert ask(scene["client"], scene["plant"]) == before
    # The owner of the hidden records sees them counted: the hidden record is what made the difference.
    assert ask(client_for(other, roles=("reader",)), scene["plant"])["costs"] != before["costs"]


def test_hidden_unit_cost_counts_at_reference_with_the_visible_country(scene):
    Capacity.objects.filter(facility=scene["cell_kr"]).update(marking="RED")  # KR's capacity, hidden from the US
    body = ask(scene["client"], scene["plant"])
    # CELL-KR now at CELL's reference 45: 8 unknown + 37 allied; CELL at the plant 1.8 / 38.8 / 4.2 / 3.2 (48).
    cell = next(c for c in body["components"] if c["product"] == "CELL")
    assert cell["costs"] == {"domestic": "3.6000", "allied": "77.6000", "other": "8.4000", "unknown": "6.4000"}


def test_hidden_or_missing_facility_is_404_alike(scene):
    hidden = site(scene["jp"], "JP", marking="RED")
    a = scene["client"].get(URL, {"facility": hidden.pk, "product": "END", "delivery_year": 2026})
    b = scene["client"].get(URL, {"facility": 1, "product": "END", "delivery_year": 2026})
    assert a.status_code == b.status_code == 404
    assert {k: v for k, v in a.json().items() if k != "request_id"} == \
        {k: v for k, v in b.json().items() if k != "request_id"}


@pytest.mark.parametrize("params, field", [
    ({"product": "END", "delivery_year": 2026}, "facility"),
    ({"facility": "x", "product": "END", "delivery_year": 2026}, "facility"),
    ({"facility": 5, "product": "NOPE", "delivery_year": 2026}, "product"),
    ({"facility": 5, "product": "END\x00", "delivery_year": 2026}, "product"),
    ({"facility": 5, "product": "END", "delivery_year": 1066}, "delivery_year"),
    ({"facility": 5, "product": "END"}, "delivery_year"),
    ({"facility": 5, "product": "END", "delivery_year": 2026, "fallback": "maybe"}, "fallback"),
])
def test_bad_questions_are_400(scene, params, field):
    response = scene["client"].get(URL, params)
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert field in str(response.json())


def test_reads_are_audited_for_their_owners(scene):
    ask(scene["client"], scene["plant"])
    owners = set(AuditEvent.objects.filter(action="capacity.read", detail__procurement="content")
                 .values_list("object_owner__code", flat=True))
    assert owners == {"US-DOC", "JP-METI", "KR-MOTIE"}


def test_queries_do_not_grow_with_suppliers(scene):
    with CaptureQueriesContext(connection) as few:
        ask(scene["client"], scene["plant"])
    for n in range(8):
        extra = site(scene["kr"], "KR")
        link(scene["us"], extra, scene["plant"], scene["cell"], 10)
        priced(scene["kr"], extra, scene["cell"], 41 + n)
    with CaptureQueriesContext(connection) as many:
        ask(scene["client"], scene["plant"])
    assert len(many) <= len(few) + 1, [q["sql"] for q in many.captured_queries]
