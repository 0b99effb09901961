"""Writing the audit trail. Every service that writes calls ``audit_record`` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, router

from sharing import context
from sharing.choices import AuditOutcome
from sharing.models import AuditEvent, Partner
from sharing.models.ids import audit_id, audit_ids
from sharing.principal import Principal


def audit_event(
    *,
    action: str,
    principal: Principal | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_ids: Iterable[Any] | None = None,
    object_owner: Partner | int | None = None,
    outcome: str = AuditOutcome.SUCCESS,
    detail: dict | None = None,
) -> AuditEvent:
    """The event, not yet saved: who (the request's principal unless given), what, to which object, from where."""
    request = context.current()
    principal = principal or request.principal
    owner_id = object_owner.pk if isinstance(object_owner, Partner) else object_owner
    return AuditEvent(
        action=action,
        actor_partner=principal.partner if principal else None,
        actor_key_prefix=principal.key.prefix if principal and principal.key else "",
        actor_key_name=principal.key.name if principal and principal.key else "",
        actor_user=principal.user if principal and principal.user else None,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        object_ids=[str(i) for i in object_ids] if object_ids is not None else [],
        object_owner_id=owner_id,
        outcome=outcome,
        request_id=request.request_id,
        client_address=request.client_address,
        detail=detail or {},
    )


def audit_record(**kwargs: Any) -> AuditEvent:
    """Records one event (see ``audit_event`` for the arguments)."""
    event = audit_event(**kwargs)
    audit_record_many([event])  # one INSERT, as save() was, with the retry on a taken id and no savepoint
    event._state.adding, event._state.db = False, router.db_for_write(AuditEvent)
    return event


def _attempted_username(username: Any) -> str:
    """The name a sign-in tried, as text safe to store and show: it is the caller's input."""
    text = username if isinstance(username, str) else ""
    return "".join(c for c in text[:150] if c.isprintable())


def audit_sign_in(*, user: Any) -> AuditEvent:
    """A password sign-in that succeeded (the admin; later people's sign-in)."""
    return audit_record(action="user.sign_in", principal=Principal.for_user(user), object_type="user",
                        object_id=user.pk)


def audit_sign_in_failed(*, username: Any, locked_out: bool) -> AuditEvent:
    """A password sign-in that failed: a wrong password, or any password while the name is locked out here."""
    return audit_record(action="user.sign_in", outcome=AuditOutcome.FAILED, object_type="user",
                        detail={"username": _attempted_username(username), "locked_out": locked_out})


def audit_sign_in_locked_out(*, username: Any) -> AuditEvent:
    """Too many failures for one name from one address: django-axes refuses it from there for a while."""
    return audit_record(action="user.locked_out", outcome=AuditOutcome.DENIED, object_type="user",
                        detail={"username": _attempted_username(username)})


def audit_record_many(events: list[AuditEvent]) -> None:
    """Records several events in one INSERT: a list read names one event per owner of the rows it returned.

    A plain multi-row INSERT of the values Django itself would store (each field's ``pre_save`` and
    ``get_db_prep_save``), without reading back the new ids: ``bulk_create`` spent about 0.7 ms of Python on
    the four events of a typical page, on every list read. Inside the caller's transaction, if any.
    """
    if not events:
        return
    # Every column, the id too. Ids carry the month of the row's occurred_at (sharing/models/ids.py), drawn here
    # from the value written, so the two cannot part. One that meets an existing id is skipped and written again
    # with a new one: skipped by ON CONFLICT on the plain table (SQLite); on PostgreSQL's partitioned table, whose
    # key is (id, occurred_at), by its trigger, which looks the id up in the month's partition (and the partitions
    # older than the legacy cutoff) and refuses an id that does not carry the row's month
    # (sharing/services/audit_partitions.py).
    fresh = [event for event in events if event.pk is None]
    for event, new_id in zip(fresh, audit_ids([event.occurred_at for event in fresh]), strict=True):
        event.pk = event._drawn_id = new_id
    drawn: set[int] = set()
    for event in events:  # distinct within the batch too
        while event.pk in drawn:
            event.pk = event._drawn_id = audit_id(event.occurred_at)
        drawn.add(event.pk)
    fields = AuditEvent._meta.concrete_fields
    connection = connections[router.db_for_write(AuditEvent)]
    params = [f.get_db_prep_save(f.pre_save(event, True), connection) for event in events for f in fields]
    quote = connection.ops.quote_name
    row = f"({', '.join(['%s'] * len(fields))})"
    pk = quote(AuditEvent._meta.pk.column)
    sql = (f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES {', '.join([row] * len(events))} ON CONFLICT DO NOTHING RETURNING {pk}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = {new_id for (new_id,) in cursor.fetchall()}
    again = [event for event in events if event.pk not in written]
    for event in again:
        event.pk = event._drawn_id = audit_id(event.occurred_at)
    audit_record_many(again)
