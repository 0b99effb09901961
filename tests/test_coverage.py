"""Stockpile coverage (GET /api/v1/analytics/coverage/): hand-computed months and shares, a partner against the
alliance, which records count (latest demand per partner, unexpired stockpiles, capacity by where it is), and the
disclosure rule: suppressed figures, K contributors, callers inside and outside a sharing group, and no difference
between the alliance's answer and partners' answers that isolates a hidden figure."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sharing.models import AuditEvent
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

pytestmark = pytest.mark.django_db

LATEST = date(2026, 9, 30)


@pytest.fixture
def world(client_for):
    jp, us, kr, au, ca = (PartnerFactory(code=c, country=c[:2])
                          for c in ("JP-METI", "US-DOC", "KR-MOTIE", "AU-DISR", "CA-NRCAN"))
    group = SharingGroupFactory(name="Minerals WG", members=[us, kr, au, ca])  # not JP-METI
    ndpr = ProductFactory(code="NDPR", unit="t")
    return {"jp": jp, "us": us, "kr": kr, "au": au, "ca": ca, "group": group, "ndpr": ndpr,
            "client": client_for(jp), "member": client_for(kr)}


def demand(world, owner, total, defence=0, health=0, as_of=LATEST, marking="GREEN", hidden=False, **kw):
    groups = [world["group"]] if hidden else []
    return publish("demand", owner, marking="AMBER" if hidden else marking, groups=groups, product=world["ndpr"],
                   total_per_month=Decimal(total), defence_per_month=Decimal(defence),
                   health_per_month=Decimal(health), as_of=as_of, **kw)


def stock(world, owner, quantity, releasable=0, expiry=None, country=None, marking="GREEN", hidden=False):
    groups = [world["group"]] if hidden else []
    facility = site(owner, country or str(owner.country), facility_kind="warehouse")
    return publish("stockpile", owner, marking="AMBER" if hidden else marking, groups=groups, facility=facility,
                   product=world["ndpr"], quantity=Decimal(quantity), releasable=Decimal(releasable),
                   expiry=expiry, as_of=LATEST)


def capacity(world, owner, country, spare, releasable=0, marking="GREEN", hidden=False):
    groups = [world["group"]] if hidden else []
    spare = Decimal(spare)
    return output(owner, site(owner, country), world["ndpr"], spare * 2, marking="AMBER" if hidden else marking,
                  groups=groups, in_use=spare, spare=spare, releasable=Decimal(releasable))


def ask(client, **params):
    response = client.get("/api/v1/analytics/coverage/", {"product": "NDPR", **params})
    assert response.status_code == 200, response.content
    return response.json()


def japan(world):
    """JP-METI's own picture: the numbers of the hand computation in the tests below."""
    demand(world, world["jp"], 999, as_of=date(2026, 6, 30))  # superseded by the two lines of 30 September
    demand(world, world["jp"], 300, defence=60, health=40)
    demand(world, world["jp"], 100, health=50)
    stock(world, world["jp"], 1000, releasable=400)
    stock(world, world["jp"], 200, releasable=200, expiry=date(2099, 1, 1))
    stock(world, world["jp"], 5000, releasable=5000, expiry=date(2020, 1, 1))  # expired: left out
    stock(world, world["us"], 7000, country="JP")  # held in Japan, but the US's
    capacity(world, world["jp"], "JP", 50, releasable=20)
    capacity(world, world["us"], "JP", 30, releasable=10)  # a plant in Japan serves Japan, whoever publishes it
    capacity(world, world["jp"], "CN", 500)  # Japan's record of a plant in China: not Japan's capacity


def test_a_partners_coverage_computed_by_hand(world):
    japan(world)
    answer = ask(world["client"], partner="JP-METI")
    # Demand: the 30 September lines, 300 + 100 = 400 a month; critical 60 + 40 + 50 = 150.
    assert answer["demand"] == {"suppressed": False, "total_per_month": "400.000", "critical_per_month": "150.000",
                                "defence_per_month": "60.000", "health_per_month": "90.000", "as_of": "2026-09-30"}
    # Stockpiles: 1000 + 200 (the expired 5000 and the US's 7000 do not count); releasable 400 + 200.
    assert answer["stockpile"] == {"suppressed": False, "quantity": "1200.000", "releasable": "600.000",
                                   "as_of": "2026-09-30"}
    # 1200 / 400 = 3 months, 600 / 400 = 1.5; against the critical 150: 8 and 4.
    assert answer["months_covered"] == {
        "suppressed": False, "total_demand": {"stockpile": 3.0, "releasable": 1.5},
        "critical_demand": {"stockpile": 8.0, "releasable": 4.0},
    }
    # Capacity in Japan: spare 50 + 30 = 80, releasable 20 + 10 = 30; 80 / 400 = 0.2, 30 / 400 = 0.075;
    # 80 / 150 = 0.533333, 30 / 150 = 0.2.
    assert answer["capacity"] == {"suppressed": False, "complete": True, "spare": "80.000", "releasable": "30.000",
                                  "as_of": "2026-09-30"}
    assert answer["capacity_share"] == {
        "suppressed": False, "total_demand": {"spare": 0.2, "releasable": 0.075},
        "critical_demand": {"spare": 0.533333, "releasable": 0.2},
    }
    assert (answer["scope"], answer["partner"], answer["countries"], answer["unit"]) == \
        ("partner", "JP-METI", ["JP"], "t")
    assert answer["suppressed"] == [] and answer["suppressed_cells"] == 0
    assert answer["on"] == timezone.now().date().isoformat()


