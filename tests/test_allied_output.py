"""Allied-only output (GET /api/v1/analytics/allied-capacity/): a hand-computed three-stage bill of materials with a
bottleneck, supply links, ``excluding=``, ``basis=spare``; the LP against an independent formulation (OR-Tools GLOP,
an arc for every supplier-buyer pair) and a closed form on random small networks; disclosure and inference."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp

from sharing.analytics.allied_output import (
    SOLVER_FLOW,
    SOLVER_LP,
    Link,
    Network,
    Node,
    Programme,
    plan_with_bottleneck,
    requirements,
    solve,
    stage_depths,
)
from sharing.models import AuditEvent, ProductInput
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

pytestmark = pytest.mark.django_db
URL = "/api/v1/analytics/allied-capacity/"


@pytest.fixture
def world(client_for):
    """MAGNET needs 0.5 OXIDE a unit; OXIDE needs 2 ORE. JP-METI asks; partners in JP, US, AU, KR.

    MAGNET: JP 100, US 80 (180). OXIDE: AU 40, US 30 (70, i.e. 140 magnets), CN 500, MY 20 (not partners).
    ORE: AU 200, US 60 (260, one per magnet), CN 1000. Allied-only: 140, limited by OXIDE (AU, US).
    """
    jp, us = PartnerFactory(code="JP-METI", country="JP"), PartnerFactory(code="US-DOC", country="US")
    au, kr = PartnerFactory(code="AU-DISR", country="AU"), PartnerFactory(code="KR-MOTIE", country="KR")
    ca = PartnerFactory(code="CA-NRCAN", country="CA")
    group = SharingGroupFactory(name="Magnets WG", members=[us, au, kr, ca])  # not JP-METI
    magnet, oxide, ore = (ProductFactory(code=c, unit="t") for c in ("MAGNET", "OXIDE", "ORE"))
    ProductInput.objects.create(product=magnet, input=oxide, quantity_per_unit=Decimal("0.5"))
    ProductInput.objects.create(product=oxide, input=ore, quantity_per_unit=Decimal(2))
    sites = {
        "jp_magnet": site(jp, "JP"), "us_magnet": site(us, "US"),
        "au_oxide": site(au, "AU"), "us_oxide": site(us, "US"), "cn_oxide": site(us, "CN"), "my_oxide": site(au, "MY"),
        "au_ore": site(au, "AU"), "us_ore": site(us, "US"), "cn_ore": site(us, "CN"),
    }
    for name, product, nominal in (
        ("jp_magnet", magnet, 100), ("us_magnet", magnet, 80), ("au_oxide", oxide, 40), ("us_oxide", oxide, 30),
        ("cn_oxide", oxide, 500), ("my_oxide", oxide, 20), ("au_ore", ore, 200), ("us_ore", ore, 60),
        ("cn_ore", ore, 1000),
    ):
        owner = {"JP": jp, "US": us, "AU": au, "CN": us, "MY": au}[str(sites[name].country)]
        output(owner, sites[name], product, nominal)
    return {"jp": jp, "us": us, "au": au, "kr": kr, "ca": ca, "group": group, "sites": sites,
            "magnet": magnet, "oxide": oxide, "ore": ore, "client": client_for(jp, ("reader",)),
            "member": client_for(us, ("reader",))}


def ask(client, **params):
    response = client.get(URL, {"product": "MAGNET", **params})
    assert response.status_code == 200, response.content
    return response.json()


def stages(body) -> dict[str, dict]:
    return {s["product"]: s for s in body["stages"]}


def test_three_stages_the_oxide_is_the_bottleneck(world):
    body = ask(world["client"])
    assert body["achievable"] == "140.000" and body["basis"] == "nominal"
    assert body["countries"] == ["AU", "CA", "JP", "KR", "US"] and body["excluding"] is None
    assert body["bottleneck"] == {"product": "OXIDE", "countries": ["AU", "US"], "ceiling": "140.000",
                                  "limited_by": "capacity"}
    by = stages(body)
    assert [s["product"] for s in body["stages"]] == ["MAGNET", "OXIDE", "ORE"]
    assert [(s["depth"], s["per_unit_of_end_product"], s["capacity"], s["used"], s["capacity_limit"])
            for s in body["stages"]] == [
        (0, 1.0, "180.000", "140.000", "180.000"),
        (1, 0.5, "70.000", "70.000", "140.000"),
        (2, 1.0, "260.000", "140.000", "260.000"),
    ]
    # The oxide stage is used whole: each refiner's part is fixed.
    assert by["OXIDE"]["partners"] == [{"partner": "AU-DISR", "quantity": "40.000"},
                                       {"partner": "US-DOC", "quantity": "30.000"}]
    assert by["OXIDE"]["utilisation"] == 1.0 and by["OXIDE"]["undisclosed"] == "0.000"
    assert sum(Decimal(p["quantity"]) for p in by["MAGNET"]["partners"]) == 140
    assert body["suppressed"] == [] and body["suppressed_cells"] == 0


def test_a_supply_link_limits_who_feeds_whom_and_moves_the_bottleneck(world):
    """JP's magnet plant buys oxide from the AU refinery only, 10 a month: it can make 20 magnets; the US plant,
    with no links, takes any oxide and makes its 80. 100 in all, limited by the magnet stage."""
    s = world["sites"]
    publish("supply_link", world["jp"], supplier=s["au_oxide"], buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(10))
    body = ask(world["client"])
    assert body["achievable"] == "100.000"
    # The magnet stage's capacity would allow 180: its links limit it.
    assert body["bottleneck"] == {"product": "MAGNET", "countries": ["JP", "US"], "ceiling": "100.000",
                                  "limited_by": "supply_links"}
    by = stages(body)
    assert by["MAGNET"]["partners"] == [{"partner": "US-DOC", "quantity": "80.000"},
                                        {"partner": "JP-METI", "quantity": "20.000"}]
    assert (by["OXIDE"]["capacity_limit"], by["ORE"]["capacity_limit"]) == ("140.000", "260.000")
    # A link from a supplier outside the chosen countries still binds its buyer, and feeds it nothing.
    publish("supply_link", world["jp"], supplier=s["cn_oxide"], buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(1000))
    assert ask(world["client"])["achievable"] == "100.000"
    # The US plant buys all its oxide from the US refinery, 30 a month: with JP's 20, supply links alone allow
    # 80 magnets, and that is all that can be made.
    publish("supply_link", world["us"], supplier=s["us_oxide"], buyer=s["us_magnet"], product=world["oxide"],
            volume_per_month=Decimal(30))
    body = ask(world["client"])
    assert body["achievable"] == "80.000"
    # The oxide stage alone allows 80 too (its refiners feed the two plants only through those links): a tie,
    # named for the tighter capacity (oxide: 140 magnets' worth, magnets: 180).
    assert body["bottleneck"] == {"product": "OXIDE", "countries": ["AU", "US"], "ceiling": "80.000",
                                  "limited_by": "supply_links"}
    # With CN: the link's 1000 feeds JP (100); the US plant's link, 60 magnets.
    assert ask(world["client"], excluding="MY")["achievable"] == "160.000"


def test_excluding_and_countries_and_ties(world):
    # All but CN: the MY refinery counts, oxide 90 (180 magnets): the magnet stage ties; the nearer one is named.
    body = ask(world["client"], excluding="CN")
    assert body["excluding"] == ["CN"] and body["countries"] is None
    assert body["achievable"] == "180.000"
    assert body["bottleneck"]["product"] == "MAGNET" and stages(body)["OXIDE"]["capacity_limit"] == "180.000"
    assert stages(body)["OXIDE"]["countries"] == ["AU", "MY", "US"]
    # The US alone: 30 oxide and 60 ore both allow 60 magnets: the oxide (nearer) is named.
    body = ask(world["client"], countries="us")
    assert body["countries"] == ["US"] and body["achievable"] == "60.000"
    assert body["bottleneck"] == {"product": "OXIDE", "countries": ["US"], "ceiling": "60.000",
                                  "limited_by": "capacity"}
    # Nothing in Korea: no output, the end product's stage is the bottleneck (nothing carries flow).
    body = ask(world["client"], countries="KR")
    assert body["achievable"] == "0.000" and body["bottleneck"] == {"product": "MAGNET", "countries": [],
                                                                    "ceiling": "0.000", "limited_by": "capacity"}


def test_spare_basis_answers_what_could_be_added_now(world):
    body = ask(world["client"], basis="spare")  # output() makes half of nominal spare
    assert body["basis"] == "spare" and body["achievable"] == "70.000"
    assert body["bottleneck"]["product"] == "OXIDE" and stages(body)["OXIDE"]["capacity"] == "35.000"


def test_a_product_without_a_bill_of_materials_is_one_stage(world):
    response = world["client"].get(URL, {"product": "ORE"})
    body = response.json()
    assert body["achievable"] == "260.000" and [s["product"] for s in body["stages"]] == ["ORE"]
    assert body["bottleneck"] == {"product": "ORE", "countries": ["AU", "US"], "ceiling": "260.000",
                                  "limited_by": "capacity"}
    assert stages(body)["ORE"]["partners"] == [{"partner": "AU-DISR", "quantity": "200.000"},
                                               {"partner": "US-DOC", "quantity": "60.000"}]


def test_an_assembly_needs_both_inputs_in_proportion(world):
    """A MOTOR takes 2 MAGNETs and 1 COIL: coils (JP 50) limit it to 50, magnets (140) to 70."""
    motor, coil = ProductFactory(code="MOTOR"), ProductFactory(code="COIL")
    ProductInput.objects.create(product=motor, input=world["magnet"], quantity_per_unit=Decimal(2))
    ProductInput.objects.create(product=motor, input=coil, quantity_per_unit=Decimal(1))
    output(world["jp"], site(world["jp"], "JP"), motor, 1000)
    output(world["jp"], site(world["jp"], "JP"), coil, 50)
    body = ask(world["client"], product="MOTOR")
    assert body["achievable"] == "50.000" and body["bottleneck"]["product"] == "COIL"
    assert stages(body)["OXIDE"]["per_unit_of_end_product"] == 1.0
    assert stages(body)["ORE"]["used"] == "100.000"


@pytest.mark.parametrize(("params", "status", "field"), [
    ({}, 400, "product"),
    ({"product": "MAGNET", "countries": "JP,XX"}, 400, "countries"),
    ({"product": "MAGNET", "countries": "JP,,US"}, 400, "countries"),
    ({"product": "MAGNET", "countries": ""}, 400, "countries"),
    ({"product": "MAGNET", "excluding": "China"}, 400, "excluding"),
    ({"product": "MAGNET", "countries": "JP", "excluding": "CN"}, 400, "non_field_errors"),
    ({"product": "MAGNET", "basis": "surge"}, 400, "basis"),
    ({"product": "no such/code"}, 400, "product"),
    ({"product": "MAG\x00NET"}, 400, "product"),
    ({"product": "NO-SUCH-PRODUCT"}, 404, None),
])
def test_bad_questions_are_problems(world, params, status, field):
    response = world["client"].get(URL, params)
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status and response["Content-Type"].startswith("application/problem+json")
    if field:
        assert field in body["errors"], body


def test_needs_a_reader_key(world, client_for):
    from rest_framework.test import APIClient

    assert APIClient().get(URL, {"product": "MAGNET"}).status_code == 401
    assert client_for(world["jp"], ("coordinator",)).get(URL, {"product": "MAGNET"}).status_code == 403


# --- disclosure --------------------------------------------------------------------------------------------------


def hidden(world, owner, country, product, nominal):
    """Capacity JP-METI may not see but which may count: AMBER to a group it is not in, at a GREEN facility."""
    return output(owner, site(owner, country), product, nominal, marking="AMBER", groups=[world["group"]])


def test_a_cell_with_one_hidden_publisher_is_suppressed_and_counts_nothing(world):
    before = ask(world["client"])
    hidden(world, world["kr"], "KR", world["oxide"], 100)
    after = ask(world["client"])
    assert after["suppressed"] == [{"product": "OXIDE", "country": "KR", "suppressed": True}]
    assert after["suppressed_cells"] == 1 and "1 cell was suppressed" in after["coverage"]
    assert {k: v for k, v in after.items() if not k.startswith(("suppressed", "coverage"))} == \
        {k: v for k, v in before.items() if not k.startswith(("suppressed", "coverage"))}
    assert "KR-MOTIE" not in str(after)
    # The group member sees the record: for it, Korea's oxide counts (180 magnets).
    assert ask(world["member"])["achievable"] == "180.000"


def test_hidden_capacity_of_k_partners_counts_as_one_undisclosed_pool(world):
    for owner, nominal in ((world["us"], 10), (world["au"], 20), (world["kr"], 30)):
        hidden(world, owner, "KR", world["oxide"], nominal)
    body = ask(world["client"])
    assert body["suppressed"] == [] and body["achievable"] == "180.000"  # oxide 130: magnets limit
    oxide = stages(body)["OXIDE"]
    assert oxide["capacity"] == "130.000" and "KR" in oxide["countries"]
    assert Decimal(oxide["undisclosed"]) + sum(Decimal(p["quantity"]) for p in oxide["partners"]) == 90
    assert "KR-MOTIE" not in str(body)
    # The same cell in the concentration answer: the figure the pool is built from is published there already.
    concentration = world["client"].get("/api/v1/analytics/concentration/", {"product": "OXIDE"}).json()
    assert {c["country"]: c["nominal"] for c in concentration["countries"]}["KR"] == "60.000"


def _all_answers(client) -> list[dict]:
    choices = [{}, {"countries": "AU,US"}, {"countries": "AU,US,KR"}, {"countries": "KR"}, {"excluding": "CN"},
               {"excluding": "CN,KR"}, {"countries": "AU,US,KR", "basis": "spare"}]
    return [ask(client, **params) for params in choices]


def test_no_difference_of_answers_isolates_one_publishers_hidden_figure(world):
    """Whatever countries are chosen, answers are functions of what the caller sees and of published cells:
    a hidden figure alone in its cell changes no answer, and hidden figures of K partners in one cell change
    answers only through the cell's total (the concentration answer's figure), never through their split."""
    s = world["sites"]
    kr_oxide = site(world["kr"], "KR")  # a refinery the caller sees, whose capacity it does not see
    publish("supply_link", world["jp"], supplier=s["au_oxide"], buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(10))
    publish("supply_link", world["jp"], supplier=kr_oxide, buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(15))
    alone = output(world["kr"], kr_oxide, world["oxide"], 30, marking="AMBER", groups=[world["group"]])
    first = _all_answers(world["client"])
    assert first[2]["suppressed"] == [{"product": "OXIDE", "country": "KR", "suppressed": True}]
    set_nominal(alone, 50)
    assert _all_answers(world["client"]) == first
    # Two more publishers: the cell is published. Split 30/20/10 or 10/20/30 (the same total): the same answers,
    # though one of them sits at a facility the caller sees, with a link (the pool is one, unlinked, unsplit).
    set_nominal(alone, 30)
    hidden(world, world["us"], "KR", world["oxide"], 20)
    third = output(world["au"], kr_oxide, world["oxide"], 10, marking="AMBER", groups=[world["group"]])
    published = _all_answers(world["client"])
    assert published[2]["suppressed"] == [] and published[2] != first[2]
    assert stages(published[2])["OXIDE"]["capacity"] == "130.000"
    set_nominal(alone, 10)
    set_nominal(third, 30)
    assert _all_answers(world["client"]) == published


def set_nominal(record, nominal) -> None:
    record.nominal, record.spare = Decimal(nominal), Decimal(nominal) / 2
    record.save(update_fields=["nominal", "spare"])


def test_a_linked_facility_stands_alone_only_in_a_published_cell(world):
    """The facilities a visible link touches are split out in the cells' own query (one grouping, not a second
    read): in a suppressed cell the facility counts nothing, its link feeds nothing, and its figure changes no
    answer; once the cell is published, it stands alone and feeds its buyer through its link."""
    s = world["sites"]
    kr_oxide = site(world["kr"], "KR")  # a refinery the caller sees, with capacity the caller sees
    seen = output(world["kr"], kr_oxide, world["oxide"], 40)
    publish("supply_link", world["jp"], supplier=kr_oxide, buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(15))
    hidden(world, world["us"], "KR", world["oxide"], 20)  # one hidden publisher: Korea's oxide cell is suppressed
    first = ask(world["client"], countries="AU,US,KR,JP")
    assert first["suppressed"] == [{"product": "OXIDE", "country": "KR", "suppressed": True}]
    # JP's magnets may take oxide only through their link, whose supplier counts nothing: US magnets alone (80).
    assert first["achievable"] == "80.000" and "KR" not in stages(first)["OXIDE"]["countries"]
    assert "KR-MOTIE" not in str(first["stages"])
    set_nominal(seen, 90)
    assert ask(world["client"], countries="AU,US,KR,JP") == first
    for owner in (world["au"], world["kr"]):
        hidden(world, owner, "KR", world["oxide"], 10)
    published = ask(world["client"], countries="AU,US,KR,JP")
    assert published["suppressed"] == []
    # 15 oxide through the link make 30 JP magnets; US magnets 80 from the market: 110.
    assert published["achievable"] == "110.000"
    oxide = stages(published)["OXIDE"]
    assert oxide["capacity"] == "200.000" and "KR" in oxide["countries"]
    assert Decimal({p["partner"]: p["quantity"] for p in oxide["partners"]}["KR-MOTIE"]) >= 15


def test_records_that_may_never_count_change_no_answer(world):
    """Inference: RED and AMBER+STRICT of others, at or as facilities, and hidden links, change nothing."""
    before = _all_answers(world["client"])
    s = world["sites"]
    secret = site(world["us"], "US", marking="RED")
    output(world["us"], secret, world["oxide"], 500)
    output(world["us"], s["us_oxide"], world["oxide"], 70, marking="RED")
    for owner in (world["us"], world["au"], world["kr"]):
        output(owner, site(owner, "AU"), world["oxide"], 40, marking="AMBER+STRICT", groups=[world["group"]])
    publish("supply_link", world["us"], supplier=s["au_oxide"], buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(1), marking="RED")
    publish("supply_link", world["us"], supplier=secret, buyer=s["us_magnet"], product=world["oxide"])
    assert _all_answers(world["client"]) == before


def test_reads_are_audited_and_queries_do_not_grow(world):
    s = world["sites"]
    publish("supply_link", world["au"], supplier=s["au_oxide"], buyer=s["jp_magnet"], product=world["oxide"],
            volume_per_month=Decimal(10))
    for owner, nominal in ((world["us"], 10), (world["au"], 20), (world["kr"], 30)):
        hidden(world, owner, "KR", world["oxide"], nominal)
    ask(world["client"])
    reads = AuditEvent.objects.filter(action="capacity.read", detail__aggregate="allied_capacity")
    assert sorted(reads.values_list("object_owner__code", flat=True)) == ["AU-DISR", "JP-METI", "KR-MOTIE", "US-DOC"]
    (link_read,) = AuditEvent.objects.filter(action="supply_link.read")
    assert link_read.object_owner.code == "AU-DISR"
    with CaptureQueriesContext(connection) as small:
        ask(world["client"])
    for n in range(6):  # more facilities, links and partners: the same queries
        extra = site(world["us"], "US")
        output(world["us"], extra, world["ore"], 5 + n)
        publish("supply_link", world["us"], supplier=extra, buyer=s["us_oxide"], product=world["ore"])
    with CaptureQueriesContext(connection) as large:
        ask(world["client"])
    # PostgreSQL adds a savepoint and "SET LOCAL jit = off" around each aggregate read inside the test's transaction.
    assert len(large) == len(small) <= (26 if connection.vendor == "postgresql" else 20), [
        q["sql"][:80] for q in large]


# --- the LP against an independent formulation -------------------------------------------------------------------


def reference(network: Network) -> float:
    """Every (supplier node, buyer node) pair an arc, solved by OR-Tools GLOP: a different formulation and solver."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    nodes = network.nodes
    x = [solver.NumVar(0, n.capacity, f"x{i}") for i, n in enumerate(nodes)]
    restricted = set()
    uses = {}
    for stage, lines in network.inputs.items():
        for input_id, _ in lines:
            uses.setdefault(input_id, []).append(stage)
    for link in network.links:
        for stage in uses.get(link.product, ()):
            if any(n.facility == link.buyer and n.stage == stage for n in nodes):
                restricted.add((link.buyer, link.product))
    shipped = {i: [] for i in range(len(nodes))}
    link_arcs = {}
    for b, buyer in enumerate(nodes):
        for input_id, per_unit in network.inputs.get(buyer.stage, ()):
            received = []
            for s, supplier in enumerate(nodes):
                if supplier.stage != input_id:
                    continue
                if buyer.facility is not None and (buyer.facility, input_id) in restricted:
                    for k, link in enumerate(network.links):
                        if (link.supplier, link.buyer, link.product) == (supplier.facility, buyer.facility, input_id):
                            arc = solver.NumVar(0, solver.infinity(), f"l{k}-{b}")
                            link_arcs.setdefault(k, []).append(arc)
                            received.append(arc)
                            shipped[s].append(arc)
                else:
                    arc = solver.NumVar(0, solver.infinity(), f"a{s}-{b}")
                    received.append(arc)
                    shipped[s].append(arc)
            solver.Add(sum(received) == per_unit * x[b] if received else x[b] == 0)
    for k, arcs in link_arcs.items():
        solver.Add(sum(arcs) <= network.links[k].volume)
    for s, node in enumerate(nodes):
        if node.stage != network.end:
            solver.Add(sum(shipped[s]) == x[s] if shipped[s] else x[s] == 0)
    solver.Maximize(sum(x[i] for i, n in enumerate(nodes) if n.stage == network.end))
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return solver.Objective().Value()


