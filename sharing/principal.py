"""The caller, as every view, permission and queryset sees it: a partner with roles, through a key or a user."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser

from sharing.models import Partner, PartnerAPIKey


@dataclass(frozen=True, eq=False)
class Principal:
    partner: Partner | None
    roles: frozenset[str] = field(default_factory=frozenset)
    key: PartnerAPIKey | None = None
    user: AbstractBaseUser | None = None
    is_staff: bool = False
    read_only: bool = False

    # DRF treats the object returned by authentication as request.user.
    is_authenticated = True
    is_anonymous = False

    @property
    def pk(self) -> str | None:
        if self.key is not None:
            return f"key:{self.key.prefix}"
        if self.user is not None:
            return f"user:{self.user.pk}"
        return None

    @property
    def partner_id(self) -> int | None:
        return self.partner.pk if self.partner is not None else None

    @cached_property
    def group_ids(self) -> frozenset[int]:
        """The sharing groups of the caller's partner (none unless it is active), read once per principal.

        A principal lives for one request (authentication builds a new one each time), so a partner removed
        from a group loses what the group shares on its next request, or, for a key's principal, when the key
        cache's entry expires (``sharing.api.key_cache``: at most ``API_KEY_CACHE_SECONDS``); within one request
        every read (the list, its filters, the groups each record shows) sees the same memberships.
        """
        from sharing.querysets import caller_partner_id, group_ids_of

        return frozenset(group_ids_of(caller_partner_id(self)))

    def has_role(self, *roles: str) -> bool:
        return self.partner is not None and self.partner.is_active and bool(self.roles.intersection(roles))

    @property
    def label(self) -> str:
        if self.key is not None:
            return f"{self.partner} key {self.key.prefix} ({self.key.name})"
        if self.user is not None:
            return f"user {self.user.get_username()}"
        return "anonymous"

    @classmethod
    def for_key(cls, key: PartnerAPIKey, group_ids: frozenset[int] | None = None) -> Principal:
        """``group_ids``: the partner's sharing groups as already read (``key_cache``), else read when needed."""
        principal = cls(partner=key.partner, roles=frozenset(key.roles), key=key, read_only=key.read_only)
        if group_ids is not None:
            principal.__dict__["group_ids"] = group_ids  # what ``group_ids`` (a cached property) would keep
        return principal

    @classmethod
    def for_user(cls, user: AbstractBaseUser) -> Principal:
        membership = getattr(user, "membership", None) if hasattr(user, "membership") else None
        return cls(
            partner=membership.partner if membership else None,
            roles=frozenset(membership.roles) if membership else frozenset(),
            user=user,
            is_staff=bool(getattr(user, "is_staff", False) and user.is_active),
        )


def principal_of(request) -> Principal | None:
    """The request's principal, from an API key or from a logged-in user (computed once per request)."""
    cached = getattr(request, "_sharing_principal", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    principal: Principal | None
    if isinstance(user, Principal):
        principal = user
    elif user is not None and getattr(user, "is_authenticated", False):
        principal = Principal.for_user(user)
    else:
        principal = None
    if principal is not None:
        request._sharing_principal = principal
    return principal
