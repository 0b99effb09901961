"""The audit writer's PostgreSQL form: the rows as one JSON parameter of one statement text whatever their number
(so psycopg keeps its parse and PostgreSQL prepares it), storing exactly what the bound VALUES form stores."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection

from sharing import context
from sharing.models import AuditEvent
from sharing.models.ids import AUDIT_MONTH_SHIFT
from sharing.principal import Principal
from sharing.services import audit
from sharing.services import audit_partitions as ap
from sharing.services.audit import audit_event, audit_record, audit_record_many, audit_row
from tests.factories import PartnerFactory, UserFactory, issue_key

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the JSON form is PostgreSQL's")

FIELDS = [f.attname for f in AuditEvent._meta.concrete_fields if f.attname != "id"]


@pytest.fixture
def month_ids(db):
    ap.set_legacy_cutoff(None)  # as tests/test_audit_partitions.py: the cutoff passed, one partition probed


def _events(partner, reader, user, now: dt.datetime) -> list[AuditEvent]:
    """Values that must come back exactly: microseconds and a time zone, unicode, quotes and backslashes, NULLs,
    large integers, nested JSON, an IPv6 address in its long form, empty strings."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    kinds = [
        dict(action="facility.read", object_type="facility", object_owner_id=partner.pk,
             actor_partner_id=reader.pk, actor_key_prefix="abcd1234", actor_key_name="clé «bench» 🚀",
             object_ids=[str(i) for i in range(100)], request_id="r-1", client_address="10.1.2.3"),
        dict(action="user.sign_in", actor_user_id=user.pk, object_type="user", object_id="42", outcome="failed",
             detail={"username": 'a "b" \\ c\n\t\u2028 ünï', "locked_out": False, "n": 2**52, "x": 1.5,
                     "none": None, "nested": {"list": [1, "two", None, True]}, "emoji": "🙂", "7": "int key"},
             client_address="2001:0db8:0000:0000:0000:0000:0000:0001"),
        dict(action="waiver_response.read", object_owner_id=partner.pk, client_address=None, detail={},
             object_ids=[]),
        dict(action="x" * 64, object_type="", object_id="", client_address="::ffff:192.0.2.1"),
    ]
    moments = [dt.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC),
               dt.datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
               now.astimezone(paris).replace(microsecond=1),
               now]
    events = []
    for values, moment in zip(kinds, moments, strict=True):
        event = AuditEvent(**values)
        event.occurred_at = moment
        events.append(event)
    return events


def _row(event: AuditEvent) -> dict:
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}


def _stored(events: list[AuditEvent]) -> list[tuple]:
    rows = {row[0]: row for row in AuditEvent.objects.filter(pk__in=[e.pk for e in events])
            .values_list("id", *FIELDS)}
    return [rows[event.pk][1:] for event in events]


def _bound(events: list[AuditEvent]) -> None:
    """The VALUES form, as before."""
    real, audit._json_rows = audit._json_rows, lambda events: None
    try:
        audit_record_many(events)
    finally:
        audit._json_rows = real


@postgresql_only
def test_a_row_written_as_json_reads_back_equal_to_one_bound_as_values(db, month_ids):
    partner, reader, user = PartnerFactory(), PartnerFactory(), UserFactory()
    for month in ("2026-03-01", "2026-04-01"):
        ap.create_partition(dt.date.fromisoformat(month))
    ap.ensure_partitions()
    now = dt.datetime.now(dt.UTC)
    old, new = _events(partner, reader, user, now), _events(partner, reader, user, now)
    _bound(old)
    assert audit._json_rows([_row(e) for e in new]) is not None
    audit_record_many(new)
    assert _stored(new) == _stored(old)
    assert [e.pk >> AUDIT_MONTH_SHIFT for e in new] == [e.pk >> AUDIT_MONTH_SHIFT for e in old]
    with connection.cursor() as cursor:  # the database's own text of every column, time zone and inet included
        cursor.execute("SELECT a.*::text, b.*::text FROM sharing_auditevent a, sharing_auditevent b "
                       "WHERE a.id = ANY(%s) AND b.id = ANY(%s) AND a.occurred_at = b.occurred_at "
                       "AND a.action = b.action", [[e.pk for e in old], [e.pk for e in new]])
        pairs = cursor.fetchall()
    assert len(pairs) == 4
    for a, b in pairs:
        assert a.split(",", 1)[1] == b.split(",", 1)[1]  # everything but the id


