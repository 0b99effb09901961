"""Keys and partners cached in the worker's memory (sharing.api.key_cache): a change made in another process (here:
a queryset ``update``, which sends no signal, as another worker's save would not reach this process) takes effect
within API_KEY_CACHE_SECONDS, one made in this process at once; a wrong secret is never served from the cache."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sharing.api import key_cache
from sharing.models import Partner, PartnerAPIKey
from sharing.services.partners import key_revoke, partner_update
from tests.factories import PartnerFactory, issue_key

pytestmark = pytest.mark.django_db

BOUND = 5.0


@pytest.fixture
def clock(monkeypatch, settings):
    settings.API_KEY_CACHE_SECONDS = BOUND
    now = {"t": 1000.0}
    monkeypatch.setattr(key_cache, "clock", lambda: now["t"])
    return now


def me(api, header, **extra):
    api.credentials(HTTP_AUTHORIZATION=header)
    return api.get("/api/v1/me/", **extra)


def key_queries(api, header) -> int:
    """How many queries of a /me/ request read the key table."""
    with CaptureQueriesContext(connection) as queries:
        assert me(api, header).status_code == 200
    return sum('"sharing_partnerapikey"' in q["sql"] and q["sql"].lstrip().startswith("SELECT")
               for q in queries.captured_queries)


def test_a_key_is_read_once_per_bound(api, partner, clock):
    _, header = issue_key(partner)
    assert key_queries(api, header) == 1
    clock["t"] += BOUND - 0.01
    assert key_queries(api, header) == 0
    clock["t"] += 0.01
    assert key_queries(api, header) == 1  # read again once the bound has passed
    assert key_queries(api, header) == 0


def test_zero_turns_the_cache_off(api, partner, clock, settings):
    settings.API_KEY_CACHE_SECONDS = 0
    _, header = issue_key(partner)
    assert [key_queries(api, header) for _ in range(3)] == [1, 1, 1]


def test_revoked_elsewhere_is_refused_within_the_bound(api, partner, clock):
    key, header = issue_key(partner)
    assert me(api, header).status_code == 200
    PartnerAPIKey.objects.filter(pk=key.pk).update(revoked=True)  # another process: no signal here
    clock["t"] += BOUND - 0.01
    assert me(api, header).status_code == 200  # still inside the stated bound
    clock["t"] += 0.01
    response = me(api, header)
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key has been revoked."


def test_suspended_elsewhere_is_refused_within_the_bound(api, partner, clock):
    _, header = issue_key(partner)
    assert me(api, header).status_code == 200
    Partner.objects.filter(pk=partner.pk).update(status="suspended")
    clock["t"] += BOUND
    response = me(api, header)
    assert response.status_code == 401
    assert "suspended" in response.json()["detail"]


def test_revoked_or_suspended_in_this_process_is_refused_at_once(api, partner, clock):
    key, header = issue_key(partner)
    _, other_header = issue_key(partner)
    assert me(api, header).status_code == 200
    assert me(api, other_header).status_code == 200
    key_revoke(key=key)
    assert me(api, header).json()["detail"] == "The API key has been revoked."
    assert me(api, other_header).status_code == 200
    partner_update(partner=Partner.objects.get(pk=partner.pk), status="suspended")
    assert "suspended" in me(api, other_header).json()["detail"]
    partner_update(partner=Partner.objects.get(pk=partner.pk), status="active")
    assert me(api, other_header).status_code == 200


def test_roles_changed_elsewhere_are_picked_up_within_the_bound(api, partner, clock):
    key, header = issue_key(partner, roles=("reader",))
    assert me(api, header).json()["roles"] == ["reader"]
    PartnerAPIKey.objects.filter(pk=key.pk).update(roles=["reader", "publisher"], read_only=True)
    clock["t"] += BOUND
    body = me(api, header).json()
    assert (body["roles"], body["read_only"]) == (["publisher", "reader"], True)


def test_networks_changed_elsewhere_apply_within_the_bound(api, partner, clock):
    key, header = issue_key(partner)
    assert me(api, header, REMOTE_ADDR="192.0.2.1").status_code == 200
    PartnerAPIKey.objects.filter(pk=key.pk).update(allowed_networks=["10.0.0.0/8"])
    clock["t"] += BOUND
    assert me(api, header, REMOTE_ADDR="192.0.2.1").json()["detail"].endswith("address.")
    assert me(api, header, REMOTE_ADDR="10.1.2.3").status_code == 200  # checked per request on the cached row


def test_expiry_is_checked_on_every_request(api, partner, clock):
    key, header = issue_key(partner, expiry_date=timezone.now() + timedelta(days=1))
    assert me(api, header).status_code == 200
    PartnerAPIKey.objects.filter(pk=key.pk).update(expiry_date=timezone.now() - timedelta(seconds=1))
    clock["t"] += BOUND
    assert me(api, header).json()["detail"] == "The API key has expired."


def test_a_wrong_secret_is_never_served_from_the_cache(api, partner, clock):
    key, header = issue_key(partner)
    assert me(api, header).status_code == 200  # the key's row is now cached
    prefix, secret = header.removeprefix("Api-Key ").split(".", 1)
    wrong = f"Api-Key {prefix}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}"
    for _ in range(3):
        response = me(api, wrong)
        assert response.status_code == 401
        assert response.json()["detail"] == "The API key is not valid."
    assert me(api, f"Api-Key {prefix}.").status_code == 401
    assert me(api, header).status_code == 200  # and the right one still works
    # A wrong secret tried first (the row cached on a failure) is not good afterwards either.
    key_cache.clear()
    assert me(api, wrong).status_code == 401
    assert me(api, wrong).status_code == 401
    assert me(api, header).status_code == 200


def test_no_confusion_between_keys(api, partner, other_partner, clock):
    _, first = issue_key(partner, roles=("reader",))
    _, second = issue_key(other_partner, roles=("reader", "publisher"))
    for _ in range(2):
        a, b = me(api, first).json(), me(api, second).json()
        assert (a["partner"]["code"], a["roles"]) == ("JP-METI", ["reader"])
        assert (b["partner"]["code"], b["roles"]) == ("KR-MOTIE", ["publisher", "reader"])
    # One key's secret with the other's prefix is neither key.
    first_prefix = first.removeprefix("Api-Key ").split(".", 1)[0]
    second_secret = second.removeprefix("Api-Key ").split(".", 1)[1]
    assert me(api, f"Api-Key {first_prefix}.{second_secret}").status_code == 401


def _key(prefix: str):
    found = key_cache.key_and_groups(prefix)
    return found and found[0]


def test_each_request_gets_its_own_instances(api, partner, clock):
    key, header = issue_key(partner)
    cached = _key(key.prefix)
    again = _key(key.prefix)
    assert cached is not again and cached.partner is not again.partner
    cached.partner.name = "changed by one request"
    cached.roles.append("coordinator")
    assert _key(key.prefix).partner.name == partner.name
    assert _key(key.prefix).roles == ["reader"]


def test_unknown_prefixes_are_not_kept(api, db, clock):
    for n in range(20):
        assert me(api, f"Api-Key nokey{n:03d}.secret").status_code == 401
    assert key_cache._entries == {}


def test_a_deleted_partner_key_is_forgotten(partner, clock):
    other = PartnerFactory()
    key, _ = issue_key(other)
    assert _key(key.prefix) is not None
    key.delete()
    assert _key(key.prefix) is None


@pytest.fixture
def shared(partner, other_partner):
    """Another partner's AMBER facility shared with a group ``partner`` belongs to."""
    from tests.factories import SharingGroupFactory, publish

    group = SharingGroupFactory(members=[partner, other_partner])
    facility = publish("facility", other_partner, "AMBER-SITE", marking="AMBER", groups=[group])
    return group, facility


