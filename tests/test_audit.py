"""The audit trail: every write leaves an event; events cannot change; partners see events on their records."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from sharing.models import AuditEvent, PartnerAPIKey
from sharing.models.audit import AuditTrailIsAppendOnly
from sharing.services.audit import audit_record
from sharing.services.partners import key_revoke, key_rotate, membership_set, partner_update
from tests.factories import PartnerFactory, UserFactory, issue_key

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_api_writes_leave_events_with_actor_request_id_and_address(staff_client):
    response = staff_client.post(
        "/api/v1/partners/",
        {"code": "AU-DISR", "name": "DISR", "country": "AU"},
        HTTP_X_REQUEST_ID="req-123",
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 201
    (event,) = events("partner.create")
    assert event.actor_user == staff_client.user
    assert event.request_id == "req-123" and event.client_address == "192.0.2.7"
    assert event.object_type == "partner" and event.object_id == str(response.json()["id"])
    staff_client.patch(f"/api/v1/partners/{event.object_id}/", {"status": "suspended"})
    assert len(events("partner.suspend")) == 1


def test_service_writes_leave_events(partner):
    key, _ = issue_key(partner, roles=("reader",))
    assert events("api_key.issue")[0].object_id == key.prefix
    key_rotate(key=key)
    assert len(events("api_key.issue")) == 2 and len(events("api_key.revoke")) == 1
    membership_set(user=UserFactory(), partner=partner, roles=["reader"])
    assert len(events("membership.set")) == 1
    partner_update(partner=partner, name="Renamed")
    assert events("partner.update")[0].detail["changed"]["name"]["to"] == "Renamed"


def test_unchanged_update_and_repeated_revoke_write_nothing(partner):
    key, _ = issue_key(partner)
    key_revoke(key=key)
    before = AuditEvent.objects.count()
    key_revoke(key=key)
    partner_update(partner=partner, name=partner.name)
    assert AuditEvent.objects.count() == before


def test_commands_leave_events(capsys):
    call_command("create_partner", "CA-NRCAN", name="Natural Resources Canada", country="ca")
    call_command("issue_key", "CA-NRCAN", roles="reader,publisher", name="sync")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert PartnerAPIKey.objects.get_from_key(secret).partner.code == "CA-NRCAN"
    assert len(events("partner.create")) == 1 and len(events("api_key.issue")) == 1


def test_event_cannot_be_changed_or_deleted_through_the_orm(partner):
    event = audit_record(action="test.event", object_owner=partner)
    event.action = "tampered"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL")
def test_event_cannot_be_changed_in_the_database(partner):
    event = audit_record(action="test.event", object_owner=partner)
    for sql in (
        "UPDATE sharing_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM sharing_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_api_offers_no_way_to_change_events(staff_client, partner):
    event = audit_record(action="test.event", object_owner=partner)
    url = f"/api/v1/audit-events/{event.pk}/"
    assert staff_client.get(url).status_code == 200
    for method in ("put", "patch", "delete"):
        assert getattr(staff_client, method)(url, {}).status_code == 405
    assert staff_client.post("/api/v1/audit-events/", {}).status_code == 405


def test_admin_is_read_only_for_events(staff_client, partner):
    event = audit_record(action="test.event", object_owner=partner)
    assert staff_client.get(f"/admin/sharing/auditevent/{event.pk}/change/").status_code == 200
    assert staff_client.post(f"/admin/sharing/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert staff_client.get("/admin/sharing/auditevent/add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_partner_sees_only_events_on_its_own_records(client_for, partner, other_partner):
    mine = audit_record(action="facility.read", object_owner=partner, object_id="1")
    theirs = audit_record(action="facility.read", object_owner=other_partner, object_id="2")
    client = client_for(partner)
    seen = {e["id"] for e in client.get("/api/v1/audit-events/?page_size=1000").json()["results"]}
    assert mine.pk in seen and theirs.pk not in seen
    assert client.get(f"/api/v1/audit-events/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/audit-events/{mine.pk}/").status_code == 200


def test_staff_see_all_events(staff_client, partner, other_partner):
    audit_record(action="a", object_owner=partner)
    audit_record(action="b", object_owner=other_partner)
    actions = {e["action"] for e in staff_client.get("/api/v1/audit-events/").json()["results"]}
    assert {"a", "b"} <= actions


def test_audit_list_is_filtered_and_query_bounded(client_for, partner, django_assert_max_num_queries):
    for i in range(30):
        audit_record(action="facility.read" if i % 2 else "facility.update", object_owner=partner, object_id=i)
    client = client_for(partner)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/audit-events/?action=facility.update&page_size=100").json()
    assert len(body["results"]) == 15


def test_partner_cannot_see_other_partners_key_events(client_for, partner):
    other = PartnerFactory()
    issue_key(other)
    client = client_for(partner)
    prefixes = {e["object_id"] for e in client.get("/api/v1/audit-events/?action=api_key.issue").json()["results"]}
    assert prefixes == {client.key.prefix}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps the plain table")
def test_sqlite_keeps_one_plain_table_and_the_partition_job_does_nothing(db, capsys, tmp_path):
    from sharing.services import audit_partitions

    call_command("audit_partitions")
    assert "not partitioned" in capsys.readouterr().out
    assert audit_partitions.ensure_partitions() == []
    assert audit_partitions.apply_retention(months=1, folder=tmp_path) == []


def test_the_partition_job_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["audit-partitions"]
    assert entry["task"] == "sharing.audit_partitions"


def test_audit_ids_carry_the_month_of_their_time_on_every_path(partner):
    """Both databases, one layout (sharing/models/ids.py): the writer's path, save(), a clock far off."""
    import datetime as dt

    from sharing.models.ids import AUDIT_MONTH_SHIFT, ID_LIMIT, audit_month
    from sharing.services.audit import audit_record_many

    recorded = audit_record(action="test.recorded", object_owner=partner)
    created = AuditEvent.objects.create(action="test.created", object_owner=partner)
    ancient = AuditEvent(action="test.ancient", object_owner=partner)
    ancient.occurred_at = dt.datetime(1999, 12, 31, tzinfo=dt.UTC)
    audit_record_many([ancient])
    for event in (recorded, created, ancient):
        assert 0 < event.pk < ID_LIMIT and event.pk >> AUDIT_MONTH_SHIFT == audit_month(event.occurred_at)
        assert AuditEvent.objects.get(pk=event.pk).action == event.action
    assert audit_month(ancient.occurred_at) == 0 and audit_month(dt.datetime(2026, 11, 30, tzinfo=dt.UTC)) == 322
    assert audit_month(dt.datetime(2300, 1, 1, tzinfo=dt.UTC)) == (ID_LIMIT >> AUDIT_MONTH_SHIFT) - 1 == 2047
