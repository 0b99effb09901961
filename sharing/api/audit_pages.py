"""Pages of the partitioned audit trail read as two queries: the current month on, then the months before.

An owner's access log is the owner's rows newest first. On the partitioned trail PostgreSQL reads it as a Merge
Append over every month, choosing each month's path for a share of the page it computes from the whole trail:
the page's 101 rows over the rows it expects to match in all months (one fraction for every month). For a large
owner filtered by a reader that share is tiny (at 50,000,000 rows, 101 of ~276,000), and in a month with few rows
(the current one, early in the month) reading its time index and filtering then looks cheapest, though that month
is the newest and must give the whole page: bench/audit.py on 2026-12-01 (a current month of half a day, ~36,000
rows) read 25,497 rows of the time index to keep 102, 31 ms of the database's time, p95 76.3 ms through the API.
Asked for the current month alone, PostgreSQL plans that month for the page's rows out of its own, and takes the
(owner, reader, time) index; a full month before it has enough rows that the index is the cheaper path anyway.

``NewestMonthFirst`` stands for the list's values queryset in ``CursorPage.paginate_queryset`` (``order_by``, a
filter by the cursor's position, a slice) when the page is ordered by ``occurred_at`` first: it reads the two
time ranges (from the current month's first instant on, and before it) in the page's order, each with the same
filters, order and position, until the slice is full; a range the cursor's position excludes is not read. The
ranges are disjoint and cover every instant, so the rows, their order and the cursor's offsets are the single
query's. A full first page of this month's reads is one query, as before; a page that reaches back is two.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, models
from django.utils.dateparse import parse_datetime

from sharing.services import audit_partitions

FIELD = "occurred_at"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def time_ranges(today: dt.date) -> list[tuple[dt.datetime | None, dt.datetime | None]]:
    """[low, high) ranges covering the whole time line, newest first: the current month's start on, then before."""
    cut = _at(audit_partitions.month_start(today))
    return [(cut, None), (None, cut)]


_partitioned: dict[str, bool] = {}


def partitioned() -> bool:
    """Whether the audit trail is partitioned here (PostgreSQL), asked once per process and database."""
    key = f"{connection.vendor}:{connection.settings_dict.get('NAME')}"
    if key not in _partitioned:
        _partitioned[key] = audit_partitions.is_partitioned()
    return _partitioned[key]


class NewestMonthFirst:
    """See the module's docstring. ``queryset``: the list's values queryset, filtered."""

    def __init__(self, queryset: models.QuerySet, order: tuple[str, ...] = (), position: dict | None = None):
        self.queryset, self._order, self._position = queryset, order, position
        self.model = queryset.model

    def order_by(self, *fields: str) -> NewestMonthFirst:
        return NewestMonthFirst(self.queryset, fields, self._position)

    def filter(self, **position) -> NewestMonthFirst:
        if self._position is not None or len(position) != 1:
            raise TypeError("a NewestMonthFirst takes one filter: the cursor's position")
        return NewestMonthFirst(self.queryset, self._order, position)

    def _full(self) -> models.QuerySet:
        queryset = self.queryset.order_by(*self._order)
        return queryset.filter(**self._position) if self._position else queryset

    def __getitem__(self, page: slice) -> list:
        if not isinstance(page, slice) or page.step is not None or page.stop is None:
            raise TypeError("a NewestMonthFirst is sliced once, for its page")
        if not self._order or self._order[0].lstrip("-") != FIELD:
            return list(self._full()[page])
        newest_first = self._order[0].startswith("-")
        ranges = time_ranges(dt.datetime.now(dt.UTC).date())
        if not newest_first:
            ranges.reverse()
        bound = self._bound()
        wanted, out = page.stop, []
        for low, high in ranges:
            if bound is not None and _outside(low, high, *bound):
                continue
            part = self._full()
            if low is not None:
                part = part.filter(**{f"{FIELD}__gte": low})
            if high is not None:
                part = part.filter(**{f"{FIELD}__lt": high})
            out.extend(part[: wanted - len(out)])
            if len(out) >= wanted:
                break
        return out[page]

    def _bound(self) -> tuple[str, dt.datetime] | None:
        """The cursor's position as (lookup, instant) when it is a bound on the time (DRF's ``__lt``/``__gt``)."""
        if not self._position:
            return None
        ((lookup, value),) = self._position.items()
        field, _, kind = lookup.partition("__")
        if field != FIELD or kind not in ("lt", "gt"):
            return None
        instant = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
        if instant is None or instant.tzinfo is None:
            return None
        return kind, instant


def _outside(low: dt.datetime | None, high: dt.datetime | None, kind: str, instant: dt.datetime) -> bool:
    """Whether no time of [low, high) is before (``lt``) or after (``gt``) the instant."""
    if kind == "lt":
        return low is not None and low >= instant
    return high is not None and high <= instant