def test_the_alliance_adds_every_partners_stockpiles_demand_and_capacity(world):
    japan(world)
    demand(world, world["us"], 600, defence=100)
    capacity(world, world["kr"], "KR", 20, releasable=20)
    answer = ask(world["client"])
    assert answer["scope"] == "alliance" and answer["partner"] is None
    assert answer["countries"] == ["AU", "CA", "JP", "KR", "US"]  # the countries of active partners
    # Demand 400 + 600 = 1000, critical 150 + 100 = 250; stockpiles 1200 + 7000 = 8200, releasable 600.
    assert (answer["demand"]["total_per_month"], answer["demand"]["critical_per_month"]) == ("1000.000", "250.000")
    assert (answer["stockpile"]["quantity"], answer["stockpile"]["releasable"]) == ("8200.000", "600.000")
    assert answer["months_covered"]["total_demand"] == {"stockpile": 8.2, "releasable": 0.6}
    assert answer["months_covered"]["critical_demand"] == {"stockpile": 32.8, "releasable": 2.4}
    # Capacity in partner countries: 80 in Japan and 20 in Korea (China's 500 is not allied).
    assert answer["capacity"]["spare"] == "100.000" and answer["capacity_share"]["total_demand"]["spare"] == 0.1


def test_no_demand_gives_no_months_rather_than_a_suppressed_or_zero_figure(world):
    stock(world, world["jp"], 100)
    answer = ask(world["client"], partner="JP-METI")
    assert answer["demand"]["total_per_month"] == "0.000" and not answer["demand"]["suppressed"]
    assert answer["months_covered"] == {"suppressed": False, "total_demand": {"stockpile": None, "releasable": None},
                                        "critical_demand": {"stockpile": None, "releasable": None}}
    demand(world, world["jp"], 100)  # no critical part
    answer = ask(world["client"], partner="JP-METI")
    assert answer["months_covered"]["total_demand"]["stockpile"] == 1.0
    assert answer["months_covered"]["critical_demand"] == {"stockpile": None, "releasable": None}


def test_stockpiles_expiring_on_the_reference_date_are_left_out(world):
    today = timezone.now().date()
    stock(world, world["jp"], 10, expiry=today)
    stock(world, world["jp"], 20, expiry=today + timedelta(days=1))
    stock(world, world["jp"], 40)
    assert ask(world["client"], partner="JP-METI")["stockpile"]["quantity"] == "60.000"


def test_inside_and_outside_a_sharing_group_differ_exactly_where_rights_differ(world):
    japan(world)
    demand(world, world["us"], 600, defence=100, hidden=True)  # AMBER to the group: KR sees it, JP does not
    stock(world, world["us"], 800, releasable=100)  # GREEN: both see it
    outside, inside = ask(world["client"]), ask(world["member"])
    # The stockpiles are the same for both; demand (and what is derived from it) differs.
    assert outside["stockpile"] == inside["stockpile"]
    assert outside["capacity"] == inside["capacity"]
    assert inside["demand"]["total_per_month"] == "1000.000" and not inside["demand"]["suppressed"]
    assert inside["months_covered"]["total_demand"]["stockpile"] == 9.0  # (1200 + 7000 + 800) / 1000
    assert outside["demand"] == {"suppressed": True, "total_per_month": None, "critical_per_month": None,
                                 "defence_per_month": None, "health_per_month": None, "as_of": None}
    assert outside["months_covered"]["suppressed"] and outside["capacity_share"]["suppressed"]
    assert outside["months_covered"]["total_demand"] == {"stockpile": None, "releasable": None}
    assert outside["suppressed"] == [{"measure": "demand", "suppressed": True}]
    assert "US-DOC" not in str(outside)
    # One partner's answer: the US's is suppressed for JP, plain for KR; JP's own is plain for JP.
    assert ask(world["client"], partner="US-DOC")["demand"]["suppressed"]
    assert ask(world["member"], partner="US-DOC")["demand"]["total_per_month"] == "600.000"
    assert ask(world["client"], partner="JP-METI")["months_covered"]["total_demand"]["stockpile"] == 3.0


