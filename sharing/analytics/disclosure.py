"""Disclosure control: the one rule every aggregate answer follows.

An aggregate is built from elementary cells (e.g. the capacity of one product in one country). Into a cell go:

- every record the caller can see (it could add those up itself), whatever its marking;
- a record the caller cannot see only when neither it nor a facility it references is ``RED`` or
  ``AMBER+STRICT``: those never count, whatever K, and leave no trace (not even a suppressed cell).

A cell with no hidden contribution is published. A cell with hidden contributions is published only when at least
K distinct partners (``SHARING_MIN_CONTRIBUTORS``) own them, the caller not counted: the caller can subtract what it
sees (its own records among them), so only the owners of what it cannot see protect one another.

A suppressed cell is reported by its key alone (no value, no contributor count, no owner) and is left out of every
total, share and index. Secondary suppression is structural: every figure an answer gives is a sum over published
elementary cells and nothing else, so no total minus its published sub-totals, no sector answer minus its product
answers, and no scenario minus its baseline can reveal a suppressed cell.

When a figure is split (a scenario's lost and remaining parts of a cell) each part must pass the rule on its own.
And when whether a cell is split depends on who owns or where lies what the caller cannot see (a partner or a
facility taken out), a cell with any hidden contribution is suppressed: otherwise the mere fact that it was
suppressed would tell that the partner had hidden records there.

The work is one SQL query: GROUP BY (cell key, owner, visible, usable[, part]) with ``visible`` built from
``visibility_q`` (the rule every read path uses), so a million capacity rows aggregate in the database; the rule
is then applied in Python to the few grouped rows.

Use: ``aggregate_cells(viewer, Model, where=..., key=..., measures=...)`` for any published kind (``capacity_cells``
for capacity), then build every figure from ``table.published()`` and show ``table.suppressed_entries()``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, Expression, Max, Q, QuerySet, Sum, Value, When

from sharing.choices import Marking
from sharing.querysets import caller_group_ids, caller_partner_id, group_ids_of, visibility_q

NEVER_AGGREGATED = (Marking.RED, Marking.AMBER_STRICT)
ZERO = Decimal(0)
CAPACITY_MEASURES = ("nominal", "spare")


@dataclass(frozen=True)
class Viewer:
    """Whose rights an aggregate is computed with: a partner (or nobody: public only) and its groups, read fresh."""

    partner_id: int | None
    group_ids: tuple[int, ...]
    min_contributors: int

    @classmethod
    def of(cls, principal) -> Viewer:
        """The caller's rights, with the group memberships its request already read."""
        return cls(caller_partner_id(principal), tuple(sorted(caller_group_ids(principal))), _min_contributors())

    @classmethod
    def of_partner(cls, partner_id: int | None) -> Viewer:
        """A partner's rights, read fresh (a scenario job runs outside the request that asked for it)."""
        return cls(partner_id, tuple(group_ids_of(partner_id)), _min_contributors())


def _min_contributors() -> int:
    return max(1, int(settings.SHARING_MIN_CONTRIBUTORS))


@dataclass
class Part:
    """What the rule lets count of one cell (or of one part of a split cell): sums of the measures."""

    values: dict[str, Decimal] = field(default_factory=dict)
    records: int = 0
    as_of: date | None = None
    hidden_owners: set[int] = field(default_factory=set)
    # Non-public records counted, by owner: for the audit trail, never for the answer.
    read_by_owner: Counter = field(default_factory=Counter)

    def value(self, measure: str) -> Decimal:
        return self.values.get(measure, ZERO)

    @property
    def nominal(self) -> Decimal:
        return self.value("nominal")

    @property
    def spare(self) -> Decimal:
        return self.value("spare")

    @property
    def has_hidden(self) -> bool:
        return bool(self.hidden_owners)

    def add(self, row: dict, visible: bool, measures: Sequence[str]) -> None:
        for measure in measures:
            self.values[measure] = self.values.get(measure, ZERO) + (row[measure] or ZERO)
        self.records += row["records"]
        if row.get("as_of") is not None and (self.as_of is None or row["as_of"] > self.as_of):
            self.as_of = row["as_of"]
        if not visible:
            self.hidden_owners.add(row["owner_id"])
        if row["non_public"]:
            self.read_by_owner[row["owner_id"]] += row["non_public"]

    def passes(self, viewer: Viewer) -> bool:
        """No hidden contribution, or hidden contributions from at least K partners other than the caller."""
        if not self.hidden_owners:
            return True
        return len(self.hidden_owners - {viewer.partner_id}) >= viewer.min_contributors


