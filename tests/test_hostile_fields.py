"""Hostile values in every field of every writable kind: huge, negative and non-finite numbers, control
characters, SQL and script fragments. Each is refused with a 4xx problem and nothing is stored, or (free text)
stored verbatim as plain text. Single writes and bulk rows go through the same validation; both are checked.
"""

import pytest

from sharing.models import (
    AuditEvent,
    Capacity,
    Demand,
    EmergencyRequest,
    Facility,
    MarkingChange,
    Stockpile,
    SupplyLink,
    WebhookEndpoint,
)
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = pytest.mark.django_db

KINDS = {
    "facility": ("/api/v1/facilities/", Facility, {
        "external_id": "H-1", "name": "Plant", "country": "AU", "latitude": "-31.9", "longitude": "115.8",
        "kind": "refinery", "operator": "Op", "marking": "GREEN"}),
    "capacity": ("/api/v1/capacities/", Capacity, {
        "external_id": "H-1", "facility": "SITE", "product": "LIOH", "nominal": "10", "in_use": "5", "spare": "5",
        "surge": "0", "lead_time_days": 5, "releasable": "1", "as_of": "2026-09-30", "marking": "GREEN"}),
    "stockpile": ("/api/v1/stockpiles/", Stockpile, {
        "external_id": "H-1", "facility": "SITE", "product": "LIOH", "quantity": "10", "releasable": "1",
        "as_of": "2026-09-30", "marking": "GREEN"}),
    "supply_link": ("/api/v1/supply-links/", SupplyLink, {
        "external_id": "H-1", "supplier": "SITE", "buyer": "SITE2", "product": "LIOH", "volume_per_month": "3",
        "marking": "GREEN"}),
    "demand": ("/api/v1/demands/", Demand, {
        "external_id": "H-1", "product": "LIOH", "total_per_month": "10", "defence_per_month": "2",
        "health_per_month": "3", "as_of": "2026-09-30", "marking": "GREEN"}),
}
NUMERIC_FIELDS = {
    "facility": ["latitude", "longitude"],
    "capacity": ["nominal", "in_use", "spare", "surge", "lead_time_days", "releasable"],
    "stockpile": ["quantity", "releasable"],
    "supply_link": ["volume_per_month"],
    "demand": ["total_per_month", "defence_per_month", "health_per_month"],
}
# Free text is stored as given; a reference (facility, product, partner code) that names nothing is refused.
FREE_TEXT = {"facility": ["external_id", "name", "operator"], "capacity": ["external_id"],
             "stockpile": ["external_id"], "supply_link": ["external_id"], "demand": ["external_id"]}
REFERENCES = {"facility": [], "capacity": ["facility", "product"], "stockpile": ["facility", "product"],
              "supply_link": ["supplier", "buyer", "product", "supplier_owner", "buyer_owner"],
              "demand": ["product"]}
HOSTILE_NUMBERS = ["-1", -1, -10**40, 10**40, "1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity",
                   "0x10", "1,5", True, [], {}]
CONTROL = ["bell\u0007", "esc\u001b[2J", "line\nbreak", "del\u007f"]
FRAGMENTS = ["Robert'); DROP TABLE sharing_capacity;--", "' OR '1'='1", "<script>alert(1)</script>",
             "{{7*7}}${jndi:ldap://x}", "Ünïcödé ☢ 稀土 مصنع evil", "%00%27", "../../etc/passwd"]


@pytest.fixture
def publisher(client_for):
    partner = PartnerFactory(code="AU-DISR")
    ProductFactory(code="LIOH")
    publish("facility", partner, "SITE")
    publish("facility", partner, "SITE2")
    return client_for(partner, roles=("reader", "publisher"))


def stored_state(model) -> tuple:
    return (model.objects.count(), AuditEvent.objects.filter(action__startswith=f"{model.kind}.").count(),
            MarkingChange.objects.filter(kind=model.kind).count())


def assert_nothing_stored(model, before: tuple, row: dict) -> None:
    assert stored_state(model) == before
    assert not model.objects.filter(external_id=row.get("external_id")).exists()


def write_both_ways(client, kind: str, row: dict) -> tuple:
    """The single create's answer and the bulk row's result for the same row."""
    url, _, _ = KINDS[kind]
    single = client.post(url, row, format="json")
    bulk = client.post(f"{url}bulk/", {"records": [row]}, format="json")
    return single, bulk


def assert_refused_both_ways(client, kind: str, row: dict, field: str) -> None:
    _, model, _ = KINDS[kind]
    before = stored_state(model)
    single, bulk = write_both_ways(client, kind, row)
    assert single.status_code == 400, (field, row.get(field), single.status_code, single.content[:300])
    assert single["Content-Type"] == "application/problem+json"
    assert field in single.json()["errors"], single.json()
    assert bulk.status_code == 200, bulk.content[:300]
    assert bulk.json()["rejected"] == 1 and bulk.json()["results"][0]["status"] == "rejected"
    assert field in bulk.json()["results"][0]["errors"]
    strict = client.post(f"{KINDS[kind][0]}bulk/", {"records": [row], "all_or_nothing": True}, format="json")
    assert strict.status_code == 400 and strict["Content-Type"] == "application/problem+json"
    assert_nothing_stored(model, before, row)


COORDINATES = ("latitude", "longitude", "destination_latitude", "destination_longitude")


