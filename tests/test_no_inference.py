"""Filters, ordering, pagination and errors reveal nothing of hidden records.

For a caller who may not see them, every list answer is the same, byte for byte, whether or not hidden
records exist that would match its filters or sort between the rows it sees; and a filter or a detail address
naming a hidden record answers exactly as one naming a record that does not exist.
"""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

NOWHERE = 987_654_321  # an id no record has


@pytest.fixture
def scene(client_for):
    owner = PartnerFactory(code="JP-METI", country="JP")
    member = PartnerFactory(code="KR-MOTIE", country="KR")
    other = PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="Magnets WG", members=[owner, member])
    magnet = ProductFactory(code="NDFEB-MAGNET", sector="critical_minerals")
    site = publish("facility", owner, "SITE", marking="CLEAR", country="JP", latitude=Decimal("35.6"),
                   longitude=Decimal("139.7"))
    buyer = publish("facility", owner, "BUYER", marking="CLEAR", country="JP")
    for n, nominal in enumerate((100, 300, 500)):
        publish("capacity", owner, f"C-{n}", marking="CLEAR", facility=site, product=magnet, nominal=nominal,
                in_use=nominal // 2, spare=nominal // 2, releasable=nominal // 4)
        publish("stockpile", owner, f"S-{n}", marking="CLEAR", facility=site, product=magnet, quantity=nominal,
                releasable=10)
    publish("supply_link", owner, "L-0", marking="CLEAR", supplier=site, buyer=buyer, product=magnet)
    for n, total in enumerate((100, 300, 500)):
        publish("demand", owner, f"D-{n}", marking="CLEAR", product=magnet, total_per_month=total,
                defence_per_month=total // 4, health_per_month=0)
    return {"owner": owner, "group": group, "magnet": magnet, "site": site, "buyer": buyer,
            "other": client_for(other, roles=("reader",)), "anonymous": APIClient()}


def add_hidden(scene, green: bool = False) -> dict:
    """Records that MX-SE (not in the group) and anonymous callers may not see, built to sit between, before
    and after the visible rows under every filter and ordering below; ``green`` adds TLP:GREEN ones, hidden
    from callers without a key."""
    owner, group, magnet, site, buyer = (scene[k] for k in ("owner", "group", "magnet", "site", "buyer"))
    hidden = {}
    hidden["facility"] = publish("facility", owner, "H-RED", marking="RED", country="JP", latitude=Decimal("35.7"),
                                 longitude=Decimal("139.8"))
    publish("facility", owner, "H-AMBER", marking="AMBER", groups=[group], country="MX")
    publish("facility", owner, "H-STRICT", marking="AMBER+STRICT", groups=[group], country="JP")
    markings = [("RED", 50), ("AMBER", 200), ("AMBER+STRICT", 400), ("RED", 900)]
    if green:
        publish("facility", owner, "H-GREEN", marking="GREEN", country="JP", latitude=Decimal("35.65"),
                longitude=Decimal("139.75"))
        markings += [("GREEN", 10), ("GREEN", 250), ("GREEN", 2000)]
    for n, (marking, nominal) in enumerate(markings):
        groups = [group] if marking.startswith("AMBER") else []
        record = publish("capacity", owner, f"HC-{n}", marking=marking, groups=groups, facility=site, product=magnet,
                         nominal=nominal, in_use=nominal // 2, spare=nominal // 2, releasable=nominal // 4)
        hidden.setdefault("capacity", record)
        publish("stockpile", owner, f"HS-{n}", marking=marking, groups=groups, facility=site, product=magnet,
                quantity=nominal, releasable=10)
    # GREEN records at a hidden facility are hidden too.
    hidden["stockpile"] = publish("stockpile", owner, "HS-AT-RED", facility=hidden["facility"], product=magnet,
                                  quantity=700, releasable=10)
    for n, (marking, total) in enumerate(markings):
        groups = [group] if marking.startswith("AMBER") else []
        record = publish("demand", owner, f"HD-{n}", marking=marking, groups=groups, product=magnet,
                         total_per_month=total, defence_per_month=total // 4, health_per_month=0)
        hidden.setdefault("demand", record)
    hidden["supply_link"] = publish("supply_link", owner, "HL-RED", marking="RED", supplier=site, buyer=buyer,
                                    product=magnet)
    publish("supply_link", owner, "HL-AT-RED", supplier=hidden["facility"], buyer=buyer, product=magnet)
    return hidden


LIST_URLS = [
    "/api/v1/facilities/",
    "/api/v1/facilities/?country=JP",
    "/api/v1/facilities/?country=MX",
    "/api/v1/facilities/?ordering=-name",
    "/api/v1/facilities/?min_latitude=35&max_latitude=36&min_longitude=139&max_longitude=140",
    "/api/v1/facilities/?product=NDFEB-MAGNET",
    "/api/v1/facilities/?partner=JP-METI&marking=RED&marking=AMBER&marking=AMBER%2BSTRICT",
    "/api/v1/facilities/?external_id=H-RED",
    "/api/v1/capacities/?ordering=nominal",
    "/api/v1/capacities/?ordering=-nominal&page_size=1",
    "/api/v1/capacities/?ordering=-updated_at",
    "/api/v1/capacities/?product=NDFEB-MAGNET&country=JP&sector=critical_minerals",
    "/api/v1/capacities/?min_releasable=1",
    "/api/v1/capacities/?marking=RED",
    "/api/v1/capacities/?external_id=HC-0",
    "/api/v1/stockpiles/?ordering=-quantity",
    "/api/v1/stockpiles/?ordering=quantity&page_size=2",
    "/api/v1/stockpiles/?partner=JP-METI",
    "/api/v1/supply-links/?ordering=-volume_per_month",
    "/api/v1/supply-links/?buyer_country=JP&supplier_country=JP",
    "/api/v1/demands/?ordering=-total_per_month",
    "/api/v1/demands/?ordering=defence_per_month&page_size=2",
    "/api/v1/demands/?product=NDFEB-MAGNET&partner=JP-METI&as_of_after=2026-01-01",
    "/api/v1/demands/?external_id=HD-0",
]

KIND_URLS = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles",
             "supply_link": "supply-links", "demand": "demands"}


def _pages(client, url: str, limit: int = 10) -> list[tuple[int, bytes]]:
    """The answer to ``url`` and to every following page (the next links carry the cursor)."""
    answers = []
    while url and len(answers) < limit:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        answers.append((response.status_code, response.content))
        url = response.json().get("next")
    return answers


@pytest.mark.parametrize("caller", ["other", "anonymous"])
def test_lists_are_the_same_with_or_without_hidden_records(scene, caller):
    client = scene[caller]
    before = {url: _pages(client, url) for url in LIST_URLS}
    assert any(b'"id"' in content for answers in before.values() for _, content in answers)
    add_hidden(scene, green=caller == "anonymous")
    after = {url: _pages(client, url) for url in LIST_URLS}
    for url in LIST_URLS:
        assert after[url] == before[url], url


def _problem(response) -> tuple[int, dict]:
    body = response.json()
    body.pop("instance", None)
    body.pop("request_id", None)
    return response.status_code, body


@pytest.mark.parametrize("kind", sorted(KIND_URLS))
def test_a_hidden_record_answers_as_a_missing_one(scene, kind):
    hidden = add_hidden(scene)[kind]
    client = scene["other"]
    url = KIND_URLS[kind]
    for method in ("get", "patch", "delete"):
        hidden_answer = getattr(client, method)(f"/api/v1/{url}/{hidden.pk}/", {}, format="json")
        missing_answer = getattr(client, method)(f"/api/v1/{url}/{NOWHERE}/", {}, format="json")
        # A reader key: writes are refused before any lookup, so both are the same 403; reads are 404.
        assert _problem(hidden_answer) == _problem(missing_answer), (kind, method)
        assert hidden_answer.status_code in {403, 404}


@pytest.mark.parametrize("url", [
    "/api/v1/capacities/?facility={id}",
    "/api/v1/stockpiles/?facility={id}",
    "/api/v1/supply-links/?supplier={id}",
    "/api/v1/supply-links/?buyer={id}",
])
def test_filtering_by_a_hidden_facility_is_filtering_by_none(scene, url):
    hidden = add_hidden(scene)["facility"]
    client = scene["other"]
    assert _pages(client, url.format(id=hidden.pk)) == _pages(client, url.format(id=NOWHERE))
