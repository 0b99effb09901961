"""Publishing: create, update, upsert in bulk and delete (tombstone) a partner's records.

Every write here:
- takes change numbers from the one ``ChangeSequence`` row, whose lock is held to commit, so that the changes
  feed sees changes in commit order and a syncing partner never skips one;
- bumps ``version`` (the ETag) only when something changed, so re-sending the same payload changes nothing;
- records, when it changes who may see a record (marking, groups, or a facility's visibility reaching the
  records that reference it), an ``AccessChange`` per partner that gained or lost sight, for the feed;
- writes one audit event per call, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from sharing.choices import GROUP_MARKINGS, Marking
from sharing.models import (
    PUBLISHED_MODELS,
    AccessChange,
    Capacity,
    ChangeSequence,
    Facility,
    MarkingChange,
    Partner,
    Published,
    Stockpile,
    SupplyLink,
)
from sharing.principal import Principal
from sharing.procurement import notices as waiver_notices
from sharing.procurement import rules as waiver_rules
from sharing.querysets import group_ids_of
from sharing.services import enqueue
from sharing.services.audit import audit_record
from sharing.services.bulk_sql import column_in, insert_rows, insert_values, update_rows

# The fields a partner writes, per kind (foreign keys as *_id); with the groups, they decide "unchanged".
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "facility": ("name", "country", "latitude", "longitude", "facility_kind", "status", "operator", "marking"),
    "capacity": (
        "facility_id", "product_id", "nominal", "in_use", "spare", "surge", "lead_time_days", "releasable",
        "unit_cost", "as_of", "marking",
    ),
    "stockpile": ("facility_id", "product_id", "quantity", "releasable", "expiry", "as_of", "marking"),
    "supply_link": ("supplier_id", "buyer_id", "product_id", "volume_per_month", "marking"),
    "demand": ("product_id", "total_per_month", "defence_per_month", "health_per_month", "as_of", "marking"),
    "waiver": (
        "agency", "product_id", "product_text", "hs_code", "description", "quantity", "unit", "value", "currency",
        "origin_country", "vendor", "reason", "justification", "status", "proposed_on", "posted_on", "decided_on",
        "withdrawn_on", "review_days", "delivery_latitude", "delivery_longitude", "marking",
    ),
    "purchase_total": (
        "agency", "year", "quarter", "channel", "domestic_value", "allied_value", "other_value", "marking",
    ),
}

# Rules of a kind beyond its fields, checked against the stored record (None for a creation): they may complete
# the values and return field errors (the row is rejected). After the writes, a kind may act on what changed.
KIND_CHECKS: dict[str, Callable[[Published | None, dict[str, Any], date], dict[str, list[str]] | None]] = {
    "waiver": waiver_rules.prepare,
}


class DependentRecordsExist(Exception):
    """A facility still has live records that refer to it."""


class RecordExists(Exception):
    """A create named an external id that the owner already has a live record under."""


@dataclass
class RecordInput:
    """One validated record: its owner's external id, its field values, and the sharing groups it names."""

    external_id: str
    values: dict[str, Any]
    group_ids: frozenset[int] = frozenset()
    confirm_loosening: bool = False


@dataclass
class UpsertOutcome:
    status: str  # created | updated | unchanged | rejected
    record: Published
    changed_fields: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] | None = None


# From widest to narrowest audience.
_MARKING_RANK = {Marking.CLEAR: 0, Marking.GREEN: 1, Marking.AMBER: 2, Marking.AMBER_STRICT: 3, Marking.RED: 4}


def widens(old_marking: str, old_groups: frozenset[int], new_marking: str, new_groups: frozenset[int]) -> bool:
    """Whether a change of marking or groups may let more partners see the record, or count it in aggregates."""
    if _MARKING_RANK[new_marking] < _MARKING_RANK[old_marking]:
        return True
    return new_marking in GROUP_MARKINGS and old_marking in GROUP_MARKINGS and not new_groups <= old_groups


def allocate_seqs(count: int) -> int:
    """Reserves ``count`` change numbers and returns the first. Serialises writers until their commit."""
    updated = ChangeSequence.objects.filter(pk=1).update(value=F("value") + count)
    if not updated:
        ChangeSequence.objects.get_or_create(pk=1, defaults={"value": 0})
        ChangeSequence.objects.filter(pk=1).update(value=F("value") + count)
    last = ChangeSequence.objects.values_list("value", flat=True).get(pk=1)
    enqueue.wake_subscriptions()  # partners subscribed to changes hear of these once they commit
    return last - count + 1


def current_seq() -> int:
    return ChangeSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _group_set_of(group_ids) -> list[int]:
    return sorted(group_ids)


def _differences(record: Published, item: RecordInput, groups: frozenset[int]) -> list[str]:
    changed = [name for name in CONTENT_FIELDS[record.kind] if getattr(record, name) != item.values.get(name)]
    if groups != item.group_ids:
        changed.append("groups")
    return changed


