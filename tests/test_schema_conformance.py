"""Regression tests for what API fuzzing (tests/test_api_fuzz.py) found: answers that the schema did not declare.

Each checks the real answer through the API and the declaration in api_docs/openapi.yaml (the same file that
tests/test_service.py keeps equal to the generated schema).
"""

from pathlib import Path

import pytest
import yaml

from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load((Path(__file__).resolve().parent.parent / "api_docs" / "openapi.yaml").read_text())


def declared(path: str, method: str = "get") -> dict:
    return SCHEMA["paths"][path][method]


def component(name: str) -> dict:
    return SCHEMA["components"]["schemas"][name]


@pytest.mark.parametrize("kind", ["facilities", "capacities", "stockpiles", "supply-links"])
def test_marking_history_is_a_plain_list_as_declared(client_for, kind):
    # It was declared as a cursor page with the list's filters; the view answers a JSON array.
    operation = declared(f"/api/v1/{kind}/{{id}}/markings/")
    body_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body_schema["type"] == "array"
    assert {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"} == set()

    owner = PartnerFactory(code="AU-DISR")
    site = publish("facility", owner)
    record = {
        "facilities": site,
        "capacities": publish("capacity", owner, facility=site),
        "stockpiles": publish("stockpile", owner, facility=site),
        "supply-links": publish("supply_link", owner, supplier=site, buyer=publish("facility", owner)),
    }[kind]
    response = client_for(owner, roles=("reader", "publisher")).get(f"/api/v1/{kind}/{record.pk}/markings/",
                                                                     {"cursor": "x", "partner": "nobody"})
    assert response.status_code == 200
    assert isinstance(response.json(), list) and response.json()[0]["marking"] == "GREEN"


def test_audit_event_without_an_acting_partner_is_declared_nullable(staff_client):
    # A key issued by the secretariat (no partner acting) has actor_partner null; the schema said string.
    from tests.factories import issue_key

    issue_key(PartnerFactory(code="JP-METI"))
    events = staff_client.get("/api/v1/audit-events/", {"action": "api_key.issue"}).json()["results"]
    assert events and events[0]["actor_partner"] is None
    properties = component("AuditEvent")["properties"]
    assert properties["actor_partner"].get("nullable") is True
    assert properties["object_owner"].get("nullable") is True


@pytest.mark.parametrize(("path", "url"), [
    ("/api/v1/products/", "/api/v1/products/"),
    ("/api/v1/facilities/", "/api/v1/facilities/"),
    ("/api/v1/capacities/", "/api/v1/capacities/"),
    ("/api/v1/health/", "/api/v1/health/"),
])
def test_anonymous_reads_are_declared(api, path, url):
    # These answer without a key (TLP:CLEAR, the public catalogue); the schema said a key was required.
    ProductFactory(code="LIOH")
    assert api.get(url).status_code == 200
    assert {} in declared(path)["security"]


def test_writes_still_declare_a_key():
    assert {} not in declared("/api/v1/facilities/", "post")["security"]
    assert {} not in declared("/api/v1/capacities/bulk/", "post")["security"]
