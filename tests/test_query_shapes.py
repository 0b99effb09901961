"""The visibility queryset built once per shape (kind, list or detail, the caller's partner and groups) and cloned
per request (sharing.api.published_views.published_queryset): a caller whose groups or standing change reads with
the new rule on its next request, and no caller ever reads through another's."""

import pytest

from sharing.api import page_sql, published_views
from sharing.services.partners import partner_update
from tests.factories import PartnerFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db


def listed(client) -> set[str]:
    response = client.get("/api/v1/facilities/")
    assert response.status_code == 200
    return {row["external_id"] for row in response.json()["results"]}


def test_a_shape_follows_the_callers_groups_and_standing(client_for):
    owner, member = PartnerFactory(), PartnerFactory()
    group = SharingGroupFactory(name="WG", members=[owner])
    publish("facility", owner, "AMBER-1", marking="AMBER", groups=[group])
    publish("facility", owner, "GREEN-1", marking="GREEN")
    publish("facility", owner, "CLEAR-1", marking="CLEAR")
    reader = client_for(member)
    assert listed(reader) == {"GREEN-1", "CLEAR-1"}
    group.members.add(member)
    assert listed(reader) == {"AMBER-1", "GREEN-1", "CLEAR-1"}  # next request, the new shape
    group.members.remove(member)
    assert listed(reader) == {"GREEN-1", "CLEAR-1"}  # and back to the old one, cached
    partner_update(partner=member, status="suspended")
    assert reader.get("/api/v1/facilities/").status_code == 401
    assert listed(client_for(owner)) == {"AMBER-1", "GREEN-1", "CLEAR-1"}


def test_requests_get_clones_of_one_template_per_shape(client_for, monkeypatch):
    built = []
    real = published_views._published_queryset
    monkeypatch.setattr(published_views, "_published_queryset", lambda *a, **k: built.append(a) or real(*a, **k))
    monkeypatch.setattr(published_views, "_shapes", {})
    monkeypatch.setattr(page_sql, "_cache", {})  # nor a page's compiled SQL (which builds no queryset)
    first, second = PartnerFactory(), PartnerFactory()
    publish("facility", first, "F-1", marking="RED")
    a, b = client_for(first), client_for(second)
    for _ in range(3):
        assert listed(a) == {"F-1"}
        assert listed(b) == set()
    assert sorted(built) == sorted([("facility", first.pk, ()), ("facility", second.pk, ())])
    # One template per caller (the list's rows on the row path, else its queryset), never evaluated itself.
    assert len(published_views._shapes) == 2
    assert all(template._result_cache is None for template in published_views._shapes.values())
