"""Marking changes: versioned, tightening needs nothing, loosening is deliberate and audited."""

import pytest

from sharing.models import AuditEvent
from sharing.services.publishing import widens
from tests.factories import PartnerFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "old_groups", "new", "new_groups", "wider"),
    [
        ("RED", set(), "GREEN", set(), True),
        ("AMBER", {1}, "AMBER", {1, 2}, True),
        ("AMBER+STRICT", {1}, "AMBER", {1}, True),
        ("AMBER", {1, 2}, "AMBER", {1}, False),
        ("GREEN", set(), "RED", set(), False),
        ("AMBER", {1}, "AMBER+STRICT", {1}, False),
        ("GREEN", set(), "AMBER", {1}, False),
        ("AMBER", {1}, "GREEN", set(), True),
    ],
)
def test_what_widens_an_audience(old, old_groups, new, new_groups, wider):
    assert widens(old, frozenset(old_groups), new, frozenset(new_groups)) is wider


@pytest.fixture
def owner_client(client_for):
    owner = PartnerFactory(code="TW-MOEA")
    return owner, client_for(owner, roles=("reader", "publisher"))


def test_loosening_needs_confirmation_and_is_audited(owner_client):
    owner, client = owner_client
    record = publish("facility", owner, "FAB-1", marking="RED")
    refused = client.patch(f"/api/v1/facilities/{record.pk}/", {"marking": "GREEN"}, format="json")
    assert refused.status_code == 400 and "confirm_loosening" in refused.json()["errors"]["marking"][0]
    assert client.get(f"/api/v1/facilities/{record.pk}/").json()["marking"] == "RED"
    done = client.patch(f"/api/v1/facilities/{record.pk}/", {"marking": "GREEN", "confirm_loosening": True},
                        format="json")
    assert done.status_code == 200 and done.json()["marking"] == "GREEN"
    event = AuditEvent.objects.get(action="facility.loosen")
    assert event.detail["from"] == "RED" and event.detail["to"] == "GREEN" and event.object_owner == owner
    tightened = client.patch(f"/api/v1/facilities/{record.pk}/", {"marking": "AMBER"}, format="json")
    assert tightened.status_code == 200  # narrowing needs no confirmation
    assert AuditEvent.objects.filter(action="facility.loosen").count() == 1


def test_adding_a_group_is_loosening(owner_client):
    owner, client = owner_client
    first, second = (SharingGroupFactory(name=n, members=[owner]) for n in ("Fabs", "Packaging"))
    record = publish("facility", owner, "FAB-2", marking="AMBER", groups=[first])
    body = {"groups": ["Fabs", "Packaging"]}
    assert client.patch(f"/api/v1/facilities/{record.pk}/", body, format="json").status_code == 400
    body["confirm_loosening"] = True
    assert client.patch(f"/api/v1/facilities/{record.pk}/", body, format="json").json()["groups"] == [
        "Fabs", "Packaging"]
    assert second.pk  # both groups now name it


def test_bulk_rejects_unconfirmed_loosening_per_row_or_all(owner_client):
    owner, client = owner_client
    publish("facility", owner, "A", marking="RED")
    publish("facility", owner, "B", marking="RED")
    row = {"name": "n", "country": "TW", "latitude": "24.8", "longitude": "121", "kind": "fab"}
    rows = [{**row, "external_id": "A", "marking": "GREEN"}, {**row, "external_id": "B", "marking": "RED"}]
    strict = client.post("/api/v1/facilities/bulk/", {"records": rows, "all_or_nothing": True}, format="json")
    assert strict.status_code == 400 and set(strict.json()["errors"]) == {"0"}
    assert client.get("/api/v1/facilities/", {"external_id": "B"}).json()["results"][0]["name"] != "n"
    lenient = client.post("/api/v1/facilities/bulk/", {"records": rows}, format="json").json()
    assert [r["status"] for r in lenient["results"]] == ["rejected", "updated"]
    rows[0]["confirm_loosening"] = True
    assert client.post("/api/v1/facilities/bulk/", {"records": rows}, format="json").json()["updated"] == 1


def test_marking_history_is_kept_and_shown_to_the_owner_only(owner_client, client_for):
    owner, client = owner_client
    group = SharingGroupFactory(name="Fabs", members=[owner])
    record = publish("facility", owner, "FAB-3", marking="GREEN")
    client.patch(f"/api/v1/facilities/{record.pk}/", {"marking": "AMBER", "groups": ["Fabs"]}, format="json")
    client.patch(f"/api/v1/facilities/{record.pk}/", {"marking": "RED", "groups": []}, format="json")
    history = client.get(f"/api/v1/facilities/{record.pk}/markings/").json()
    assert [(h["version"], h["marking"], h["groups"], h["previous_marking"]) for h in history] == [
        (1, "GREEN", [], None), (2, "AMBER", ["Fabs"], "GREEN"), (3, "RED", [], "AMBER"),
    ]
    assert group.pk
    other = client_for(PartnerFactory())
    assert other.get(f"/api/v1/facilities/{record.pk}/markings/").status_code == 404  # RED now: hidden
    green = publish("facility", owner, "FAB-4", marking="GREEN")
    assert other.get(f"/api/v1/facilities/{green.pk}/markings/").status_code == 403