PER_UNIT = st.sampled_from([0.5, 1.0, 2.0, 0.25, 3.0])


@st.composite
def networks(draw, with_links: bool = True) -> Network:
    """Up to four stages (a chain, or an assembly with two inputs sharing a third), up to four facilities a
    stage, random links between facilities of consecutive stages."""
    shape = draw(st.sampled_from(["one", "chain", "assembly"]))
    if shape == "one":
        inputs = {1: []}
    elif shape == "chain":
        inputs = {1: [(2, draw(PER_UNIT))], 2: [(3, draw(PER_UNIT))], 3: []}
    else:
        inputs = {1: [(2, draw(PER_UNIT)), (3, draw(PER_UNIT))], 2: [(4, draw(PER_UNIT))],
                  3: [(4, draw(PER_UNIT))], 4: []}
    nodes, facility = [], 100
    for stage in inputs:
        for _ in range(draw(st.integers(0, 4))):
            facility += 1
            nodes.append(Node(stage, float(draw(st.integers(0, 60))), "AU", 1, facility))
    links = []
    if with_links:
        by_stage = {s: [n.facility for n in nodes if n.stage == s] for s in inputs}
        for stage, lines in inputs.items():
            for input_id, _ in lines:
                for buyer in by_stage[stage]:
                    for supplier in by_stage[input_id]:
                        if draw(st.integers(0, 3)) == 0:
                            links.append(Link(supplier, buyer, input_id, float(draw(st.integers(0, 40)))))
        # A link from a facility that makes nothing here still binds its buyer.
        if nodes and draw(st.booleans()):
            buyer = draw(st.sampled_from(nodes))
            if inputs[buyer.stage]:
                links.append(Link(999, buyer.facility, inputs[buyer.stage][0][0], 50.0))
    return Network(1, inputs, nodes, links)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_the_lp_agrees_with_an_arc_by_arc_formulation(network):
    assert solve(network).output == pytest.approx(reference(network), abs=1e-6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_the_bottleneck_is_the_stage_with_the_lowest_ceiling(network):
    """Every stage's ceiling solved, against the answer that solves only those it needs."""
    depths = stage_depths(network.end, network.inputs)
    ceilings = {s: solve(network, unbounded=frozenset(depths) - {s}).output if len(depths) > 1
                else solve(network).output for s in depths}
    plan, bottleneck, limits = plan_with_bottleneck(network)
    expected = min(depths, key=lambda s: (round(ceilings[s], 6), round(limits[s], 9), depths[s], s))
    assert bottleneck == expected and plan.ceilings[bottleneck] == pytest.approx(ceilings[expected], abs=1e-6)
    for stage, ceiling in ceilings.items():
        assert plan.output - 1e-6 <= ceiling <= limits[stage] + 1e-6


@settings(max_examples=100, deadline=None)
@given(networks(with_links=False))
def test_without_links_the_output_is_the_tightest_stage(network):
    """With nothing to say who feeds whom, each stage can make at most its capacity over its need per unit."""
    need = requirements(network.end, network.inputs)
    capacity = {s: sum(n.capacity for n in network.nodes if n.stage == s) for s in network.inputs}
    assert solve(network).output == pytest.approx(min(capacity[s] / need[s] for s in network.inputs), abs=1e-6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_a_chain_as_a_maximum_flow_agrees_with_the_lp(network):
    """A chain is solved as a maximum flow, anything else as the LP: on a chain both give the same output and the
    same ceilings, and the flow's plan is one the LP allows (each node within its capacity, each stage making
    exactly what the output needs of it)."""
    chain = all(len(lines) <= 1 for lines in network.inputs.values())
    flow, lp = Programme(network), Programme(network, flow=False)
    assert (flow.solver == SOLVER_FLOW) is chain and lp.solver == SOLVER_LP
    depths = stage_depths(network.end, network.inputs)
    for unbounded in [frozenset(), *(frozenset(depths) - {s} for s in depths)]:
        a, b = flow.run(unbounded), lp.run(unbounded)
        assert a.output == pytest.approx(b.output, abs=1e-6)
    plan = flow.run()
    need = requirements(network.end, network.inputs)
    made: dict[int, float] = {}
    for node, quantity in zip(network.nodes, plan.flows, strict=True):
        assert -1e-9 <= quantity <= node.capacity + 1e-6
        made[node.stage] = made.get(node.stage, 0.0) + quantity
    for stage in depths:
        assert made.get(stage, 0.0) == pytest.approx(plan.output * need[stage], abs=1e-6)


def test_an_unbounded_chain_is_infinite_for_the_flow_too():
    """Every stage's capacity lifted and no link in the way: the flow reports no limit, as the LP does."""
    network = Network(1, {1: [(2, 2.0)], 2: []}, [Node(1, 10.0, "AU", 1), Node(2, 5.0, "AU", 1)], [])
    for flow in (True, False):
        programme = Programme(network, flow=flow)
        assert programme.run(frozenset({1, 2})).output == float("inf")
        assert programme.run(frozenset({1})).output == pytest.approx(2.5)
