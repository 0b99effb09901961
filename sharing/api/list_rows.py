"""List pages of the published kinds read as rows (``.values()``), not model instances, and rendered with orjson.

One mechanism for every kind: a plan derived from the kind's output serializer (``OUTPUT_SERIALIZERS``). Each
readable field becomes a column path (its dotted ``source`` as ``__`` lookups, nested ``FlatOutput`` serializers
as the related object's columns) and keeps the field's own ``to_representation`` (or the serializer's fast
decimal), so a row renders to what the serializer renders of the record. A field the plan cannot read from a
column (a method field or a Python property) may be given by the serializer's ``row_sources``: its name to the
column paths it needs and a function of their values. A serializer with a field neither covers has no plan, and
its kind's lists keep the serializer path (``list_plan`` answers None). On PostgreSQL, decimals and datetimes are
read as the text they render as (``_text_column``), so the driver makes no Decimal or datetime of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from sharing.querysets import caller_group_ids, caller_partner_id


@dataclass(frozen=True)
class Column:
    name: str
    paths: tuple[str, ...]  # the ``.values()`` keys it reads
    build: Callable[[dict], Any]  # the row to the field's output
    expressions: tuple[tuple[str, Any], ...] = ()  # keys of ``paths`` that are SQL expressions: (key, expression)
    # What ``build`` does, for ``ListPlan``'s generated renderer to do inline on a page rendered in UTC:
    # ("value", key) the value itself; ("utc_text", key) a timestamp's text; ("exact", key, type, represent) the
    # value if exactly of that type, else represent(value); ("iso", key, represent) a date's isoformat, likewise;
    # ("groups",); ("nested", key, columns) None when the key is, else the nested columns. None: call ``build``.
    form: tuple | None = None


@dataclass(frozen=True)
class ListPlan:
    columns: tuple[Column, ...]
    paths: tuple[str, ...]  # every ``.values()`` key the page reads as a column path
    expressions: tuple[tuple[str, Any], ...] = ()  # and as an expression (``text_columns``): (key, expression)

    def values(self, queryset: models.QuerySet, *more: str) -> models.QuerySet:
        """The page's ``.values()``: its columns, ``more`` paths (the ordering's), its expressions."""
        return queryset.values(*dict.fromkeys((*self.paths, *more)), **dict(self.expressions))

    def rows(self, values: list, groups: dict[int, list[tuple[int, str]]], viewer) -> list[dict]:
        """The page's rows as the output serializer renders them; ``viewer`` is (partner id, group ids). ``values``
        are ``.values()`` dicts or ``page_sql.row_type`` tuples."""
        partner_id, group_ids = viewer
        in_utc = _current_timezone_is_utc()
        if values and isinstance(values[0], tuple):
            if in_utc:
                return _renderer(self, type(values[0]))(values, groups, partner_id, group_ids)
            names = values[0].names
            values = [dict(zip(names, row, strict=True)) for row in values]
        if in_utc:
            return _renderer(self, dict)(values, groups, partner_id, group_ids)
        out = []
        for row in values:
            row[IN_UTC] = in_utc
            named = groups.get(row["id"], ())
            row["__groups__"] = sorted(name for pk, name in named
                                       if row["owner_id"] == partner_id or pk in group_ids)
            out.append({column.name: column.build(row) for column in self.columns})
        return out


# By the plan's id and the rows' type (dict, or a ``page_sql.row_type``): plans are made once per kind
# (``list_plan``) and kept, row types once per page statement's columns.
_renderers: dict[tuple[int, type], Callable] = {}


def _renderer(plan: ListPlan, rows: type) -> Callable:
    render = _renderers.get((id(plan), rows))
    if render is None:
        render = _renderers[(id(plan), rows)] = _generate(plan, None if rows is dict else rows.index)
    return render


def _generate(plan: ListPlan, index: dict[str, int] | None = None) -> Callable:
    """``ListPlan.rows`` on a page rendered in UTC as one generated function: each row's dict written out as a
    display of its keys and inline expressions (``Column.form``), not a comprehension calling a closure per column
    (some 0.3 ms of CPU a 100-row page). What it does per column is what the column's ``build`` does, in UTC.

    Rows are dicts (``index`` None) or tuples whose columns ``index`` places: then each row is unpacked into
    local names once (reading a value is then the cheapest thing Python does, where indexing a tuple subclass is
    not specialised), and a column without a form gets a dict of the keys it reads (its ``paths``)."""
    names: dict[str, Any] = {"sorted": sorted, "IN_UTC": IN_UTC}

    def bind(value) -> str:
        name = f"_v{len(names)}"
        names[name] = value
        return name

    def at(key: str) -> str:
        return f"row[{key!r}]" if index is None else f"c{index[key]}"

    def expression(column: Column) -> str:
        form = column.form
        if form is None:
            if index is None:
                return f"{bind(column.build)}(row)"
            keys = ", ".join(f"{key!r}: {at(key)}" for key in column.paths)
            return f"{bind(column.build)}({{{keys}, IN_UTC: True}})"
        if form[0] == "value":
            return at(form[1])
        if form[0] == "utc_text":
            return (f"(None if (v := {at(form[1])}) is None else v if v[20:26] != '000000' "
                    f"else v[:19] + 'Z')")
        if form[0] == "exact":
            return f"(v if type(v := {at(form[1])}) is {bind(form[2])} else {bind(form[3])}(v))"
        if form[0] == "iso":
            return f"(v.isoformat() if type(v := {at(form[1])}) is {bind(dt.date)} else {bind(form[2])}(v))"
        if form[0] == "groups":
            return "shown"
        if form[0] == "nested":
            return f"(None if {at(form[1])} is None else {display(form[2])})"
        raise ValueError(form)

    def display(columns) -> str:
        return "{" + ", ".join(f"{c.name!r}: {expression(c)}" for c in columns) + "}"

    source = (
        "def render(values, groups, partner_id, group_ids):\n"
        "    out = []\n"
        + ("    for row in values:\n        row[IN_UTC] = True\n" if index is None else
           f"    for ({''.join(f'c{i}, ' for i in range(len(index)))}) in values:\n")
        + f"        named = groups.get({at('id')})\n"
        f"        mine = {at('owner_id')} == partner_id\n"
        "        shown = sorted(name for pk, name in named if mine or pk in group_ids) if named else []\n"
        + f"        out.append({display(plan.columns)})\n"
        "    return out\n"
    )
    exec(compile(source, f"<list_rows renderer {len(plan.columns)} columns>", "exec"), names)
    return names["render"]


# Whether the page renders datetimes in UTC (the active time zone, read once a page rather than once a value).
IN_UTC = "__in_utc__"
_ZERO = dt.timedelta(0)


def _current_timezone_is_utc() -> bool:
    zone = timezone.get_current_timezone()
    return zone is dt.UTC or getattr(zone, "key", None) in ("UTC", "Etc/UTC")


def _fast_datetime(field: serializers.Field, key: str) -> Callable[[dict], Any] | None:
    """DRF's DateTimeField output for a UTC datetime on a page rendered in UTC: the value's own ISO 8601 with
    ``Z`` (what ``enforce_timezone`` + ``isoformat`` + the ``+00:00`` -> ``Z`` rewrite give), without looking the
    active time zone up once per value. Any other value or zone goes through the field itself."""
    if not isinstance(field, serializers.DateTimeField) or hasattr(field, "timezone"):
        return None
    if getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601:
        return None
    slow = field.to_representation

    def build(row):
        value = row[key]
        if value is None:
            return None
        if row[IN_UTC] and type(value) is dt.datetime and value.utcoffset() == _ZERO:
            return value.isoformat()[:-6] + "Z"
        return slow(value)

    return build


def _fast_scalar(field: serializers.Field, key: str, represent: Callable[[Any], Any]) -> tuple[Callable, tuple] | None:
    """A column whose field's output is the database value itself (DRF's CharField ``str(value)`` of a str,
    IntegerField ``int(value)`` of an int) or its ISO 8601 (DateField of a date), read without the field's call
    when the value has exactly that type; anything else (None, another type) through ``represent``. With its
    ``Column.form``."""
    method = type(field).to_representation
    if method is serializers.CharField.to_representation:
        exact, convert = str, None
    elif method is serializers.IntegerField.to_representation:
        exact, convert = int, None
    elif (method is serializers.DateField.to_representation
          and str(getattr(field, "format", api_settings.DATE_FORMAT)).lower() == ISO_8601):
        exact, convert = dt.date, dt.date.isoformat
    else:
        return None
    if convert is None:
        def build(row):
            value = row[key]
            return value if type(value) is exact else represent(value)
        return build, ("exact", key, exact, represent)

    def iso(row):
        value = row[key]
        return convert(value) if type(value) is exact else represent(value)
    return iso, ("iso", key, represent)


# PostgreSQL's own text of a value where it is the output byte for byte, read instead of the value (``text_columns``):
# no Decimal or datetime made by the driver, nor formatted by Python, for every value of a page.
TEXT = "text_of_"
_UTC_ISO = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"


def _text_column(field: serializers.Field, model_field: models.Field | None, key: str):
    """(expression, build) reading a column as PostgreSQL's text of it, when that text is what the field renders:

    - a DecimalField rendered as a string at the column's own scale (``_fast_decimal``'s case, always met by a
      value stored in a NUMERIC(max_digits, decimal_places) column): ``numeric::text`` has exactly that many
      decimals, no exponent, a minus sign only below zero, as ``f"{value:f}"`` of the value DRF quantizes;
    - a DateTimeField rendered as ISO 8601 (``_fast_datetime``'s case): the instant in UTC with its microseconds
      (``to_char``), what ``isoformat()`` gives with ``Z`` (without ``.000000`` when they are 0) on a page
      rendered in UTC; in any other active zone the text is read back into the datetime and goes through the field.

    None for any other field or column."""
    from django.db.models.functions import Cast

    from sharing.api.published_serializers import _fast_decimal

    alias = TEXT + key
    if isinstance(model_field, models.DecimalField) and _fast_decimal(field) is not None:
        if (field.decimal_places != model_field.decimal_places
                or (field.max_digits is not None and model_field.max_digits > field.max_digits)):
            return None
        return Cast(key, models.TextField()), lambda row: row[alias], ("value", alias)
    if isinstance(model_field, models.DateTimeField) and _fast_datetime(field, key) is not None:
        slow = field.to_representation

        def build(row):
            text = row[alias]
            if text is None:
                return None
            if not row[IN_UTC]:
                return slow(dt.datetime.fromisoformat(text))
            return text if text[20:26] != "000000" else text[:19] + "Z"

        return (models.Func(models.F(key), template=_UTC_ISO, output_field=models.TextField()), build,
                ("utc_text", alias))
    return None


# A column of a partner or a product (``owner.code``, ``product.code``, ``facility.owner.code``) read by a scalar
# subquery on the row's foreign key rather than by a join (``_looked_up``). PostgreSQL plans a page's statement for
# each request (plan_cache_mode force_custom_plan), and most of that planning is the search over join orders: the
# filtered 100-row capacity page joined five tables (capacity, its owner, its facility, the facility's owner, its
# product) and took 0.98 ms to plan, 0.55 ms with the two partners and the product as subqueries, whose one
# primary-key probe a row costs less than that: the statement prepared with its four parameters and planned for
# them, as the service runs it, 4.21-4.47 -> 3.46-4.18 ms (pgbench -M prepared, force_custom_plan, three
# alternating runs of 2,000, full-scale load-test data, 2026-12-01). A foreign key is a primary key's value or
# NULL, so the subquery gives what the join gave: the one row's column, or NULL where the key (or a hop before it)
# is. On PostgreSQL only (``text_columns``), as the text columns are.
LOOKED_UP = "looked_up_"


def _lookup_models() -> tuple[type[models.Model], ...]:
    from sharing.models import Partner, Product

    return (Partner, Product)


def _looked_up(key: str, model_field: models.Field):
    """The scalar subquery reading ``key`` (a path through foreign keys ending in a column of a partner or a
    product) from the row's foreign key, or None for any other path."""
    *hops, column = key.split("__")
    if not hops or model_field.model not in _lookup_models():
        return None
    return models.Subquery(model_field.model.objects.filter(pk=models.OuterRef("__".join(hops) + "_id"))
                           .order_by().values(column)[:1], output_field=model_field)


def _represent(field: serializers.Field) -> Callable[[Any], Any]:
    from sharing.api.published_serializers import _fast_decimal

    represent = _fast_decimal(field) or field.to_representation
    return lambda value: None if value is None else represent(value)


def _column_path(model: type[models.Model], source: str) -> str | None:
    """The ``.values()`` path of a dotted source, or None if some part of it is not a database column."""
    found = _column(model, source)
    return found and found[0]


def _column(model: type[models.Model], source: str) -> tuple[str, models.Field] | None:
    """``_column_path`` and the model field at its end."""
    parts = source.split(".")
    target = model
    field = None
    for index, part in enumerate(parts):
        try:
            field = target._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many:
            return None
        if field.is_relation:
            if index == len(parts) - 1:
                return None  # the related object itself, not one of its columns
            target = field.related_model
        elif index != len(parts) - 1:
            return None
    return "__".join(parts), field


def _columns(serializer: serializers.Serializer, model: type[models.Model], prefix: str,
             texts: bool = False) -> list[Column] | None:
    from sharing.api.published_serializers import FlatOutput

    extra = getattr(serializer, "row_sources", {})
    columns: list[Column] = []
    for field in serializer._readable_fields:
        name = field.field_name
        if name in extra:
            paths, function = extra[name]
            full = tuple(prefix + p for p in paths)
            # A method field's function gives its output; any other field's, the value the field represents.
            represent = (lambda v: v) if isinstance(field, serializers.SerializerMethodField) else _represent(field)

            def derived(row, f=function, ps=full, r=represent):
                return r(f(*[row[k] for k in ps]))

            columns.append(Column(name, full, derived))
        elif name == "groups" and not prefix and isinstance(field, serializers.SerializerMethodField):
            columns.append(Column(name, ("id", "owner_id"), lambda row: row["__groups__"], form=("groups",)))
        elif isinstance(field, FlatOutput):
            path = _column_path(model, field.source + ".id")
            if path is None:
                return None
            related = model._meta.get_field(field.source).related_model
            nested = _columns(field, related, prefix + field.source + "__", texts)
            if nested is None:
                return None
            key = prefix + path

            def build(row, nested=tuple(nested), key=key):
                if row[key] is None:
                    return None
                return {column.name: column.build(row) for column in nested}

            columns.append(Column(name, (key, *(p for c in nested for p in c.paths)), build,
                                  tuple(e for c in nested for e in c.expressions), form=("nested", key, tuple(nested))))
        elif isinstance(field, serializers.Serializer | serializers.ListSerializer | serializers.SerializerMethodField):
            return None
        else:
            found = _column(model, field.source) if field.source != "*" else None
            if found is None:
                return None
            path, model_field = found
            key, represent = prefix + path, _represent(field)
            text = _text_column(field, model_field, key) if texts else None
            if text is not None:
                columns.append(Column(name, (TEXT + key,), text[1], ((TEXT + key, text[0]),), form=text[2]))
                continue
            looked_up = _looked_up(key, model_field) if texts else None
            expressions = ()
            if looked_up is not None:  # read under its own name, by its subquery
                key = LOOKED_UP + key
                expressions = ((key, looked_up),)
            fast = _fast_datetime(field, key)
            scalar = None if fast else _fast_scalar(field, key, represent)
            build = fast or (scalar and scalar[0]) or (lambda row, k=key, r=represent: r(row[k]))
            columns.append(Column(name, (key,), build, expressions, form=scalar and scalar[1]))
    return columns


@cache
def list_plan(kind: str, text_columns: bool = False) -> ListPlan | None:
    """The row plan of a kind's list page, or None if its output serializer has a field no column gives.
    ``text_columns`` (PostgreSQL only): decimals and datetimes read as the text they render as (``_text_column``)."""
    from sharing.api.published_serializers import OUTPUT_SERIALIZERS
    from sharing.models import PUBLISHED_MODELS

    model = PUBLISHED_MODELS[kind]
    columns = _columns(OUTPUT_SERIALIZERS[kind](), model, "", text_columns)
    if columns is None:
        return None
    expressions = tuple(dict(e for c in columns for e in c.expressions).items())
    computed = {key for key, _ in expressions}
    paths = tuple(dict.fromkeys(("id", "owner_id", "marking",
                                 *(p for c in columns for p in c.paths if p not in computed))))
    return ListPlan(tuple(columns), paths, expressions)


def viewer_of(principal) -> tuple[int | None, set]:
    """What ``PublishedOutput.get_groups`` reads of the caller."""
    return caller_partner_id(principal), caller_group_ids(principal)


GROUPS = "listed_groups"


def with_groups(model: type[models.Model], values: models.QuerySet) -> models.QuerySet:
    """On PostgreSQL, each row's groups read by the page's own query: one correlated subquery, evaluated for the
    page's rows only, giving each group as the text ``"<id> <name>"`` in the order of the ids (``page_groups``
    splits it at the first space: an id has none). Elsewhere the rows as they are (``page_groups`` reads them in a
    second query).

    One subquery rather than two (an array of ids and one of names, each probing the row's group links): the
    filtered 100-row capacity page's backend CPU 4.64 -> 4.45 ms a statement (medians of 16 alternating passes
    over 96 pages of two partners with groups, load 3.5). The subquery is SQL text made once per kind
    (``_group_texts``), not a queryset: compiling correlated querysets was some 0.3 ms of every list request's CPU.
    It names the list's table by its own name, which is its alias in a top-level query (the only place this
    queryset is used: a list page)."""
    if connection.vendor != "postgresql":
        return values
    return values.annotate(**{GROUPS: _group_texts(model)})


@cache
def _group_texts(model: type[models.Model]) -> models.expressions.RawSQL:
    from django.contrib.postgres.fields import ArrayField

    from sharing.models import SharingGroup

    quote = connection.ops.quote_name
    through = model.groups.through
    own = through._meta.get_field(model._meta.model_name).column
    group = through._meta.get_field("sharinggroup").column
    listed = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    named = f"{quote(SharingGroup._meta.db_table)} s ON s.{quote(SharingGroup._meta.pk.column)} = g.{quote(group)}"
    texts = (f"ARRAY(SELECT g.{quote(group)}::text || ' ' || s.{quote('name')}"
             f" FROM {quote(through._meta.db_table)} g JOIN {named}"
             f" WHERE g.{quote(own)} = {listed} ORDER BY g.{quote(group)})")
    return models.expressions.RawSQL(texts, (), output_field=ArrayField(models.TextField()))


def _split(text: str) -> tuple[int, str]:
    pk, _, name = text.partition(" ")
    return int(pk), name


def page_groups(model: type[models.Model], page: list) -> dict[int, list[tuple[int, str]]]:
    """(group id, name) of every group each row of a page names: from the rows if their query read them
    (``with_groups``), else in one query."""
    if not page:
        return {}
    if isinstance(page[0], tuple):
        index = page[0].index
        if GROUPS in index:
            at_id, at_groups = index["id"], index[GROUPS]
            return {row[at_id]: [_split(text) for text in row[at_groups]] for row in page}
        ids = [row[index["id"]] for row in page]
    elif GROUPS in page[0]:
        return {row["id"]: [_split(text) for text in row[GROUPS]] for row in page}
    else:
        ids = [row["id"] for row in page]
    through = model.groups.through
    fk = f"{model._meta.model_name}_id"
    named: dict[int, list[tuple[int, str]]] = {}
    for record_id, group_id, name in through.objects.filter(**{f"{fk}__in": ids}).values_list(
        fk, "sharinggroup_id", "sharinggroup__name"
    ):
        named.setdefault(record_id, []).append((group_id, name))
    return named


class OrjsonRenderer(JSONRenderer):
    """DRF's JSON renderer's bytes, made by orjson: compact, UTF-8, U+2028 and U+2029 escaped as DRF does.
    Anything orjson will not take the way ``json`` does (an indent asked for, a non-string key, a lone surrogate,
    a type only DRF's encoder knows) goes through DRF's renderer."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if (not self.compact or not api_settings.UNICODE_JSON or not self.strict
                or self.get_indent(accepted_media_type or "", renderer_context or {}) is not None):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return super().render(data, accepted_media_type, renderer_context)
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body
