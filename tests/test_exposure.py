"""Multi-tier exposure (GET /api/v1/analytics/exposure/): hand-computed answers, cycles, depth, sharing rules."""

from __future__ import annotations

import functools
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from sharing.models import AuditEvent, ProductInput, SupplyLink
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/analytics/exposure/"


@pytest.fixture
def jp(db):
    return PartnerFactory(code="JP-METI", country="JP")


@pytest.fixture
def kr(db):
    return PartnerFactory(code="KR-MOTIE", country="KR")


@pytest.fixture
def reader(client_for, jp):
    return client_for(jp, roles=("reader",))


def site(owner, name: str, country: str, marking: str = "GREEN", **values):
    return publish("facility", owner, name, marking=marking, country=country, name=name, **values)


def link(owner, supplier, buyer, product, volume, marking: str = "GREEN", **values):
    return publish("supply_link", owner, f"{supplier.external_id}->{buyer.external_id}:{product.code}",
                   marking=marking, supplier=supplier, buyer=buyer, product=product,
                   volume_per_month=Decimal(volume), **values)


def ask(client, product: str, partner: str = "JP-METI", country: str = "CN", **extra):
    response = client.get(URL, {"product": product, "partner": partner, "country": country, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def figures(body: dict) -> list[tuple]:
    return [(t["tier"], t["from_country"], t["traced"], t["unknown"], t["cyclic"]) for t in body["tiers"]]


@pytest.fixture
def three_tiers(jp, kr):
    """B (JP's) takes 60 from A (KR) and 40 from D (AU); A takes 50/50 from X (CN) and Y (US); X from M (CN)."""
    magnet = ProductFactory(code="NDFEB-MAGNET")
    b = site(jp, "B", "JP")
    a, d = site(kr, "A", "KR"), site(kr, "D", "AU")
    x, y, m = site(kr, "X", "CN"), site(kr, "Y", "US"), site(kr, "M", "CN")
    links = {
        "AB": link(kr, a, b, magnet, 60), "DB": link(kr, d, b, magnet, 40),
        "XA": link(kr, x, a, magnet, 50), "YA": link(kr, y, a, magnet, 50), "MX": link(kr, m, x, magnet, 100),
    }
    return {"product": magnet, "sites": {"B": b, "A": a, "D": d, "X": x, "Y": y, "M": m}, "links": links}


def test_three_tiers_sixty_percent_of_fifty_percent_is_thirty_at_tier_two(reader, three_tiers):
    body = ask(reader, "NDFEB-MAGNET")
    # (tier, from CN, traced, unknown, cyclic): D publishes nothing further (40%), then Y (30%) neither.
    assert figures(body) == [(1, 0.0, 1.0, 0.0, 0.0), (2, 0.3, 0.6, 0.4, 0.0), (3, 0.3, 0.3, 0.7, 0.0)]
    assert body["total"]["through_country"] == 0.3  # X and then M: the same 30%, counted once
    assert body["total"]["unknown"] == 1.0 and body["total"]["cyclic"] == 0.0
    assert body["supply_volume_per_month"] == "100.000"
    assert body["depth_limit_reached"] is False and body["max_tiers"] == 10
    sites, links = three_tiers["sites"], three_tiers["links"]
    # The top path: the first place the largest share reaches China (X at tier 2, over M at tier 3 on a tie).
    assert [(s["tier"], s["facility"]["id"], s["supply_link"], s["share_of_buyer"], s["share_of_supply"])
            for s in body["top_path"]] == [
        (0, sites["B"].pk, None, None, 1.0),
        (1, sites["A"].pk, links["AB"].pk, 0.6, 0.6),
        (2, sites["X"].pk, links["XA"].pk, 0.5, 0.3),
    ]
    assert body["top_path"][2]["facility"]["country"] == "CN" and body["top_path"][2]["product"] == "NDFEB-MAGNET"
    assert body["supply_links_used"] == 5
    newest = max(lk.updated_at for lk in links.values())
    assert body["as_of"].replace("Z", "+00:00") == newest.isoformat()
    assert "as_of_basis" in body and "may see" in body["basis"]


def test_other_country_and_a_partner_without_supply(reader, three_tiers):
    body = ask(reader, "NDFEB-MAGNET", country="KR")
    assert figures(body)[0] == (1, 0.6, 1.0, 0.0, 0.0)
    assert body["total"]["through_country"] == 0.6
    assert body["top_path"][-1]["facility"]["id"] == three_tiers["sites"]["A"].pk
    assert ask(reader, "NDFEB-MAGNET", country="FR")["top_path"] == []
    assert ask(reader, "NDFEB-MAGNET", country="kr") == body  # the country code is normalised
    PartnerFactory(code="MX-SE", country="MX")
    empty = ask(reader, "NDFEB-MAGNET", partner="MX-SE")  # owns no buyer of magnets
    assert empty["tiers"] == [] and empty["supply_volume_per_month"] == "0.000" and empty["as_of"] is None


def test_an_input_in_the_bill_of_materials_is_a_tier(reader, jp, kr):
    """JP's pack plant buys cells from a cell plant, which buys cathode (2 t per unit) and cells for resale."""
    cell, cathode = ProductFactory(code="LI-ION-CELL", unit="units"), ProductFactory(code="NMC-CATHODE")
    ProductInput.objects.create(product=cell, input=cathode, quantity_per_unit=Decimal(2))
    gloves = ProductFactory(code="NITRILE-GLOVES")
    pack = site(jp, "PACK", "JP", facility_kind="other")
    cells = site(kr, "CELLS", "KR", facility_kind="cell_plant")
    link(kr, cells, pack, cell, 100)
    cn_cathode, jp_cathode = site(kr, "CATHODE-CN", "CN"), site(kr, "CATHODE-JP", "JP")
    reseller = site(kr, "CELL-TRADER", "PL", facility_kind="warehouse")
    link(kr, cn_cathode, cells, cathode, 120)  # 60 cells' worth
    link(kr, jp_cathode, cells, cathode, 80)  # 40 cells' worth
    link(kr, reseller, cells, cell, 100)  # 100 cells
    link(kr, site(kr, "GLOVES-CN", "CN"), cells, gloves, 1000)  # not in the bill of materials: ignored
    body = ask(reader, "LI-ION-CELL")
    # 60 / (60 + 40 + 100) = 30% of the cell plant's supply comes from the Chinese cathode plant.
    assert figures(body) == [(1, 0.0, 1.0, 0.0, 0.0), (2, 0.3, 1.0, 0.0, 0.0)]
    assert body["total"] == {**body["total"], "through_country": 0.3, "unknown": 1.0}
    assert [(s["facility"]["name"], s["product"], s["share_of_buyer"]) for s in body["top_path"]] == [
        ("PACK", None, None), ("CELLS", "LI-ION-CELL", 1.0), ("CATHODE-CN", "NMC-CATHODE", 0.3)]
    assert body["supply_links_used"] == 4
    assert ask(reader, "LI-ION-CELL", country="JP")["tiers"][1]["from_country"] == 0.2


def test_cycles_are_counted_once_and_not_followed(reader, jp, kr):
    """A supplies B; X supplies A; X takes half from A (a cycle) and half from Z (CN)."""
    wafer = ProductFactory(code="WAFER")
    b = site(jp, "B", "JP")
    a, x, z = site(kr, "A", "KR"), site(kr, "X", "TW"), site(kr, "Z", "CN")
    link(kr, a, b, wafer, 100)
    link(kr, x, a, wafer, 100)
    link(kr, a, x, wafer, 50)
    link(kr, z, x, wafer, 50)
    link(kr, b, z, wafer, 10)  # and Z buys from the partner's own plant: another way back
    body = ask(reader, "WAFER")
    # Tier 3: A again (on the path: counted, not followed) and Z; tier 4: B again from Z (on the path too).
    assert figures(body) == [
        (1, 0.0, 1.0, 0.0, 0.0), (2, 0.0, 1.0, 0.0, 0.0), (3, 0.5, 1.0, 0.0, 0.0), (4, 0.0, 0.5, 0.0, 0.5),
    ]
    assert body["total"]["cyclic"] == 1.0 and body["total"]["through_country"] == 0.5
    assert body["depth_limit_reached"] is False


def test_a_ring_of_suppliers_never_loops(reader, jp, kr):
    lithium = ProductFactory(code="LITHIUM")
    b = site(jp, "B", "JP")
    ring = [site(kr, f"R{i}", "CN" if i == 2 else "AU") for i in range(6)]
    link(kr, ring[0], b, lithium, 10)
    for i, facility in enumerate(ring):
        link(kr, ring[(i + 1) % len(ring)], facility, lithium, 10)
    body = ask(reader, "LITHIUM")
    assert len(body["tiers"]) == 7 and body["tiers"][-1]["cyclic"] == 0.0 and body["tiers"][-1]["traced"] == 1.0
    assert body["total"]["cyclic"] == 1.0 and body["total"]["through_country"] == 1.0
    assert [t["from_country"] for t in body["tiers"]] == [0, 0, 1.0, 0, 0, 0, 0]


def test_tangled_cycles_stop_at_the_work_limit_and_say_so(reader, jp, kr, settings):
    """Five suppliers that all buy from one another: paths multiply; past the limit the walk stops, honestly."""
    silicon = ProductFactory(code="SILICON")
    b = site(jp, "B", "JP")
    knot = [site(kr, f"K{i}", "CN" if i == 0 else "NO") for i in range(5)]
    for supplier in knot:
        link(kr, supplier, b, silicon, 10)
        for buyer in knot:
            if buyer != supplier:
                link(kr, supplier, buyer, silicon, 10)
    whole = ask(reader, "SILICON")
    assert len(whole["tiers"]) == 6 and whole["work_limit_reached"] is False  # 5 distinct sites, then a repeat
    assert whole["total"]["cyclic"] == 1.0 and whole["tiers"][0]["from_country"] == 0.2
    settings.EXPOSURE_MAX_STATES = 30
    stopped = ask(reader, "SILICON")
    assert stopped["work_limit_reached"] is True and stopped["depth_limit_reached"] is False
    assert len(stopped["tiers"]) < 6 and stopped["beyond_depth"] > 0
    assert 0 < stopped["beyond_depth"] <= stopped["tiers"][-1]["traced"]
    assert stopped["tiers"] == whole["tiers"][: len(stopped["tiers"])]  # what it did walk is the same


@pytest.fixture
def chain(jp, kr):
    """B <- F1 <- F2 <- F3 <- F4 (CN), all of it."""
    cobalt = ProductFactory(code="COBALT")
    previous = site(jp, "B", "JP")
    for i in range(1, 5):
        facility = site(kr, f"F{i}", "CN" if i == 4 else "AU")
        link(kr, facility, previous, cobalt, 7)
        previous = facility
    return cobalt


def test_the_depth_bound_is_honoured_and_said(reader, chain, settings):
    full = ask(reader, "COBALT")
    assert [t["from_country"] for t in full["tiers"]] == [0, 0, 0, 1.0]
    assert full["depth_limit_reached"] is False and full["beyond_depth"] == 0.0 and full["work_limit_reached"] is False
    short = ask(reader, "COBALT", max_tiers=2)
    assert len(short["tiers"]) == 2 and short["max_tiers"] == 2
    assert short["depth_limit_reached"] is True and short["beyond_depth"] == 1.0
    assert short["total"]["through_country"] == 0.0 and short["top_path"] == []
    exact = ask(reader, "COBALT", max_tiers=4)
    assert exact["depth_limit_reached"] is False and exact["total"]["through_country"] == 1.0
    settings.EXPOSURE_MAX_TIERS = 3
    capped = ask(reader, "COBALT")
    assert len(capped["tiers"]) == 3 and capped["depth_limit_reached"] is True
    response = reader.get(URL, {"product": "COBALT", "partner": "JP-METI", "country": "CN", "max_tiers": 4})
    assert response.status_code == 400 and "max_tiers" in response.json()["errors"]


def test_a_hidden_link_changes_nothing_the_caller_sees(client_for, jp, kr, three_tiers):
    """Links and facilities that JP may not see: the answers are identical, to the byte, with and without them."""
    mx = PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="Magnets WG", members=[kr, mx])
    reader = client_for(jp, roles=("reader",))
    sites, magnet = three_tiers["sites"], three_tiers["product"]
    questions = [{"country": c} for c in ("CN", "US", "KR", "RU")] + [{"country": "CN", "max_tiers": 2}]
    before = [ask(reader, "NDFEB-MAGNET", **q) for q in questions]
    events = set(AuditEvent.objects.values_list("pk", flat=True))  # ids are random: a set, not a high-water mark

    ru = site(kr, "RU-MINE", "RU")
    link(kr, ru, sites["A"], magnet, 500, marking="RED")  # a RED link into A
    link(kr, ru, sites["D"], magnet, 500, marking="AMBER", groups=[group])  # AMBER, JP not in the group
    link(kr, ru, sites["Y"], magnet, 500, marking="AMBER")  # AMBER naming no group: KR alone
    hidden_site = site(kr, "SECRET", "CN", marking="RED")
    link(kr, hidden_site, sites["M"], magnet, 500)  # a GREEN link from a RED facility
    link(kr, sites["A"], hidden_site, magnet, 500)  # and one into it
    link(kr, ru, sites["B"], magnet, 900, marking="RED")  # even into JP's own plant, by someone else
    deleted = link(kr, ru, sites["X"], magnet, 900)
    from sharing.services.publishing import record_delete

    record_delete(record=deleted, principal=None)  # a tombstone is never visible

    read_before = _audited_ids(set(), events)
    shown = [lk.pk for lk in three_tiers["links"].values()]
    others = SupplyLink.objects.exclude(pk__in=shown).values_list("pk", flat=True)
    hidden_ids = {("supply_link", str(pk)) for pk in others}
    hidden_ids |= {("facility", str(hidden_site.pk)), ("facility", str(ru.pk))}
    after = [ask(reader, "NDFEB-MAGNET", **q) for q in questions]
    assert after == before
    # The audit trail of the caller's reads names the same records as before, none of the hidden ones.
    assert _audited_ids(events, None) == read_before and not read_before & hidden_ids
    # KR may see its own links: its answer does change, so the hidden links do reach the walk when allowed.
    kr_view = ask(client_for(kr, roles=("reader",)), "NDFEB-MAGNET", partner="JP-METI", country="RU")
    assert kr_view["total"]["through_country"] > 0 and kr_view["supply_volume_per_month"] == "1000.000"
    member = ask(client_for(mx, roles=("reader",)), "NDFEB-MAGNET", country="RU")
    assert member["tiers"][1]["from_country"] == 0.4  # D (40%) buys all it publishes from Russia: AMBER, shared


def _audited_ids(before: set[int], upto: set[int] | None) -> set[str]:
    """What the exposure reads audited: events not among ``before`` (and among ``upto``, when given)."""
    events = AuditEvent.objects.filter(detail__analytics="exposure").exclude(pk__in=before)
    if upto is not None:
        events = events.filter(pk__in=upto)
    return {(kind, i) for kind, ids in events.values_list("object_type", "object_ids") for i in ids}


def test_bad_parameters_are_400_problems(reader, three_tiers):
    cases = [
        ({}, {"product", "partner", "country"}),
        ({"product": "NOPE", "partner": "JP-METI", "country": "CN"}, {"product"}),
        ({"product": "NDFEB-MAGNET", "partner": "XX-NONE", "country": "CN"}, {"partner"}),
        ({"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "ZZ"}, {"country"}),
        ({"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN", "max_tiers": "0"}, {"max_tiers"}),
        ({"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN", "max_tiers": "many"}, {"max_tiers"}),
    ]
    for params, fields in cases:
        response = reader.get(URL, params)
        assert response.status_code == 400, (params, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
        assert set(response.json()["errors"]) == fields, params


def test_needs_a_key_and_the_reader_role(client_for, jp, three_tiers):
    params = {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN"}
    anonymous = APIClient().get(URL, params)
    assert anonymous.status_code == 401 and anonymous["Content-Type"].startswith("application/problem+json")
    assert client_for(jp, roles=("coordinator",)).get(URL, params).status_code == 403


def test_reads_of_non_public_records_are_audited_for_their_owners(client_for, jp, kr):
    mx = PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="WG", members=[kr, jp])
    api = ProductFactory(code="PARACETAMOL-API")
    b = site(jp, "B", "JP", marking="CLEAR")
    a = site(kr, "A", "IN", marking="AMBER", groups=[group])
    c = site(mx, "C", "CN", marking="CLEAR")
    ab = link(kr, a, b, api, 10, marking="AMBER", groups=[group])
    ca = link(mx, c, a, api, 10, marking="CLEAR")
    ask(client_for(jp, roles=("reader",)), "PARACETAMOL-API")
    events = {(e.action, e.object_owner_id): e for e in AuditEvent.objects.filter(detail__analytics="exposure")}
    assert set(events) == {("supply_link.read", kr.pk), ("facility.read", kr.pk)}
    assert events[("supply_link.read", kr.pk)].object_ids == [str(ab.pk)]
    assert events[("facility.read", kr.pk)].object_ids == [str(a.pk)]
    assert events[("facility.read", kr.pk)].detail["country"] == "CN"
    log = client_for(kr, roles=("reader",)).get("/api/v1/access-log/").json()["results"]
    assert {r["action"] for r in log} >= {"supply_link.read", "facility.read"}
    assert ca.marking == "CLEAR"  # public: read without an audit event, like every other path
    # The top path names the partner's own facility (tier 0): a GREEN one read by another partner is audited.
    b.marking = "GREEN"
    b.save(update_fields=["marking"])
    ask(client_for(kr, roles=("reader",)), "PARACETAMOL-API")
    jp_read = AuditEvent.objects.get(detail__analytics="exposure", object_owner=jp, action="facility.read")
    assert jp_read.object_ids == [str(b.pk)] and jp_read.actor_partner == kr


def _network(owner, supplier_owner, product, width: int, depth: int):
    buyer = site(owner, f"ROOT-{width}", "JP")
    layer = [buyer]
    for tier in range(1, depth + 1):
        following = [site(supplier_owner, f"T{tier}-{i}-{width}", "CN" if i % 2 else "AU") for i in range(width)]
        for facility in layer:
            for supplier in following:
                link(supplier_owner, supplier, facility, product, 1 + (supplier.pk % 5))
        layer = following
    return buyer


def test_a_tier_wider_than_one_query_is_read_in_parts(reader, jp, kr, monkeypatch):
    from sharing.analytics import exposure

    _network(jp, kr, ProductFactory(code="WIDE"), width=4, depth=2)
    whole = ask(reader, "WIDE", country="AU")
    monkeypatch.setattr(exposure, "FRONTIER_CHUNK", 3)
    with CaptureQueriesContext(connection) as parts:
        assert ask(reader, "WIDE", country="AU") == whole
    assert sum("sharing_supplylink" in q["sql"] and "SELECT" in q["sql"] for q in parts) == 1 + 2 + 2


def test_queries_do_not_grow_with_the_network(reader, jp, kr):
    narrow, wide = ProductFactory(code="NARROW"), ProductFactory(code="WIDE")
    _network(jp, kr, narrow, width=1, depth=3)
    _network(jp, kr, wide, width=4, depth=3)
    counts = {}
    for code in ("NARROW", "WIDE"):
        with CaptureQueriesContext(connection) as queries:
            body = ask(reader, code, country="AU")
        assert len(body["tiers"]) == 3 and body["top_path"]
        counts[code] = len(queries)
    assert counts["NARROW"] == counts["WIDE"]
    # Authentication and throttling, the catalogue (product, partner, bill of materials), the caller's groups,
    # one query per tier of links (plus the roots), the path's facilities and products; GREEN: no audit rows.
    assert counts["WIDE"] <= 16, counts


# The walk merges paths; brute force follows every path one by one. On small random networks, with cycles, bill of
# materials conversions and depth bounds, both must agree on every figure.

def _brute_force(roots, inbound, bom, country: str, depth: int) -> dict:
    inputs = {p: dict(lines) for p, lines in bom.items()}
    total = sum(float(r.volume) for r in roots)
    out = {"from": defaultdict(float), "traced": defaultdict(float), "unknown": 0.0, "cyclic": 0.0,
           "through": 0.0, "beyond": 0.0, "best": 0.0}

    def supply(facility, product):
        converted = []
        for row in inbound.get(facility, ()):
            if row.volume > 0 and row.product_id == product:
                converted.append((row, float(row.volume)))
            elif row.volume > 0 and row.product_id in inputs.get(product, {}):
                converted.append((row, float(row.volume) / inputs[product][row.product_id]))
        whole = sum(v for _, v in converted)
        return [(row, v / whole) for row, v in converted] if whole > 0 else []

    def follow(path, row, weight, tier, touched):
        facility, here = row.supplier_id, row.supplier_country == country
        out["traced"][tier] += weight
        if here:
            out["from"][tier] += weight
            out["best"] = max(out["best"], weight)
            if not touched:
                out["through"] += weight
        if facility in path:
            out["cyclic"] += weight
            return
        links = supply(facility, row.product_id)
        if not links:
            out["unknown"] += weight
        elif tier == depth:
            out["beyond"] += weight
        else:
            for child, share in links:
                follow(path | {facility}, child, weight * share, tier + 1, touched or here)

    for row in roots:
        follow({row.buyer_id}, row, float(row.volume) / total, 1, False)
    return out


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    links=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 3), st.integers(0, 9)),
                   min_size=1, max_size=18),
    countries=st.lists(st.sampled_from(["CN", "AU"]), min_size=7, max_size=7),
    per_unit=st.sampled_from([0.5, 1.0, 2.0, 4.0]),
    depth=st.integers(1, 6),
)
def test_the_walk_agrees_with_brute_force(links, countries, per_unit, depth):
    from datetime import UTC, datetime

    from sharing.analytics.exposure import Exposure, LinkRow, walk

    rows = [
        LinkRow(i, s, b, p, Decimal(v), datetime(2026, 1, 1, tzinfo=UTC), "GREEN", 1, countries[s], "GREEN", 1)
        for i, (s, b, p, v) in enumerate(links) if s != b
    ]
    bom = {1: [(2, per_unit)], 2: [(3, 1.0)]}
    roots = [r for r in rows if r.product_id == 1 and r.buyer_id in {0, 1} and r.volume > 0]
    assume(roots)
    inbound = defaultdict(list)
    for row in rows:
        inbound[row.buyer_id].append(row)
    answer = Exposure(product=None, partner=None, country="CN", max_tiers=depth)
    walk(answer, roots, inbound, bom)
    expected = _brute_force(roots, inbound, bom, "CN", depth)
    close = functools.partial(pytest.approx, abs=1e-9)
    numbers = range(1, len(answer.tiers) + 1)
    assert [t.from_country for t in answer.tiers] == close([expected["from"][n] for n in numbers])
    assert [t.traced for t in answer.tiers] == close([expected["traced"][n] for n in numbers])
    assert set(expected["traced"]) == {t.tier for t in answer.tiers}
    for tier in answer.tiers:
        assert tier.traced + tier.unknown + tier.cyclic == close(1.0)
    assert (answer.unknown, answer.cyclic, answer.through_country, answer.beyond_depth) == close(
        (expected["unknown"], expected["cyclic"], expected["through"], expected["beyond"]))
    assert answer.depth_limit_reached == (expected["beyond"] > 0)
    assert (answer.top_path[-1].share_of_supply if answer.top_path else 0.0) == close(expected["best"])


@pytest.mark.parametrize("field", ["product", "partner", "country"])
@pytest.mark.parametrize("value", ["A\x00B", "x" * 5000, "💥", " "])
def test_hostile_parameters_are_400_not_500(reader, three_tiers, field, value):
    params = {"product": "NDFEB-MAGNET", "partner": "JP-METI", "country": "CN", field: value}
    response = reader.get(URL, params)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