@dataclass
class Cell:
    key: tuple
    whole: Part = field(default_factory=Part)
    parts: dict[bool, Part] = field(default_factory=dict)  # split answers: True (e.g. lost), False (remaining)
    published: bool = False

    def part(self, flag: bool) -> Part:
        return self.parts.get(flag) or Part()


@dataclass
class CellTable:
    """The cells of one answer, each published or suppressed by the rule."""

    key_names: tuple[str, ...]
    cells: dict[tuple, Cell]
    measures: tuple[str, ...] = CAPACITY_MEASURES
    # The grouped rows of records the caller may see with a ``detail`` value (see ``aggregate_cells``), as read:
    # for figures of what the caller may see, never for a figure of a cell.
    detail_rows: list[dict] = field(default_factory=list)

    def published(self) -> list[Cell]:
        return [cell for cell in self.cells.values() if cell.published]

    def suppressed(self) -> list[Cell]:
        return [cell for cell in self.cells.values() if not cell.published]

    def suppressed_entries(self, label: Callable[[tuple], dict] | None = None) -> list[dict]:
        """Suppressed cells as the answer shows them: the key, ``"suppressed": true``, nothing else."""
        entries = []
        for cell in sorted(self.suppressed(), key=lambda c: tuple(str(k) for k in c.key)):
            named = label(cell.key) if label else dict(zip(self.key_names, cell.key, strict=True))
            entries.append({**named, "suppressed": True})
        return entries

    def as_of(self) -> date | None:
        dates = [c.whole.as_of for c in self.published() if c.whole.as_of is not None]
        return max(dates) if dates else None

    def read_by_owner(self) -> Counter:
        """Non-public records that went into published cells, by owner (for the audit trail)."""
        total: Counter = Counter()
        for cell in self.published():
            total.update(cell.whole.read_by_owner)
        return total

    def total(self, cells: Iterable[Cell] | None = None) -> dict[str, Decimal]:
        cells = self.published() if cells is None else cells
        return {m: sum((c.whole.values.get(m, ZERO) for c in cells), ZERO) for m in self.measures}


def capacity_cells(
    viewer: Viewer,
    *,
    where: Q,
    key: Sequence[str],
    key_names: Sequence[str] | None = None,
    split: Q | None = None,
    touched: Callable[[tuple], bool] | None = None,
    by_visibility: bool = False,
    annotations: dict[str, Expression] | None = None,
    detail: Sequence[str] = (),
) -> CellTable:
    """Capacity (nominal and spare a month) in cells by ``key`` (fields of Capacity, e.g. ``product_id``,
    ``facility__country``); see ``aggregate_cells``."""
    from sharing.models import Capacity

    return aggregate_cells(
        viewer, Capacity, where=where, key=key, key_names=key_names, measures=CAPACITY_MEASURES,
        date_field="as_of", split=split, touched=touched, by_visibility=by_visibility, annotations=annotations,
        detail=detail,
    )


