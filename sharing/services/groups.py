"""Sharing groups: membership changes take effect on the next request and reach the members' changes feeds."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from sharing.models import Partner, SharingGroup
from sharing.principal import Principal
from sharing.services.audit import audit_record
from sharing.services.publishing import group_membership_change


@transaction.atomic
def group_create(*, name: str, description: str = "", principal: Principal | None = None) -> SharingGroup:
    group = SharingGroup(name=name, description=description)
    group.full_clean()
    group.save()
    audit_record(action="sharing_group.create", principal=principal, object_type="sharing_group",
                 object_id=group.pk, detail={"name": name})
    return group


@transaction.atomic
def group_set_members(
    *, group: SharingGroup, partners: Iterable[Partner], principal: Principal | None = None
) -> SharingGroup:
    """Makes the group's members exactly ``partners``; who joined or left learns of it through the feed."""
    wanted = {p.pk for p in partners}
    current = set(group.members.values_list("pk", flat=True))
    added, removed = wanted - current, current - wanted
    if not added and not removed:
        return group

    def apply() -> None:
        if removed:
            group.members.remove(*removed)
        if added:
            group.members.add(*added)

    group_membership_change(group_id=group.pk, partner_ids=added | removed, apply=apply)
    codes = dict(Partner.objects.filter(pk__in=added | removed).values_list("pk", "code"))
    audit_record(
        action="sharing_group.members", principal=principal, object_type="sharing_group", object_id=group.pk,
        detail={"added": sorted(codes[p] for p in added), "removed": sorted(codes[p] for p in removed)},
    )
    return group


def group_add_members(*, group: SharingGroup, partners: Iterable[Partner], principal=None) -> SharingGroup:
    current = list(group.members.all())
    return group_set_members(group=group, partners=[*current, *partners], principal=principal)


def group_remove_members(*, group: SharingGroup, partners: Iterable[Partner], principal=None) -> SharingGroup:
    gone = {p.pk for p in partners}
    return group_set_members(
        group=group, partners=[p for p in group.members.all() if p.pk not in gone], principal=principal
    )
