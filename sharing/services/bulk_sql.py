"""Writing thousands of rows at once without the ORM's per-value cost, on PostgreSQL.

``bulk_create`` and ``bulk_update`` build SQL with a placeholder (and a Python call or two) per value, and
``bulk_update`` sends a ``CASE WHEN id = ...`` per field and row, which PostgreSQL evaluates in time quadratic in
the batch. On PostgreSQL these write with ``COPY`` (inserts, with ids drawn first: random public ids,
``sharing.models.ids``, or taken from the table's sequence for the tables that keep one) and one
``UPDATE ... FROM unnest(arrays)`` (updates); elsewhere they are the ORM's own calls. Either way each value
goes through its field's ``get_db_prep_save`` unless it is a plain type that the field would pass through
unchanged, so the database receives the same values as from the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.fields import AutoFieldMixin

from sharing.models import ids as public_ids

# Field classes whose get_db_prep_save returns these Python types unchanged on PostgreSQL.
_PASSTHROUGH: list[tuple[type[models.Field], tuple[type, ...]]] = [
    (models.ForeignKey, (int,)),
    (models.AutoField, (int,)),
    (models.BigAutoField, (int,)),
    (models.BooleanField, (bool,)),
    (models.IntegerField, (int,)),  # Positive, Big and Small integer fields are subclasses
    (models.DecimalField, (Decimal,)),
    (models.DateTimeField, (datetime,)),  # before DateField, its parent; aware datetimes only (checked below)
    (models.DateField, (date,)),
    (models.CharField, (str,)),
    (models.TextField, (str,)),
]


def _converter(field: models.Field):
    """A function from an attribute value to what the driver should receive for ``field``."""
    plain: tuple[type, ...] = ()
    for cls, types in _PASSTHROUGH:
        if isinstance(field, cls):
            plain = types
            break
    prep = field.get_db_prep_save
    if isinstance(field, models.JSONField) and field.encoder is None:
        # What JSONField sends (Jsonb(value) with json.dumps; None is JSON null), as text COPY parses itself.
        return json.dumps
    if isinstance(field, models.DateTimeField):
        def plain_value(value) -> bool:  # a naive datetime is for the field to convert (and warn about)
            return type(value) is datetime and value.tzinfo is not None
    elif isinstance(field, models.DecimalField):
        def plain_value(value) -> bool:  # NaN and infinities are for the field to refuse
            return type(value) is Decimal and value.is_finite()
    else:
        def plain_value(value) -> bool:  # exact types: a datetime is not a plain date, nor a bool an int
            return type(value) in plain

    def convert(value):
        if value is None or plain_value(value):
            return value
        return prep(value, connection)

    return convert


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _concrete(model: type[models.Model], names: Sequence[str] | None) -> list[models.Field]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if names is not None:
        by_name = {f.name: f for f in fields} | {f.attname: f for f in fields}
        fields = [by_name[name] for name in names]
    return fields


def _stamp(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """What the ORM's insert does first: auto_now and auto_now_add fields take the current time."""
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                field.pre_save(obj, add=True)