def aggregate_cells(
    viewer: Viewer,
    model,
    *,
    where: Q,
    key: Sequence[str],
    measures: Sequence[str],
    key_names: Sequence[str] | None = None,
    date_field: str | None = None,
    split: Q | None = None,
    touched: Callable[[tuple], bool] | None = None,
    by_visibility: bool = False,
    annotations: dict[str, Expression] | None = None,
    detail: Sequence[str] = (),
) -> CellTable:
    """Records of a published kind (capacity, stockpiles, supply links) summed into cells by ``key``.

    ``where`` selects the records considered (live records at live facilities only). ``measures`` are the fields
    summed; ``date_field`` gives each cell its latest date. ``split`` divides each cell in two parts
    (True/False), each of which must pass the rule. ``touched(key)`` says, from what the caller may know, whether
    a cell's split depends on hidden owners or places: such a cell is published only if nothing in it is hidden.
    ``by_visibility`` splits each cell into what the caller sees (True) and what it does not (False), from the
    grouping's own visibility flag (no second expression); not with ``split``. ``detail`` names further fields
    (or ``annotations``) to group by within a cell, e.g. a facility for some facilities only: the cells are still
    those of ``key`` and the rule applies to them, and the grouped rows of records the caller may see that have
    a detail value are kept as read in ``detail_rows``, so one query serves both.
    """
    # A flag per grouped row, over whole tables: the group test as a hashed IN (querysets.rule_q).
    visible = visibility_q(model, viewer.partner_id, viewer.group_ids, hashed=True)
    never = Q(marking__in=NEVER_AGGREGATED)
    live = Q(deleted_at__isnull=True)
    for facility in model.facility_fields():
        never |= Q(**{f"{facility}__marking__in": NEVER_AGGREGATED})
        live &= Q(**{f"{facility}__deleted_at__isnull": True})
    queryset = model.objects.filter(where, live)
    if annotations:
        queryset = queryset.annotate(**annotations)
    queryset = queryset.annotate(
        _visible=Case(When(visible, then=Value(True)), default=Value(False), output_field=BooleanField()),
        _usable=Case(When(never, then=Value(False)), default=Value(True), output_field=BooleanField()),
    )
    group = [*key, *detail, "owner_id", "_visible", "_usable"]
    if split is not None:
        queryset = queryset.annotate(
            _part=Case(When(split, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        group.append("_part")
    sums = {measure: Sum(measure) for measure in measures}
    if date_field:
        sums["as_of"] = Max(date_field)
    rows = queryset.values(*group).annotate(
        **sums, records=Count("id"), non_public=Count("id", filter=~Q(marking=Marking.CLEAR))
    ).order_by()
    cells: dict[tuple, Cell] = {}
    detail_rows: list[dict] = []
    parted = split is not None or by_visibility
    for row in grouped_rows(rows):
        visible_row = bool(row["_visible"])
        if not visible_row and not row["_usable"]:
            continue  # RED or AMBER+STRICT of others: never counted, never a trace
        if detail and visible_row and any(row[name] is not None for name in detail):
            detail_rows.append(row)
        cell_key = tuple(row[k] for k in key)
        cell = cells.get(cell_key)
        if cell is None:
            cell = cells[cell_key] = Cell(cell_key)
        if parted:  # a row counts in its part; the whole is the parts' sum (below), not added row by row twice
            flag = bool(row["_part"]) if split is not None else visible_row
            part = cell.parts.get(flag)
            if part is None:
                part = cell.parts[flag] = Part()
            part.add(row, visible_row, measures)
        else:
            cell.whole.add(row, visible_row, measures)
    for cell in cells.values():
        if parted:
            for part in cell.parts.values():
                _merge(cell.whole, part)
        cell.published = publishable(cell, viewer, touched=touched(cell.key) if touched else False)
    return CellTable(tuple(key_names or key), cells, tuple(measures), detail_rows)


def sub_table(
    table: CellTable, *, keep: Callable[[tuple], bool], drop: int = 0, measures: Sequence[str] | None = None,
) -> CellTable:
    """The cells of ``table`` whose key ``keep`` accepts, as they are (values, parts, published or not), their
    keys without the first ``drop`` elements: one grouped read (e.g. by product and country) then serves an answer
    per product (by country) with exactly the cells, and the rule's verdicts, that a read per product gives
    (the rule applies to each cell alone). ``measures``: those the answer totals (a subset of the read's)."""
    cells: dict[tuple, Cell] = {}
    for key, cell in table.cells.items():
        if keep(key):
            cells[key[drop:]] = Cell(key[drop:], cell.whole, cell.parts, cell.published)
    return CellTable(table.key_names[drop:], cells, tuple(measures or table.measures))


def roll_up(table: CellTable, viewer: Viewer, width: int, key_names: Sequence[str]) -> CellTable:
    """The cells of ``table`` summed into coarser cells (the first ``width`` elements of their keys), parts and
    all, with the rule applied to the coarser cells: one grouped query can then serve an answer that needs the
    rule on (product, country) and figures by (product, country, facility owner) of what the caller sees."""
    cells: dict[tuple, Cell] = {}
    for fine in table.cells.values():
        key = fine.key[:width]
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell(key)
        _merge(cell.whole, fine.whole)
        for flag, part in fine.parts.items():
            _merge(cell.parts.setdefault(flag, Part()), part)
    for cell in cells.values():
        cell.published = publishable(cell, viewer)
    return CellTable(tuple(key_names), cells, table.measures)


def _merge(into: Part, part: Part) -> None:
    for measure, value in part.values.items():
        into.values[measure] = into.values.get(measure, ZERO) + value
    into.records += part.records
    if part.as_of is not None and (into.as_of is None or part.as_of > into.as_of):
        into.as_of = part.as_of
    into.hidden_owners |= part.hidden_owners
    into.read_by_owner.update(part.read_by_owner)


def without_jit(rows) -> list[dict]:
    """PostgreSQL judges this query costly (a subplan per row) and JIT-compiles it: about a second of compiling
    for a query that runs in tens of milliseconds. Off for this query alone (SET LOCAL ends with the transaction).
    """
    if connection.vendor != "postgresql":
        return list(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        return list(rows)


def grouped_rows(rows: QuerySet) -> list[dict]:
    """A ``values()`` queryset's rows as ``without_jit`` reads them; on PostgreSQL straight from the cursor, whose
    types are already the answer's (numeric sums as Decimal, counts and ids as int, dates, booleans): Django's
    per-value converters and row building cost more than the database's grouping at 25,000 rows (the allied-output
    read at full scale, bench/allied.py)."""
    if connection.vendor != "postgresql":
        return list(rows)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (e.g. ``__in=[]``): Django reads no rows either
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def publishable(cell: Cell, viewer: Viewer, *, touched: bool = False) -> bool:
    """The rule for one cell: the whole passes, each part of a split passes, and a cell whose split depends on
    what the caller cannot see has nothing hidden."""
    if not cell.whole.passes(viewer):
        return False
    if any(not part.passes(viewer) for part in cell.parts.values()):
        return False
    return not (touched and cell.whole.has_hidden)


def coverage_note(suppressed: int) -> str:
    cells = "cell was" if suppressed == 1 else "cells were"
    return (
        f"Totals, shares and indices cover published cells only; {suppressed} {cells} suppressed "
        f"(hidden data from fewer than the required number of partners)."
    )


def audit_aggregate(
    principal, answer: str, read_by_owner: Counter, detail: dict | None = None, *, kind: str = "capacity"
) -> None:
    """One audit event per owner whose non-public records went into published cells (no ids: an aggregate
    names none); the owner sees it in its access log as a read of its records of that kind."""
    audit_aggregate_kinds(principal, answer, {kind: read_by_owner}, detail)


def audit_aggregate_kinds(principal, answer: str, reads: dict[str, Counter], detail: dict | None = None) -> None:
    """``audit_aggregate`` for an answer built from several kinds (kind -> owner -> records), in one INSERT."""
    from sharing.services.audit import audit_record_many, audit_row

    audit_record_many([
        audit_row(
            action=f"{kind}.read", principal=principal, object_type=kind, object_owner=owner_id,
            detail={"aggregate": answer, "records": records, **(detail or {})},
        )
        for kind, read_by_owner in reads.items() for owner_id, records in sorted(read_by_owner.items())
    ])