def hostile_for(field: str, value):
    """-1 is a fine coordinate; out of range ones are hostile instead."""
    if field.endswith("latitude") and value in ("-1", -1):
        return "-90.5"
    if field.endswith("longitude") and value in ("-1", -1):
        return 180.01
    return value


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k, fields in NUMERIC_FIELDS.items() for f in fields])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=repr)
def test_hostile_numbers_in_every_numeric_field(publisher, kind, field, value):
    value = hostile_for(field, value)
    row = {**KINDS[kind][2], field: value}
    assert_refused_both_ways(publisher, kind, row, field)


@pytest.mark.parametrize(("kind", "field"), [
    (k, f) for k in KINDS for f in FREE_TEXT[k] + [r for r in REFERENCES[k] if not r.endswith("_owner")]
])
@pytest.mark.parametrize("value", CONTROL, ids=repr)
def test_control_characters_in_every_string_field(publisher, kind, field, value):
    assert_refused_both_ways(publisher, kind, {**KINDS[kind][2], field: value}, field)


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k in KINDS for f in FREE_TEXT[k]])
@pytest.mark.parametrize("text", FRAGMENTS)
def test_sql_and_script_fragments_in_free_text_are_plain_text(publisher, kind, field, text):
    url, model, base = KINDS[kind]
    response = publisher.post(url, {**base, field: text}, format="json")
    assert response.status_code == 201, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert publisher.get(f"{url}{response.json()['id']}/").json()[field] == text
    assert model.objects.count() == 1 + (2 if kind == "facility" else 0)
    listed = publisher.get(url, {"external_id": text} if field == "external_id" else {})
    assert listed.status_code == 200 and response.json()["id"] in [r["id"] for r in listed.json()["results"]]


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k in KINDS for f in REFERENCES[k]])
@pytest.mark.parametrize("text", FRAGMENTS)
def test_sql_and_script_fragments_in_references_name_nothing(publisher, kind, field, text):
    row = {**KINDS[kind][2], field: text}
    if field.endswith("_owner"):  # a partner code: the facility it qualifies is then not found
        field = field.removesuffix("_owner")
    assert_refused_both_ways(publisher, kind, row, field)


@pytest.mark.parametrize("kind", ["capacity", "stockpile", "supply_link"])
def test_another_partners_hidden_facility_cannot_be_referenced(publisher, kind):
    other = PartnerFactory(code="JP-METI")
    publish("facility", other, "HIDDEN", marking="RED")
    field = "supplier" if kind == "supply_link" else "facility"
    row = {**KINDS[kind][2], field: "HIDDEN"}
    if kind == "supply_link":
        row["supplier_owner"] = "JP-METI"
    assert_refused_both_ways(publisher, kind, row, field)


# Emergency requests and webhooks -----------------------------------------------------------------------------

REQUEST = {"product": "LIOH", "quantity": "10", "destination_country": "MX", "destination_latitude": "19",
           "destination_longitude": "-99", "needed_by": "2099-01-01", "priority": 1, "justification": "Hospitals"}


@pytest.fixture
def coordinator(client_for):
    ProductFactory(code="LIOH")
    return client_for(PartnerFactory(code="MX-SE"), roles=("coordinator", "reader"))


@pytest.mark.parametrize("field", ["quantity", "destination_latitude", "destination_longitude", "priority"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS + ["0", 0], ids=repr)
def test_emergency_request_hostile_numbers(coordinator, field, value):
    if field in COORDINATES and value in ("0", 0):
        return  # the equator and the meridian are places
    value = hostile_for(field, value)
    response = coordinator.post("/api/v1/emergency-requests/", {**REQUEST, field: value}, format="json")
    assert response.status_code == 400, (value, response.content[:300])
    assert response["Content-Type"] == "application/problem+json" and field in response.json()["errors"]
    assert not EmergencyRequest.objects.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("justification", "bell\u0007"), ("justification", "esc\u001b[2J"), ("justification", "x" * 100_000),
    ("product", "' OR '1'='1"), ("destination_country", "<script>"), ("needed_by", "2026-02-30"),
    ("needed_by", "99999-01-01"),
])
def test_emergency_request_hostile_strings(coordinator, field, value):
    response = coordinator.post("/api/v1/emergency-requests/", {**REQUEST, field: value}, format="json")
    assert response.status_code == 400, (value, response.content[:300])
    assert field in response.json()["errors"]
    assert not EmergencyRequest.objects.exists()


@pytest.mark.parametrize("text", FRAGMENTS + ["Two lines\nof reasons,\ttabbed"])
def test_emergency_request_justification_is_plain_text(coordinator, text):
    response = coordinator.post("/api/v1/emergency-requests/", {**REQUEST, "justification": text}, format="json")
    assert response.status_code == 201, response.content[:300]
    assert coordinator.get(f"/api/v1/emergency-requests/{response.json()['id']}/").json()["justification"] == text


@pytest.mark.parametrize(("field", "value"), [
    ("url", "javascript:alert(1)"), ("url", "https://exa mple.org/"), ("url", "https://x/\u0007"),
    ("url", "file:///etc/passwd"), ("url", "https://" + "a" * 3000 + ".org/"), ("secret", "short"),
    ("secret", "s" * 10_000), ("events", ["'; DROP TABLE x;--"]), ("events", {"a": 1}),
])
def test_webhook_hostile_values(client_for, field, value):
    client = client_for(PartnerFactory(code="MX-SE"), roles=("responder", "coordinator"))
    body = {"url": "https://hooks.example.org/sharing", "events": ["offer.proposed"],
            field: value}
    response = client.post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400, (value, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    assert not WebhookEndpoint.objects.exists()