@postgresql_only
def test_a_taken_id_is_drawn_again_in_the_json_form_as_in_the_values_form(db, month_ids):
    partner = PartnerFactory()
    first = audit_record(action="test.first", object_owner=partner, detail={"k": "é"})
    for write in (_bound, audit_record_many):
        clash = [AuditEvent(id=first.pk, action="test.many", object_owner_id=partner.pk, detail={"k": "é"}),
                 AuditEvent(action="test.many", object_owner_id=partner.pk)]
        clash[0].occurred_at = clash[1].occurred_at = first.occurred_at
        write(clash)
        assert clash[0].pk != first.pk and clash[0].pk >> AUDIT_MONTH_SHIFT == first.pk >> AUDIT_MONTH_SHIFT
        assert AuditEvent.objects.get(pk=first.pk).action == "test.first"
        assert _stored(clash[:1]) == [
            tuple(getattr(clash[0], f) if f != "action" else "test.many" for f in FIELDS)]
        assert AuditEvent.objects.filter(pk__in=[e.pk for e in clash], action="test.many").count() == 2


@postgresql_only
def test_one_statement_text_and_one_parameter_whatever_the_number_of_events(db):
    partner = PartnerFactory()
    seen = []

    def capture(execute, sql, params, many, context):
        if "sharing_auditevent" in sql:
            seen.append((sql, len(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        for count in (1, 5):
            audit_record_many([AuditEvent(action="facility.read", object_owner_id=partner.pk) for _ in range(count)])
    assert len(seen) == 2 and seen[0][0] == seen[1][0] and seen[0][1] == seen[1][1] == 1


@postgresql_only
def test_a_naive_time_or_a_value_json_cannot_carry_goes_the_bound_way(db):
    partner = PartnerFactory()
    naive = AuditEvent(action="facility.read", object_owner_id=partner.pk)
    assert audit._json_rows([_row(naive)]) is not None
    naive.occurred_at = naive.occurred_at.replace(tzinfo=None)
    assert audit._json_rows([_row(naive)]) is None
    huge = AuditEvent(action="facility.read", object_owner_id=partner.pk, detail={"n": 2**70})
    assert audit._json_rows([_row(huge)]) is None
    audit_record_many([huge])  # bound, as before
    assert AuditEvent.objects.get(pk=huge.pk).detail == {"n": 2**70}


def test_a_character_column_given_a_non_text_value_is_stored_as_django_stores_it(db):
    """JSON would carry True as ``true`` and 12 as ``12``; Django stores ``str(value)``: such rows go bound."""
    partner = PartnerFactory()
    odd = AuditEvent(action="facility.read", object_owner_id=partner.pk, object_type=True, object_id=12)
    assert audit._json_rows([_row(odd)]) is None
    audit_record_many([odd])
    stored = AuditEvent.objects.get(pk=odd.pk)
    assert (stored.object_type, stored.object_id) == ("True", "12")


@pytest.mark.parametrize("who", ["key", "user", "none", "request"])
def test_audit_row_holds_the_values_audit_event_gives_its_instance(db, who):
    partner = PartnerFactory()
    key, _ = issue_key(partner, name="clé")
    principal = {"key": Principal.for_key(key), "user": Principal.for_user(UserFactory()), "none": None,
                 "request": None}[who]
    token = context.begin(context.RequestContext(
        request_id="req-1", client_address="203.0.113.9",
        principal=Principal.for_key(key) if who == "request" else None))
    try:
        for kwargs in ({"action": "facility.read"},
                       {"action": "facility.read", "object_type": "facility", "object_id": 7, "object_ids": [7, 8],
                        "object_owner": partner, "outcome": "denied", "detail": {"a": 1}},
                       {"action": "x.read", "object_owner": partner.pk, "object_id": "", "object_ids": []}):
            event, row = audit_event(principal=principal, **kwargs), audit_row(principal=principal, **kwargs)
            made = _row(event)
            assert abs(made.pop("occurred_at") - row.pop("occurred_at")) < dt.timedelta(seconds=5)
            assert row == made
        rows = [audit_row(principal=principal, action="facility.read", object_owner=partner, object_ids=[1])]
        audit_record_many(rows)
        stored = AuditEvent.objects.get(pk=rows[0]["id"])
        assert {f.attname: getattr(stored, f.attname) for f in AuditEvent._meta.concrete_fields} == rows[0]
    finally:
        context.end(token)


@postgresql_only
def test_a_value_too_long_for_its_column_is_refused_as_before_not_cut(db):
    from django.db import DataError, transaction

    partner = PartnerFactory()
    for write in (_bound, audit_record_many):
        with pytest.raises(DataError), transaction.atomic():
            write([AuditEvent(action="x" * 65, object_owner_id=partner.pk)])
    assert not AuditEvent.objects.filter(action__startswith="xxxx").exists()