# --- who can see what: snapshots before and after a change of audience -------------------------------------


def _dependents(candidates: dict[str, set[int]]) -> dict[str, set[int]]:
    """Adds the records whose visibility follows that of the candidate facilities."""
    facilities = candidates.get("facility") or set()
    if not facilities:
        return candidates
    out = {kind: set(ids) for kind, ids in candidates.items()}
    for model in (Capacity, Stockpile):
        out.setdefault(model.kind, set()).update(
            model.objects.filter(column_in(model, "facility", list(facilities))).values_list("id", flat=True)
        )
    out.setdefault("supply_link", set()).update(
        SupplyLink.objects.filter(
            column_in(SupplyLink, "supplier", list(facilities)) | column_in(SupplyLink, "buyer", list(facilities))
        ).values_list("id", flat=True)
    )
    return out


def visibility_snapshot(
    candidates: dict[str, set[int]], partners: Iterable[tuple[int, list[int]]]
) -> set[tuple[int, str, int]]:
    """(partner, kind, id) for every candidate record each partner can see, by the one visibility rule."""
    seen: set[tuple[int, str, int]] = set()
    for partner_id, group_ids in partners:
        for kind, ids in candidates.items():
            if not ids:
                continue
            model = PUBLISHED_MODELS[kind]
            for record_id in model.objects.visible_as(partner_id, group_ids).filter(
                column_in(model, "id", list(ids))
            ).values_list("id", flat=True):
                seen.add((partner_id, kind, record_id))
    return seen


def all_partner_groups() -> list[tuple[int, list[int]]]:
    from sharing.models import SharingGroup

    memberships: dict[int, list[int]] = defaultdict(list)
    for partner_id, group_id in SharingGroup.members.through.objects.values_list("partner_id", "sharinggroup_id"):
        memberships[partner_id].append(group_id)
    return [(pk, memberships.get(pk, [])) for pk in Partner.objects.values_list("pk", flat=True)]


def record_access_changes(before: set, after: set) -> int:
    """Writes an AccessChange for each partner that gained or lost sight of a record; returns how many."""
    gained = sorted(after - before)
    lost = sorted(before - after)
    if not gained and not lost:
        return 0
    first = allocate_seqs(len(gained) + len(lost))
    rows = [
        (first + i, p, k, r, g)
        for i, (p, k, r, g) in enumerate([(*t, False) for t in lost] + [(*t, True) for t in gained])
    ]
    insert_values(AccessChange, ("seq", "partner_id", "kind", "record_id", "gained"), rows)
    return len(rows)


class AudienceWatch:
    """Brackets a write that may change who sees some records, and records the difference afterwards.

    ``partners`` returns (partner id, its group ids) and is read again after the write, so that a change
    of group membership is seen too.
    """

    def __init__(self, candidates: dict[str, set[int]], partners=None):
        self.candidates = _dependents({k: v for k, v in candidates.items() if v})
        self.partners = partners or all_partner_groups
        self.before: set = set()

    def __enter__(self) -> AudienceWatch:
        if any(self.candidates.values()):
            self.before = visibility_snapshot(self.candidates, self.partners())
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None and any(self.candidates.values()):
            after = visibility_snapshot(self.candidates, self.partners())
            record_access_changes(self.before, after)


# --- writes ----------------------------------------------------------------------------------------------------


def _set_groups(
    model: type[Published], records_groups: list[tuple[Published, frozenset[int]]], *, new: Sequence[int] = ()
) -> None:
    """Makes each record name exactly its groups; ``new`` records (just created) name none yet."""
    through = model.groups.through
    fk = f"{model._meta.model_name}_id"
    if not records_groups:
        return
    new = set(new)
    replaced = [record.pk for record, _ in records_groups if record.pk not in new]
    if replaced:
        through.objects.filter(column_in(through, fk, replaced)).delete()
    insert_values(
        through, (fk, "sharinggroup_id"), [(record.pk, gid) for record, gids in records_groups for gid in sorted(gids)]
    )


