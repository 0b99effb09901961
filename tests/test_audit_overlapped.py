"""A list read's audit INSERT, sent before the page is built and its answer read after (PostgreSQL, autocommit):
the commit's flush to disk overlaps the page's building. The events written are those of the plain write; a failed
INSERT fails the request (the page is never sent) and leaves the connection usable; a taken id is drawn again; the
block's own exception still reads the answer; inside a transaction, and on SQLite, the plain write runs first."""

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from sharing.models import AuditEvent
from sharing.services import audit
from sharing.services.audit import audit_record, audit_record_many_overlapped, audit_row
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the overlapped write is PostgreSQL's")
URL = "/api/v1/capacities/?ordering=external_id&page_size=100"


@pytest.fixture
def reader(transactional_db):
    """A reader in a group with two owners, who publish capacity it may see (AMBER for the group, GREEN) and may
    not (AMBER for another group, RED)."""
    owners = [PartnerFactory(code="JP-METI"), PartnerFactory(code="KR-MOTIE")]
    reader = PartnerFactory(code="READER")
    shared = SharingGroupFactory(name="Shared", members=[*owners, reader])
    closed = SharingGroupFactory(name="Closed", members=owners)
    product = ProductFactory(code="NDPR-OXIDE")
    for n, owner in enumerate(owners):
        site = publish("facility", owner, f"site-{n}")
        for marking, groups in (("GREEN", ()), ("AMBER", (shared,)), ("AMBER", (closed,)), ("RED", ())):
            publish("capacity", owner, f"c-{n}-{marking}-{groups[0].name if groups else ''}", marking=marking,
                    groups=groups, facility=site, product=product)
    return reader


@pytest.fixture
def sent(monkeypatch):
    """Whether each audit write of the test was sent overlapped (True) or written the plain way (False)."""
    calls: list[bool] = []
    real = audit._send_rows

    def spy(rows):
        answer = real(rows)
        calls.append(answer is not None)
        return answer

    monkeypatch.setattr(audit, "_send_rows", spy)
    return calls


def _client(partner) -> APIClient:
    from tests.factories import issue_key

    _, header = issue_key(partner, ("reader",))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def _events_since(before: set) -> list[tuple]:
    return sorted((e.action, e.object_type, e.object_owner_id, tuple(e.object_ids), e.actor_partner_id)
                  for e in AuditEvent.objects.exclude(pk__in=before))


@postgresql_only
def test_a_list_read_audits_overlapped_exactly_as_the_plain_write_does(reader, sent, monkeypatch):
    client = _client(reader)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    overlapped = client.get(URL)
    assert overlapped.status_code == 200
    assert sent == [True]
    overlapped_events = _events_since(before)
    assert len(overlapped_events) == 2  # one per owner, each naming its GREEN and shared AMBER rows
    assert all(len(ids) == 2 for _, _, _, ids, _ in overlapped_events)

    monkeypatch.setattr(audit, "_send_rows", lambda rows: None)  # the plain write
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    plain = client.get(URL)
    assert plain.content == overlapped.content
    assert _events_since(before) == overlapped_events
    assert connection.get_autocommit() and not connection.in_atomic_block


@postgresql_only
def test_a_failed_audit_insert_fails_the_read_and_leaves_the_connection_usable(reader, sent, monkeypatch):
    client = _client(reader)
    client.raise_request_exception = False
    before = AuditEvent.objects.count()
    monkeypatch.setattr(audit, "_json_insert_sql", lambda connection: "INSERT INTO sharing_no_such_table SELECT %s")
    refused = client.get(URL)
    assert refused.status_code == 500
    assert b"c-0-GREEN" not in refused.content
    assert sent == [True]
    assert AuditEvent.objects.count() == before  # the connection answers, and nothing was written
    monkeypatch.undo()
    answered = client.get(URL)
    assert answered.status_code == 200 and b"c-0-GREEN" in answered.content
    assert AuditEvent.objects.count() == before + 2


@postgresql_only
def test_an_id_already_taken_is_drawn_again(reader, sent, monkeypatch):
    first = audit_record(action="test.first", object_owner=reader)
    real, drawn = audit.audit_ids, []

    def clashing(moments):
        if not drawn:  # the read's first draw: the id of an existing row of the same month
            drawn.append(True)
            return [first.pk] * len(moments)
        return real(moments)

    monkeypatch.setattr(audit, "audit_ids", clashing)
    row = audit_row(action="capacity.read", object_owner=reader.pk, object_ids=[1, 2])
    row["occurred_at"] = first.occurred_at
    with audit_record_many_overlapped([row]):
        pass
    assert sent == [True]
    assert row["id"] != first.pk
    assert AuditEvent.objects.get(pk=first.pk).action == "test.first"
    assert AuditEvent.objects.get(pk=row["id"]).object_ids == ["1", "2"]


@postgresql_only
def test_the_blocks_own_exception_still_reads_the_answer(reader, sent):
    row = audit_row(action="capacity.read", object_owner=reader.pk, object_ids=[7])
    with pytest.raises(ValueError, match="while building"), audit_record_many_overlapped([row]):
        raise ValueError("while building the page")
    assert sent == [True]
    assert AuditEvent.objects.filter(pk=row["id"]).exists()  # written, and the connection usable again


def test_inside_a_transaction_or_on_sqlite_the_write_comes_first(reader, sent):
    row = audit_row(action="capacity.read", object_owner=reader.pk, object_ids=[9])
    with transaction.atomic(), audit_record_many_overlapped([row]):
        assert AuditEvent.objects.filter(pk=row["id"]).exists()  # written before the block
    assert sent == [False]
    if connection.vendor == "sqlite":
        other = audit_row(action="capacity.read", object_owner=reader.pk, object_ids=[10])
        with audit_record_many_overlapped([other]):
            assert AuditEvent.objects.filter(pk=other["id"]).exists()
        assert sent == [False, False]
