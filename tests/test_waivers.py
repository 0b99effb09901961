"""Waivers, the published kind (issue 15 part 1): fields, CLEAR by default, status moves and their dates, bulk,
markings and the changes feed; who sees what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sharing.models import AuditEvent, MarkingChange, Waiver
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def waiver_body(**changes) -> dict:
    body = {
        "external_id": "DOE-2026-0042", "agency": "Department of Energy", "product": "NDFEB-MAGNET",
        "description": "Sintered NdFeB magnets for grid-scale storage inverters.", "quantity": "12.5",
        "value": "480000.00", "currency": "USD", "origin_country": "CN", "vendor": "Ningbo Magnetics Co.",
        "reason": "non_availability", "justification": "No domestic maker offered N52 grade in the quantity.",
    }
    return {**body, **changes}


@pytest.fixture
def buyer(db):
    return PartnerFactory(code="US-DOC", country="US")


@pytest.fixture
def magnet(db):
    return ProductFactory(code="NDFEB-MAGNET", name="NdFeB permanent magnet", sector="critical_minerals",
                          hs_codes=["850511"], unit="t")


@pytest.fixture
def publisher(client_for, buyer):
    return client_for(buyer, ("reader", "publisher"))


def test_a_waiver_is_created_clear_and_proposed_with_every_field(publisher, magnet):
    response = publisher.post("/api/v1/waivers/", waiver_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["marking"] == "CLEAR" and body["status"] == "proposed"
    assert body["proposed_on"] == str(TODAY()) and body["posted_on"] is None and body["review_ends_on"] is None
    assert body["review_days"] == 15
    assert body["unit"] == "t", "the catalogue product's unit by default"
    assert body["sector"] == "critical_minerals" and body["product"] == "NDFEB-MAGNET"
    assert body["buying_partner"] == "US-DOC" and body["owner"] == "US-DOC"
    assert (body["quantity"], body["value"], body["currency"], body["origin_country"]) == (
        "12.500", "480000.00", "USD", "CN")
    assert body["vendor"] == "Ningbo Magnetics Co." and body["reason"] == "non_availability"
    record = Waiver.objects.get(pk=body["id"])
    assert MarkingChange.objects.filter(kind="waiver", record_id=record.pk, marking="CLEAR").exists()
    assert AuditEvent.objects.filter(action="waiver.create", object_id=str(record.pk)).exists()


def test_a_free_text_product_needs_an_hs_code_and_a_unit(publisher, magnet):
    body = waiver_body(product="", product_text="Rare-earth polishing powder")
    response = publisher.post("/api/v1/waivers/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"product", "unit"}
    ok = publisher.post("/api/v1/waivers/", {**body, "hs_code": "3824.99", "unit": "kg"}, format="json")
    assert ok.status_code == 201 and ok.json()["hs_code"] == "382499" and ok.json()["product"] is None


@pytest.mark.parametrize("field,value,message", [
    ("currency", "usd", "ISO 4217"),
    ("reason", "cheaper", "valid choices: public_interest, non_availability, resale, unreasonable_cost, "
                          "commercial_it"),
    ("status", "approved", "valid choices"),
    ("origin_country", "XX", "ISO 3166-1"),
    ("review_days", 0, "greater than or equal to 1"),
])
def test_bad_fields_are_named(publisher, magnet, field, value, message):
    response = publisher.post("/api/v1/waivers/", waiver_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])


def test_the_status_moves_only_by_the_rules_and_each_move_is_dated(publisher, magnet):
    waiver = publisher.post("/api/v1/waivers/", waiver_body(), format="json").json()
    url = f"/api/v1/waivers/{waiver['id']}/"
    back = publisher.patch(url, {"status": "granted"}, format="json")
    assert back.status_code == 400
    assert back.json()["errors"]["status"] == [
        "A waiver cannot move from proposed to granted; from proposed it may move only to posted, withdrawn."
    ]
    posted = publisher.patch(url, {"status": "posted"}, format="json").json()
    assert posted["status"] == "posted" and posted["posted_on"] == str(TODAY())
    assert posted["review_ends_on"] == str(TODAY() + timedelta(days=15))
    assert publisher.patch(url, {"status": "proposed"}, format="json").status_code == 400
    granted = publisher.patch(url, {"status": "granted"}, format="json").json()
    assert granted["decided_on"] == str(TODAY()) and granted["posted_on"] == str(TODAY())
    final = publisher.patch(url, {"status": "withdrawn"}, format="json")
    assert final.status_code == 400
    assert final.json()["errors"]["status"] == ["A waiver cannot move from granted to withdrawn: granted is final."]
    assert publisher.get(url).json()["version"] == 3  # created, posted, granted: the refusals changed nothing


def test_withdrawn_from_proposed_or_posted(publisher, magnet):
    first = publisher.post("/api/v1/waivers/", waiver_body(external_id="W-1"), format="json").json()
    second = publisher.post("/api/v1/waivers/", waiver_body(external_id="W-2", status="posted"), format="json").json()
    for waiver in (first, second):
        done = publisher.patch(f"/api/v1/waivers/{waiver['id']}/", {"status": "withdrawn"}, format="json").json()
        assert done["status"] == "withdrawn" and done["withdrawn_on"] == str(TODAY())
    assert second["posted_on"] == str(TODAY())


def test_dates_on_creation_follow_the_status_and_stored_dates_do_not_change(publisher, magnet):
    today = TODAY()
    early = publisher.post("/api/v1/waivers/", waiver_body(decided_on=str(today)), format="json")
    assert early.status_code == 400
    assert early.json()["errors"] == {"decided_on": ["A proposed waiver has no decided date."]}
    future = publisher.post("/api/v1/waivers/", waiver_body(proposed_on=str(today + timedelta(days=1))), format="json")
    assert future.json()["errors"] == {"proposed_on": ["Must not be in the future."]}
    body = waiver_body(status="granted", proposed_on="2026-01-05", posted_on="2026-01-10", decided_on="2026-02-01")
    loaded = publisher.post("/api/v1/waivers/", body, format="json").json()
    assert (loaded["proposed_on"], loaded["posted_on"], loaded["decided_on"]) == ("2026-01-05", "2026-01-10",
                                                                                  "2026-02-01")
    changed = publisher.patch(f"/api/v1/waivers/{loaded['id']}/", {"posted_on": "2026-01-11"}, format="json")
    assert changed.status_code == 400 and "cannot change" in changed.json()["errors"]["posted_on"][0]
    disorder = waiver_body(external_id="W-X", status="posted", proposed_on="2026-02-05", posted_on="2026-02-01")
    assert publisher.post("/api/v1/waivers/", disorder, format="json").json()["errors"]["status"] == [
        "The dates are out of order: proposed, then posted, then decided or withdrawn."]


def test_bulk_upserts_by_external_id_and_rejects_a_bad_move_per_row(publisher, magnet):
    rows = [waiver_body(external_id="A"), waiver_body(external_id="B", status="posted")]
    first = publisher.post("/api/v1/waivers/bulk/", {"records": rows}, format="json").json()
    assert (first["created"], first["rejected"]) == (2, 0)
    again = publisher.post("/api/v1/waivers/bulk/", {"records": rows}, format="json").json()
    assert again["unchanged"] == 2, "dates already stored are kept: re-sending changes nothing"
    moved = [waiver_body(external_id="A", status="granted"), waiver_body(external_id="B", status="denied")]
    result = publisher.post("/api/v1/waivers/bulk/", {"records": moved}, format="json").json()
    assert [r["status"] for r in result["results"]] == ["rejected", "updated"]
    assert "from proposed to granted" in result["results"][0]["errors"]["status"][0]
    assert Waiver.objects.get(external_id="B").decided_on == TODAY()


def test_visibility_by_marking(client_for, api, buyer, magnet):
    member, other = PartnerFactory(code="JP-METI", country="JP"), PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="Magnets WG", members=[buyer, member])
    made = {m: publish("waiver", buyer, f"W-{m}", marking=m, product=magnet, groups=[group] if m == "AMBER" else [])
            for m in ("CLEAR", "GREEN", "AMBER", "RED")}
    seen = {
        "anonymous": {"CLEAR"}, "other": {"CLEAR", "GREEN"}, "member": {"CLEAR", "GREEN", "AMBER"},
        "owner": {"CLEAR", "GREEN", "AMBER", "RED"},
    }
    clients = {"anonymous": api, "other": client_for(other), "member": client_for(member), "owner": client_for(buyer)}
    for who, client in clients.items():
        listed = {w["external_id"] for w in client.get("/api/v1/waivers/").json()["results"]}
        assert listed == {f"W-{m}" for m in seen[who]}, who
        for marking, record in made.items():
            status = client.get(f"/api/v1/waivers/{record.pk}/").status_code
            assert status == (200 if marking in seen[who] else 404), (who, marking)


def test_a_green_waiver_is_invisible_without_a_key_on_every_path(api, buyer, magnet):
    green = publish("waiver", buyer, "W-GREEN", marking="GREEN", product=magnet, status="posted",
                    description="secretive lanthanum word")
    for url in (f"/api/v1/waivers/{green.pk}/", f"/waivers/{green.pk}/"):
        assert api.get(url).status_code == 404
    assert api.get("/api/v1/waivers/?q=lanthanum").json()["results"] == []
    assert b"W-GREEN" not in b"".join(api.get("/api/v1/waivers/?format=csv").streaming_content)
    assert b"lanthanum" not in api.get("/api/v1/waivers/feed/").content
    page = api.get("/waivers/?q=lanthanum").content.decode()
    assert "secretive" not in page and "0 waivers found" in page
    for url in (f"/api/v1/waivers/{green.pk}/scouting/", f"/api/v1/waivers/{green.pk}/responses/",
                f"/api/v1/waivers/{green.pk}/markings/"):
        assert api.get(url).status_code in (401, 404)


def test_the_changes_feed_carries_waivers(client_for, buyer, magnet):
    reader = client_for(PartnerFactory(code="JP-METI"))
    record = publish("waiver", buyer, "W-1", marking="GREEN", product=magnet)
    results = reader.get("/api/v1/changes/?after=0").json()["results"]
    assert [(r["kind"], r["id"], r["record"]["agency"]) for r in results] == [("waiver", record.pk,
                                                                                "Department of Energy")]


def test_markings_history_of_a_waiver(publisher, magnet):
    waiver = publisher.post("/api/v1/waivers/", waiver_body(), format="json").json()
    url = f"/api/v1/waivers/{waiver['id']}/"
    assert publisher.patch(url, {"marking": "GREEN"}, format="json").status_code == 200  # tightening needs no confirm
    history = publisher.get(url + "markings/").json()
    assert [(h["marking"], h["previous_marking"]) for h in history] == [("CLEAR", None), ("GREEN", "CLEAR")]
    loosen = publisher.patch(url, {"marking": "CLEAR"}, format="json")
    assert loosen.status_code == 400 and "confirm_loosening" in loosen.json()["errors"]["marking"][0]


def test_a_list_page_costs_the_same_queries_for_5_or_50_waivers(api, buyer, magnet, django_assert_max_num_queries):
    for n in range(5):
        publish("waiver", buyer, f"W-{n}", marking="CLEAR", product=magnet)
    with django_assert_max_num_queries(8) as few:
        assert len(api.get("/api/v1/waivers/").json()["results"]) == 5
    for n in range(5, 50):
        publish("waiver", buyer, f"W-{n}", marking="CLEAR", product=ProductFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/waivers/").json()["results"]) == 50
    assert Decimal(api.get("/api/v1/waivers/?ordering=-value").json()["results"][0]["value"]) == Decimal("125000.00")
