"""Ids the API shows are random: none counts the records other partners created (issue 11, counters).

With one sequence per table, a partner that created a record, waited and created another read in the difference of
the two ids how many records others had created in between, hidden ones included.
"""

import secrets
from decimal import Decimal

import pytest

from sharing.models import AuditEvent, Capacity, Facility
from sharing.models.ids import AUDIT_MONTH_SHIFT, audit_month
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

FACILITY = {"name": "Plant", "country": "AU", "latitude": "-31.9", "longitude": "115.8", "kind": "refinery",
            "marking": "GREEN"}


@pytest.fixture
def drawn(monkeypatch):
    """Every number the system's random source hands out as an id (sharing/models/ids.py: 53 bits of each 8 bytes
    of ``secrets.token_bytes``)."""
    values: set[int] = set()
    real = secrets.token_bytes

    def spy(nbytes: int | None = None) -> bytes:
        raw = real(nbytes)
        values.update(int.from_bytes(raw[i:i + 8], "big") & (2**53 - 1) for i in range(0, len(raw) - 7, 8))
        return raw

    monkeypatch.setattr(secrets, "token_bytes", spy)
    return values


def ids_in(body) -> set[int]:
    """Every integer under an ``id`` key, at any depth of an answer."""
    if isinstance(body, list):
        return set().union(*map(ids_in, body)) if body else set()
    if not isinstance(body, dict):
        return set()
    found = {body["id"]} if isinstance(body.get("id"), int) else set()
    return found.union(*map(ids_in, body.values()))


def test_the_gap_between_two_of_my_ids_says_nothing_of_others_hidden_records(client_for, drawn):
    mine, other = PartnerFactory(code="AU-DISR"), PartnerFactory(code="JP-METI")
    me = client_for(mine, roles=("reader", "publisher"))
    them = client_for(other, roles=("reader", "publisher"))
    first = me.post("/api/v1/facilities/", {**FACILITY, "external_id": "MINE-1"}, format="json").json()["id"]
    hidden = 25
    rows = [{**FACILITY, "external_id": f"SECRET-{i}", "marking": "RED"} for i in range(hidden - 1)]
    assert them.post("/api/v1/facilities/bulk/", {"records": rows}, format="json").status_code == 200
    assert them.post("/api/v1/facilities/", {**FACILITY, "external_id": "SECRET-X", "marking": "RED"},
                     format="json").status_code == 201
    second = me.post("/api/v1/facilities/", {**FACILITY, "external_id": "MINE-2"}, format="json").json()["id"]

    # Each id, mine and theirs, came from the random generator, not from a count (on the old code: 1 and 27).
    assert {first, second} | set(Facility.objects.values_list("pk", flat=True)) <= drawn
    assert second - first != hidden + 1 and 0 < first < 2**53 and 0 < second < 2**53
    # And what I can read shows my records only, under those ids.
    listed = me.get("/api/v1/facilities/").json()["results"]
    assert sorted(r["id"] for r in listed) == sorted([first, second])


def test_every_id_the_api_shows_is_drawn_at_random(drawn, client_for, staff_client,
                                                  django_capture_on_commit_callbacks):
    # ``drawn`` first: the staff client's sign-in is audited, and its event's id must be watched too.
    """Records, tombstones in the feed, requests, runs, offers, webhooks and deliveries, scenario runs, audit events
    and the access log, sharing groups: every id in every answer is one the generator drew."""
    gloves = ProductFactory(code="NITRILE-GLOVES", sector="medical_supplies", unit="units")
    supplier, requester = PartnerFactory(code="US-DOC", country="US"), PartnerFactory(code="MX-SE", country="MX")
    publisher = client_for(supplier, roles=("reader", "publisher", "responder"))
    coordinator = client_for(requester, roles=("reader", "coordinator"))
    shown: list = []

    def keep(response, status=200):
        assert response.status_code in (status if isinstance(status, tuple) else (status,)), response.content
        shown.append(response.json())
        return response.json()

    group = keep(staff_client.post("/api/v1/sharing-groups/", {"name": "Gloves WG"}, format="json"), 201)
    staff_client.post(f"/api/v1/sharing-groups/{group['id']}/members/", {"add": ["US-DOC", "MX-SE"]}, format="json")
    hook = keep(publisher.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/hook",
                                                    "events": ["offer.proposed"]}, format="json"), 201)
    keep(publisher.post("/api/v1/subscriptions/", {"endpoint": hook["id"], "kind": "capacity"}, format="json"), 201)
    keep(publisher.get("/api/v1/subscriptions/"))
    site = publish("facility", supplier, "US-WH", country="US", latitude=Decimal("29.76"),
                   longitude=Decimal("-95.37"), facility_kind="warehouse")
    publish("stockpile", supplier, "US-GLOVES", facility=site, product=gloves, quantity=1000, releasable=600)
    bulk = [{"external_id": f"C-{i}", "facility": "US-WH", "product": "NITRILE-GLOVES", "nominal": "10",
             "in_use": "5", "spare": "5", "as_of": "2026-09-30", "marking": "GREEN"} for i in range(3)]
    keep(publisher.post("/api/v1/capacities/bulk/", {"records": bulk}, format="json"))
    gone = Capacity.objects.get(external_id="C-0")
    assert publisher.delete(f"/api/v1/capacities/{gone.pk}/").status_code == 204
    keep(coordinator.get("/api/v1/changes/", {"after": 0}))  # upserts and the tombstone
    request = keep(coordinator.post("/api/v1/emergency-requests/", {
        "product": "NITRILE-GLOVES", "quantity": "100", "destination_country": "MX",
        "destination_latitude": "19.43", "destination_longitude": "-99.13", "needed_by": "2027-06-30",
        "priority": 1, "justification": "Hospital shortage after an earthquake"}, format="json"), 201)
    with django_capture_on_commit_callbacks(execute=True):
        run = keep(coordinator.post(f"/api/v1/emergency-requests/{request['id']}/match/"), 202)
    keep(coordinator.get(f"/api/v1/match-runs/{run['id']}/"))
    offers = keep(publisher.get("/api/v1/allocations/"))["results"]
    assert offers
    keep(publisher.get("/api/v1/webhook-deliveries/"))
    keep(coordinator.post("/api/v1/analytics/scenarios/", {"countries": ["US"]}, format="json"), (200, 202))
    keep(coordinator.get("/api/v1/analytics/scenarios/"))
    for path in ("/api/v1/facilities/", "/api/v1/capacities/", "/api/v1/stockpiles/", "/api/v1/emergency-requests/",
                 "/api/v1/match-runs/", "/api/v1/sharing-groups/"):
        keep(coordinator.get(path))
    keep(publisher.get("/api/v1/audit-events/"))
    keep(publisher.get("/api/v1/access-log/"))
    keep(publisher.get("/api/v1/webhooks/"))

    ids = ids_in(shown)
    kinds_seen = {"deliveries": publisher.get("/api/v1/webhook-deliveries/").json()["results"],
                  "audit": publisher.get("/api/v1/access-log/").json()["results"]}
    assert all(kinds_seen.values()), kinds_seen  # the lists checked above were not empty
    # Audit ids carry their month above 42 drawn bits (sharing/models/ids.py): the month of the time shown beside.
    audit = {pk: audit_month(at) for pk, at in AuditEvent.objects.values_list("pk", "occurred_at")}
    low = (1 << AUDIT_MONTH_SHIFT) - 1
    drawn_low = {value & low for value in drawn}
    assert all(pk >> AUDIT_MONTH_SHIFT == month and pk & low in drawn_low for pk, month in audit.items())
    assert gone.pk in ids and ids - set(audit) <= drawn, sorted(ids - set(audit) - drawn)


