"""Price preference evaluation (POST /api/v1/procurement/evaluate/): hand-computed evaluated prices and winners."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/procurement/evaluate/"


@pytest.fixture
def client(client_for):
    return client_for(PartnerFactory(code="US-GSA", country="US"), roles=("coordinator",))


def offer(id, price, domestic, small=False):
    return {"id": id, "price": price, "domestic": domestic, "small_business": small}


def evaluate(client, offers, defence=False):
    response = client.post(URL, {"defence": defence, "offers": offers}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    return body, {o["id"]: o["evaluated_price"] for o in body["offers"]}


def test_preference_flips_the_winner(client):
    # Lowest offer foreign (100): foreign prices + 20% -> 120, above the domestic 110: the domestic offer wins.
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("D", "110.00", True)])
    assert prices == {"F": "120.0000", "D": "110.0000"}
    assert (body["winner"], body["preference_basis"], body["preference_percent"]) == ("D", "standard", 20)
    assert "raised by 20%" in body["rule"] and "Winner: D" in body["rule"]


def test_preference_too_small_to_flip(client):
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("D", "125.00", True)])
    assert (prices["F"], body["winner"]) == ("120.0000", "F")


def test_small_business_lowest_domestic_takes_thirty_percent(client):
    # The lowest domestic offer (125) is from a small business: 100 + 30% = 130 > 125. A larger domestic firm's
    # dearer offer (126) does not change which rate applies.
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("S", "125.00", True, small=True),
                                     offer("L", "126.00", True)])
    assert (prices["F"], body["winner"], body["preference_basis"]) == ("130.0000", "S", "small_business")
    # The lowest domestic offer not from a small business: 20%, and the foreign offer wins.
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("L", "125.00", True),
                                     offer("S", "125.50", True, small=True)])
    assert (prices["F"], body["winner"]) == ("120.0000", "F")


def test_defence_replaces_the_other_rates(client):
    # 100 + 50% = 150 > 145 (small business or not: defence replaces the 30%).
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("D", "145.00", True, small=True)],
                            defence=True)
    assert (prices["F"], body["winner"], body["preference_basis"]) == ("150.0000", "D", "defence")
    body, _ = evaluate(client, [offer("F", "100.00", False), offer("D", "150.01", True)], defence=True)
    assert body["winner"] == "F"


def test_tie_goes_to_the_domestic_offer(client):
    # 100.00 + 20% = 120.00, exactly the domestic price.
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("D", "120.00", True)])
    assert (prices, body["winner"]) == ({"F": "120.0000", "D": "120.0000"}, "D")
    # Equal offered prices, domestic lowest: no preference, the domestic offer wins the tie.
    body, _ = evaluate(client, [offer("F", "99.99", False), offer("D", "99.99", True)])
    assert (body["winner"], body["preference_applied"]) == ("D", False)


def test_no_preference_when_the_lowest_offer_is_domestic_or_there_is_none(client):
    body, prices = evaluate(client, [offer("F", "100.00", False), offer("D", "90.00", True)])
    assert (prices["F"], body["winner"], body["preference_basis"]) == ("100.0000", "D", "none")
    body, prices = evaluate(client, [offer("F1", "100.00", False), offer("F2", "100.00", False)])
    assert (body["winner"], body["preference_basis"]) == ("F1", "none")  # listed first


def test_exact_arithmetic_no_rounding(client):
    # 0.05 x 1.2 = 0.06 and 33.33 x 1.3 = 43.329, kept exactly.
    _, prices = evaluate(client, [offer("F", "0.05", False), offer("D", "1.00", True)])
    assert prices["F"] == "0.0600"
    _, prices = evaluate(client, [offer("F", "33.33", False), offer("D", "50.00", True, small=True)])
    assert prices["F"] == "43.3290"


@pytest.mark.parametrize("payload, field", [
    ({"offers": []}, "offers"),
    ({}, "offers"),
    ({"offers": "x"}, "offers"),
    ({"offers": [offer("A", "1.00", True), offer("A", "2.00", False)]}, "offers"),
    ({"offers": [offer("A", "-1.00", True)]}, "price"),
    ({"offers": [offer("A", "1.001", True)]}, "price"),
    ({"offers": [offer("A", "NaN", True)]}, "price"),
    ({"offers": [{"id": "A", "price": "1.00"}]}, "domestic"),
    ({"offers": [offer("A\x00", "1.00", True)]}, "id"),
    ({"defence": "perhaps", "offers": [offer("A", "1.00", True)]}, "defence"),
])
def test_bad_input_is_400(client, payload, field):
    response = client.post(URL, payload, format="json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert field in str(response.json())


def test_too_many_offers_is_400(client, settings):
    settings.PROCUREMENT_MAX_OFFERS = 2
    response = client.post(URL, {"offers": [offer(str(i), "1.00", True) for i in range(3)]}, format="json")
    assert response.status_code == 400


def test_stateless_and_any_role(client_for):
    partner = PartnerFactory(code="JP-METI", country="JP")
    for roles in (("reader",), ("publisher",), ("responder",)):
        with CaptureQueriesContext(connection) as queries:
            body, _ = evaluate(client_for(partner, roles=roles), [offer("D", "1.00", True)])
        assert body["winner"] == "D"
        # Authentication and the access log only: nothing about the offers is read or written.
        assert not [q for q in queries.captured_queries if "sharing_facility" in q["sql"]]
