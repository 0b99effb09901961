"""One page of the changes feed as JSON: what ``GET /api/v1/changes/`` answers and what a subscription's batch
carries are made here, by the same code, so the two never disagree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sharing.api.published_serializers import OUTPUT_SERIALIZERS, attach_groups
from sharing.api.published_views import audit_reads
from sharing.models import PUBLISHED_MODELS
from sharing.selectors import Change, changes_for


def change_entries(principal, page: list[Change]) -> list[dict]:
    """The feed's entries for these changes: kind, id, op, and the record as the caller may read it."""
    context = {"principal": principal}
    for kind in {change.kind for change in page if change.record is not None}:  # one query per kind for the page
        attach_groups(PUBLISHED_MODELS[kind], [c.record for c in page if c.kind == kind and c.record is not None])
    # One serializer per kind for the page, not one per record: building a serializer binds (deep-copies) all its
    # fields, which was most of the feed's Python time (a page of 200 capacities: 200 copies of 20-odd fields).
    serializers: dict[str, Any] = {}

    def represent(kind: str, record) -> dict:
        serializer = serializers.get(kind)
        if serializer is None:
            serializer = serializers[kind] = OUTPUT_SERIALIZERS[kind](context=context)
        return serializer.to_representation(record)

    return [
        {"kind": change.kind, "id": change.record_id, "op": change.op,
         "record": None if change.record is None else represent(change.kind, change.record)}
        for change in page
    ]


def audit_synced(principal, page: list[Change]) -> None:
    """The records handed over are on record as synced (the owners' access log shows them)."""
    for kind in {c.kind for c in page if c.record is not None}:
        audit_reads(principal, kind, [c.record for c in page if c.kind == kind and c.record is not None], "sync")


def feed_page(principal, after: int, limit: int,
              keep: Callable[[Change], Change | None] | None = None) -> tuple[list[Change], int, bool]:
    """``changes_for`` with an optional filter (a subscription's kind and product or country): ``keep`` returns
    the change, another change in its place, or None to drop it. Pages on past changes it drops, so a filtered
    page still ends at a feed position (the cursor) that covers everything before it."""
    page, cursor, has_more = changes_for(principal, after, limit)
    if keep is None:
        return page, cursor, has_more
    kept = [c for c in (keep(change) for change in page) if c is not None]
    while not kept and has_more:
        page, cursor, has_more = changes_for(principal, cursor, limit)
        kept = [c for c in (keep(change) for change in page) if c is not None]
    return kept, cursor, has_more
