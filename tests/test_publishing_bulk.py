"""The bulk write path (COPY and UPDATE from arrays on PostgreSQL, the ORM elsewhere) stores what the ORM would,
the page-reading form of the visibility rule selects the same records, and list pages cost a fixed number of
queries whatever their size, owners or groups."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from sharing.api.published_serializers import OUTPUT_SERIALIZERS
from sharing.models import PUBLISHED_MODELS, AuditEvent, Capacity, MarkingChange
from sharing.principal import Principal
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

URLS = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles", "supply_link": "supply-links",
        "demand": "demands"}


@pytest.fixture
def setting(partner, client_for):
    ProductFactory(code="LIOH", sector="batteries", unit="t")
    working = SharingGroupFactory(name="Battery WG", members=[partner])
    other = SharingGroupFactory(name="Magnet WG", members=[partner])
    for i in range(3):
        publish("facility", partner, f"SITE-{i}")
    return partner, working, other, client_for(partner, roles=("reader", "publisher"))


def row(i: int, **overrides) -> dict:
    return {"external_id": f"C-{i}", "facility": f"SITE-{i % 3}", "product": "LIOH", "nominal": "1000.5",
            "in_use": str(400 + i), "spare": "300", "releasable": "150.25", "lead_time_days": i,
            "as_of": "2026-09-30", "marking": "GREEN", **overrides}


def post(client, rows):
    response = client.post("/api/v1/capacities/bulk/", {"records": rows}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_bulk_create_then_update_stores_every_value_groups_and_history(setting):
    partner, working, other, client = setting
    rows = [row(i) for i in range(6)]
    rows[1] = row(1, marking="AMBER", groups=["Battery WG"])
    rows[2] = row(2, marking="AMBER+STRICT", groups=["Battery WG", "Magnet WG"])
    created = post(client, rows)
    assert created["created"] == 6
    ids = [r["id"] for r in created["results"]]
    records = {c.external_id: c for c in Capacity.objects.filter(pk__in=ids).prefetch_related("groups")}
    first = records["C-3"]
    assert (first.nominal, first.in_use, first.releasable, first.surge) == (
        Decimal("1000.5"), Decimal(403), Decimal("150.25"), Decimal(0)
    )
    assert first.as_of == date(2026, 9, 30) and first.lead_time_days == 3 and first.version == 1
    assert first.owner_id == partner.pk and first.deleted_at is None
    assert first.created_at is not None and first.updated_at is not None
    assert {g.name for g in records["C-1"].groups.all()} == {"Battery WG"}
    assert {g.name for g in records["C-2"].groups.all()} == {"Battery WG", "Magnet WG"}
    seqs = sorted(c.seq for c in records.values())
    assert len(set(seqs)) == 6
    history = {m.record_id: m for m in MarkingChange.objects.filter(kind="capacity", record_id__in=ids)}
    assert history[records["C-2"].pk].groups == sorted([working.pk, other.pk])
    assert history[records["C-0"].pk].groups == [] and history[records["C-0"].pk].previous_groups == []
    assert history[records["C-0"].pk].changed_at is not None

    # Update: a figure, a tightening (AMBER+STRICT to RED drops its groups), a group swap (which widens to a
    # group that may see more, so it is refused without confirm_loosening), and one left alone.
    publish_delete = Capacity.objects.get(pk=records["C-5"].pk)
    client.delete(f"/api/v1/capacities/{publish_delete.pk}/")
    changes = [row(0, in_use="401.125"), row(1, marking="AMBER", groups=["Magnet WG"]),
               row(2, marking="RED"), row(3), row(5)]
    updated = post(client, changes)
    assert [r["status"] for r in updated["results"]] == ["updated", "rejected", "updated", "unchanged", "updated"]
    after = {c.external_id: c for c in Capacity.objects.filter(pk__in=ids).prefetch_related("groups")}
    assert after["C-0"].in_use == Decimal("401.125") and after["C-0"].version == 2
    assert after["C-0"].seq > max(seqs) and after["C-0"].updated_at >= first.updated_at
    assert after["C-2"].marking == "RED" and list(after["C-2"].groups.all()) == []
    assert {g.name for g in after["C-1"].groups.all()} == {"Battery WG"} and after["C-1"].version == 1
    assert after["C-3"].version == 1 and after["C-3"].seq == records["C-3"].seq
    assert after["C-5"].deleted_at is None and after["C-5"].version == 3  # resurrected
    tightened = MarkingChange.objects.filter(kind="capacity", record_id=after["C-2"].pk).order_by("seq").last()
    assert (tightened.previous_marking, tightened.marking, tightened.groups) == ("AMBER+STRICT", "RED", [])
    assert tightened.previous_groups == sorted([working.pk, other.pk])


def test_an_unchanged_resend_writes_nothing(setting):
    _, _, _, client = setting
    rows = [row(i, marking="AMBER", groups=["Battery WG"]) for i in range(4)]
    post(client, rows)
    state = list(Capacity.objects.order_by("pk").values_list("pk", "version", "seq", "updated_at"))
    events, history = AuditEvent.objects.count(), MarkingChange.objects.count()
    again = post(client, rows)
    assert again["unchanged"] == 4
    assert list(Capacity.objects.order_by("pk").values_list("pk", "version", "seq", "updated_at")) == state
    assert (AuditEvent.objects.count(), MarkingChange.objects.count()) == (events, history)


def test_the_page_form_of_the_visibility_rule_selects_the_same_records():
    owners = [PartnerFactory() for _ in range(3)]
    groups = [SharingGroupFactory(members=owners[:2]), SharingGroupFactory(members=owners[1:])]
    markings = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
    facilities = []
    for i, marking in enumerate(markings * 2):
        named = [groups[i % 2]] if marking.startswith("AMBER") and i < 5 else []
        facilities.append(publish("facility", owners[i % 3], marking=marking, groups=named))
    for i, facility in enumerate(facilities * 3):
        marking = markings[(i * 7) % 5]
        named = [groups[(i // 2) % 2]] if marking.startswith("AMBER") and i % 3 else []
        publish("capacity", facility.owner, facility=facility, marking=marking, groups=named)
        publish("supply_link", facility.owner, supplier=facility, buyer=facilities[(i + 1) % len(facilities)],
                marking=marking, groups=named)
    callers = [None, *(Principal(partner=o) for o in owners), Principal(partner=PartnerFactory())]
    for kind, model in PUBLISHED_MODELS.items():
        for principal in callers:
            scanned = set(model.objects.visible_to(principal).values_list("pk", flat=True))
            paged = set(model.objects.visible_to(principal, paged=True).values_list("pk", flat=True))
            assert paged == scanned, (kind, principal)


@pytest.mark.parametrize("kind", list(URLS))
def test_list_queries_do_not_grow_with_page_size_owners_or_groups(kind, client_for, django_assert_max_num_queries):
    reader = PartnerFactory()
    owners = [PartnerFactory() for _ in range(4)]
    groups = [SharingGroupFactory(members=[reader, *owners]) for _ in range(3)]
    for n, owner in enumerate(owners):
        sites = [publish("facility", owner, marking="AMBER", groups=groups[: 1 + n % 3]) for _ in range(3)]
        for i in range(6):
            site = sites[i % 3]
            named = groups[: 1 + i % 3]
            if kind == "capacity":
                publish("capacity", owner, facility=site, marking="AMBER", groups=named)
            elif kind == "stockpile":
                publish("stockpile", owner, facility=site, marking="AMBER+STRICT", groups=named)
            elif kind == "supply_link":
                publish("supply_link", owner, supplier=site, buyer=sites[(i + 1) % 3], marking="AMBER", groups=named)
            elif kind == "demand":
                publish("demand", owner, marking="AMBER", groups=named, product=ProductFactory(code=f"P-{i % 2}"))
    client = client_for(reader)
    counts = {}
    for page_size in (1, 5, 100):
        with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/{URLS[kind]}/", {"page_size": page_size})
        assert response.status_code == 200 and response.json()["results"]
        counts[page_size] = len(queries)
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize("kind", list(URLS))
def test_list_pages_show_what_drfs_own_representation_shows(kind, setting):
    """The flat representation and the deferred columns of a list page change nothing in what it shows."""
    partner, working, _, client = setting
    sites = [publish("facility", partner, f"S-{i}", marking="AMBER", groups=[working]) for i in range(2)]
    for i in range(2):
        values = {"facility": sites[i]} if kind in {"capacity", "stockpile"} else {}
        if kind == "supply_link":
            values = {"supplier": sites[i], "buyer": sites[1 - i]}
        if kind != "facility":
            publish(kind, partner, f"K-{i}", marking="AMBER", groups=[working], **values)
    listed = client.get(f"/api/v1/{URLS[kind]}/", {"page_size": 100}).json()["results"]
    assert listed
    principal = Principal(partner=partner)
    model = PUBLISHED_MODELS[kind]
    for shown in listed:
        record = model.objects.get(pk=shown["id"])
        serializer = OUTPUT_SERIALIZERS[kind](context={"principal": principal})
        expected = serializers.Serializer.to_representation(serializer, record)
        assert shown == client.get(f"/api/v1/{URLS[kind]}/{record.pk}/").json()
        assert shown == json.loads(json.dumps(expected, default=str))


def test_a_bulk_tightening_and_loosening_reach_the_feed_of_who_lost_and_gained_sight(setting, client_for):
    partner, working, _, client = setting
    member, outsider = PartnerFactory(), PartnerFactory()
    working.members.add(member)
    created = post(client, [row(i) for i in range(4)])
    ids = [r["id"] for r in created["results"]]
    member_client, outsider_client = client_for(member), client_for(outsider)
    after = {c: c.get("/api/v1/changes/").json()["next"] for c in (member_client, outsider_client)}

    # GREEN -> AMBER for the working group: the outsider loses sight of all four, the member of none.
    post(client, [row(i, marking="AMBER", groups=["Battery WG"]) for i in range(4)])
    seen = {c: c.get(after[c]).json() for c in (member_client, outsider_client)}  # the feed's next URL
    assert sorted((e["op"], e["id"]) for e in seen[outsider_client]["results"]) == sorted(("delete", i) for i in ids)
    assert all(e["op"] == "upsert" for e in seen[member_client]["results"])

    # Back to GREEN (a deliberate loosening): the outsider gains sight of them again.
    cursor = seen[outsider_client]["next"]
    loosened = post(client, [row(i, confirm_loosening=True) for i in range(4)])
    assert loosened["updated"] == 4
    again = outsider_client.get(cursor).json()["results"]
    assert {(e["op"], e["id"]) for e in again} == {("upsert", i) for i in ids}  # (the update and the access)