def test_a_partners_suppressed_answer_does_not_tell_whose_records_are_hidden(world):
    demand(world, world["us"], 600, hidden=True)
    demand(world, world["ca"], 50)  # GREEN: JP sees all of Canada's demand
    for code in ("US-DOC", "CA-NRCAN", "AU-DISR"):
        answer = ask(world["client"], partner=code)
        assert answer["demand"]["suppressed"], code  # the same for the hidden record's owner and the others
    assert ask(world["member"], partner="CA-NRCAN")["demand"]["total_per_month"] == "50.000"


def test_k_partners_with_hidden_demand_publish_the_alliance_and_no_difference_isolates_one(world, settings):
    japan(world)
    for owner, total in ((world["us"], 600), (world["kr"], 70), (world["au"], 30)):
        demand(world, owner, total, hidden=True)
    demand(world, world["ca"], 5)  # visible to JP
    alliance = ask(world["client"])
    assert settings.SHARING_MIN_CONTRIBUTORS == 3
    assert alliance["demand"]["total_per_month"] == "1105.000" and alliance["suppressed"] == []
    # The difference attack: the alliance's figure minus every partner's answer the caller can get.
    partner_answers = {p.code: ask(world["client"], partner=p.code)["demand"]
                       for p in (world["jp"], world["us"], world["kr"], world["au"], world["ca"])}
    published = {code: Decimal(a["total_per_month"]) for code, a in partner_answers.items() if not a["suppressed"]}
    assert published == {"JP-METI": Decimal(400)}  # only its own: every other partner's answer is suppressed
    residue = Decimal(alliance["demand"]["total_per_month"]) - sum(published.values())
    assert residue == 705  # US + KR + AU + CA together: never one partner's figure
    assert residue - 5 == 700  # less what JP can list (Canada's GREEN record): still three partners' hidden sum
    # Fewer than K hidden owners: the alliance's figure is suppressed too.
    settings.SHARING_MIN_CONTRIBUTORS = 4
    assert ask(world["client"])["demand"]["suppressed"]


def test_red_and_amber_strict_of_others_never_count_and_leave_no_trace(world, client_for):
    japan(world)
    demand(world, world["us"], 600)
    before = ask(world["client"])
    demand(world, world["us"], 10_000, as_of=LATEST + timedelta(days=1), marking="RED")  # newer, but RED
    demand(world, world["kr"], 500, marking="AMBER+STRICT")
    stock(world, world["us"], 9_000, marking="RED")
    stock(world, world["kr"], 9_000, marking="AMBER+STRICT")
    capacity(world, world["kr"], "KR", 900, marking="RED")
    after = ask(world["client"])
    assert after == before and after["suppressed"] == []
    # The US itself counts its own RED record, which supersedes its older GREEN one.
    us_view = ask(client_for(world["us"]), partner="US-DOC")
    assert us_view["demand"]["total_per_month"] == "10000.000"


def test_a_hidden_newer_demand_supersedes_within_the_cell_it_counts_in(world):
    demand(world, world["us"], 100, as_of=date(2026, 6, 30))  # GREEN, older
    demand(world, world["us"], 300, hidden=True)  # AMBER, newer: for JP it counts (hidden), so the cell is hidden
    assert ask(world["client"])["demand"]["suppressed"]
    assert ask(world["member"])["demand"]["total_per_month"] == "300.000"


def test_a_suppressed_capacity_cell_is_listed_and_left_out(world):
    japan(world)
    demand(world, world["kr"], 100)
    capacity(world, world["kr"], "KR", 40, hidden=True)
    alliance = ask(world["client"])
    assert alliance["capacity"]["complete"] is False and alliance["capacity"]["spare"] == "80.000"
    assert alliance["suppressed"] == [{"measure": "capacity", "country": "KR", "suppressed": True}]
    korea = ask(world["client"], partner="KR-MOTIE")
    assert korea["capacity"] == {"suppressed": True, "complete": False, "spare": None, "releasable": None,
                                 "as_of": None}
    assert korea["capacity_share"]["suppressed"] and not korea["months_covered"]["suppressed"]
    assert ask(world["member"])["capacity"]["spare"] == "120.000"  # the group member sees Korea's plant