def _groups_of(model: type[Published], record_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """Each record's sharing groups, in one query (a prefetch would build a queryset per record)."""
    through = model.groups.through
    fk = f"{model._meta.model_name}_id"
    found: dict[int, set[int]] = defaultdict(set)
    for record_id, group_id in through.objects.filter(column_in(through, fk, list(record_ids))).values_list(
        fk, "sharinggroup_id"
    ):
        found[record_id].add(group_id)
    return {record_id: frozenset(ids) for record_id, ids in found.items()}


def apply_records(
    *, kind: str, owner: Partner, items: Sequence[RecordInput], principal: Principal | None, action: str = "upsert",
    must_be_new: bool = False,
) -> list[UpsertOutcome]:
    """Creates, updates (or resurrects) or leaves alone each record, by the owner's external id.

    Must run inside a transaction (the callers are atomic): the change numbers and the audit event belong
    with the rows. With ``must_be_new`` (a create), a live record under one of the external ids raises
    ``RecordExists`` rather than being updated.

    Two calls that create the same external id at once both find no row to lock; the second one's insert then
    fails on the unique (owner, external_id) key, after the first committed (it waited for the change-number
    lock, or on the key itself). That attempt is rolled back to a savepoint and made once more: reading again
    (a new snapshot per statement in READ COMMITTED) it finds the winner's rows and updates them, leaves them
    alone, or, for a create, raises ``RecordExists``. So the loser's answer is the one it would have had after
    the winner, never a 500 and never a create that silently became an update. (On SQLite, write transactions
    start IMMEDIATE and so never overlap.)
    """
    try:
        with transaction.atomic():
            return _apply_records(kind, owner, items, principal, action, must_be_new)
    except IntegrityError:
        with transaction.atomic():
            return _apply_records(kind, owner, items, principal, action, must_be_new)


def _apply_records(
    kind: str, owner: Partner, items: Sequence[RecordInput], principal: Principal | None, action: str,
    must_be_new: bool,
) -> list[UpsertOutcome]:
    model = PUBLISHED_MODELS[kind]
    existing = {
        record.external_id: record
        for record in model.objects.filter(owner=owner)
        .filter(column_in(model, "external_id", [i.external_id for i in items]))
        .select_for_update(of=("self",))
    } if items else {}
    groups_of = _groups_of(model, [record.pk for record in existing.values()]) if existing else {}
    creates: list[tuple[Published, RecordInput]] = []
    updates: list[tuple[Published, RecordInput, list[str]]] = []
    outcomes: list[UpsertOutcome | None] = []
    loosened: list[tuple] = []
    history: list[tuple] = []
    check = KIND_CHECKS.get(kind)
    today = timezone.localdate()
    for item in items:
        record = existing.get(item.external_id)
        if record is not None and must_be_new and record.deleted_at is None:
            raise RecordExists(item.external_id)
        if check is not None:
            # A tombstone brought back is checked as a new record: its old stages are not its history any more.
            item = RecordInput(item.external_id, dict(item.values), item.group_ids, item.confirm_loosening)
            errors = check(record if record is not None and record.deleted_at is None else None, item.values, today)
            if errors:
                outcomes.append(UpsertOutcome("rejected", record or model(owner=owner, external_id=item.external_id),
                                              [], errors))
                continue
        if record is None:
            record = model(owner=owner, external_id=item.external_id, **item.values)
            creates.append((record, item))
            outcomes.append(UpsertOutcome("created", record))
            continue
        old_groups = groups_of.get(record.pk, frozenset())
        changed = _differences(record, item, old_groups)
        if record.deleted_at is not None:
            changed = changed or ["restored"]
        new_marking = item.values.get("marking", record.marking)
        if (
            {"marking", "groups"} & set(changed)
            and record.deleted_at is None
            and widens(record.marking, old_groups, new_marking, item.group_ids)
        ):
            if not item.confirm_loosening:
                outcomes.append(UpsertOutcome("rejected", record, changed, {"marking": [
                    f"This widens who may see the record ({record.marking} to {new_marking}"
                    f"{', more groups' if new_marking == record.marking else ''}); send confirm_loosening: true."
                ]}))
                continue
            loosened.append((record, record.marking, sorted(old_groups), new_marking, sorted(item.group_ids)))
        if {"marking", "groups"} & set(changed) and record.deleted_at is None:
            history.append((record, record.marking, sorted(old_groups), new_marking, sorted(item.group_ids)))
        if changed:
            updates.append((record, item, changed))
            outcomes.append(UpsertOutcome("updated", record, changed))
        else:
            outcomes.append(UpsertOutcome("unchanged", record))
    if not creates and not updates:
        return outcomes  # type: ignore[return-value]

    audience_changed = {
        record.pk for record, _, changed in updates
        if {"marking", "groups", "restored", "facility_id", "supplier_id", "buyer_id"} & set(changed)
    }
    now = timezone.now()
    first = allocate_seqs(len(creates) + len(updates))
    with AudienceWatch({kind: audience_changed}):
        for offset, (record, _) in enumerate(creates):
            record.seq = first + offset
            record.created_at = record.updated_at = now
        insert_rows(model, [record for record, _ in creates])
        base = first + len(creates)
        for offset, (record, item, _) in enumerate(updates):
            for name, value in item.values.items():
                setattr(record, name, value)
            record.version += 1
            record.seq = base + offset
            record.updated_at = now
            record.deleted_at = None
        update_rows(
            model,
            [record for record, _, _ in updates],
            [*CONTENT_FIELDS[kind], "version", "seq", "updated_at", "deleted_at"],
        )
        _set_groups(
            model,
            [(r, i.group_ids) for r, i in creates if i.group_ids]
            + [(r, i.group_ids) for r, i, c in updates if "groups" in c or "restored" in c],
            new=[r.pk for r, _ in creates],
        )

    insert_values(
        MarkingChange,
        ("kind", "record_id", "owner_id", "version", "seq", "marking", "groups", "previous_marking",
         "previous_groups", "changed_at"),
        [(kind, record.pk, owner.pk, record.version, record.seq, record.marking, _group_set_of(item.group_ids),
          "", [], now) for record, item in creates]
        + [(kind, record.pk, owner.pk, record.version, record.seq, new, new_groups, old, old_groups, now)
           for record, old, old_groups, new, new_groups in history],
    )
    for record, old, old_groups, new, new_groups in loosened:
        audit_record(
            action=f"{kind}.loosen", principal=principal, object_type=kind, object_id=record.pk, object_owner=owner,
            detail={"from": old, "to": new, "groups_from": old_groups, "groups_to": new_groups},
        )
    if kind == "waiver":
        waiver_notices.waivers_posted(
            [record for record, _ in creates]
            + [record for record, _, changed in updates if {"status", "restored", "marking", "groups"} & set(changed)]
        )
    created_ids = [record.pk for record, _ in creates]
    updated_ids = [record.pk for record, _, _ in updates]
    audit_record(
        action=f"{kind}.{action}", principal=principal, object_type=kind,
        object_id=(created_ids + updated_ids)[0] if len(items) == 1 else "",
        object_ids=created_ids + updated_ids, object_owner=owner,
        detail={
            "created": len(created_ids), "updated": len(updated_ids),
            "unchanged": sum(1 for o in outcomes if o.status == "unchanged"),
            "rejected": sum(1 for o in outcomes if o.status == "rejected"),
            **({"changed_fields": updates[0][2]} if len(items) == 1 and updates else {}),
        },
    )
    return outcomes  # type: ignore[return-value]


@transaction.atomic
def record_save(
    *, kind: str, owner: Partner, item: RecordInput, principal: Principal | None, action: str
) -> UpsertOutcome:
    return apply_records(
        kind=kind, owner=owner, items=[item], principal=principal, action=action, must_be_new=action == "create"
    )[0]


def _live_dependents(facility: Facility) -> int:
    return (
        Capacity.objects.live().filter(facility=facility, owner_id=facility.owner_id).count()
        + Stockpile.objects.live().filter(facility=facility, owner_id=facility.owner_id).count()
        + SupplyLink.objects.live()
        .filter(Q(supplier=facility) | Q(buyer=facility), owner_id=facility.owner_id)
        .count()
    )


@transaction.atomic
def record_delete(*, record: Published, principal: Principal | None) -> Published:
    """Leaves a tombstone (the feed reports it) rather than removing the row."""
    model = type(record)
    record = model.objects.select_for_update(of=("self",)).get(pk=record.pk)
    if record.deleted_at is not None:
        return record
    if isinstance(record, Facility) and _live_dependents(record):
        raise DependentRecordsExist(
            "This facility still has capacity, stockpile or supply-link records; delete those first."
        )
    # The tombstone tells the feed of the record itself; the watch covers records that depend on it.
    candidates = _dependents({"facility": {record.pk}}) if isinstance(record, Facility) else {}
    candidates.pop("facility", None)
    with AudienceWatch(candidates):
        record.deleted_at = timezone.now()
        record.version += 1
        record.seq = allocate_seqs(1)
        record.save(update_fields=["deleted_at", "version", "seq", "updated_at"])
    audit_record(
        action=f"{record.kind}.delete", principal=principal, object_type=record.kind, object_id=record.pk,
        object_owner=record.owner_id,
    )
    return record


def group_membership_change(*, group_id: int, partner_ids: Iterable[int], apply: Callable[[], None]) -> None:
    """Runs ``apply()`` (which adds or removes members) and tells those partners' feeds what they gained or lost."""
    partner_ids = list(partner_ids)
    candidates: dict[str, set[int]] = {}
    for kind, model in PUBLISHED_MODELS.items():
        through = model.groups.through
        fk = f"{model._meta.model_name}_id"
        candidates[kind] = set(through.objects.filter(sharinggroup_id=group_id).values_list(fk, flat=True))
    with AudienceWatch(candidates, partners=lambda: [(pk, group_ids_of(pk)) for pk in partner_ids]):
        apply()
    # A maker that joins a group during a waiver's review may now see it: it hears of it once, like the others.
    if candidates.get("waiver"):
        waiver_notices.waivers_posted(PUBLISHED_MODELS["waiver"].objects.filter(pk__in=candidates["waiver"]))
