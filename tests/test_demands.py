"""Demand, a published kind like the others: validation with clear problems, visibility by marking and groups,
bulk upsert by external_id, the changes feed (access changes both ways), marking history, lists without N+1."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sharing.models import AuditEvent, Demand, MarkingChange
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

ROW = {"external_id": "DEM-NDPR-2026-09", "product": "NDPR", "total_per_month": "400", "defence_per_month": "60",
       "health_per_month": "40", "as_of": "2026-09-30"}


@pytest.fixture
def parties(client_for):
    owner, member, other = (PartnerFactory(code=c, country=c[:2]) for c in ("JP-METI", "KR-MOTIE", "MX-SE"))
    group = SharingGroupFactory(name="Minerals WG", members=[owner, member])
    ProductFactory(code="NDPR", unit="t")
    return {
        "owner": owner, "group": group, "publisher": client_for(owner, ("reader", "publisher")),
        "member": client_for(member), "other": client_for(other),
    }


def test_a_demand_is_created_and_read_in_the_products_unit(parties):
    response = parties["publisher"].post("/api/v1/demands/", ROW, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["unit"] == "t" and body["product"] == "NDPR" and body["owner"] == "JP-METI"
    assert (body["total_per_month"], body["defence_per_month"], body["health_per_month"],
            body["critical_per_month"]) == ("400.000", "60.000", "40.000", "100.000")
    assert body["marking"] == "GREEN" and body["version"] == 1 and response["ETag"]
    assert parties["other"].get(f"/api/v1/demands/{body['id']}/").json() == body


@pytest.mark.parametrize(("change", "field"), [
    ({"defence_per_month": "300", "health_per_month": "101"}, "total_per_month"),  # critical 401 > total 400
    ({"total_per_month": "-1"}, "total_per_month"),
    ({"health_per_month": "-0.001"}, "health_per_month"),
    ({"product": "NOPE"}, "product"),
    ({"as_of": (timezone.now().date() + timedelta(days=2)).isoformat()}, "as_of"),
    ({"total_per_month": None}, "total_per_month"),
])
def test_invalid_demand_is_a_problem_and_stores_nothing(parties, change, field):
    row = {**ROW, **change}
    single = parties["publisher"].post("/api/v1/demands/", row, format="json")
    assert single.status_code == 400 and single["Content-Type"] == "application/problem+json"
    assert field in single.json()["errors"], single.json()
    bulk = parties["publisher"].post("/api/v1/demands/bulk/", {"records": [row]}, format="json").json()
    assert bulk["rejected"] == 1 and field in bulk["results"][0]["errors"]
    assert not Demand.objects.exists() and not MarkingChange.objects.filter(kind="demand").exists()


def test_critical_equal_to_total_is_allowed(parties):
    row = {**ROW, "defence_per_month": "400", "health_per_month": "0"}
    assert parties["publisher"].post("/api/v1/demands/", row, format="json").status_code == 201


def test_a_patch_is_validated_as_the_whole_record(parties):
    created = parties["publisher"].post("/api/v1/demands/", ROW, format="json")
    url = f"/api/v1/demands/{created.json()['id']}/"
    refused = parties["publisher"].patch(url, {"total_per_month": "50"}, format="json")  # below defence + health
    assert refused.status_code == 400 and "total_per_month" in refused.json()["errors"]
    stale = parties["publisher"].patch(url, {"total_per_month": "500"}, format="json", HTTP_IF_MATCH='"x"')
    assert stale.status_code == 412
    fresh = parties["publisher"].patch(url, {"total_per_month": "500"}, format="json",
                                       HTTP_IF_MATCH=created["ETag"])
    assert fresh.status_code == 200 and fresh.json()["total_per_month"] == "500.000" and fresh.json()["version"] == 2


def test_bulk_upsert_by_external_id(parties):
    client = parties["publisher"]
    rows = [ROW, {**ROW, "external_id": "DEM-2", "total_per_month": "10", "defence_per_month": "0",
                  "health_per_month": "0"}]
    first = client.post("/api/v1/demands/bulk/", {"records": rows}, format="json").json()
    assert (first["created"], first["updated"], first["unchanged"], first["rejected"]) == (2, 0, 0, 0)
    rows[1] = {**rows[1], "total_per_month": "12"}
    rows.append({**ROW, "external_id": "DEM-3", "defence_per_month": "999"})
    second = client.post("/api/v1/demands/bulk/", {"records": rows}, format="json").json()
    assert [r["status"] for r in second["results"]] == ["unchanged", "updated", "rejected"]
    assert "total_per_month" in second["results"][2]["errors"]
    assert Demand.objects.get(external_id="DEM-2").total_per_month == 12
    assert AuditEvent.objects.filter(action="demand.bulk_upsert").count() == 2


def test_amber_demand_is_seen_by_the_group_only(parties):
    record = publish("demand", parties["owner"], "D-AMBER", marking="AMBER", groups=[parties["group"]],
                     product=ProductFactory(code="NDPR"))
    assert parties["member"].get(f"/api/v1/demands/{record.pk}/").status_code == 200
    assert parties["other"].get(f"/api/v1/demands/{record.pk}/").status_code == 404
    assert parties["other"].get("/api/v1/demands/", {"product": "NDPR"}).json()["results"] == []
    listed = parties["member"].get("/api/v1/demands/", {"product": "NDPR", "partner": "JP-METI"}).json()
    assert [r["id"] for r in listed["results"]] == [record.pk]
    assert listed["results"][0]["groups"] == ["Minerals WG"]


def test_filters_and_ordering(parties):
    ndpr, lioh = ProductFactory(code="NDPR"), ProductFactory(code="LIOH", sector="batteries")
    from datetime import date
    a = publish("demand", parties["owner"], "A", product=ndpr, as_of=date(2026, 3, 31))
    b = publish("demand", parties["owner"], "B", product=lioh, as_of=date(2026, 9, 30))
    client = parties["other"]
    assert [r["id"] for r in client.get("/api/v1/demands/", {"product": "LIOH"}).json()["results"]] == [b.pk]
    assert [r["id"] for r in client.get("/api/v1/demands/", {"as_of_before": "2026-06-30"}).json()["results"]] \
        == [a.pk]
    ordered = client.get("/api/v1/demands/", {"ordering": "-as_of"}).json()["results"]
    assert [r["id"] for r in ordered] == [b.pk, a.pk]


def sync(client, after=0):
    body = client.get("/api/v1/changes/", {"after": after}).json()
    return [(c["op"], c["kind"], c["id"]) for c in body["results"]], body["next"], body


def test_the_feed_carries_demands_and_access_changes_both_ways(parties):
    client = parties["publisher"]
    _, cursor, _ = sync(parties["other"])
    created = client.post("/api/v1/demands/", ROW, format="json").json()
    changes, cursor, body = sync(parties["other"], cursor)
    assert changes == [("upsert", "demand", created["id"])]
    assert body["results"][0]["record"]["critical_per_month"] == "100.000"
    url = f"/api/v1/demands/{created['id']}/"
    assert client.patch(url, {"marking": "AMBER", "groups": ["Minerals WG"]}, format="json").status_code == 200
    changes, cursor, _ = sync(parties["other"], cursor)
    assert changes == [("delete", "demand", created["id"])]  # lost sight
    _, member_cursor, _ = sync(parties["member"])
    assert client.patch(url, {"marking": "GREEN", "groups": [], "confirm_loosening": True},
                        format="json").status_code == 200
    changes, cursor, _ = sync(parties["other"], cursor)
    assert set(changes) == {("upsert", "demand", created["id"])}  # gained sight again (access change and edit)
    assert client.delete(url).status_code == 204
    assert sync(parties["other"], cursor)[0] == [("delete", "demand", created["id"])]
    assert ("delete", "demand", created["id"]) in sync(parties["member"], member_cursor)[0]


def test_a_new_group_member_receives_the_groups_demands(parties, client_for):
    newcomer = PartnerFactory(code="AU-DISR")
    client = client_for(newcomer)
    record = publish("demand", parties["owner"], "D-WG", marking="AMBER", groups=[parties["group"]],
                     product=ProductFactory(code="NDPR"))
    _, cursor, _ = sync(client)
    from sharing.services.groups import group_add_members
    group_add_members(group=parties["group"], partners=[newcomer], principal=None)
    assert sync(client, cursor)[0] == [("upsert", "demand", record.pk)]


def test_marking_history_is_the_owners(parties):
    client = parties["publisher"]
    created = client.post("/api/v1/demands/", ROW, format="json").json()
    url = f"/api/v1/demands/{created['id']}/"
    client.patch(url, {"marking": "RED"}, format="json")
    history = client.get(f"{url}markings/").json()
    assert [(h["version"], h["marking"], h["previous_marking"]) for h in history] == [
        (1, "GREEN", None), (2, "RED", "GREEN"),
    ]
    assert parties["member"].get(f"{url}markings/").status_code == 404  # RED: hidden


def test_list_queries_do_not_grow_with_the_page(parties, django_assert_max_num_queries):
    products = [ProductFactory(code=f"P-{i}") for i in range(3)]
    for i in range(30):
        publish("demand", parties["owner"], f"D-{i}", marking="AMBER", groups=[parties["group"]],
                product=products[i % 3])
    counts = set()
    for page_size in (1, 10, 30):
        with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as queries:
            response = parties["member"].get("/api/v1/demands/", {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.add(len(queries))
    assert len(counts) == 1, counts


def test_a_product_with_demand_cannot_be_deleted(parties):
    from django.db.models import ProtectedError
    record = publish("demand", parties["owner"], "D", product=ProductFactory(code="NDPR"))
    with pytest.raises(ProtectedError):
        record.product.delete()