def insert_values(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence],
    *,
    return_ids: bool = False,
    constants: Mapping[str, object] | None = None,
) -> list[int]:
    """Inserts plain rows (values of the named fields, in order) without making model instances first; with
    ``return_ids``, returns the new primary keys in the order of ``rows`` (else an empty list). ``constants``:
    fields with the same value in every row, converted once (a match run writes tens of thousands of offers that
    share their run, status and times).

    No ``auto_now`` or defaults are applied: name every column without a database default.
    """
    if not rows:
        return []
    constants = dict(constants or {})
    if not _is_postgresql():
        fixed = tuple(constants.values())
        names = [*names, *constants]
        objs = [model(**dict(zip(names, (*row, *fixed), strict=True))) for row in rows]
        if _sequence_ids(model):
            created = model.objects.bulk_create(objs, batch_size=1000)
            return [obj.pk for obj in created] if return_ids else []
        ids = with_random_ids(model, len(objs), lambda ids: _bulk_create_with(model, objs, ids))
        return ids if return_ids else []
    fields = _concrete(model, names)
    converters = [_converter(f) for f in fields]
    constant_fields = _concrete(model, list(constants))
    tail = [_converter(f)(v) for f, v in zip(constant_fields, constants.values(), strict=True)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [f.column for f in [*fields, *constant_fields]]

    def copy_rows(ids: list[int] | None) -> None:
        quoted = ", ".join(quote(c) for c in ([model._meta.pk.column, *columns] if ids else columns))
        with (connection.cursor() as cursor, connection.wrap_database_errors,
              cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy):
            if ids:
                for new_id, row in zip(ids, rows, strict=True):
                    copy.write_row(
                        [new_id, *(convert(v) for convert, v in zip(converters, row, strict=True)), *tail]
                    )
            else:
                for row in rows:
                    copy.write_row([*(convert(v) for convert, v in zip(converters, row, strict=True)), *tail])

    if not _sequence_ids(model):  # random ids are drawn here, whether returned or not
        ids = with_random_ids(model, len(rows), copy_rows)
        return ids if return_ids else []
    ids = _sequence_next(model, len(rows)) if return_ids else None
    copy_rows(ids)
    return ids or []


def _sequence_ids(model: type[models.Model]) -> bool:
    """Whether the table numbers its rows itself (a sequence); else ids are random, drawn in Python."""
    return isinstance(model._meta.pk, AutoFieldMixin)


_ATTEMPTS = 5


def with_random_ids(model: type[models.Model], count: int, write) -> list[int]:
    """Calls ``write(ids)`` with ``count`` distinct random ids and returns them. The write runs in a savepoint: if
    it fails on the primary key (one of the ids was taken: about once in 200,000 batches of 5,000 into a table of
    ten million), the taken ids are drawn again and the write repeated. Checking the ids first instead cost a query
    per batch (about 60 ms for 5,000 ids)."""
    ids = public_ids.random_ids(count)
    for attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                write(ids)
            return ids
        except IntegrityError:
            taken = set(model._base_manager.filter(column_in(model, model._meta.pk.name, ids))
                        .values_list("pk", flat=True))
            if not taken or attempt == _ATTEMPTS - 1:
                raise
            ids = public_ids.random_ids(count)
    raise AssertionError("unreachable")


def _bulk_create_with(model: type[models.Model], objs: Sequence[models.Model], ids: list[int]) -> None:
    for obj, new_id in zip(objs, ids, strict=True):
        obj.pk = new_id
        obj._state.adding = True
    model.objects.bulk_create(objs, batch_size=1000)


def _sequence_next(model: type[models.Model], count: int) -> list[int]:
    """Takes ``count`` values from the table's id sequence (COPY cannot return the ids it assigns)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [new_id for (new_id,) in cursor.fetchall()]


def insert_rows(model: type[models.Model], objs: Sequence[models.Model], *, need_ids: bool = True) -> None:
    """Inserts ``objs`` (setting their ``pk`` when ``need_ids``), like ``bulk_create`` without conflicts handling.

    ``auto_now`` fields take the time of the call, as with ``bulk_create``.
    """
    if not objs:
        return
    if not _is_postgresql():
        if _sequence_ids(model):
            model.objects.bulk_create(objs, batch_size=1000)
        else:
            with_random_ids(model, len(objs), lambda ids: _bulk_create_with(model, objs, ids))
        return
    _stamp(model, objs)
    fields = _concrete(model, None)
    pk = model._meta.pk
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [f.column for f in fields]
    converters = [(f.attname, _converter(f)) for f in fields]
    if need_ids or not _sequence_ids(model):
        columns = [pk.column, *columns]
        converters = [(pk.attname, _converter(pk)), *converters]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)

    def copy_objs(ids: list[int] | None) -> None:
        for obj, new_id in zip(objs, ids or (), strict=False):
            setattr(obj, pk.attname, new_id)
        with (connection.cursor() as cursor, connection.wrap_database_errors,
              cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy):
            for obj in objs:
                copy.write_row([convert(getattr(obj, attname)) for attname, convert in converters])

    if not _sequence_ids(model):
        with_random_ids(model, len(objs), copy_objs)
    else:
        copy_objs(_sequence_next(model, len(objs)) if need_ids else None)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def update_rows(model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """Writes the named fields of ``objs`` (by primary key), like ``bulk_update`` with one statement."""
    if not objs:
        return
    if not _is_postgresql():
        model.objects.bulk_update(objs, list(names), batch_size=1000)
        return
    fields = _concrete(model, names)
    pk = model._meta.pk
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    arrays = [[pk.get_db_prep_save(obj.pk, connection) for obj in objs]]
    for field in fields:
        convert = _converter(field)
        arrays.append([convert(getattr(obj, field.attname)) for obj in objs])
    casts = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in [pk, *fields])
    names_sql = ", ".join(quote(f.column) for f in [pk, *fields])
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM unnest({casts}) AS v({names_sql}) "
            f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
            arrays,
        )


def column_in(model: type[models.Model], name: str, values: Sequence) -> Q:
    """``name IN (...)``; on PostgreSQL ``= ANY(%s)`` with one array parameter rather than thousands of
    placeholders (which the driver parses one by one)."""
    if not _is_postgresql():
        return Q(**{f"{name}__in": list(values)})
    field = model._meta.get_field(name)
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(field.column)}"
    return Q(RawSQL(f"{column} = ANY(%s::{field.cast_db_type(connection)}[])", (list(values),),
                    output_field=models.BooleanField()))
