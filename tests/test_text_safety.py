"""Text that partners write is NFC and holds no invisible, direction-changing or control characters: one rule
(sharing/text.py) for single writes, bulk rows and all-or-nothing batches, on every text field of every kind."""

import unicodedata

import pytest

from sharing.models import EmergencyRequest, Facility, SharingGroup
from tests.factories import PartnerFactory, ProductFactory
from tests.test_hostile_fields import KINDS, assert_refused_both_ways, publisher  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
        "\u061c"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
C0 = [chr(c) for c in range(0x20)] + ["\x7f"]
C1 = [chr(c) for c in range(0x80, 0xA0)]
TEXT_FIELDS = {
    "facility": ["external_id", "name", "operator"],
    "capacity": ["external_id", "facility", "product"],
    "stockpile": ["external_id", "facility", "product"],
    "supply_link": ["external_id", "supplier", "buyer", "product", "supplier_owner", "buyer_owner"],
}
ZURICH_NFC = "Z\u00fcrich-\u00c5"
ZURICH_NFD = unicodedata.normalize("NFD", ZURICH_NFC)


ALL_FIELDS = [(k, f) for k, fields in TEXT_FIELDS.items() for f in fields]


@pytest.mark.parametrize(("kind", "field"), ALL_FIELDS)
def test_a_right_to_left_override_is_refused_in_every_text_field(publisher, kind, field):  # noqa: F811
    assert_refused_both_ways(publisher, kind, {**KINDS[kind][2], field: "SITE\u202eX"}, field)


@pytest.mark.parametrize("char", BIDI + INVISIBLE + C0[1:] + C1, ids=lambda c: f"U+{ord(c):04X}")
def test_every_refused_character_is_a_field_error_single_bulk_and_all_or_nothing(publisher, char):  # noqa: F811
    # Each character in one text field (the fields taken in turn), inside the text so that trimming cannot remove
    # it. (NUL never reaches the fields: the JSON parser refuses it, see test_hostile_input.py.)
    kind, field = ALL_FIELDS[ord(char) % len(ALL_FIELDS)]
    assert_refused_both_ways(publisher, kind, {**KINDS[kind][2], field: f"SITE{char}X"}, field)


def test_groups_refuse_hidden_characters(publisher):  # noqa: F811
    row = {**KINDS["facility"][2], "marking": "AMBER", "groups": ["WG\u200b"]}
    assert_refused_both_ways(publisher, "facility", row, "groups")


def test_composed_and_decomposed_identifiers_are_one_record(publisher):  # noqa: F811
    assert ZURICH_NFC != ZURICH_NFD
    created = publisher.post("/api/v1/facilities/", {**KINDS["facility"][2], "external_id": ZURICH_NFD,
                                                     "name": ZURICH_NFD}, format="json")
    assert created.status_code == 201
    assert created.json()["external_id"] == ZURICH_NFC and created.json()["name"] == ZURICH_NFC
    again = publisher.post("/api/v1/facilities/bulk/", {"records": [
        {**KINDS["facility"][2], "external_id": ZURICH_NFC, "name": "Renamed"}]}, format="json").json()
    assert again["results"][0]["status"] == "updated" and again["created"] == 0
    assert Facility.objects.filter(external_id__startswith="Z").count() == 1
    # A reference in either form finds it.
    capacity = publisher.post("/api/v1/capacities/bulk/", {"records": [
        {**KINDS["capacity"][2], "external_id": "C-NFD", "facility": ZURICH_NFD}]}, format="json").json()
    assert capacity["created"] == 1, capacity
    single = publisher.post("/api/v1/stockpiles/", {**KINDS["stockpile"][2], "facility": ZURICH_NFD},
                            format="json")
    assert single.status_code == 201, single.content
    # And so does the list's external_id filter.
    for form in (ZURICH_NFC, ZURICH_NFD):
        found = publisher.get("/api/v1/facilities/", {"external_id": form}).json()["results"]
        assert [f["external_id"] for f in found] == [ZURICH_NFC], form


def test_free_text_keeps_line_breaks_and_refuses_hidden_characters(client_for):
    requester = PartnerFactory(code="MX-SE")
    ProductFactory(code="N95")
    client = client_for(requester, roles=("reader", "coordinator"))
    body = {"product": "N95", "quantity": "10", "destination_country": "MX", "destination_latitude": "19",
            "destination_longitude": "-99", "needed_by": "2099-01-01", "priority": 1}
    ok = client.post("/api/v1/emergency-requests/", {**body, "justification": "Line one\n\tline two"},
                     format="json")
    assert ok.status_code == 201 and ok.json()["justification"] == "Line one\n\tline two"
    for char in ("\u202e", "\u200b", "\x85", "\x1b", "\ufeff"):
        refused = client.post("/api/v1/emergency-requests/", {**body, "justification": f"x{char}y"}, format="json")
        assert refused.status_code == 400 and "justification" in refused.json()["errors"], char
    decomposed = client.post("/api/v1/emergency-requests/", {**body, "justification": "Cafe\u0301"}, format="json")
    assert decomposed.json()["justification"] == "Caf\u00e9"
    assert EmergencyRequest.objects.count() == 2


def test_group_and_partner_names_are_checked_too(staff_client):
    refused = staff_client.post("/api/v1/sharing-groups/", {"name": "WG\u202e"}, format="json")
    assert refused.status_code == 400 and "name" in refused.json()["errors"]
    made = staff_client.post("/api/v1/sharing-groups/", {"name": "Gr\u0075\u0308n"}, format="json")
    assert made.status_code == 201 and SharingGroup.objects.get().name == "Gr\u00fcn"
    partner = staff_client.post("/api/v1/partners/", {"code": "FR-DGE", "name": "Minist\u00e8re\u200b",
                                                      "country": "FR"}, format="json")
    assert partner.status_code == 400 and "name" in partner.json()["errors"]
