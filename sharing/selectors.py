"""Reads that need more than a filter: the changes feed; offers and match runs as each caller may know them; the
access log and a record's marking history (for the API and the console alike)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet, Sum

from sharing.models import (
    PUBLISHED_MODELS,
    AccessChange,
    Allocation,
    AuditEvent,
    MarkingChange,
    MatchRun,
    MatchRunRequest,
    Published,
    SharingGroup,
)
from sharing.querysets import (
    caller_group_ids,
    caller_partner_id,
    group_ids_of,
    offer_disclosed_q,
    visibility_q,
)
from sharing.services.publishing import current_seq


@dataclass
class Change:
    seq: int
    kind: str
    record_id: int
    op: str  # upsert | delete
    record: Published | None = None


def changes_for(principal, after: int, limit: int) -> tuple[list[Change], int, bool]:
    """What changed after ``after`` that the caller may know of, in order; the cursor to resume from.

    Only changes at or below the watermark read first are returned: change numbers are handed out under a
    lock held to commit, so every number up to a committed one is committed (or was rolled back), and
    nothing is skipped by a reader whose queries straddle another writer's commit.
    """
    watermark = current_seq()
    partner_id = caller_partner_id(principal)
    group_ids = group_ids_of(partner_id)
    window = Q(seq__gt=after, seq__lte=watermark)
    fetch = limit + 1  # one more than a page from each source tells whether that source has more
    changes: list[Change] = []
    horizon = watermark  # past the last change of a source cut short, its later changes are not in hand

    def cut(rows: list) -> list:
        nonlocal horizon
        if len(rows) == fetch:
            horizon = min(horizon, rows[-1][0] if isinstance(rows[-1], tuple) else rows[-1].seq)
        return rows

    for kind in _kinds_changed(after, watermark):  # a kind with no change in the window has nothing to read
        model = PUBLISHED_MODELS[kind]
        live = cut(list(_with_related(model, model.objects.visible_as(partner_id, group_ids).filter(window))
                        .order_by("seq")[:fetch]))
        changes += [Change(r.seq, kind, r.pk, "upsert", r) for r in live]
        gone = cut(list(
            model.objects.filter(window, deleted_at__isnull=False)
            .filter(visibility_q(model, partner_id, group_ids, live=False))
            .order_by("seq")
            .values_list("seq", "pk")[:fetch]
        ))
        changes += [Change(seq, kind, pk, "delete") for seq, pk in gone]
    if partner_id is not None:
        access = cut(list(AccessChange.objects.filter(window, partner_id=partner_id).order_by("seq")[:fetch]))
        gained: dict[str, list[AccessChange]] = {}
        for entry in access:
            if entry.gained:
                gained.setdefault(entry.kind, []).append(entry)
            else:
                changes.append(Change(entry.seq, entry.kind, entry.record_id, "delete"))
        for kind, entries in gained.items():
            model = PUBLISHED_MODELS[kind]
            now_visible = model.objects.visible_as(partner_id, group_ids).filter(pk__in=[e.record_id for e in entries])
            visible = {r.pk: r for r in _with_related(model, now_visible)}
            # Not visible any more: a later change (a loss, a deletion) in the feed says so.
            changes += [
                Change(e.seq, kind, e.record_id, "upsert", visible[e.record_id])
                for e in entries if e.record_id in visible
            ]
    complete = sorted((c for c in changes if c.seq <= horizon), key=lambda c: c.seq)
    if len(complete) > limit:
        page = complete[:limit]
        return page, page[-1].seq, True
    return complete, max(after, horizon), horizon < watermark


def _kinds_changed(after: int, watermark: int) -> list[str]:
    """The kinds (in PUBLISHED_MODELS' order) with a row, live or deleted, whose change number is in the window:
    one indexed probe per table in one query, instead of two filtered queries for each kind that has none (most
    pages carry one or two kinds of the seven). Exact: every number up to the watermark is committed, and a row can
    only leave the window (a later change), never enter it, so a kind with none now has none for the reads after."""
    if after >= watermark:
        return []
    kinds = tuple(PUBLISHED_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(_kinds_changed_sql(kinds), [value for _ in kinds for value in (after, watermark)])
        changed = {kind for (kind,) in cursor.fetchall()}
    return [kind for kind in kinds if kind in changed]


@cache
def _kinds_changed_sql(kinds: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    return " UNION ALL ".join(
        f"SELECT '{kind}' WHERE EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.get_field('seq').column)} > %s "
        f"AND {quote(model._meta.get_field('seq').column)} <= %s)"
        for kind, model in ((kind, PUBLISHED_MODELS[kind]) for kind in kinds)
    )


def _with_related(model, queryset):
    """Records with what their output reads; their groups are attached to the page only (``change_entries``)."""
    related = {"capacity": ("facility__owner", "product"), "stockpile": ("facility__owner", "product"),
               "supply_link": ("supplier__owner", "buyer__owner", "product"),
               "demand": ("product",)}.get(model.kind, ())
    return queryset.select_related("owner", *related)


# --- offers and match runs --------------------------------------------------------------------------------------


def offers_disclosed_to_requesters_q(partner_ids: Iterable[int]) -> Q:
    """Offers for these partners' requests that each may know of (``offer_disclosed_q`` with its own rights)."""
    q = Q(pk__in=[])
    for partner_id in set(partner_ids):
        q |= Q(request__requesting_partner_id=partner_id) & offer_disclosed_q(partner_id, group_ids_of(partner_id))
    return q


def offers_visible_to(principal) -> QuerySet[Allocation]:
    """Offers a caller may read: staff all; a supplier its own offers whole; a requester the offers for its
    requests that are disclosed to it. Any other offer does not exist for the caller (404, not in lists)."""
    offers = Allocation.objects.select_related(
        "request__product", "request__requesting_partner", "supplying_partner", "capacity__facility",
        "stockpile__facility",
    )
    if principal is None:
        return offers.none()
    if principal.is_staff:
        return offers
    partner_id = principal.partner_id
    disclosed = offer_disclosed_q(caller_partner_id(principal), caller_group_ids(principal))
    return offers.filter(
        Q(supplying_partner_id=partner_id) | (Q(request__requesting_partner_id=partner_id) & disclosed)
    )


def match_runs_visible_to(principal) -> QuerySet[MatchRun]:
    """Runs a partner asked for, and runs that made an offer for its requests that it may know of. A run started by
    the service (after a decline or an expiry) or by another partner is not shown otherwise: its existence would
    tell of offers the requester may not know of."""
    runs = MatchRun.objects.select_related("product", "triggered_by_request")
    if principal is None:
        return runs.none()
    if principal.is_staff:
        return runs
    partner_id = principal.partner_id
    told = offers_visible_to(principal).filter(request__requesting_partner_id=partner_id).values("match_run_id")
    return runs.filter(Q(requested_by_id=partner_id) | Q(pk__in=told))


@dataclass
class RunFigures:
    """A run as one partner may read it: its own requests' needs and the offers for them it may know of."""

    requested: dict[int, Decimal] = field(default_factory=dict)  # request id -> what it still needed
    offered: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def quantity_requested(self) -> Decimal:
        return sum(self.requested.values(), Decimal(0))

    @property
    def quantity_offered(self) -> Decimal:
        return sum((self.offered[pk] for pk in self.requested), Decimal(0))

    def fill_fraction(self) -> dict[str, float]:
        return {str(pk): round(float(min(Decimal(1), self.offered[pk] / need)), 6) if need > 0 else 1.0
                for pk, need in self.requested.items()}


def run_figures_for(runs: Iterable[MatchRun], principal) -> dict[int, RunFigures] | None:
    """Each run's figures as the caller may read them; ``None`` for staff, who read the runs whole."""
    if principal is not None and principal.is_staff:
        return None
    run_ids = [run.pk for run in runs]
    figures = {pk: RunFigures() for pk in run_ids}
    if principal is None or not run_ids:
        return figures
    partner_id = principal.partner_id
    for run_id, request_id, quantity in MatchRunRequest.objects.filter(
        match_run_id__in=run_ids, request__requesting_partner_id=partner_id
    ).values_list("match_run_id", "request_id", "quantity"):
        figures[run_id].requested[request_id] = quantity
    for run_id, request_id, total in (
        offers_visible_to(principal)
        .filter(match_run_id__in=run_ids, request__requesting_partner_id=partner_id)
        .values_list("match_run_id", "request_id")
        .annotate(total=Sum("quantity"))
    ):
        figures[run_id].offered[request_id] += total
    return figures


def access_log_for(principal) -> QuerySet[AuditEvent]:
    """Who read the caller's partner's non-public records: other partners' reads (lists, details, syncs)."""
    if principal is None or principal.partner_id is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.for_owner(principal.partner_id)
        .filter(action__regex=r"\.(read|sync)$")
        .exclude(actor_partner_id=principal.partner_id)
        .select_related("actor_partner", "object_owner", "actor_user")
    )


def marking_history(record: Published) -> list[dict]:
    """A record's marking and groups over time, oldest first (group names, not ids). For its owner only: the
    caller checks that."""
    rows = MarkingChange.objects.filter(kind=record.kind, record_id=record.pk).order_by("seq")
    names = dict(SharingGroup.objects.values_list("pk", "name"))
    return [
        {"version": r.version, "changed_at": r.changed_at, "marking": r.marking,
         "groups": sorted(names.get(g, str(g)) for g in r.groups), "previous_marking": r.previous_marking or None,
         "previous_groups": sorted(names.get(g, str(g)) for g in r.previous_groups)}
        for r in rows
    ]
