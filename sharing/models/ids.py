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
"""

from __future__ import annotations

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
                self.pk = self._drawn_id = random_id()
        raise AssertionError("unreachable")
