"""Hostile input: each gets a 4xx problem and nothing is stored."""

import json

import pytest

from sharing.models import AuditEvent, Facility
from tests.factories import PartnerFactory, publish

pytestmark = pytest.mark.django_db

FACILITY = {"external_id": "H-1", "name": "Plant", "country": "AU", "latitude": "-31.9", "longitude": "115.8",
            "kind": "refinery", "marking": "GREEN"}


@pytest.fixture
def publisher(client_for):
    return client_for(PartnerFactory(code="AU-DISR"), roles=("reader", "publisher"))


def post_raw(client, body: bytes | str, content_type="application/json", url="/api/v1/facilities/"):
    return client.generic("POST", url, body, content_type=content_type)


def assert_refused(response, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    assert not Facility.objects.exists()


def test_oversized_body_is_413(publisher, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    assert_refused(post_raw(publisher, json.dumps({**FACILITY, "operator": "x" * 2000})), 413)


def test_deeply_nested_json(publisher):
    assert_refused(post_raw(publisher, "[" * 100000 + "]" * 100000))
    assert_refused(post_raw(publisher, json.dumps({**FACILITY, "groups": [[[[["x"]]]]]})))


@pytest.mark.parametrize("body", ["{not json", '{"a": 1,}', "", "\xff\xfe", '{"external_id": "\\ud800"}'])
def test_malformed_json(publisher, body):
    assert_refused(post_raw(publisher, body.encode("latin-1") if "\xff" in body else body))


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x",
                                          "application/x-www-form-urlencoded"])
def test_wrong_content_types(publisher, content_type):
    assert_refused(post_raw(publisher, json.dumps(FACILITY), content_type), 415)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(publisher, literal):
    assert_refused(post_raw(publisher, json.dumps(FACILITY)[:-1] + f', "surge": {literal}}}'))


@pytest.mark.parametrize(("field", "value"), [
    ("latitude", "1e400"), ("latitude", -1e308), ("longitude", 10**40), ("latitude", "-0.0000001"),
    ("name", "a" * 10000), ("name", "bad\u0000name"), ("name", "tab\tname"), ("name", "bell\u0007"),
    ("external_id", ""), ("external_id", None), ("name", ["list"]), ("name", {"a": 1}), ("kind", 7),
    ("name", "\u202eevil"),  # a right-to-left override: refused (sharing/text.py)
])
def test_hostile_field_values(publisher, field, value):
    assert_refused(publisher.post("/api/v1/facilities/", {**FACILITY, field: value}, format="json"))


@pytest.mark.parametrize("text", [
    "Robert'); DROP TABLE sharing_facility;--", "' OR '1'='1", "<script>alert(1)</script>", "${jndi:ldap://x}",
    "Ünïcödé ☢ 稀土 مصنع",
])
def test_sql_and_script_fragments_are_stored_as_plain_text(publisher, text):
    response = publisher.post("/api/v1/facilities/", {**FACILITY, "name": text, "operator": text}, format="json")
    assert response.status_code == 201
    assert publisher.get(f"/api/v1/facilities/{response.json()['id']}/").json()["name"] == text
    assert publisher.get("/api/v1/facilities/", {"country": text}).status_code in (200, 400)
    assert publisher.get("/api/v1/facilities/", {"partner": text}).json()["results"] == []
    assert Facility.objects.count() == 1


def test_ids_of_other_partners_records(publisher, client_for):
    other = PartnerFactory()
    hidden = publish("facility", other, "SECRET", marking="RED")
    for method in ("get", "put", "patch", "delete"):
        response = getattr(publisher, method)(f"/api/v1/facilities/{hidden.pk}/", FACILITY, format="json")
        assert response.status_code == 404
    for bad in ("abc", "-1", "99999999999999999999999", "1.5"):
        assert publisher.get(f"/api/v1/facilities/{bad}/").status_code == 404
    assert Facility.objects.get(pk=hidden.pk).version == 1


@pytest.mark.parametrize("params", [{"updated_after": "yesterday"}, {"min_latitude": "north"},
                                    {"page_size": "-5"}, {"cursor": "garbage"}, {"ordering": "hashed_key"}])
def test_bad_query_parameters_are_4xx_not_500(publisher, params):
    response = publisher.get("/api/v1/facilities/", params)
    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


def test_key_guessing_is_throttled_per_address(api, settings):
    import uuid

    settings.SHARING_THROTTLE_RATES = {"key": None, "anon": None, "auth_failures": "5/min"}
    api.credentials(HTTP_AUTHORIZATION="Api-Key guess123.notarealsecretnotarealsecretnotar")
    address = f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"  # the shared cache outlives tests
    codes = [api.get("/api/v1/me/", REMOTE_ADDR=address).status_code for _ in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    elsewhere = f"203.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    assert api.get("/api/v1/me/", REMOTE_ADDR=elsewhere).status_code == 401  # another address is not blocked
    assert not AuditEvent.objects.filter(action__startswith="facility").exists()


@pytest.mark.parametrize(("url", "params"), [
    # Found by schemathesis: a float id reached SQLite as an integer it cannot hold (OverflowError, a 500).
    ("/api/v1/supply-links/", {"buyer": "-1.7976931348623155e+308"}),
    ("/api/v1/supply-links/", {"supplier": "99999999999999999999999"}),
    ("/api/v1/capacities/", {"facility": "1e400"}),
    ("/api/v1/stockpiles/", {"facility": "-1"}),
    ("/api/v1/capacities/", {"min_releasable": "1e400"}),
    ("/api/v1/facilities/", {"min_latitude": "-1.7976931348623155e+308"}),
    ("/api/v1/facilities/", {"max_longitude": "NaN"}),
    ("/api/v1/facilities/", {"min_longitude": "Infinity"}),
])
def test_huge_and_negative_numbers_in_filters_are_400(publisher, url, params):
    response = publisher.get(url, params)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == set(params)


def test_list_filters_on_a_detail_route_are_ignored_not_a_500(publisher):
    mine = publish("supply_link", PartnerFactory(code="AU-DISR"), supplier=publish("facility", PartnerFactory()),
                   buyer=publish("facility", PartnerFactory()))
    response = publisher.get(f"/api/v1/supply-links/{mine.pk}/markings/", {"buyer": "-1.7976931348623155e+308"})
    assert response.status_code == 200 and isinstance(response.json(), list)  # a detail route has no list filters


@pytest.mark.parametrize(("url", "param"), [
    ("/api/v1/facilities/", "updated_after"), ("/api/v1/access-log/", "after"), ("/api/v1/access-log/", "before"),
    ("/api/v1/audit-events/", "occurred_after"), ("/api/v1/audit-events/", "occurred_before"),
])
@pytest.mark.parametrize("value", ["9527-03-05T09:10:01+17:03", "0410-03-12T09:42:03+05:33",
                                   "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_instants_with_odd_offsets_are_answered_not_500(staff_client, url, param, value):
    # Found by schemathesis on PostgreSQL: an offset beyond 15:59 was a DataError (a 500).
    response = staff_client.get(url, {param: value})
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response["Content-Type"] == "application/problem+json" and param in response.json()["errors"]
