"""Public ids: random numbers, so that no id the API shows counts what other partners created.

With one auto-increment sequence per table, a partner that created a record, waited, and created another read in
the difference of the two ids how many records others had created in between, hidden ones included (issue 11).
Every model whose id the API shows takes its primary key from ``random_id`` instead: a uniform random integer below
2**53, so it stays an exact number in JSON (JavaScript's ``Number.MAX_SAFE_INTEGER``), the schema type stays
integer and nothing else about ids changes. Nothing may read creation order from an id: orderings that mean
"newest first" use the creation time, with the id only to break ties.

Collisions are possible and rare: with ten million rows in a table, a new id meets an old one about once in a
billion inserts. A single insert that meets one retries with a new id (``RandomIdModel``); the bulk paths write
each batch in a savepoint and write it again under new ids when one was taken (``sharing.services.bulk_sql``); the
audit trail's multi-row INSERT skips the taken ones and writes them again (``sharing.services.audit``).

Audit ids carry their month. The audit trail is partitioned by month of ``occurred_at`` on PostgreSQL, and a
uniform id could only be checked against every partition (one index probe each: 29 at 50 million rows, most of
the cost of an audit write). So an audit event's id is ``month << AUDIT_MONTH_SHIFT | r``: ``month`` the UTC
month of its ``occurred_at`` counted from January 2000 (11 bits; a time outside February 2000 .. July 2170 gets
0 or 2047, ``audit_month``), ``r`` 42 random bits; still a positive integer below 2**53. The id is drawn from the
row's own ``occurred_at`` when the row is written (``audit_ids``), so a month ending between making the event
and writing it cannot part the two, and the PostgreSQL trigger refuses a row whose id does not carry its month.
Two events with the same id then share a month, hence a partition: uniqueness needs one probe
(sharing/services/audit_partitions.py). The month an id shows is that of the row's ``occurred_at``, which every
reader of the row sees beside it; the random bits count nothing. With two million rows in a month, a new id
meets a taken one about once in two million writes; the writer draws it again.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, connections, models, transaction

ID_LIMIT = 2**53  # ids are 1 .. 2**53 - 1
_ATTEMPTS = 5


def random_ids(count: int) -> list[int]:
    """``count`` distinct random ids, from one read of the system's random source (a call per id cost a system
    call each: about 7 ms per 1,000)."""
    drawn: dict[int, None] = {}
    while len(drawn) < count:
        raw = secrets.token_bytes(8 * (count - len(drawn)))
        for i in range(0, len(raw), 8):
            value = int.from_bytes(raw[i:i + 8], "big") & (ID_LIMIT - 1)  # 53 uniform bits
            if value:
                drawn[value] = None
    return list(drawn)


def random_id() -> int:
    return random_ids(1)[0]


AUDIT_EPOCH_YEAR = 2000
AUDIT_MONTH_SHIFT = 42
AUDIT_MONTHS = ID_LIMIT >> AUDIT_MONTH_SHIFT  # 2048 months from January 2000


def audit_month(moment: dt.datetime) -> int:
    """The high bits of an audit id written at ``moment``: months from January 2000 to its month, in UTC.

    A time outside February 2000 .. July 2170 (a clock far off) gets 0 before and 2047 after; the PostgreSQL
    trigger checks such rows against every partition, as it did every row before the ids carried months."""
    moment = moment.astimezone(dt.UTC)
    month = (moment.year - AUDIT_EPOCH_YEAR) * 12 + moment.month - 1
    return min(max(month, 0), AUDIT_MONTHS - 1)


def audit_ids(moments: list[dt.datetime]) -> list[int]:
    """Distinct audit ids, one for each moment: the moment's month above 42 random bits (one read of the system's
    random source for all)."""
    low = (1 << AUDIT_MONTH_SHIFT) - 1
    ids: list[int] = []
    taken: set[int] = set()
    raw = b""
    for moment in moments:
        high = audit_month(moment) << AUDIT_MONTH_SHIFT
        while True:
            if not raw:
                raw = secrets.token_bytes(8 * max(len(moments) - len(ids), 1))
            value = high | (int.from_bytes(raw[:8], "big") & low)
            raw = raw[8:]
            if value and value not in taken:
                break
        taken.add(value)
        ids.append(value)
    return ids


def audit_id(moment: dt.datetime) -> int:
    return audit_ids([moment])[0]


class RandomIdModel(models.Model):
    """An abstract model whose primary key is drawn from ``random_id`` in Python, not from a sequence."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)

    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only an id drawn here is redrawn on a collision; one the caller chose is its to keep (or fail with).
        self._drawn_id = None if args or "id" in kwargs or "pk" in kwargs else self.pk

    def _do_insert(self, manager, using, fields, returning_fields, raw):
        # Inside a transaction a failed INSERT spoils it (PostgreSQL), so each attempt runs in a savepoint.
        for attempt in range(_ATTEMPTS):
            try:
                if connections[using].in_atomic_block:
                    with transaction.atomic(using=using):
                        return super()._do_insert(manager, using, fields, returning_fields, raw)
                return super()._do_insert(manager, using, fields, returning_fields, raw)
            except IntegrityError:
                taken = manager.using(using).filter(pk=self.pk).exists()
                if raw or not taken or self.pk != self._drawn_id or attempt == _ATTEMPTS - 1:
                    raise
                self.pk = self._drawn_id = self._new_id()
        raise AssertionError("unreachable")

    def _new_id(self) -> int:
        """An id drawn again after a collision (the audit trail's carries the row's month)."""
        return random_id()
