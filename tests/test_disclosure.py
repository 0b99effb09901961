"""Disclosure control of aggregates, through the analytics API: suppressed cells, K contributors, secondary
suppression (a total minus its published sub-totals, a sector minus its products, a scenario minus its baseline),
RED and AMBER+STRICT of others never counted, and nothing learnt of a record the caller may not see."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from rest_framework.test import APIClient

from sharing.models import SharingGroup
from tests.factories import (
    PartnerFactory,
    ProductFactory,
    SharingGroupFactory,
    issue_key,
    output,
    publish,
    site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client_for):
    me = PartnerFactory(code="JP-METI", country="JP")
    us, au, kr, ca = (PartnerFactory(code=c, country=c[:2]) for c in ("US-DOC", "AU-DISR", "KR-MOTIE", "CA-NRCAN"))
    group = SharingGroupFactory(name="Minerals WG", members=[us, au, kr, ca])  # not JP-METI
    ndpr = ProductFactory(code="NDPR", sector="critical_minerals")
    return {
        "me": me, "us": us, "au": au, "kr": kr, "ca": ca, "group": group, "ndpr": ndpr,
        "client": client_for(me, ("reader",)), "member": client_for(us, ("reader",)),
    }


def concentration(client, **params):
    response = client.get("/api/v1/analytics/concentration/", params)
    assert response.status_code == 200, response.json()
    return response.json()


def countries(answer) -> dict[str, Decimal]:
    return {row["country"]: Decimal(row["nominal"]) for row in answer["countries"]}


def hidden(world, owner, country, product, nominal):
    """A record the caller (JP-METI) cannot see but which may count: AMBER to a group it is not in."""
    facility = site(owner, country, marking="GREEN")
    return output(owner, facility, product, nominal, marking="AMBER", groups=[world["group"]])


def test_a_cell_with_hidden_data_from_one_partner_is_suppressed(world):
    output(world["au"], site(world["au"], "AU"), world["ndpr"], 50)
    hidden(world, world["us"], "CN", world["ndpr"], 30)
    answer = concentration(world["client"], product="NDPR")
    assert countries(answer) == {"AU": 50}
    assert answer["suppressed"] == [{"product": "NDPR", "country": "CN", "suppressed": True}]
    assert answer["suppressed_cells"] == 1 and "1 cell was suppressed" in answer["coverage"]
    assert Decimal(answer["total"]["nominal"]) == 50 and answer["countries"][0]["share"] == 1.0
    assert answer["hhi"] == 10000.0
    assert "US-DOC" not in str(answer), "a hidden record's owner never appears"
    # The group member sees the record itself: for it the cell is plain.
    assert countries(concentration(world["member"], product="NDPR")) == {"AU": 50, "CN": 30}


def test_a_cell_with_k_contributors_is_published(world, settings):
    for owner, nominal in ((world["us"], 10), (world["au"], 20), (world["kr"], 30)):
        hidden(world, owner, "CN", world["ndpr"], nominal)
    answer = concentration(world["client"], product="NDPR")
    assert settings.SHARING_MIN_CONTRIBUTORS == 3
    assert countries(answer) == {"CN": 60} and answer["suppressed"] == []
    assert not {"US-DOC", "AU-DISR", "KR-MOTIE"} & set(str(answer).replace("'", " ").split())


def test_k_is_a_setting_and_counts_partners_not_records(world, settings):
    for nominal in (10, 20, 30):
        hidden(world, world["us"], "CN", world["ndpr"], nominal)
    hidden(world, world["au"], "CN", world["ndpr"], 5)
    assert concentration(world["client"], product="NDPR")["suppressed_cells"] == 1  # 4 records, 2 partners
    settings.SHARING_MIN_CONTRIBUTORS = 2
    assert countries(concentration(world["client"], product="NDPR")) == {"CN": 65}


def test_the_callers_own_hidden_record_does_not_make_up_k(world):
    """JP-METI's capacity at a facility it cannot see is hidden from it; it knows its own figure, so it cannot
    be one of the K partners that protect each other."""
    closed = site(world["us"], "CN", marking="AMBER", groups=[world["group"]])
    output(world["me"], closed, world["ndpr"], 40)
    hidden(world, world["us"], "CN", world["ndpr"], 10)
    hidden(world, world["au"], "CN", world["ndpr"], 20)
    assert concentration(world["client"], product="NDPR")["suppressed_cells"] == 1
    hidden(world, world["kr"], "CN", world["ndpr"], 30)
    assert countries(concentration(world["client"], product="NDPR")) == {"CN": 100}


def test_records_the_caller_sees_always_count(world):
    """Its own RED record and another's GREEN one, alone in their cells: nothing hidden, so published."""
    output(world["me"], site(world["me"], "JP", marking="RED"), world["ndpr"], 70, marking="RED")
    output(world["us"], site(world["us"], "US"), world["ndpr"], 30)
    assert countries(concentration(world["client"], product="NDPR")) == {"JP": 70, "US": 30}


