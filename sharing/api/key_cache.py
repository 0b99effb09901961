"""API keys and their partners kept in each worker process's memory for ``API_KEY_CACHE_SECONDS``.

Every request with a key used to read the key and its partner from the database (one query with a join, and two
model instances built). Here a key row read once serves the same process for at most ``API_KEY_CACHE_SECONDS``
(default 5; 0 turns the cache off), counted from when it was read, so:

- a key revoked, expired by a changed date, narrowed to other networks or given other roles, or a partner
  suspended, in *another* process (another gunicorn worker, the admin on another machine) is refused or changed
  here at most ``API_KEY_CACHE_SECONDS`` later;
- in the process that made the change it takes effect at once: saving or deleting a key or a partner drops its
  entries here (and again when the transaction commits, in case another thread re-read the old row meanwhile).

The partner's sharing groups are read with the key and kept with it, under the same bound: a partner removed from
a group (or a group deleted) in another process keeps reading what the group shares for at most
``API_KEY_CACHE_SECONDS``, as a revoked key may; in this process a membership change or a group's deletion drops
every entry at once. (Reading them on each request was a query of its own: 0.28 ms of PostgreSQL's CPU and some
0.07 ms of the web process's a list read; in-process A/B on a slower machine, 0.25 and 0.33 ms.)

What is cached is the key's stored row, never a verdict: the secret a request brings is checked against the
cached SHA-512 hash on every request (a wrong secret is refused every time, and a prefix never matches another
key's hash), and expiry, revocation, suspension and the address rule are checked on every request against the
cached row. Only prefixes of real keys are kept, so guesses cannot fill the cache; its size is bounded by the
number of keys. Each request gets its own copies of the key and partner instances (nothing a request does to
them reaches another).
"""

from __future__ import annotations

import copy
import time
from typing import NamedTuple

from django.conf import settings
from django.db import transaction

from sharing.models import Partner, PartnerAPIKey

# The clock the bound is counted on (monotonic: a wall-clock step cannot stretch it). Tests move it forward.
clock = time.monotonic


class _Entry(NamedTuple):
    read_at: float
    key: PartnerAPIKey  # with its partner in the relation cache; never handed out, only copies of it
    group_ids: frozenset[int]  # the partner's sharing groups, read with the key


_entries: dict[str, _Entry] = {}


def _copy(key: PartnerAPIKey) -> PartnerAPIKey:
    fresh = copy.copy(key)
    fresh.partner = copy.copy(key.partner)
    fresh.roles = list(key.roles)
    fresh.allowed_networks = list(key.allowed_networks)
    return fresh


def key_and_groups(prefix: str) -> tuple[PartnerAPIKey, frozenset[int] | None] | None:
    """The key with this prefix (partner loaded) and its partner's sharing groups, from this process's memory when
    read less than the bound ago; the groups are None when the cache is off (the principal reads them itself)."""
    bound = settings.API_KEY_CACHE_SECONDS
    now = clock()
    entry = _entries.get(prefix)
    if entry is not None and 0 <= now - entry.read_at < bound:
        return _copy(entry.key), entry.group_ids
    key = PartnerAPIKey.objects.select_related("partner").filter(prefix=prefix).first()
    if key is None:
        _entries.pop(prefix, None)
        return None
    if bound <= 0:
        return key, None
    from sharing.querysets import group_ids_of

    group_ids = frozenset(group_ids_of(key.partner_id))
    _entries[prefix] = _Entry(now, _copy(key), group_ids)
    return key, group_ids


def forget_key(prefix: str) -> None:
    _entries.pop(prefix, None)


def forget_partner(partner_id: int) -> None:
    for prefix, entry in list(_entries.items()):
        if entry.key.partner_id == partner_id:
            _entries.pop(prefix, None)


def clear() -> None:
    _entries.clear()


def _key_changed(sender, instance: PartnerAPIKey, **kwargs) -> None:
    forget_key(instance.prefix)
    transaction.on_commit(lambda: forget_key(instance.prefix), using=kwargs.get("using"))


def _partner_changed(sender, instance: Partner, **kwargs) -> None:
    forget_partner(instance.pk)
    transaction.on_commit(lambda: forget_partner(instance.pk), using=kwargs.get("using"))


def _groups_changed(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):
        clear()
        transaction.on_commit(clear, using=kwargs.get("using"))


def connect() -> None:
    """Called from the app's ready(): saves and deletes of keys and partners, changes of sharing groups'
    memberships and deletions of groups drop this process's entries."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from sharing.models import SharingGroup

    m2m_changed.connect(_groups_changed, sender=SharingGroup.members.through,
                        dispatch_uid="sharing.key_cache.members_changed")
    post_delete.connect(_groups_changed, sender=SharingGroup, dispatch_uid="sharing.key_cache.group_deleted")

    post_save.connect(_key_changed, sender=PartnerAPIKey, dispatch_uid="sharing.key_cache.key_saved")
    post_delete.connect(_key_changed, sender=PartnerAPIKey, dispatch_uid="sharing.key_cache.key_deleted")
    post_save.connect(_partner_changed, sender=Partner, dispatch_uid="sharing.key_cache.partner_saved")
    post_delete.connect(_partner_changed, sender=Partner, dispatch_uid="sharing.key_cache.partner_deleted")