@pytest.fixture
def next_draw_takes(monkeypatch):
    """next_draw_takes(x): the next draw of ids starts with ``x`` (one already in use); later draws are random."""
    from sharing.models import ids

    real, armed = ids.random_ids, []

    def draw(count: int) -> list[int]:
        fresh = real(count)
        if armed:
            fresh[0] = armed.pop()
        return fresh

    monkeypatch.setattr(ids, "random_ids", draw)
    return armed.append


def test_a_single_insert_that_meets_a_taken_id_draws_again(next_draw_takes):
    from sharing.models import SharingGroup

    taken = SharingGroup.objects.create(name="First")
    next_draw_takes(taken.pk)
    group = SharingGroup(name="Second")  # the id is drawn here
    assert group.pk == taken.pk
    group.save()  # inside the test's transaction: the failed INSERT is undone to a savepoint, then retried
    assert group.pk != taken.pk
    assert dict(SharingGroup.objects.values_list("pk", "name")) == {taken.pk: "First", group.pk: "Second"}


def test_a_bulk_write_that_meets_a_taken_id_draws_again(next_draw_takes):
    """COPY on PostgreSQL, bulk_create elsewhere: the batch is written again under new ids."""
    from sharing.models import SharingGroup
    from sharing.services.bulk_sql import insert_rows, insert_values

    owner = PartnerFactory()
    taken = publish("facility", owner, "TAKEN")
    site = {"owner": owner, "marking": "GREEN", "version": 1, "seq": 1, "name": "Plant", "country": "AU",
            "latitude": Decimal("1"), "longitude": Decimal("1"), "facility_kind": "refinery"}
    objs = [Facility(external_id=f"ROW-{i}", **site) for i in range(3)]
    next_draw_takes(taken.pk)
    insert_rows(Facility, objs)
    first = insert_values(SharingGroup, ["name", "description", "created_at"],
                          [(f"G-{i}", "", taken.created_at) for i in range(2)], return_ids=True)
    next_draw_takes(first[0])
    again = insert_values(SharingGroup, ["name", "description", "created_at"],
                          [(f"H-{i}", "", taken.created_at) for i in range(2)], return_ids=True)
    assert taken.pk not in {o.pk for o in objs} and first[0] not in again
    assert Facility.objects.get(pk=taken.pk).external_id == "TAKEN"
    assert set(Facility.objects.filter(external_id__startswith="ROW-").values_list("pk", flat=True)) == {
        o.pk for o in objs}
    assert dict(SharingGroup.objects.values_list("name", "pk")) == {"G-0": first[0], "G-1": first[1],
                                                                    "H-0": again[0], "H-1": again[1]}


def test_an_audit_event_that_meets_a_taken_id_is_written_under_another(next_draw_takes):
    from sharing.services.audit import audit_record, audit_record_many

    first = audit_record(action="test.first")
    events = [AuditEvent(action="test.many") for _ in range(3)]
    events[1].pk = first.pk  # as if drawn again
    audit_record_many(events)
    assert first.pk not in {e.pk for e in events} and len({e.pk for e in events}) == 3
    assert AuditEvent.objects.get(pk=first.pk).action == "test.first"
    assert AuditEvent.objects.filter(action="test.many").count() == 3


def test_insert_values_writes_the_constants_into_every_row():
    # A match run writes its offers with the run, status and times given once, not per row: the same rows.
    from django.utils import timezone

    from sharing.models import SharingGroup
    from sharing.services.bulk_sql import insert_values

    ids = insert_values(SharingGroup, ["name"], [("C-0",), ("C-1",)], return_ids=True,
                        constants={"description": "shared", "created_at": timezone.now()})
    assert sorted(SharingGroup.objects.filter(pk__in=ids).values_list("name", "description")) == [
        ("C-0", "shared"), ("C-1", "shared")]
