"""A list page's SQL compiled once per shape, run again with the request's parameters.

Building a list page's queryset (the filter set's filters, the cursor's ordering and position, the slice) and
compiling it were some 3 ms of CPU a capacity page, and their SQL text is the same for every request of a shape:
only its parameters change. ``PageQuery`` stands for that queryset in ``CursorPage.paginate_queryset`` (which
calls ``order_by``, ``filter`` with the cursor's position and slices it) and, when the page is sliced, looks its
shape up: the base queryset's shape (kind, caller's partner and groups, row plan, ordering columns), the filter
set, each filter's value's shape, the ordering, which side of the position, the slice. On a miss it builds the
queryset twice, with the request's values and with sentinels in their place (fresh objects of the same types),
compiles both, and keeps the SQL only if

- every sentinel comes out of the compiler as a parameter, as the very object it went in as (no conversion, no
  quoting into the text: a value a filter or field transforms makes the shape uncacheable), and
- the request's own query compiles to the same text, with exactly the parameters the sentinels' positions give
  when the request's values are put in them.

Only filters whose SQL is known to depend on nothing but their value's shape take part (``SLOTTED``: codes, ids,
numbers, dates, instants, without a ``method``; ``KEYED`` choice filters are part of the shape by value); a request
with any other filter set (a method filter, a text normalised before the lookup) or a cursor position on a column
that is not an integer is built and compiled as before, and so is every page while ``SHARING_LIST_SQL_CACHE`` is
off. Bounded: the cache is emptied when it holds ``LIMIT`` shapes (a miss costs two builds and compiles, so a
client cycling through new shapes costs at most about twice what it did). An integer in one of the backend's wrappers
(PostgreSQL: ``Int8(value)``) counts as its sentinel, and takes the request's value in the same wrapper.

On PostgreSQL the parameters that are not the request's (the shape's own: the caller's partner and groups, the
visibility rule's markings) are written into the kept SQL as literals (``_with_constants_inlined``), so that the
generic plan PostgreSQL may keep for the prepared statement knows them.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import operator
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import Any

import django_filters
from django.conf import settings
from django.db import connections, models
from django_filters.constants import EMPTY_VALUES

LIMIT = 256  # some 70 KB a shape (its compiler and query): at most ~18 MB a worker
_UNCACHEABLE = object()
_cache: dict[tuple, Any] = {}
_serial = itertools.count()


def _slotted() -> tuple[type, ...]:
    from sharing.api import filtersets as f

    return (f._CodeIn, f._CodeById, f._MadeAt, f._IdFilter, f._BoundedNumber, f._UtcIsoDateTimeFilter,
            django_filters.DateFilter, django_filters.NumberFilter, django_filters.CharFilter)


# Filter classes (exactly these, not subclasses) whose SQL depends only on their value's shape (a list's length)
# and on what the page's shape already holds (``_MadeAt`` applies the caller's visibility rule: their partner and
# groups are in ``PageQuery.shape``).
SLOTTED: tuple[type, ...] = ()
KEYED = (django_filters.MultipleChoiceFilter,)  # values of a fixed set: part of the shape, not parameters


_TYPES = frozenset((str, int, Decimal, dt.datetime, dt.date))


def _sentinel(value: Any) -> Any:
    """A fresh object of ``value``'s exact type, distinct from every other (None for a type not handled)."""
    n = next(_serial)
    kind = type(value)
    if kind is str:
        return f"page-sql-sentinel-{n}"
    if kind is int:
        return 2**61 + n
    if kind is Decimal:
        return Decimal(n) + Decimal("0.5")
    if kind is dt.datetime:
        return dt.datetime(2001, 1, 1, tzinfo=value.tzinfo) + dt.timedelta(seconds=n % 10**8, microseconds=1)
    if kind is dt.date:
        return dt.date(1901, 1, 1) + dt.timedelta(days=n % 30000)
    return None


def _wrappers() -> tuple[type, ...]:
    """The integer types Django's PostgreSQL backend wraps an integer column's value in (``Int8(value)``)."""
    try:
        from psycopg.types.numeric import Int2, Int4, Int8
    except ImportError:
        return ()
    return (Int2, Int4, Int8)


_WRAPPERS = _wrappers()