def test_published_hidden_figures_are_audited_for_their_owners(world):
    for owner in (world["us"], world["kr"], world["au"]):
        demand(world, owner, 10, hidden=True)
    ask(world["client"])
    events = AuditEvent.objects.filter(action="demand.read", actor_partner=world["jp"])
    assert {e.object_owner_id for e in events} == {world["us"].pk, world["kr"].pk, world["au"].pk}
    assert all(e.detail["aggregate"] == "coverage" and e.object_ids == [] for e in events)


def test_queries_do_not_grow_with_the_records(world, django_assert_max_num_queries):
    counts = []
    for round_ in range(2):
        for owner in (world["us"], world["kr"], world["au"], world["jp"]):
            for _ in range(1 + 4 * round_):
                demand(world, owner, 10, hidden=owner is not world["jp"])
                stock(world, owner, 10)
                capacity(world, owner, str(owner.country), 5)
        # Three aggregate queries (each in a savepoint with JIT off on PostgreSQL), the key, the product, the
        # caller's groups, the partner countries and one INSERT of the audit events.
        with django_assert_max_num_queries(18), CaptureQueriesContext(connection) as queries:
            ask(world["client"])
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(("params", "field"), [
    ({"product": "NOPE"}, "product"), ({"product": "NDPR", "partner": "ZZ-NONE"}, "partner"), ({}, "product"),
    ({"product": "NDPR\x00"}, "product"),
])
def test_bad_questions_are_400_problems(world, params, field):
    response = world["client"].get("/api/v1/analytics/coverage/", params)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


# --- the rule written out again, against random demand ------------------------------------------------------------

MARKINGS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
# (owner, marking, shared with the group, as_of: one of two dates, total, critical share in %)
DEMAND_RECORD = st.tuples(st.integers(0, 4), st.sampled_from(MARKINGS), st.booleans(), st.integers(0, 1),
                          st.integers(0, 1000), st.integers(0, 100))


class CoverageProperty(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(DEMAND_RECORD, max_size=10), st.sets(st.integers(0, 4)), st.integers(0, 4), st.integers(1, 3))
    def test_demand_figures_follow_the_rule(self, records, members, caller, k):
        from django.test import override_settings
        from rest_framework.test import APIClient

        from sharing.models import SharingGroup
        from tests.factories import issue_key

        partners = [PartnerFactory(code=f"P{i}-COV", country="JP") for i in range(5)]
        group = SharingGroup.objects.create(name="G")
        group.members.add(*(partners[i] for i in members))
        product = ProductFactory(code="COV")
        dates = (date(2026, 6, 30), date(2026, 9, 30))
        for owner, marking, shared, when, total, critical in records:
            groups = [group] if shared and marking in ("AMBER", "AMBER+STRICT") else []
            publish("demand", partners[owner], marking=marking, groups=groups, product=product,
                    total_per_month=Decimal(total), defence_per_month=Decimal(total * critical // 100),
                    health_per_month=Decimal(0), as_of=dates[when])

        def sees(owner, marking, shared):
            return (marking in ("CLEAR", "GREEN") or owner == caller
                    or (marking in ("AMBER", "AMBER+STRICT") and shared and caller in members))

        counted = []  # (owner, as_of, total, hidden) of the records that may count for the caller
        for owner, marking, shared, when, total, _ in records:
            shared = shared and marking in ("AMBER", "AMBER+STRICT")
            visible = sees(owner, marking, shared)
            if visible or marking not in ("RED", "AMBER+STRICT"):
                counted.append((owner, dates[when], total, not visible))
        latest = {}
        for owner, when, _, _ in counted:
            latest[owner] = max(latest.get(owner, when), when)
        used = [(owner, total, hidden) for owner, when, total, hidden in counted if when == latest[owner]]
        hidden_owners = {owner for owner, _, hidden in used if hidden}

        def expected(partner):
            own = [(o, t, h) for o, t, h in used if partner is None or o == partner]
            if partner is None:
                shown = not hidden_owners or len(hidden_owners - {caller}) >= k
            elif partner == caller:
                shown = not any(h for _, _, h in own)
            else:
                shown = not (hidden_owners - {caller})
            return f"{sum(t for _, t, _ in own)}.000" if shown else None

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=issue_key(partners[caller], ("reader",))[1])
        with override_settings(SHARING_MIN_CONTRIBUTORS=k):
            for partner in (None, *range(5)):
                params = {"product": "COV", **({"partner": partners[partner].code} if partner is not None else {})}
                answer = client.get("/api/v1/analytics/coverage/", params).json()
                assert answer["demand"]["total_per_month"] == expected(partner), (partner, answer["demand"])
                assert answer["demand"]["suppressed"] is (expected(partner) is None)
