"""Visibility: the one rule every read path uses (lists, details, filters, nested objects, the feed, analytics).

A record is visible by its TLP marking:
  CLEAR: anyone; GREEN: every active partner; AMBER and AMBER+STRICT: the owner and the members of the sharing
  groups the record names (none named: the owner alone); RED: the owner alone. Tombstones are never visible.
A capacity, stockpile or supply link is visible only when the facilities it references are visible too: a record
never shares more than the facility it is about, so nested objects and filters on a facility's fields cannot
reveal a hidden facility.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull

from sharing.choices import GROUP_MARKINGS, Marking

_GROUPS_SQL: dict[str, str] = {}  # by database alias: the statement ``group_ids_of`` runs


def group_ids_of(partner_id: int | None) -> list[int]:
    """The sharing groups a partner belongs to, read fresh: a removal takes effect on the next request.

    One statement written once (the membership table's own columns), run on a plain cursor: building and compiling
    the same ``values_list`` queryset was some 0.3 ms of CPU on every API request (it runs for each caller).
    """
    if partner_id is None:
        return []
    from sharing.models import SharingGroup

    through = SharingGroup.members.through
    alias = router.db_for_read(through)
    sql = _GROUPS_SQL.get(alias)
    if sql is None:
        quote = connections[alias].ops.quote_name
        sql = _GROUPS_SQL[alias] = (
            f"SELECT {quote(through._meta.get_field('sharinggroup').column)} FROM {quote(through._meta.db_table)} "
            f"WHERE {quote(through._meta.get_field('partner').column)} = %s")
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [partner_id])
        return [pk for (pk,) in cursor.fetchall()]


def rule_q(
    model, partner_id: int | None, group_ids: Iterable[int], prefix: str = "", live: bool = True, probe: bool = False,
    hashed: bool = False,
) -> Q:
    """The marking rule for one record (``prefix`` reaches a referenced facility, e.g. ``"facility__"``).

    ``live=False`` drops the tombstone condition: who could see a record just before it was deleted.
    ``probe=True`` states "names one of my groups" as a scalar subquery (``(SELECT ... LIMIT 1) IS NOT NULL``)
    rather than ``EXISTS``: the same rows, but PostgreSQL then probes the group links' index for the rows it
    reads, where for ``EXISTS`` inside an ``OR`` it may first hash every link of the caller's groups (hundreds
    of thousands at scale) only to return a page of 100. For pages and single records; scans of whole
    tables (aggregates, the feed) are better served by the hash.
    ``hashed=True`` states it as ``id IN (SELECT ... of my groups)``: the same rows, a subquery PostgreSQL always
    hashes once, where a correlated ``EXISTS`` evaluated per row (a flag in a grouped read's select list, not a
    filter) cost a quarter more backend CPU (the allied-output capacity read at full scale: 440 -> 340 ms a call).
    """
    q = Q(**{f"{prefix}marking": Marking.CLEAR})
    if partner_id is not None:
        q |= Q(**{f"{prefix}marking": Marking.GREEN}) | Q(**{f"{prefix}owner_id": partner_id})
        group_ids = list(group_ids)
        if group_ids:
            through = model.groups.through
            record_fk = model._meta.model_name
            outer = f"{prefix[:-2]}_id" if prefix else "pk"
            if hashed:
                mine = through.objects.filter(sharinggroup_id__in=group_ids).values(f"{record_fk}_id")
                names_my_group = Q(**{f"{prefix[:-2]}__in" if prefix else "pk__in": mine})
            else:
                shared = through.objects.filter(**{f"{record_fk}_id": OuterRef(outer),
                                                   "sharinggroup_id__in": group_ids})
                names_my_group = (
                    Q(IsNull(Subquery(shared.values("sharinggroup_id")[:1]), False)) if probe else Q(Exists(shared))
                )
            q |= Q(**{f"{prefix}marking__in": GROUP_MARKINGS}) & names_my_group
    return q & Q(**{f"{prefix}deleted_at__isnull": True}) if live else q


def visibility_q(
    model, partner_id: int | None, group_ids: Iterable[int], live: bool = True, probe: bool = False, prefix: str = "",
    hashed: bool = False,
) -> Q:
    """The record's own rule and that of every facility it references (``prefix`` reaches the record from another
    model, e.g. ``"capacity__"`` from an offer)."""
    from sharing.models import Facility

    group_ids = list(group_ids)
    q = rule_q(model, partner_id, group_ids, prefix=prefix, live=live, probe=probe, hashed=hashed)
    for field in model.facility_fields():
        q &= rule_q(Facility, partner_id, group_ids, prefix=f"{prefix}{field}__", live=live, probe=probe,
                    hashed=hashed)
    return q


def caller_partner_id(principal) -> int | None:
    """The partner whose rights a caller reads with: an active partner's, else none (public only)."""
    if principal is None or principal.partner is None or not principal.partner.is_active:
        return None
    return principal.partner.pk


def caller_group_ids(principal) -> frozenset[int]:
    """The sharing groups a caller reads with: its principal's, read once per request (``Principal.group_ids``)."""
    partner_id = caller_partner_id(principal)
    if partner_id is None:
        return frozenset()
    group_ids = getattr(principal, "group_ids", None)  # a stand-in principal (a test's, a script's) reads afresh
    return group_ids if group_ids is not None else frozenset(group_ids_of(partner_id))


class PublishedQuerySet(QuerySet):
    def live(self) -> PublishedQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, principal, *, paged: bool = False) -> PublishedQuerySet:
        """``paged=True`` when reading a page or one record rather than scanning (see ``rule_q``'s probe)."""
        partner_id = caller_partner_id(principal)
        return self.filter(visibility_q(self.model, partner_id, sorted(caller_group_ids(principal)), probe=paged))

    def visible_as(self, partner_id: int | None, group_ids: Iterable[int], *, paged: bool = False) -> PublishedQuerySet:
        return self.filter(visibility_q(self.model, partner_id, group_ids, probe=paged))

    def owned_by(self, partner_id: int) -> PublishedQuerySet:
        return self.filter(owner_id=partner_id)


def offer_disclosed_q(partner_id: int | None, group_ids: Iterable[int]) -> Q:
    """Which offers (``Allocation`` rows) a requesting partner may know of: those from a source it may see by the
    rule above, and those the supplier accepted (from then on it tells the partner, the quantity and the arrival it
    confirms). An offer from a hidden source that was never accepted is not there for the requester at all: the
    matcher uses every source, but what it shows follows the marking (the brief, "Emergency offers from sources
    you cannot see").

    The source's rule is applied to the offer's own joined source row, not as ``EXISTS`` over the visible sources:
    the same offers, but PostgreSQL then reads only the offers' sources, where for ``EXISTS`` inside an ``OR`` it
    hashed every visible capacity and stockpile once per requesting partner (seconds per match run at scale)."""
    from sharing.choices import OfferStatus
    from sharing.models import Capacity, Stockpile

    group_ids = sorted(group_ids)
    q = Q(confirmed_arrival__isnull=False) | Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.FULFILLED])
    for model, field in ((Capacity, "capacity"), (Stockpile, "stockpile")):
        q |= Q(**{f"{field}__isnull": False}) & visibility_q(model, partner_id, group_ids, prefix=f"{field}__")
    return q
