"""Agency progress: purchase totals as a published kind, and GET /api/v1/procurement/progress/ with hand-computed
shares, channel HHI and waivers by reason; only visible records count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sharing.models import AuditEvent
from tests.factories import PartnerFactory, publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/procurement/progress/"


def total(owner, ext, channel, domestic, allied, other, marking="GREEN", agency="DoD", year=2026, quarter=1):
    return publish("purchase_total", owner, ext, marking=marking, agency=agency, year=year, quarter=quarter,
                   channel=channel, domestic_value=Decimal(domestic), allied_value=Decimal(allied),
                   other_value=Decimal(other))


def waiver(owner, ext, reason, value, posted_on, marking="GREEN", agency="DoD", currency="USD"):
    return publish("waiver", owner, ext, marking=marking, agency=agency, reason=reason, value=Decimal(value),
                   currency=currency, status="posted", proposed_on=posted_on, posted_on=posted_on)


@pytest.fixture
def scene(client_for):
    us, jp = PartnerFactory(code="US-DOC", country="US"), PartnerFactory(code="JP-METI", country="JP")
    total(us, "Q1-GSA", "GSA Advantage", "600", "200", "200")
    total(us, "Q1-DLA", "DLA direct", "300", "0", "100")
    total(us, "Q1-AMZ", "Amazon Business", "50", "50", "0")
    total(us, "Q1-SECRET", "Secret channel", "0", "0", "9000", marking="RED")
    waiver(us, "W1", "non_availability", "1000.00", date(2026, 2, 10))
    waiver(us, "W2", "non_availability", "500.00", date(2026, 3, 31))
    waiver(us, "W3", "unreasonable_cost", "2000.00", date(2026, 1, 1))
    waiver(us, "W4", "public_interest", "70.00", date(2026, 4, 1))  # the second quarter
    waiver(us, "W5", "resale", "5.00", date(2026, 2, 1), marking="RED")
    return {"us": us, "jp": jp, "jp_client": client_for(jp, roles=("reader",)),
            "us_client": client_for(us, roles=("reader",))}


def ask(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_shares_hhi_and_waivers_by_hand(scene):
    body = ask(scene["jp_client"], partner="US-DOC", year=2026)
    q1, q2 = body["cells"]
    # Visible to Japan: 1,000 + 400 + 100 = 1,500; domestic 950 (63.33%), allied 250 (16.67%), other 300 (20%).
    assert (q1["agency"], q1["year"], q1["quarter"], q1["total_value"]) == ("DoD", 2026, 1, "1500.0000")
    assert (q1["domestic_share"], q1["allied_share"], q1["other_share"]) == ("63.33", "16.67", "20.00")
    # Channels 1,000, 400 and 100 of 1,500: (2/3)^2 + (4/15)^2 + (1/15)^2 = 117/225 -> 5,200.
    assert [(c["channel"], c["share"]) for c in q1["channels"]] == [
        ("GSA Advantage", "66.67"), ("DLA direct", "26.67"), ("Amazon Business", "6.67")]
    assert q1["channel_hhi"] == "5200.00"
    assert q1["waivers"] == [
        {"reason": "non_availability", "count": 2, "values": [{"currency": "USD", "value": "1500.00"}]},
        {"reason": "unreasonable_cost", "count": 1, "values": [{"currency": "USD", "value": "2000.00"}]},
    ]
    # A quarter with waivers and no purchase totals: no shares.
    assert (q2["quarter"], q2["total_value"], q2["domestic_share"], q2["channel_hhi"]) == (2, "0.0000", None, None)
    assert q2["waivers"] == [{"reason": "public_interest", "count": 1,
                              "values": [{"currency": "USD", "value": "70.00"}]}]


def test_hidden_records_change_nothing_for_those_who_cannot_see_them(scene):
    """Japan's answer leaves out the RED total and waiver: equal to the answer without them; the owner's includes
    them (the hidden records are what differ)."""
    jp = ask(scene["jp_client"], partner="US-DOC", quarter=1)
    us = ask(scene["us_client"], partner="US-DOC", quarter=1)
    assert jp["cells"][0]["total_value"] == "1500.0000" and us["cells"][0]["total_value"] == "10500.0000"
    assert [w["reason"] for w in us["cells"][0]["waivers"]] == ["non_availability", "resale", "unreasonable_cost"]
    assert "resale" not in str(jp) and "Secret channel" not in str(jp)


def test_filters_and_agency_case(scene):
    assert len(ask(scene["jp_client"], agency="dod", year=2026, quarter=1)["cells"]) == 1
    assert ask(scene["jp_client"], agency="NASA")["cells"] == []
    assert ask(scene["jp_client"], year=2025)["cells"] == []


@pytest.mark.parametrize("params, field", [
    ({"partner": "XX-NONE"}, "partner"), ({"quarter": 5}, "quarter"), ({"year": "x"}, "year"),
    ({"agency": "a\x00"}, "agency"),
])
def test_bad_questions_are_400(scene, params, field):
    response = scene["jp_client"].get(URL, params)
    assert response.status_code == 400 and field in str(response.json())


def test_reads_audited_and_queries_bounded(scene, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        ask(scene["jp_client"], partner="US-DOC")
    assert AuditEvent.objects.filter(action="purchase_total.read", object_owner=scene["us"],
                                     detail__procurement="progress").exists()


def test_purchase_totals_are_a_published_kind(scene, client_for):
    publisher = client_for(scene["jp"], roles=("publisher", "reader"))
    row = {"external_id": "JP-Q1", "agency": "MOD", "year": 2026, "quarter": 1, "channel": "e-Procurement",
           "domestic_value": "10.00", "allied_value": "5.00", "other_value": "0.00", "marking": "AMBER"}
    bulk = publisher.post("/api/v1/purchase-totals/bulk/", {"records": [row, {**row, "external_id": "BAD",
                                                                              "quarter": 7}]}, format="json")
    assert bulk.status_code == 200, bulk.content
    assert [r["status"] for r in bulk.json()["results"]] == ["created", "rejected"]
    # AMBER naming no group: the owner alone.
    assert scene["us_client"].get("/api/v1/purchase-totals/", {"partner": "JP-METI"}).json()["results"] == []
    mine = publisher.get("/api/v1/purchase-totals/", {"partner": "JP-METI"}).json()["results"]
    assert [(r["agency"], r["channel"], r["domestic_value"]) for r in mine] == [("MOD", "e-Procurement", "10.00")]
    # The changes feed carries them like any kind: the owner's feed has its AMBER total, the US's does not.
    def fed(client):
        body = client.get("/api/v1/changes/", {"limit": 1000}).json()
        return {(c["kind"], c["record"]["external_id"]) for c in body["results"] if c["record"]}

    assert ("purchase_total", "JP-Q1") in fed(publisher)
    assert ("purchase_total", "JP-Q1") not in fed(scene["us_client"])
    assert ("purchase_total", "Q1-GSA") in fed(scene["us_client"])
