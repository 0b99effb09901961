"""Writing the audit trail. Every service that writes calls ``audit_record`` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import orjson
from django.db import connections, router
from django.db.models import CharField
from django.utils import timezone

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
    """The event, not yet saved: who (the request's principal unless given), what, to which object, from where
    (``audit_row``'s values as a model instance)."""
    return AuditEvent(**audit_row(action=action, principal=principal, object_type=object_type, object_id=object_id,
                                  object_ids=object_ids, object_owner=object_owner, outcome=outcome, detail=detail))


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


def audit_row(
    *,
    action: str,
    principal: Principal | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_ids: Iterable[Any] | None = None,
    object_owner: Partner | int | None = None,
    outcome: str = AuditOutcome.SUCCESS,
    detail: dict | None = None,
) -> dict[str, Any]:
    """An event's values, column by column (by attribute name, the id not yet drawn), without the model instance
    (``audit_event`` makes one of them): for ``audit_record_many`` on the read paths, which never use the event
    after. Building the instance
    was about 38 µs an event, a third of the audit write's Python once the INSERT took one parameter."""
    request = context.current()
    principal = principal or request.principal
    key = principal.key if principal else None
    partner = principal.partner if principal else None
    user = principal.user if principal else None
    return {
        "id": None,
        "occurred_at": timezone.now(),
        "actor_partner_id": partner.pk if partner is not None else None,
        "actor_key_prefix": key.prefix if key else "",
        "actor_key_name": key.name if key else "",
        "actor_user_id": user.pk if user else None,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id) if object_id != "" else "",
        "object_ids": [str(i) for i in object_ids] if object_ids is not None else [],
        "object_owner_id": object_owner.pk if isinstance(object_owner, Partner) else object_owner,
        "outcome": outcome,
        "request_id": request.request_id,
        "client_address": request.client_address,
        "detail": detail or {},
    }


_FIELDS = AuditEvent._meta.concrete_fields
_ATTNAMES = [f.attname for f in _FIELDS]


def audit_record_many(events: Sequence[AuditEvent | dict[str, Any]]) -> None:
    """Records several events in one INSERT: a list read names one event per owner of the rows it returned.

    Events are ``AuditEvent`` instances not yet saved (their ids are set here) or ``audit_row`` values. A plain
    multi-row INSERT of the values Django itself would store, without reading back the new ids: ``bulk_create``
    spent about 0.7 ms of Python on the four events of a typical page, on every list read. Inside the caller's
    transaction, if any.
    """
    if not events:
        return
    rows = [event if isinstance(event, dict) else {a: event.__dict__[a] for a in _ATTNAMES} for event in events]
    _write_rows(rows)
    for event, row in zip(events, rows, strict=True):
        if not isinstance(event, dict):
            event.pk = event._drawn_id = row["id"]


@contextmanager
def audit_record_many_overlapped(rows: Sequence[dict[str, Any]]) -> Iterator[None]:
    """``audit_record_many`` of ``audit_row`` values, its commit overlapping the work inside the ``with`` block.

    A read outside a transaction commits its audit INSERT on its own, and the commit waits for PostgreSQL to flush
    the write-ahead log to disk (1.7 ms a commit on this project's 2-core test machine, out of some 14 ms a list
    page) while the web worker, which has nothing else to do, waits with it. Here, on PostgreSQL in autocommit, the
    INSERT is sent without waiting and its answer read when the block ends: the page is built and the pagination's
    links made meanwhile. Nothing is weakened: the INSERT commits as before, the block's caller only answers after
    the commit is durable, and a failed INSERT raises here as it would have (the page is never sent). The block
    must not use the database (the connection is busy until the answer is read; psycopg would refuse). Anywhere
    else (SQLite, inside a transaction, a connection whose statements are wrapped or debugged, rows JSON cannot
    carry) it writes first, as ``audit_record_many`` does, and then runs the block.
    """
    rows = list(rows)
    pending = _send_rows(rows) if rows else None
    if pending is None:
        if rows:
            _write_rows(rows)
        yield
        return
    try:
        yield
    finally:
        written = pending()  # always read the answer: the connection is unusable until then
    _write_again(rows, written)


def _draw_ids(rows: list[dict[str, Any]]) -> None:
    fresh = [row for row in rows if row["id"] is None]
    for row, new_id in zip(fresh, audit_ids([row["occurred_at"] for row in fresh]), strict=True):
        row["id"] = new_id
    drawn: set[int] = set()
    for row in rows:  # distinct within the batch too
        while row["id"] in drawn:
            row["id"] = audit_id(row["occurred_at"])
        drawn.add(row["id"])


def _send_rows(rows: list[dict[str, Any]]):
    """Sends the rows' INSERT on PostgreSQL's connection without waiting for it (autocommit only), and returns the
    function that reads its answer (the ids written), or None where it cannot (the caller writes them the plain
    way)."""
    connection = connections[router.db_for_write(AuditEvent)]
    if (connection.vendor != "postgresql" or connection.in_atomic_block or connection.execute_wrappers
            or connection.queries_logged):
        return None
    connection.ensure_connection()
    if not connection.get_autocommit():
        return None
    _draw_ids(rows)
    rows_json = _json_rows(rows)
    if rows_json is None:
        return None
    from psycopg import errors, generators, pq

    conn = connection.connection
    pgconn = conn.pgconn
    if pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return None
    sql = _json_insert_sql(connection).replace("%s", "$1").encode()
    with connection.wrap_database_errors:
        pgconn.send_query_params(sql, [rows_json.encode()])
        conn.wait(generators.send(pgconn))

    def answer() -> set[int]:
        with connection.wrap_database_errors:
            results = conn.wait(generators.fetch_many(pgconn))
            written: set[int] = set()
            for result in results:
                if result.status != pq.ExecStatus.TUPLES_OK:
                    raise errors.error_from_result(result, encoding=conn.info.encoding)
                written.update(int(result.get_value(i, 0)) for i in range(result.ntuples))
            return written

    return answer


def _write_rows(rows: list[dict[str, Any]]) -> None:
    # Every column, the id too. Ids carry the month of the row's occurred_at (sharing/models/ids.py), drawn here
    # from the value written, so the two cannot part. One that meets an existing id is skipped and written again
    # with a new one: skipped by ON CONFLICT on the plain table (SQLite); on PostgreSQL's partitioned table, whose
    # key is (id, occurred_at), by its trigger, which looks the id up in the month's partition (and the partitions
    # older than the legacy cutoff) and refuses an id that does not carry the row's month
    # (sharing/services/audit_partitions.py).
    _draw_ids(rows)
    connection = connections[router.db_for_write(AuditEvent)]
    rows_json = _json_rows(rows) if connection.vendor == "postgresql" else None
    if rows_json is not None:
        sql, params = _json_insert_sql(connection), [rows_json]
    else:
        # The values Django itself would bind (each field's ``get_db_prep_save``; ``pre_save`` of these fields is
        # the value itself).
        params = [f.get_db_prep_save(row[f.attname], connection) for row in rows for f in _FIELDS]
        quote = connection.ops.quote_name
        row_sql = f"({', '.join(['%s'] * len(_FIELDS))})"
        pk = quote(AuditEvent._meta.pk.column)
        sql = (f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({', '.join(quote(f.column) for f in _FIELDS)}) "
               f"VALUES {', '.join([row_sql] * len(rows))} ON CONFLICT DO NOTHING RETURNING {pk}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = {new_id for (new_id,) in cursor.fetchall()}
    _write_again(rows, written)


def _write_again(rows: list[dict[str, Any]], written: set[int]) -> None:
    """The rows an INSERT skipped (their id was taken), with new ids."""
    again = [row for row in rows if row["id"] not in written]
    for row in again:
        row["id"] = audit_id(row["occurred_at"])
    if again:
        _write_rows(again)


# PostgreSQL: the rows as one JSON text, expanded by ``json_to_recordset``. One statement text and one parameter
# whatever the number of events, so psycopg keeps its parse and PostgreSQL prepares it (DB_SERVER_SIDE_BINDING),
# where the VALUES form changed with every row count and had 17 parameters a row. Every row still passes the
# table's BEFORE INSERT triggers (append-only, the id's month, an id taken skipped), as a VALUES row does.
_JSON_SQL: dict[str, str] = {}


def _json_insert_sql(connection: Any) -> str:
    sql = _JSON_SQL.get(connection.alias)
    if sql is None:
        quote = connection.ops.quote_name
        fields = _FIELDS
        # Text for the character columns (the INSERT's assignment checks their length and refuses a longer value,
        # as with VALUES; a ``varchar(n)`` here would cut it silently), each column's own type for the rest.
        types = ["text" if isinstance(f, CharField) else f.db_type(connection) for f in fields]
        columns = ", ".join(quote(f.column) for f in fields)
        record = ", ".join(f"{quote(f.column)} {t}" for f, t in zip(fields, types, strict=True))
        sql = _JSON_SQL[connection.alias] = (
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) SELECT {columns} "
            f"FROM json_to_recordset(%s::json) AS r({record}) "
            f"ON CONFLICT DO NOTHING RETURNING {quote(AuditEvent._meta.pk.column)}")
    return sql


_ADDRESS = AuditEvent._meta.get_field("client_address")
_COLUMNS = [(f.column, f.attname) for f in _FIELDS]
_CHARACTER_ATTNAMES = [f.attname for f in _FIELDS if isinstance(f, CharField)]


def _json_rows(rows: list[dict[str, Any]]) -> str | None:
    """The rows' column values as a JSON array of objects, or None where JSON could not carry one exactly (a naive
    time, which Django makes aware in its own way; a character column given something other than text, which
    Django stores as ``str(value)`` and JSON would write as ``true`` or ``12``; a value orjson cannot write): the
    caller then binds them."""
    out = []
    for row in rows:
        if row["occurred_at"].tzinfo is None:
            return None
        if not all(isinstance(row[attname], str) for attname in _CHARACTER_ATTNAMES):
            return None
        values = {column: row[attname] for column, attname in _COLUMNS}
        if values["client_address"] is not None:  # as Django binds it: IPv6 in its short form, "" as NULL
            values["client_address"] = _ADDRESS.get_prep_value(values["client_address"]) or None
        out.append(values)
    try:
        return orjson.dumps(out, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return None
