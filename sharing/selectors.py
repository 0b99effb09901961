"""Reads that need more than a filter: the changes feed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from sharing.models import PUBLISHED_MODELS, AccessChange, Published
from sharing.querysets import caller_partner_id, group_ids_of, visibility_q
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

    for kind, model in PUBLISHED_MODELS.items():
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


def _with_related(model, queryset):
    related = {"capacity": ("facility__owner", "product"), "stockpile": ("facility__owner", "product"),
               "supply_link": ("supplier__owner", "buyer__owner", "product")}.get(model.kind, ())
    return queryset.select_related("owner", *related).prefetch_related("groups")
