"""The waiver routes reveal nothing of hidden records (the brief's attacker with a valid key, and the public).

For a caller who may not see them, every answer of the registry (list pages, CSV, Atom, the HTML page, search) is
the same byte for byte with or without hidden waivers that match its filters, words and orderings; scouting is
the same with or without hidden facilities and capacity; and every address naming a hidden waiver answers
exactly as one naming no waiver at all.
"""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

NOWHERE = 987_654_321


@pytest.fixture
def scene(client_for):
    us, jp = PartnerFactory(code="US-DOC", country="US"), PartnerFactory(code="JP-METI", country="JP")
    other = PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="Magnets WG", members=[us, jp])
    magnet = ProductFactory(code="NDFEB-MAGNET", name="NdFeB magnet", sector="critical_minerals",
                            hs_codes=["850511"], unit="t")
    site = publish("facility", jp, "JP-A", marking="CLEAR", country="JP", latitude=Decimal(0), longitude=Decimal(1))
    publish("capacity", jp, "C-A", marking="CLEAR", facility=site, product=magnet, nominal=Decimal(100),
            in_use=Decimal(60), spare=Decimal(40), releasable=Decimal(20))
    for n, value in enumerate(("1000.00", "5000.00", "9000.00")):
        publish("waiver", us, f"W-{n}", marking="CLEAR", product=magnet, value=Decimal(value), status="posted",
                description="Sintered magnet blocks", origin_country="CN", delivery_latitude=Decimal(0),
                delivery_longitude=Decimal(0))
    return {"us": us, "jp": jp, "group": group, "magnet": magnet, "site": site,
            "other": client_for(other, roles=("reader", "responder")), "anonymous": APIClient()}


def add_hidden(scene, green: bool) -> dict:
    us, group, magnet = scene["us"], scene["group"], scene["magnet"]
    hidden = {}
    markings = [("RED", "500.00"), ("AMBER", "3000.00"), ("AMBER+STRICT", "7000.00"), ("RED", "20000.00")]
    if green:
        markings += [("GREEN", "10.00"), ("GREEN", "6000.00")]
    for n, (marking, value) in enumerate(markings):
        record = publish("waiver", us, f"H-{n}", marking=marking, groups=[group] if "AMBER" in marking else [],
                         product=magnet, value=Decimal(value), status="posted", description="Sintered magnet blocks",
                         origin_country="CN", posted_on=date(2026, 1, 5), proposed_on=date(2026, 1, 1))
        hidden.setdefault("waiver", record)
    # Hidden supply for scouting: a RED facility, and RED capacity at the visible one.
    red_site = publish("facility", scene["jp"], "JP-R", marking="RED", country="JP", latitude=Decimal(0),
                       longitude=Decimal(0))
    for n, where in enumerate((red_site, scene["site"])):
        publish("capacity", scene["jp"], f"HC-{n}", marking="RED", facility=where, product=magnet,
                nominal=Decimal(900), in_use=Decimal(0), spare=Decimal(900), releasable=Decimal(900))
    return hidden


URLS = [
    "/api/v1/waivers/",
    "/api/v1/waivers/?ordering=-value",
    "/api/v1/waivers/?ordering=value&page_size=1",
    "/api/v1/waivers/?ordering=-updated_at",
    "/api/v1/waivers/?q=sintered+magnet",
    "/api/v1/waivers/?product=NDFEB-MAGNET&sector=critical_minerals&origin_country=CN&status=posted",
    "/api/v1/waivers/?posted_before=2026-01-31",
    "/api/v1/waivers/?marking=RED&partner=US-DOC",
    "/api/v1/waivers/?external_id=H-0",
    "/api/v1/waivers/?format=csv",
    "/api/v1/waivers/?format=csv&q=magnet",
    "/api/v1/waivers/feed/",
    "/waivers/",
    "/waivers/?q=magnet&status=posted",
]


def _answers(client, url: str, limit: int = 10) -> list[bytes]:
    answers = []
    while url and len(answers) < limit:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        answers.append(content)
        url = response.json().get("next") if response["Content-Type"] == "application/json" else None
    return answers


@pytest.mark.parametrize("caller", ["other", "anonymous"])
def test_registry_answers_are_the_same_with_or_without_hidden_waivers(scene, caller):
    client = scene[caller]
    before = {url: _answers(client, url) for url in URLS}
    add_hidden(scene, green=caller == "anonymous")
    for url in URLS:
        assert _answers(client, url) == before[url], url


def test_scouting_is_the_same_with_or_without_hidden_supply(scene):
    waiver = publish("waiver", scene["us"], "W-GREEN", marking="GREEN", product=scene["magnet"], status="posted",
                     delivery_latitude=Decimal(0), delivery_longitude=Decimal(0))
    client = scene["other"]
    before = client.get(f"/api/v1/waivers/{waiver.pk}/scouting/").content
    add_hidden(scene, green=False)
    assert client.get(f"/api/v1/waivers/{waiver.pk}/scouting/").content == before
    assert b'"spare":"40.000"' in before


def _problem(response) -> tuple[int, dict]:
    body = response.json()
    body.pop("instance", None)
    body.pop("request_id", None)
    return response.status_code, body


@pytest.mark.parametrize("caller", ["other", "anonymous"])
def test_a_hidden_waiver_answers_as_a_missing_one_on_every_route(scene, caller):
    hidden = add_hidden(scene, green=True)["waiver"]
    client = scene[caller]
    for suffix, method in (("", "get"), ("", "patch"), ("", "delete"), ("markings/", "get"),
                           ("scouting/", "get"), ("responses/", "get"), ("responses/", "post")):
        body = {"facility": "JP-A", "quantity": "1", "available_by": "2099-01-01"} if method == "post" else {}
        hidden_answer = getattr(client, method)(f"/api/v1/waivers/{hidden.pk}/{suffix}", body, format="json")
        missing_answer = getattr(client, method)(f"/api/v1/waivers/{NOWHERE}/{suffix}", body, format="json")
        assert _problem(hidden_answer) == _problem(missing_answer), (suffix, method)
        assert hidden_answer.status_code in {401, 403, 404}, (suffix, method)
    page_hidden, page_missing = client.get(f"/waivers/{hidden.pk}/"), client.get(f"/waivers/{NOWHERE}/")
    assert (page_hidden.status_code, page_hidden.content) == (page_missing.status_code, page_missing.content)
