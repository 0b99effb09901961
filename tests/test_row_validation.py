"""Bulk rows validated the short way (sharing/api/row_validation.py) get exactly what the input serializer gives:
the same values when it accepts a row, and the serializer's own answer for everything else."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharing.api.published_serializers import INPUT_SERIALIZERS, WriteContext
from sharing.api.row_validation import RowValidator
from sharing.principal import Principal
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

TEXT = [
    "F-1", "F-2", "R-1", " R-1", "R-1 ", "", "   ", "x" * 100, "x" * 101, "Kalgoorlie", "Zürich plant", "a\x00b",
    "tab\there", "NDPR-OXIDE", "ndpr-oxide", "NOPE", "\ud800", "AU", "au", "XX", "WG", "Other WG", 5, None,
    # sharing/text.py: NFC (composed and decomposed forms are one), bidi, invisible and C1 characters refused
    "Zu\u0308rich", "Z\u00fcrich", "F-\u0031\u0301", "R-1\u202e", "\u200bR-1", "R\u20601", "R-1\ufeff", "R\x851",
    "\u2066F-1\u2069", "R\u200e1", "\ufb01ne",
]
DECIMAL = [
    "0", "1", "10", "100", "1000", "250.5", "0.001", "0.0001", "1.2345", "-1", "1e3", "NaN", "Infinity", " 5",
    "12345678901234567", "123456789012345678", "12345678901234567.123", "0001", "1,5", "", 0, 7, 1000, -3,
    10**17, 10**16, 1.5, True, None, [], {},
]
INTEGER = [0, 1, 30, 3650, 3651, -1, "30", 30.0, 1.5, True, None, "x"]
DATE = ["2026-09-30", "2026-02-30", "2026-9-30", "20260930", "2026-09-30T00:00:00", "2999-01-01", "", None, 20260930,
        "2026-W39-3"]
CHOICE = ["GREEN", "AMBER", "AMBER+STRICT", "RED", "CLEAR", "green", "", None, 1, "operating", "idle", "mine",
          "processing", "refinery"]
GROUPS = [[], ["WG"], ["Other WG"], ["WG", "WG"], [""], [" WG"], ["x" * 121], ["Not mine"], "WG", None, 5, {},
          ["WG"] * 51]
BOOLEAN = [True, False, "true", 1, 0, None, "yes"]
LATITUDE = ["-30.75", "90", "90.000001", "-91", "12.1234567", 45, "abc", None]

DROP = object()
FIELDS = {
    "external_id": TEXT, "marking": CHOICE, "groups": GROUPS, "confirm_loosening": BOOLEAN,
    "name": TEXT, "country": TEXT, "latitude": LATITUDE, "longitude": LATITUDE, "kind": CHOICE, "status": CHOICE,
    "operator": TEXT,
    "facility": TEXT, "product": TEXT, "nominal": DECIMAL, "in_use": DECIMAL, "spare": DECIMAL, "surge": DECIMAL,
    "lead_time_days": INTEGER, "releasable": DECIMAL, "as_of": DATE, "quantity": DECIMAL, "expiry": DATE,
    "supplier": TEXT, "supplier_owner": TEXT, "buyer": TEXT, "buyer_owner": TEXT, "volume_per_month": DECIMAL,
}
VALID = {
    "facility": {"external_id": "R-1", "name": "Kalgoorlie", "country": "AU", "latitude": "-30.75",
                 "longitude": "121.47", "kind": "processing"},
    "capacity": {"external_id": "R-1", "facility": "F-1", "product": "NDPR-OXIDE", "nominal": "1000",
                 "in_use": "700", "spare": "300", "releasable": "200", "as_of": "2026-09-30"},
    "stockpile": {"external_id": "R-1", "facility": "F-1", "product": "NDPR-OXIDE", "quantity": "5000",
                  "releasable": "1000", "as_of": "2026-09-30"},
    "supply_link": {"external_id": "R-1", "supplier": "F-1", "buyer": "F-2", "product": "NDPR-OXIDE",
                    "volume_per_month": "50"},
}


def rows(kind: str):
    """A valid row with some fields replaced or removed, and perhaps an unknown field added."""
    names = sorted(n for n in FIELDS if n in INPUT_SERIALIZERS[kind]().fields)
    change = st.sampled_from(names).flatmap(
        lambda name: st.tuples(st.just(name), st.sampled_from([DROP, *FIELDS[name]]))
    )
    extra = st.dictionaries(st.sampled_from(["unknown", "id", "owner"]), st.integers(), max_size=1)

    def build(changes: list, added: dict) -> dict:
        row = {**VALID[kind], **added}
        for name, value in changes:
            if value is DROP:
                row.pop(name, None)
            else:
                row[name] = value
        return row

    return st.builds(build, st.lists(change, max_size=4), extra)


@pytest.fixture
def validators(db):
    owner = PartnerFactory(code="AU-DISR")
    SharingGroupFactory(name="WG", members=[owner])
    SharingGroupFactory(name="Other WG")
    ProductFactory(code="NDPR-OXIDE")
    publish("facility", owner, "F-1")
    publish("facility", owner, "F-2")

    def make(kind: str, row) -> RowValidator:
        context = WriteContext(owner, Principal(partner=owner), [row] if isinstance(row, dict) else [])
        return RowValidator(INPUT_SERIALIZERS[kind](context={"write": context}))

    return make


def drf(validator: RowValidator, row):
    try:
        return "accepted", dict(validator.serializer.run_validation(row))
    except Exception as exc:  # the serializer's refusal, whatever its shape
        return "refused", exc


@pytest.mark.parametrize("kind", list(VALID))
def test_valid_rows_take_the_short_way_with_the_serializers_values(kind, validators):
    validator = validators(kind, VALID[kind])
    fast = validator.fast(dict(VALID[kind]))
    assert fast is not None
    assert fast == drf(validator, dict(VALID[kind]))[1]


@pytest.mark.parametrize("kind", list(VALID))
def test_the_short_way_agrees_with_the_serializer_on_generated_rows(kind, validators):
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(row=rows(kind))
    def check(row):
        validator = validators(kind, row)
        fast = validator.fast(dict(row))
        outcome, value = drf(validator, dict(row))
        if fast is not None:
            assert outcome == "accepted", (row, value)
            assert fast == value, row
        # Either way, what the bulk endpoint uses answers as the serializer does.
        if outcome == "accepted":
            assert validator.validate(dict(row)) == value
        else:
            with pytest.raises(type(value)):
                validator.validate(dict(row))

    check()


def test_rows_that_are_not_objects_go_to_the_serializer(validators):
    validator = validators("capacity", VALID["capacity"])
    for row in (None, [], "row", 5, [VALID["capacity"]]):
        assert validator.fast(row) is None


def test_bulk_rows_with_lone_surrogates_are_refused_not_a_server_error(client_for):
    owner = PartnerFactory(code="AU-DISR")
    ProductFactory(code="NDPR-OXIDE")
    publish("facility", owner, "F-1")
    publisher = client_for(owner, roles=("reader", "publisher"))
    rows = [{**VALID["capacity"], "external_id": "R-\ud800"}, {**VALID["capacity"], "external_id": "R-2",
                                                                  "facility": "\ud800"}]
    body = json.dumps({"records": rows})  # ASCII JSON with "\ud800" escapes, as a client may send
    response = publisher.post("/api/v1/capacities/bulk/", body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert results[0]["external_id"] is None and "external_id" in results[0]["errors"]
    assert "facility" in results[1]["errors"]