def test_a_total_minus_its_published_sub_totals_reveals_nothing(world):
    output(world["au"], site(world["au"], "AU"), world["ndpr"], 50)
    output(world["us"], site(world["us"], "CN"), world["ndpr"], 25)  # visible part of the CN cell
    hidden(world, world["us"], "CN", world["ndpr"], 30)  # makes the CN cell suppressed
    answer = concentration(world["client"], product="NDPR")
    assert answer["suppressed"] == [{"product": "NDPR", "country": "CN", "suppressed": True}]
    total = Decimal(answer["total"]["nominal"])
    assert total - sum(countries(answer).values()) == 0  # the suppressed cell is in no total
    assert total == 50 and sum(row["share"] for row in answer["countries"]) == 1.0
    assert answer["partner_share"] == 1.0 and answer["non_partner_share"] == 0.0


def test_a_sector_answer_minus_its_product_answers_reveals_nothing(world):
    magnets = ProductFactory(code="NDFEB", sector="critical_minerals")
    ProductFactory(code="GLOVES", sector="medical_supplies")
    output(world["au"], site(world["au"], "AU"), world["ndpr"], 50)
    hidden(world, world["us"], "CN", world["ndpr"], 30)  # NDPR in CN: suppressed
    output(world["us"], site(world["us"], "CN"), magnets, 40)
    output(world["kr"], site(world["kr"], "AU"), magnets, 10)
    sector = concentration(world["client"], sector="critical_minerals")
    products = [concentration(world["client"], product=code) for code in ("NDPR", "NDFEB")]
    assert sector["products"] == ["NDFEB", "NDPR"] and countries(sector) == {"AU": 60, "CN": 40}
    for country, value in countries(sector).items():
        assert value == sum(countries(answer).get(country, 0) for answer in products)
    assert Decimal(sector["total"]["nominal"]) == sum(Decimal(a["total"]["nominal"]) for a in products)
    assert sector["suppressed"] == [{"product": "NDPR", "country": "CN", "suppressed": True}]


def test_red_and_amber_strict_of_others_never_count(world, settings):
    settings.SHARING_MIN_CONTRIBUTORS = 1  # even when one contributor would do
    output(world["au"], site(world["au"], "AU"), world["ndpr"], 50)
    before = concentration(world["client"], product="NDPR")
    open_site = site(world["us"], "CN")
    output(world["us"], open_site, world["ndpr"], 30, marking="RED")
    for owner in (world["us"], world["au"], world["kr"]):
        output(owner, open_site, world["ndpr"], 10, marking="AMBER+STRICT", groups=[world["group"]])
    output(world["kr"], site(world["kr"], "KR", marking="RED"), world["ndpr"], 20)  # GREEN at a RED facility
    strict_site = site(world["ca"], "CA", marking="AMBER+STRICT", groups=[world["group"]])
    output(world["ca"], strict_site, world["ndpr"], 20, marking="AMBER", groups=[world["group"]])
    after = concentration(world["client"], product="NDPR")
    assert after == before and after["suppressed"] == []
    # The group member sees the AMBER+STRICT records themselves: for it they count.
    assert countries(concentration(world["member"], product="NDPR")) == {"AU": 50, "CN": 60, "CA": 20}


def _answers(world) -> dict:
    client = world["client"]
    scenario = client.post("/api/v1/analytics/scenarios/", {"countries": ["CN"], "demand": {"NDPR": "90"}},
                           format="json").json()
    partner_scenario = client.post("/api/v1/analytics/scenarios/", {"partners": ["AU-DISR"]}, format="json").json()
    return {
        "product": concentration(client, product="NDPR"),
        "sector": concentration(client, sector="critical_minerals"),
        "chokepoints": client.get("/api/v1/analytics/chokepoints/", {"product": "NDPR"}).json(),
        "scenario": scenario["result"],
        "partner_scenario": partner_scenario["result"],
    }


def test_a_record_the_caller_may_not_see_changes_no_answer(world):
    """Every analytics answer is the same with and without records the caller may not see and that may not
    count (RED, AMBER+STRICT, or at such a facility), facilities and supply links included."""
    ndpr, au, us = world["ndpr"], world["au"], world["us"]
    mine, buyer = site(au, "AU"), site(world["me"], "JP")
    output(au, mine, ndpr, 50)
    output(us, site(us, "CN"), ndpr, 30)
    publish("supply_link", world["me"], supplier=mine, buyer=buyer, product=ndpr, volume_per_month=Decimal(5))
    before = _answers(world)
    secret = site(us, "CN", marking="RED")
    output(us, secret, ndpr, 500)
    output(us, mine, ndpr, 70, marking="RED")
    output(world["kr"], site(world["kr"], "KR"), ndpr, 40, marking="AMBER+STRICT", groups=[world["group"]])
    publish("supply_link", us, supplier=secret, buyer=buyer, product=ndpr, volume_per_month=Decimal(9))
    publish("supply_link", us, supplier=site(us, "US"), buyer=buyer, product=ndpr, marking="RED")
    after = _answers(world)
    assert after == before
    assert before["chokepoints"]["single_supplier_buyers"][0]["buyer"]["id"] == buyer.pk