def _slots(params, sentinels: list) -> list[tuple[int, int, Any]]:
    """(parameter position, sentinel number, wrapper or None) of every parameter that is a sentinel: the very
    object, or an integer sentinel in one of the backend's integer wrappers (the same value: sentinels are unique)."""
    where = {id(s): i for i, s in enumerate(sentinels)}
    ints = {s: i for i, s in enumerate(sentinels) if type(s) is int}
    slots = []
    for position, param in enumerate(params):
        number = where.get(id(param))
        if number is not None and param is sentinels[number]:
            slots.append((position, number, None))
        elif type(param) in _WRAPPERS and int(param) in ints:
            slots.append((position, ints[int(param)], type(param)))
    return slots


class _Entry:
    """A compiled page: its SQL, its parameters with the slots the request's values go into, the compiler that
    ran the sentinels' query (its columns and converters), and the row keys ``.values()`` gives.

    ``rows`` runs the SQL on a cursor and gives each row as a ``row_type`` tuple of the values ``.values()``
    gives, applying the converters the compiler would (``SQLCompiler.results_iter``), found once per connection
    rather than once per page (looking them up for the page's columns and the composite-field check were some 0.2
    ms of CPU a page)."""

    __slots__ = ("compiler", "converters", "cut", "names", "params", "plain", "row", "slots", "sql", "using")

    def __init__(self, compiler, sql: str, params: tuple, slots: list[tuple[int, int, Any]], names: list[str],
                 using: str):
        self.compiler, self.sql, self.params, self.slots, self.names, self.using = (
            compiler, sql, params, slots, names, using)
        fields = [s[0] for s in compiler.select[0:compiler.col_count]]
        # A composite field's columns come back as one tuple: such a page goes the compiler's way.
        self.plain = not compiler.has_composite_fields(fields)
        self.cut = compiler.col_count if compiler.has_extra_select else None
        self.converters: dict[int, tuple[Any, list]] = {}  # id(connection): (connection, its converters)
        self.row = row_type(tuple(names))

    def fill(self, values: list) -> list:
        params = list(self.params)
        for position, slot, wrap in self.slots:
            params[position] = values[slot] if wrap is None else wrap(values[slot])
        return params

    def _converters(self, connection) -> list:
        """The page's converters as ``results_iter`` finds them for this connection: [(position, converters,
        expression)]."""
        found = self.converters.get(id(connection))
        if found is None or found[0] is not connection:
            compiler = copy.copy(self.compiler)
            compiler.connection = connection
            fields = [s[0] for s in compiler.select[0:compiler.col_count]]
            found = (connection, [(pos, convs, expression) for pos, (convs, expression)
                                  in compiler.get_converters(fields).items()])
            if len(self.converters) >= 64:  # connections come and go with threads
                self.converters.clear()
            self.converters[id(connection)] = found
        return found[1]

    def rows(self, values: list) -> list:
        """The page's rows: ``Row`` tuples (``row_type`` of the entry's names), or dicts where the compiler reads
        them (a composite field)."""
        connection = connections[self.using]
        sql, params = self.sql, self.fill(values)
        names = self.names
        if not self.plain:
            compiler = copy.copy(self.compiler)
            compiler.connection = connection
            compiler.as_sql = lambda *args, **kwargs: (sql, params)
            indexes = range(len(names))
            return [{names[i]: row[i] for i in indexes} for row in compiler.results_iter()]
        converters = self._converters(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if self.cut is not None:
            fetched = [row[:self.cut] for row in fetched]
        row = self.row
        if not converters:
            return list(map(row, fetched))
        out = []
        for values in fetched:
            values = list(values)
            for pos, convs, expression in converters:
                value = values[pos]
                for converter in convs:
                    value = converter(value, expression, connection)
                values[pos] = value
            out.append(row(values))
        return out


@cache
def row_type(names: tuple[str, ...]) -> type[tuple]:
    """The tuple type of a page's rows read by ``_Entry.rows``: the fetched tuple as it is, its columns named by
    the class (``index``: name to position) rather than copied into a dict per row (``list_rows`` renders them by
    position; ``row_value`` reads one by name). A 101-row capacity page: the dicts cost 0.15 ms and rendering from
    them took 0.46 ms in all, from the tuples 0.26 ms (best of 7 x 300, one process, 2026-12-01)."""
    return type("Row", (tuple,), {"__slots__": (), "index": {name: i for i, name in enumerate(names)},
                                  "names": names})


def row_value(row, name: str):
    """A page row's column by name, whether the row is a ``row_type`` tuple or a ``.values()`` dict."""
    return row[row.index[name]] if isinstance(row, tuple) else row[name]


def row_keys(page: list, *names: str) -> Iterable[tuple]:
    """The named columns of each row of a page (``row_type`` tuples or dicts), as tuples."""
    if not page:
        return ()
    pick = operator.itemgetter(*(page[0].index[name] for name in names) if isinstance(page[0], tuple) else names)
    return map(pick, page)


def _names(query) -> list[str]:
    if getattr(query, "selected", None):
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


class PageQuery:
    """The list's queryset as ``CursorPage.paginate_queryset`` uses it (``order_by``, ``filter`` by the cursor's
    position, a slice); see the module's docstring. ``build()`` gives the base queryset (``rows_queryset``),
    ``filterset`` is the request's, validated."""

    def __init__(self, shape: tuple, model: type[models.Model], build: Callable[[], models.QuerySet], filterset,
                 order: tuple[str, ...] = (), position: dict | None = None,
                 ids_first: tuple[Callable[[], models.QuerySet], Callable[[], models.QuerySet], frozenset[str]]
                 | None = None):
        self.shape, self.model, self.build, self.filterset = shape, model, build, filterset
        self._order, self._position, self.ids_first = order, position, ids_first

    def order_by(self, *fields: str) -> PageQuery:
        return PageQuery(self.shape, self.model, self.build, self.filterset, tuple(fields), self._position,
                         self.ids_first)

    def filter(self, **position) -> PageQuery:
        if self._position is not None or len(position) != 1:
            raise TypeError("a PageQuery takes one filter: the cursor's position")
        return PageQuery(self.shape, self.model, self.build, self.filterset, self._order, position, self.ids_first)

    def __getitem__(self, page: slice) -> list[dict]:
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("a PageQuery is sliced once, for its page")
        values = dict(self.filterset.form.cleaned_data) if self.filterset is not None else {}
        position = None
        if self._position is not None:
            ((lookup, position),) = self._position.items()
            converted = self._position_value(lookup, position)
            if converted is not None:
                position = converted
        if not settings.SHARING_LIST_SQL_CACHE:
            return self._rows(values, position, page)
        shape = self._shape(values, position, page)
        if shape is None:
            return self._rows(values, position, page)
        entry = _cache.get(shape)
        slot_values = self._slot_values(values, position)
        if entry is None:
            entry = self._prepare(values, position, page)
            if len(_cache) >= LIMIT:
                _cache.clear()
            _cache[shape] = entry
        if entry is _UNCACHEABLE:
            return self._rows(values, position, page)
        return entry.rows(slot_values)

    # the shape ---------------------------------------------------------------------------------------------------

    def _position_value(self, lookup: str, position: Any) -> int | None:
        """The cursor's position as the integer the lookup compares, when its column is an integer."""
        try:
            field = self.model._meta.get_field(lookup.rsplit("__", 1)[0])
        except Exception:
            return None
        if not isinstance(field, models.IntegerField | models.AutoField) or isinstance(field, models.ForeignKey):
            return None
        try:
            return int(position)
        except (TypeError, ValueError):
            return None

    def _shape(self, values: dict, position, page: slice) -> tuple | None:
        global SLOTTED
        if not SLOTTED:
            SLOTTED = _slotted()
        parts = []
        for name, value in values.items():
            found = self.filterset.filters[name]
            kind = type(found)
            if value in EMPTY_VALUES:
                parts.append((name, "-"))
            elif kind in KEYED and isinstance(value, list | tuple):
                parts.append((name, "=", tuple(value)))
            elif kind not in SLOTTED or found.method is not None:
                return None  # a filter set's own method may read the request or the value's text
            elif isinstance(value, list | tuple):
                if len(set(value)) != len(value) or any(type(v) not in _TYPES for v in value):
                    return None  # a repeated value: Django's IN drops it, so the text would differ
                parts.append((name, "*", len(value), tuple(type(v) for v in value)))
            elif type(value) not in _TYPES:
                return None
            else:
                parts.append((name, "1", type(value)))
        if self._position is not None:
            if type(position) is not int:
                return None
            lookup = next(iter(self._position))
        else:
            lookup = None
        return (self.shape, type(self.filterset), tuple(parts), self._order, lookup, page.start, page.stop)

    def _slot_values(self, values: dict, position) -> list:
        """The values that go into parameters, in slot order (the order ``_with_sentinels`` numbers them)."""
        out = []
        for name, value in values.items():
            if value in EMPTY_VALUES or type(self.filterset.filters[name]) in KEYED:
                continue
            out.extend(value if isinstance(value, list | tuple) else [value])
        if self._position is not None:
            out.append(position)
        return out

    def _with_sentinels(self, values: dict, position) -> tuple[dict, Any, list]:
        sentinels: list = []
        changed = {}
        for name, value in values.items():
            if value in EMPTY_VALUES or type(self.filterset.filters[name]) in KEYED:
                changed[name] = value
            elif isinstance(value, list | tuple):
                fresh = [_sentinel(v) for v in value]
                sentinels.extend(fresh)
                changed[name] = type(value)(fresh)
            else:
                fresh = _sentinel(value)
                sentinels.append(fresh)
                changed[name] = fresh
        if self._position is not None:
            position = _sentinel(position)
            sentinels.append(position)
        return changed, position, sentinels

    # building ----------------------------------------------------------------------------------------------------

    def _queryset(self, values: dict, position, page: slice) -> models.QuerySet:
        ids_first = self._ids_first()
        queryset = ids_first[0]() if ids_first else self.build()
        if self.filterset is not None:
            for name, value in values.items():
                queryset = self.filterset.filters[name].filter(queryset, value)
        if self._order:
            queryset = queryset.order_by(*self._order)
        if self._position is not None:
            ((lookup, _),) = self._position.items()
            queryset = queryset.filter(**{lookup: position})
        if ids_first:
            # The page's ids first (the filters, the caller's visibility, the order, the slice), then the rows'
            # columns for those ids alone, each found by its primary key: ``pk = ANY(ARRAY(<ids>))``, an array
            # computed once, where for ``pk IN (<ids>)`` PostgreSQL may hash the ids and scan the whole table.
            from django.contrib.postgres.expressions import ArraySubquery

            ids = ArraySubquery(queryset.values("pk")[page])
            return ids_first[1]().filter(_AnyOf(models.F("pk"), ids)).order_by(*self._order)
        return queryset[page]

    def _ids_first(self) -> tuple[Callable[[], models.QuerySet], Callable[[], models.QuerySet]] | None:
        """``ids_first`` (the base queryset's records without its columns, and the columns of any record), when
        the page is read ids first: on PostgreSQL, in the order of the primary key alone (a total order, so the
        rows come back in the very order the one query gave them, and the ids' query stops after its page).

        The ids' query reads only the columns the page's filters and visibility rule name, which covering
        indexes hold (migration 0029: an index-only scan of a product's live records in id order, and an
        index-only probe of each one's facility), where the one query read each candidate's row and its
        facility's from the tables (the filtered capacity page read some 540 rows scattered over the table to
        keep 100); the page's own columns are then read for its rows by primary key. The same rows only while the
        kinds' filters follow to-one relations (all do): a filter joining a to-many relation would repeat a record
        in the one query and not in the ids' array."""
        if self.ids_first is None or connections[self.model.objects.db].vendor != "postgresql":
            return None
        pk = self.model._meta.pk.name
        if self._order not in ((pk,), (f"-{pk}",)):
            return None
        ids, rows, leading = self.ids_first
        values = self.filterset.form.cleaned_data if self.filterset is not None else {}
        if not any(values.get(name) not in EMPTY_VALUES for name in leading):
            return None
        return ids, rows

    def _rows(self, values: dict, position, page: slice) -> list[dict]:
        return list(self._queryset(values, position, page))

    def _prepare(self, values: dict, position, page: slice):
        from django.core.exceptions import EmptyResultSet, FullResultSet

        changed, moved, sentinels = self._with_sentinels(values, position)
        try:
            queryset = self._queryset(changed, moved, page)
            compiler = queryset.query.get_compiler(queryset.db)
            sql, params = compiler.as_sql()
            real = self._queryset(values, position, page)
            real_sql, real_params = real.query.get_compiler(real.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            return _UNCACHEABLE
        if real_sql != sql or len(real_params) != len(params):
            return _UNCACHEABLE
        slots = _slots(params, sentinels)
        if {slot for _, slot, _ in slots} != set(range(len(sentinels))):
            return _UNCACHEABLE  # a sentinel converted, dropped or quoted into the text
        if any(str(s) in sql for s in sentinels):
            return _UNCACHEABLE
        entry = _Entry(compiler, sql, tuple(params), slots, _names(queryset.query), queryset.db)
        filled = entry.fill(self._slot_values(values, position))
        if any(type(a) is not type(b) or a != b for a, b in zip(filled, real_params, strict=True)):
            return _UNCACHEABLE
        return _with_constants_inlined(entry)


class _AnyOf(models.Func):
    """``<value> = ANY(<array>)`` (PostgreSQL)."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra):
        value, array = self.get_source_expressions()
        value_sql, value_params = compiler.compile(value)
        array_sql, array_params = compiler.compile(array)
        return f"{value_sql} = ANY({array_sql})", (*value_params, *array_params)


_PLACEHOLDER = re.compile(r"%[%s]")


def _literal(value: Any, connection) -> str | None:
    """A shape's constant as PostgreSQL literal text (psycopg's quoting), or None to keep it a parameter: only an
    integer (plain or in the backend's wrapper, not a bool) and a string."""
    from psycopg import sql

    kind = type(value)
    if kind is int or kind in _WRAPPERS:
        return str(int(value))
    if isinstance(value, str):
        text = str.__str__(value)  # a choice's member (a str subclass) as its plain value
        return sql.Literal(text).as_string(connection.connection).replace("%", "%%")
    return None


def _with_constants_inlined(entry: _Entry) -> _Entry:
    """On PostgreSQL, the entry with the parameters that are the same for every request of its shape (the
    caller's partner and groups and the markings of the visibility rule, a choice filter's values) written into
    its SQL as literals; only the request's values (the slots) stay parameters.

    psycopg prepares a statement the connection has run often (config/settings.py), and PostgreSQL then chooses
    per execution between planning it with the values (a custom plan, planning on every request) and one plan
    for any values (generic, planned once), by comparing their estimated costs (plan_cache_mode auto). Not
    knowing the visibility rule's values, the generic plan's estimate came out dearer than the custom plans' for
    every partner with a sharing group, so the filtered capacity page was planned on every request, for the same
    plan. With them known, PostgreSQL chooses the generic plan for all six partners of bench/reads.py's data (48
    pages each, 6 country sets of 8 products: the same plans as before), and the page's statement cost the
    backend 5.7 -> 4.8 ms of CPU (medians of 8 alternating passes over 96 pages of two partners with groups,
    load 5.5). The choice stays PostgreSQL's: a shape whose generic plan looks worse keeps custom plans.

    Since then the app's connections plan every execution for its values (plan_cache_mode force_custom_plan,
    config/settings.py: generic plans cost the load test's mix some 4 ms of the backends' CPU a request), so the
    literals matter where DB_PLAN_CACHE_MODE=auto brings generic plans back; with custom plans they only make
    each partner's shapes statements of their own."""
    connection = connections[entry.using]
    if connection.vendor != "postgresql":
        return entry
    slot_at = {position: (number, wrap) for position, number, wrap in entry.slots}
    kept: list = []
    slots: list[tuple[int, int, Any]] = []
    position = -1

    def replace(match: re.Match) -> str:
        nonlocal position
        if match.group() == "%%":
            return "%%"
        position += 1
        if position >= len(entry.params):  # more placeholders than parameters: left as compiled (below)
            return match.group()
        value = entry.params[position]
        if position in slot_at:
            number, wrap = slot_at[position]
            slots.append((len(kept), number, wrap))
            kept.append(value)
            return "%s"
        literal = _literal(value, connection)
        if literal is None:
            kept.append(value)
            return "%s"
        return literal

    with connection.cursor():  # the connection open: psycopg quotes by its encoding
        sql = _PLACEHOLDER.sub(replace, entry.sql)
    if position != len(entry.params) - 1:
        return entry  # placeholders and parameters do not pair up: as compiled
    return _Entry(entry.compiler, sql, tuple(kept), slots, entry.names, entry.using)


def clear() -> None:
    """Forgets every compiled page (tests)."""
    _cache.clear()
