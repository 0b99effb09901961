"""The demo network: loaded by load_demo through the partners' services, idempotent, and shaped like the real world."""

from __future__ import annotations

import types

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from sharing import demo_data
from sharing.models import (
    Allocation,
    AuditEvent,
    Capacity,
    ChangeSequence,
    EmergencyRequest,
    Facility,
    MarkingChange,
    MatchRun,
    Partner,
    Product,
    ProductInput,
    SharingGroup,
    Stockpile,
    SupplyLink,
)
from sharing.services import demo

pytestmark = pytest.mark.django_db


def load(tmp_path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_demo", keys_file=str(tmp_path / "demo-keys.txt"), stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(tmp_path):
    load(tmp_path)
    return {p.code: p for p in Partner.objects.all()}


def snapshot() -> dict:
    state = {}
    for model in (Partner, Product, ProductInput, SharingGroup, Facility, Capacity, Stockpile, SupplyLink,
                  EmergencyRequest, MatchRun, Allocation, AuditEvent, MarkingChange):
        state[model.__name__] = model.objects.count()
    for model in (Facility, Capacity, Stockpile, SupplyLink, EmergencyRequest):
        state[f"{model.__name__} versions"] = model.objects.aggregate(v=Sum("version"))["v"]
    state["seq"] = ChangeSequence.objects.values_list("value", flat=True).first()
    state["offers"] = sorted(Allocation.objects.values_list("pk", "status", "quantity"))
    state["members"] = sorted(SharingGroup.members.through.objects.values_list("sharinggroup_id", "partner_id"))
    return state


def test_a_second_load_changes_nothing(tmp_path):
    first = load(tmp_path)
    before = snapshot()
    assert before["Facility"] == len(demo_data.FACILITIES) and before["Capacity"] == len(demo_data.CAPACITIES)
    assert before["SupplyLink"] == len(demo_data.SUPPLY_LINKS) and before["Product"] == len(demo_data.PRODUCTS)
    second = load(tmp_path)
    assert snapshot() == before  # no record, version, change number, offer or audit event added
    assert "(0 new)" in second and "(0 new)" not in first


def test_rare_earth_concentration_follows_the_cited_statistics(loaded, client_for):
    client = client_for(loaded["MX-SE"], ["reader"])
    for product, source in (("REE-CONCENTRATE", "usgs-mcs-2025-rare-earths"),
                            ("NDPR-OXIDE", "iea-gcmo-2024-ree-refining")):
        cited = demo_data.SOURCES[source]
        expected = cited.get("china_share") or cited["by_country"]["CN"] / cited["world_total"]
        body = client.get(f"/api/v1/analytics/concentration/?product={product}").json()
        china = next(c for c in body["countries"] if c["country"] == "CN")
        assert abs(china["share"] - expected) <= 0.01, (product, china["share"], expected)
        assert body["hhi_band"] == "highly concentrated" and body["suppressed_cells"] == 0
        assert china["partner_country"] is False


def test_a_cell_shared_with_a_group_is_suppressed_for_a_partner_outside_it(loaded, client_for):
    outside = client_for(loaded["MX-SE"], ["reader"]).get("/api/v1/analytics/concentration/?product=LOGIC-CHIP")
    inside = client_for(loaded["KR-MOTIE"], ["reader"]).get("/api/v1/analytics/concentration/?product=LOGIC-CHIP")
    assert outside.json()["suppressed"] == [{"product": "LOGIC-CHIP", "country": "US", "suppressed": True}]
    assert "US" not in {c["country"] for c in outside.json()["countries"]}
    assert inside.json()["suppressed_cells"] == 0
    assert "US" in {c["country"] for c in inside.json()["countries"]}


def test_exposure_reaches_three_tiers(loaded, client_for):
    client = client_for(loaded["JP-METI"], ["reader"])
    body = client.get("/api/v1/analytics/exposure/?product=NDFEB-MAGNET&partner=JP-METI&country=CN").json()
    traced = [t for t in body["tiers"] if t["suppliers"] > 0]
    assert len(traced) >= 3
    assert all(t["from_country"] > 0 for t in traced[:3])
    assert body["total"]["through_country"] > 0.5


def test_every_marking_and_offer_state_is_in_use(loaded):
    used = set()
    for model in (Facility, Capacity, Stockpile, SupplyLink):
        used |= set(model.objects.values_list("marking", flat=True))
    assert used == {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}
    request = EmergencyRequest.objects.get(idempotency_key="demo-respirators")
    states = set(Allocation.objects.filter(request=request).values_list("status", flat=True))
    assert states == {"proposed", "accepted", "declined", "expired", "fulfilled"}
    assert request.status in ("partially_fulfilled", "offered")
    assert Stockpile.objects.filter(expiry__isnull=False).exists()
    # Facilities in non-partner countries are published GREEN by a partner that tracks them.
    partner_countries = {str(p.country) for p in loaded.values()}
    tracked = Facility.objects.exclude(country__in=partner_countries).exclude(country__in=demo_data._EU_SPREAD)
    assert tracked.filter(country="CN").exists() and set(tracked.values_list("marking", flat=True)) == {"GREEN"}


def test_load_demo_fails_loudly_when_its_data_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_DATA_MODULE", "sharing.no_such_demo_data")
    monkeypatch.setattr(demo.demo_data_module, "__defaults__", ("sharing.no_such_demo_data",))
    with pytest.raises(CommandError, match="demo data module sharing.no_such_demo_data is missing"):
        load(tmp_path)
    assert not Partner.objects.exists()


def test_load_demo_fails_loudly_on_invalid_data_and_stores_nothing(tmp_path, monkeypatch):
    broken = types.ModuleType("broken_demo_data")
    broken.__dict__.update({k: v for k, v in vars(demo_data).items() if k.isupper()})
    broken.FACILITIES = [*demo_data.FACILITIES[:-1], {**demo_data.FACILITIES[-1], "country": "ZZ"}]
    broken.CAPACITIES = [*demo_data.CAPACITIES, {**demo_data.CAPACITIES[0], "external_id": "X", "product": "NOPE"}]
    monkeypatch.setattr(demo, "demo_data_module", lambda name=None: broken)
    monkeypatch.setattr("sharing.management.commands.load_demo.demo_data_module", lambda name=None: broken)
    with pytest.raises(CommandError) as failure:
        load(tmp_path)
    message = str(failure.value)
    assert "country 'ZZ' is not an ISO 3166-1 code" in message and "product 'NOPE' is not in PRODUCTS" in message
    assert not Partner.objects.exists() and not Facility.objects.exists()


def test_demand_and_coverage_in_the_demo(loaded, client_for):
    from sharing.models import Demand

    assert Demand.objects.count() == len(demo_data.DEMANDS)
    japan = client_for(loaded["JP-METI"], ["reader"])
    own = japan.get("/api/v1/analytics/coverage/?product=NDPR-OXIDE&partner=JP-METI").json()
    # JOGMEC's RED stockpile of 1,800 t against Japan's (illustrative) 450 t a month.
    assert own["months_covered"]["total_demand"]["stockpile"] == 4.0 and own["suppressed"] == []
    # Mexico is in neither working group: Canada's and Taiwan's AMBER respirator reserves are hidden from it, two
    # partners, fewer than K: the alliance's stockpile figure is suppressed for Mexico, published for Japan.
    mexico = client_for(loaded["MX-SE"], ["reader"]).get("/api/v1/analytics/coverage/?product=N95-RESPIRATOR").json()
    assert mexico["stockpile"]["suppressed"] and mexico["months_covered"]["suppressed"]
    alliance = japan.get("/api/v1/analytics/coverage/?product=N95-RESPIRATOR").json()
    assert not alliance["stockpile"]["suppressed"] and alliance["months_covered"]["total_demand"]["stockpile"] > 0


def test_the_industrial_bases_name_their_demo_products(loaded):
    from rest_framework.test import APIClient

    defence = APIClient().get("/api/v1/sectors/defence/").json()
    assert set(demo_data.INDUSTRIAL_BASE_PRODUCTS["defence"]) <= set(defence["products"])
    minerals = APIClient().get("/api/v1/sectors/critical-minerals/").json()
    assert {"NDPR-OXIDE", "REE-CONCENTRATE", "COBALT"} <= set(minerals["products"])