def test_a_partner_taken_out_does_not_reveal_where_it_has_hidden_records(world):
    """Whether a partner has hidden records in a cell must not show: with a partner taken out, every cell
    holding hidden data is suppressed, whether or not that partner is among its owners."""
    for owner, nominal in ((world["us"], 10), (world["au"], 20), (world["kr"], 30)):
        hidden(world, owner, "CN", world["ndpr"], nominal)
    output(world["au"], site(world["au"], "AU"), world["ndpr"], 50)
    assert countries(concentration(world["client"], product="NDPR")) == {"CN": 60, "AU": 50}

    def run(partner, **extra):
        body = {"partners": [partner], **extra}
        response = world["client"].post("/api/v1/analytics/scenarios/", body, format="json")
        assert response.status_code == 200, response.json()
        return response.json()["result"]["products"]

    (with_records,) = run("AU-DISR")
    assert with_records["suppressed"] == [{"country": "CN", "suppressed": True}]
    assert Decimal(with_records["baseline"]) == 50 and Decimal(with_records["lost"]) == 50
    # CA-NRCAN has nothing published: NDPR is not affected, as far as JP-METI may be told...
    assert run("CA-NRCAN") == []
    # ...and asked with a demand figure, the CN cell is suppressed just the same.
    (without,) = run("CA-NRCAN", demand={"NDPR": "10"})
    assert without["suppressed"] == with_records["suppressed"] and Decimal(without["lost"]) == 0


def test_a_split_cell_is_published_only_if_each_part_passes(world):
    """Taking out a facility splits the cells of its country; a split cell with hidden data is suppressed,
    a split cell with nothing hidden is split exactly; a country taken out loses its cells whole."""
    plant = site(world["au"], "AU")
    output(world["au"], plant, world["ndpr"], 50)
    output(world["au"], site(world["au"], "AU"), world["ndpr"], 25)
    for owner, nominal in ((world["us"], 10), (world["au"], 20), (world["kr"], 30)):
        hidden(world, owner, "CN", world["ndpr"], nominal)
    response = world["client"].post("/api/v1/analytics/scenarios/", {"facilities": [plant.pk]}, format="json")
    (row,) = response.json()["result"]["products"]
    assert [(c["country"], c["baseline"], c["lost"]) for c in row["countries"]] == [
        ("AU", "75.000", "50.000"), ("CN", "60.000", "0.000")]
    assert (row["baseline"], row["lost"], row["remaining"], row["suppressed"]) == (
        "135.000", "50.000", "85.000", [])
    cn_site = site(world["ca"], "CN")
    response = world["client"].post("/api/v1/analytics/scenarios/", {"facilities": [cn_site.pk]}, format="json")
    assert response.json()["result"]["products"] == []  # nothing published lost; CN's cell is not shown split
    response = world["client"].post("/api/v1/analytics/scenarios/", {"countries": ["CN"]}, format="json")
    (row,) = response.json()["result"]["products"]
    assert (row["baseline"], row["lost"], row["suppressed"]) == ("135.000", "60.000", [])
    # Hidden data from K partners in AU: published on its own, but split by the plant taken out, suppressed.
    for owner in (world["us"], world["au"], world["kr"]):
        hidden(world, owner, "AU", world["ndpr"], 1)
    assert countries(concentration(world["client"], product="NDPR"))["AU"] == 78
    body = {"facilities": [plant.pk]}
    assert world["client"].post("/api/v1/analytics/scenarios/", body, format="json").json()["result"]["products"] == []
    body["demand"] = {"NDPR": "100"}
    (row,) = world["client"].post("/api/v1/analytics/scenarios/", body, format="json").json()["result"]["products"]
    assert row["suppressed"] == [{"country": "AU", "suppressed": True}]
    assert (row["baseline"], row["lost"], row["shortfall"]) == ("60.000", "0.000", "40.000")


# --- property ----------------------------------------------------------------------------------------------------

MARKINGS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
COUNTRIES = ["AU", "CN", "US"]
record = st.tuples(
    st.integers(0, 3),  # capacity owner
    st.sampled_from(MARKINGS),  # capacity marking
    st.integers(0, 3),  # facility index
    st.integers(1, 50),  # nominal
    st.booleans(),  # shared with the group (when AMBER)
)
facility = st.tuples(st.integers(0, 3), st.sampled_from(MARKINGS), st.sampled_from(COUNTRIES), st.booleans())


