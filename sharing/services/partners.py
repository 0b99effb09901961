"""Writes on partners, their keys and their members; each one audited in the same transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from sharing.choices import PartnerStatus
from sharing.models import Membership, Partner, PartnerAPIKey
from sharing.principal import Principal
from sharing.services.audit import audit_record


@transaction.atomic
def partner_create(*, code: str, name: str, country: str, principal: Principal | None = None) -> Partner:
    partner = Partner(code=code, name=name, country=country)
    partner.full_clean()
    partner.save()
    audit_record(
        action="partner.create",
        principal=principal,
        object_type="partner",
        object_id=partner.pk,
        object_owner=partner,
        detail={"code": code, "name": name, "country": country},
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, principal: Principal | None = None, **fields: str) -> Partner:
    changed = {}
    for name, value in fields.items():
        if getattr(partner, name) != value:
            changed[name] = {"from": str(getattr(partner, name)), "to": str(value)}
            setattr(partner, name, value)
    if changed:
        partner.full_clean()
        partner.save()
        action = "partner.update"
        if "status" in changed:
            action = "partner.suspend" if partner.status == PartnerStatus.SUSPENDED else "partner.reinstate"
        audit_record(
            action=action,
            principal=principal,
            object_type="partner",
            object_id=partner.pk,
            object_owner=partner,
            detail={"changed": changed},
        )
    return partner


@transaction.atomic
def key_issue(
    *,
    partner: Partner,
    name: str,
    roles: list[str],
    expiry_date: datetime | None = None,
    read_only: bool = False,
    allowed_networks: list[str] | None = None,
    principal: Principal | None = None,
    rotated_from: PartnerAPIKey | None = None,
) -> tuple[PartnerAPIKey, str]:
    """Creates a key and returns it with its secret, which is never stored and cannot be shown again."""
    key = PartnerAPIKey(
        partner=partner,
        name=name,
        roles=sorted(set(roles)),
        expiry_date=expiry_date,
        read_only=read_only,
        allowed_networks=list(allowed_networks or []),
        rotated_from=rotated_from,
    )
    secret = PartnerAPIKey.objects.assign_key(key)
    key.full_clean()
    key.save()
    audit_record(
        action="api_key.issue",
        principal=principal,
        object_type="api_key",
        object_id=key.prefix,
        object_owner=partner,
        detail={"name": name, "roles": key.roles, "read_only": read_only, "expiry_date": str(expiry_date or "")},
    )
    return key, secret


@transaction.atomic
def key_revoke(*, key: PartnerAPIKey, principal: Principal | None = None) -> PartnerAPIKey:
    if not key.revoked:
        key.revoked = True
        key.save(update_fields=["revoked"])
        audit_record(
            action="api_key.revoke",
            principal=principal,
            object_type="api_key",
            object_id=key.prefix,
            object_owner=key.partner_id,
        )
    return key


@transaction.atomic
def key_rotate(*, key: PartnerAPIKey, principal: Principal | None = None) -> tuple[PartnerAPIKey, str]:
    """A new key with the old one's settings; the old one stops working at once."""
    key = PartnerAPIKey.objects.select_for_update().get(pk=key.pk)
    new_key, secret = key_issue(
        partner=key.partner,
        name=key.name,
        roles=key.roles,
        expiry_date=key.expiry_date,
        read_only=key.read_only,
        allowed_networks=key.allowed_networks,
        principal=principal,
        rotated_from=key,
    )
    key_revoke(key=key, principal=principal)
    return new_key, secret


@transaction.atomic
def membership_set(*, user, partner: Partner, roles: list[str], principal: Principal | None = None) -> Membership:
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    membership.partner, membership.roles = partner, sorted(set(roles))
    membership.full_clean()
    membership.save()
    audit_record(
        action="membership.set",
        principal=principal,
        object_type="membership",
        object_id=membership.pk,
        object_owner=partner,
        detail={"user": user.get_username(), "roles": roles},
    )
    return membership
