"""The publisher's console pages: my records and their marking history, and who read my data, each equal to the
API's answer for the same signed-in person; hidden records 404; lists paged; query counts bounded."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

pytestmark = pytest.mark.django_db


def as_json(data):
    return json.loads(json.dumps(data, cls=JSONEncoder))


@pytest.fixture
def scene():
    jp = PartnerFactory(code="JP-METI", country="JP")
    kr = PartnerFactory(code="KR-MOTIE", country="KR")
    mx = PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="Magnets WG", members=[jp, kr])
    product = ProductFactory(code="NDPR")
    records = {}
    for marking in ("CLEAR", "GREEN", "AMBER", "RED"):
        groups = [group] if marking == "AMBER" else []
        plant = site(jp, "JP", marking=marking, groups=groups, name=f"Plant {marking}", external_id=f"F-{marking}")
        records[("facility", marking)] = plant
        records[("capacity", marking)] = output(jp, plant, product, 100, marking=marking, groups=groups,
                                                external_id=f"C-{marking}")
    green = records[("facility", "GREEN")]
    records[("stockpile", "GREEN")] = publish("stockpile", jp, "S-GREEN", facility=green, product=product)
    buyer = site(jp, "JP", name="Buyer plant", external_id="F-BUYER")
    records[("supply_link", "GREEN")] = publish("supply_link", jp, "L-GREEN", supplier=green, buyer=buyer,
                                                product=product, volume_per_month=Decimal(5))
    others = site(mx, "MX", name="Monterrey plant", external_id="MX-1")
    return {"jp": jp, "kr": kr, "mx": mx, "group": group, "product": product, "records": records,
            "others": others}


_people = itertools.count()


def person(partner, roles=("reader", "publisher")):
    return sign_in(make_person(partner, roles, username=f"{partner.code}-{'-'.join(roles)}-{next(_people)}"))


@pytest.mark.parametrize("slug, api", [("facilities", "facilities"), ("capacities", "capacities"),
                                       ("stockpiles", "stockpiles"), ("supply-links", "supply-links")])
def test_my_records_are_the_apis_rows_page_by_page(slug, api, scene):
    client = person(scene["jp"])
    page = client.get(f"/console/records/{slug}/", {"page_size": 2})
    answer = client.get(f"/api/v1/{api}/", {"partner": "JP-METI", "page_size": 2}).json()
    assert page.status_code == 200
    assert as_json(page.context["rows"]) == answer["results"] and answer["results"]
    while answer["next"]:
        assert page.context["page"].next_url
        page = client.get(page.context["page"].next_url)
        answer = client.get(answer["next"]).json()
        assert as_json(page.context["rows"]) == answer["results"]
    assert page.context["page"].next_url is None
    html = page.content.decode()
    assert "MX-1" not in html and "Monterrey" not in html  # another partner's records are not "mine"


@pytest.mark.parametrize("caller", ["kr", "mx"])  # inside the sharing group, and outside it
def test_another_partners_records_list_holds_only_its_own(caller, scene):
    """A person lists their own partner's records: the API's ?partner=<own code>, whatever else they may see."""
    client = person(scene[caller])
    page = client.get("/console/records/facilities/")
    answer = client.get("/api/v1/facilities/", {"partner": scene[caller].code}).json()
    assert as_json(page.context["rows"]) == answer["results"]
    assert "Plant AMBER" not in page.content.decode()


def test_marking_filter_is_the_apis(scene):
    client = person(scene["jp"])
    page = client.get("/console/records/facilities/", {"marking": "RED"})
    answer = client.get("/api/v1/facilities/", {"partner": "JP-METI", "marking": "RED"}).json()
    assert as_json(page.context["rows"]) == answer["results"] and len(answer["results"]) == 1
    assert client.get("/console/records/facilities/", {"marking": "PURPLE"}).status_code == 400
    assert client.get("/console/records/facilities/", {"cursor": "x" * 600}).status_code == 400


def test_a_record_and_its_marking_history(scene):
    jp = scene["jp"]
    record = scene["records"][("facility", "GREEN")]
    site(jp, "JP", marking="AMBER", groups=[scene["group"]], name="Plant GREEN", external_id="F-GREEN")
    client = person(jp)
    page = client.get(f"/console/records/facilities/{record.pk}/")
    assert page.status_code == 200
    history = client.get(f"/api/v1/facilities/{record.pk}/markings/").json()
    assert as_json(page.context["history"]) == history and len(history) == 2
    assert as_json(page.context["data"]) == client.get(f"/api/v1/facilities/{record.pk}/").json()
    html = page.content.decode()
    assert "TLP:AMBER" in html and "TLP:GREEN" in html and "Magnets WG" in html


@pytest.mark.parametrize("kind, slug", [("facility", "facilities"), ("capacity", "capacities")])
def test_hidden_records_are_404_and_visible_ones_of_another_partner_403_as_in_the_api(kind, slug, scene):
    records = scene["records"]
    api_slug = slug
    for caller, marking, expected in [
        ("mx", "RED", 404), ("mx", "AMBER", 404), ("kr", "RED", 404),  # hidden: as if it did not exist
        ("kr", "AMBER", 403), ("mx", "GREEN", 403),  # visible, but its history is its owner's
        ("jp", "RED", 200),
    ]:
        client = person(scene[caller])
        pk = records[(kind, marking)].pk
        assert client.get(f"/console/records/{slug}/{pk}/").status_code == expected, (caller, marking)
        assert client.get(f"/api/v1/{api_slug}/{pk}/markings/").status_code == expected, (caller, marking)
    client = person(scene["jp"], ("reader",))
    assert client.get(f"/console/records/{slug}/999999999/").status_code == 404
    assert client.get(f"/console/records/{slug}/99999999999999999999/").status_code == 404
    assert client.get("/console/records/widgets/").status_code == 404


def test_who_saw_my_data_is_the_access_log_filtered_as_the_api(scene):
    jp, kr, mx = scene["jp"], scene["kr"], scene["mx"]
    person(kr, ("reader",)).get("/api/v1/facilities/")
    person(mx, ("reader",)).get("/api/v1/capacities/")
    client = person(jp)
    page = client.get("/console/access-log/")
    answer = client.get("/api/v1/access-log/").json()
    assert as_json(page.context["rows"]) == answer["results"]
    assert {r["actor_partner"] for r in answer["results"]} == {"KR-MOTIE", "MX-SE"}
    today = timezone.now().date()
    for query in ({"partner": "KR-MOTIE"}, {"kind": "capacity"},
                  {"after": str(today), "before": str(today + timedelta(days=1))},
                  {"after": str(today + timedelta(days=1))}, {"page_size": 1}):
        page = client.get("/console/access-log/", query)
        answer = client.get("/api/v1/access-log/", query).json()
        assert page.status_code == 200 and as_json(page.context["rows"]) == answer["results"], query
    assert client.get("/console/access-log/", {"after": "not a date"}).status_code == 400
    # Another partner's person sees the reads of its own data only (KR's list included MX's GREEN plant).
    other = person(mx, ("reader",))
    rows = other.get("/console/access-log/").context["rows"]
    assert as_json(rows) == other.get("/api/v1/access-log/").json()["results"]
    assert {r["object_owner"] for r in rows} == {"MX-SE"}


def test_publisher_pages_query_counts_do_not_grow_with_rows(scene, monkeypatch):
    # The idle clock writes the session at most every 30 s: never during the counts (see test_analyst_pages).
    monkeypatch.setattr("sharing.console.middleware.SEEN_RESOLUTION_SECONDS", 10**9)
    jp = scene["jp"]
    client = person(jp)
    record = scene["records"][("facility", "GREEN")]
    urls = ["/console/records/facilities/", "/console/records/capacities/", "/console/records/supply-links/",
            "/console/access-log/", f"/console/records/facilities/{record.pk}/"]
    for url in urls:
        client.get(url)

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found[url] = len(queries)
        return found

    few = counts()
    group = scene["group"]
    for n in range(8):
        plant = site(jp, "KR", marking="AMBER", groups=[group], external_id=f"EXTRA-{n}")
        output(jp, plant, scene["product"], 10, external_id=f"EXTRA-C-{n}")
        publish("supply_link", jp, f"EXTRA-L-{n}", supplier=plant, buyer=scene["records"][("facility", "RED")],
                product=scene["product"])
    person(scene["kr"], ("reader",)).get("/api/v1/facilities/")
    many = counts()
    assert many == few, (few, many)
    assert max(few.values()) <= 20, few