class ConcentrationProperty(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(facility, min_size=4, max_size=4), st.lists(record, max_size=10), st.sets(st.integers(0, 3)),
           st.integers(0, 3), st.integers(1, 3))
    def test_every_published_figure_is_the_sum_over_the_rules_cells(self, facilities, records, members, caller, k):
        from django.test import override_settings

        partners = [PartnerFactory(code=f"P{i}-PROP", country="JP") for i in range(4)]
        group = SharingGroup.objects.create(name="G")
        group.members.add(*(partners[i] for i in members))
        product = ProductFactory(code="PROP")
        sites = []
        for owner, marking, country, shared in facilities:
            groups = [group] if shared and marking in ("AMBER", "AMBER+STRICT") else []
            sites.append((site(partners[owner], country, marking=marking, groups=groups), marking, owner, groups))
        rows = []
        for owner, marking, index, nominal, shared in records:
            groups = [group] if shared and marking in ("AMBER", "AMBER+STRICT") else []
            facility_obj, facility_marking, facility_owner, facility_groups = sites[index]
            output(partners[owner], facility_obj, product, nominal, marking=marking, groups=groups)
            rows.append((owner, marking, bool(groups), facility_obj.country, facility_marking, facility_owner,
                         bool(facility_groups), nominal))

        def sees(owner, marking, shared):  # the brief's rule, written out again
            return (marking in ("CLEAR", "GREEN") or owner == caller
                    or (marking in ("AMBER", "AMBER+STRICT") and shared and caller in members))

        expected: dict[str, dict] = {}
        for owner, marking, shared, country, f_marking, f_owner, f_shared, nominal in rows:
            visible = sees(owner, marking, shared) and sees(f_owner, f_marking, f_shared)
            never = {marking, f_marking} & {"RED", "AMBER+STRICT"}
            if not visible and never:
                continue
            cell = expected.setdefault(str(country), {"nominal": 0, "hidden": set()})
            cell["nominal"] += nominal
            if not visible:
                cell["hidden"].add(owner)
        published = {c: v["nominal"] for c, v in expected.items()
                     if not v["hidden"] or len(v["hidden"] - {caller}) >= k}
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=issue_key(partners[caller], ("reader",))[1])
        with override_settings(SHARING_MIN_CONTRIBUTORS=k):
            answer = client.get("/api/v1/analytics/concentration/", {"product": "PROP"}).json()
        assert countries(answer) == published
        assert {e["country"] for e in answer["suppressed"]} == set(expected) - set(published)
        total = sum(published.values())
        assert Decimal(answer["total"]["nominal"]) == total
        if total:
            expected_hhi = sum((Decimal(v) / total * 100) ** 2 for v in published.values())
            assert abs(Decimal(str(answer["hhi"])) - expected_hhi) < Decimal("0.05")
        # A country taken out loses its cells whole: the scenario's baseline is the answer's total, its loss the
        # country's published figure (nothing for a suppressed one), and the same cells are suppressed.
        with override_settings(SHARING_MIN_CONTRIBUTORS=k):
            run = client.post("/api/v1/analytics/scenarios/", {"countries": ["CN"], "demand": {"PROP": "1"}},
                              format="json").json()
        (row,) = run["result"]["products"]
        assert Decimal(row["baseline"]) == total and Decimal(row["lost"]) == published.get("CN", 0)
        assert {e["country"] for e in row["suppressed"]} == set(expected) - set(published)


def test_the_rule_serves_any_published_kind(world):
    """Supply links (for exposure): both facilities a link names count for the never-counted rule."""
    from django.db.models import Q

    from sharing.analytics.disclosure import Viewer, aggregate_cells
    from sharing.models import SupplyLink

    buyer, red_buyer = site(world["me"], "JP"), site(world["kr"], "KR", marking="RED")
    for owner in (world["us"], world["au"], world["kr"]):
        publish("supply_link", owner, supplier=site(owner, "CN"), buyer=buyer, product=world["ndpr"],
                marking="AMBER", groups=[world["group"]], volume_per_month=Decimal(10))
    publish("supply_link", world["ca"], supplier=site(world["ca"], "CN"), buyer=red_buyer, product=world["ndpr"],
            volume_per_month=Decimal(99))
    viewer = Viewer.of_partner(world["me"].pk)
    table = aggregate_cells(viewer, SupplyLink, where=Q(product=world["ndpr"]), key=("supplier__country",),
                            key_names=("country",), measures=("volume_per_month",))
    (cell,) = table.published()
    assert cell.key == ("CN",) and cell.whole.value("volume_per_month") == 30 and cell.whole.records == 3
    assert table.total() == {"volume_per_month": 30}