def listed(api, header) -> list[int]:
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/facilities/")
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def membership_reads(api, header) -> int:
    with CaptureQueriesContext(connection) as queries:
        listed(api, header)
    return sum('FROM "sharing_sharinggroup_members"' in q["sql"] for q in queries.captured_queries)


def test_groups_are_read_with_the_key_once_per_bound(api, partner, shared, clock):
    _, header = issue_key(partner)
    assert membership_reads(api, header) == 1
    clock["t"] += BOUND - 0.01
    assert membership_reads(api, header) == 0
    clock["t"] += 0.01
    assert membership_reads(api, header) == 1


def test_removed_from_a_group_elsewhere_loses_its_records_within_the_bound(api, partner, shared, clock):
    from sharing.models import SharingGroup

    group, facility = shared
    _, header = issue_key(partner)
    assert listed(api, header) == [facility.pk]
    # Another process's removal: a queryset delete of the membership row sends no signal here.
    SharingGroup.members.through.objects.filter(sharinggroup=group, partner=partner).delete()
    clock["t"] += BOUND - 0.01
    assert listed(api, header) == [facility.pk]  # still inside the stated bound
    clock["t"] += 0.01
    assert listed(api, header) == []
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get(f"/api/v1/facilities/{facility.pk}/").status_code == 404


def test_removed_from_a_group_or_the_group_deleted_in_this_process_at_once(api, partner, other_partner, shared,
                                                                          clock):
    from sharing.services.groups import group_remove_members

    group, facility = shared
    _, header = issue_key(partner)
    _, other_header = issue_key(other_partner)
    assert listed(api, header) == [facility.pk]
    group_remove_members(group=group, partners=[partner])
    assert listed(api, header) == []
    group.members.add(partner)  # the reverse: joining applies at once too
    assert listed(api, header) == [facility.pk]
    reader = PartnerFactory()
    _, reader_header = issue_key(reader)
    assert listed(api, reader_header) == []
    reader.sharing_groups.add(group)  # through the partner's side of the relation
    assert listed(api, reader_header) == [facility.pk]
    # The owner sees its own record whatever its groups; the group deleted drops every cached membership.
    assert listed(api, other_header) == [facility.pk]
    group.delete()
    assert listed(api, header) == []
    assert listed(api, reader_header) == []
