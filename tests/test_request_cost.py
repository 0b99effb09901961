"""What a list read costs per request, and that what is read once per request is still read on every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "sharing_sharinggroup_members"


def membership_reads(queries) -> int:
    return sum(1 for q in queries if f'FROM "{MEMBERSHIPS}"' in q["sql"])


@pytest.fixture
def shared_world(partner):
    """Another partner's AMBER facility and capacity shared with a group that ``partner`` belongs to."""
    other = PartnerFactory()
    group = SharingGroupFactory(members=[partner, other])
    product = ProductFactory(code="NDPR-OXIDE")
    facility = publish("facility", other, "AMBER-SITE", marking="AMBER", groups=[group])
    capacity = publish("capacity", other, "AMBER-CAP", marking="AMBER", groups=[group], facility=facility,
                       product=product)
    return group, facility, capacity


@pytest.mark.parametrize("path, query", [
    ("/api/v1/capacities/", {"page_size": 50}),
    ("/api/v1/facilities/", {"page_size": 50}),
    # The product filter reads capacities visible to the caller: the same memberships, not a third read.
    ("/api/v1/facilities/", {"page_size": 50, "product": "NDPR-OXIDE"}),
])
def test_a_list_reads_the_callers_group_memberships_once(path, query, client_for, partner, shared_world):
    client = client_for(partner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, query)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["groups"] for r in results] == [[shared_world[0].name]]
    assert membership_reads(queries.captured_queries) == 1


def test_a_removed_member_loses_access_on_its_next_request(client_for, partner, shared_world):
    group, facility, capacity = shared_world
    client = client_for(partner)
    assert [r["id"] for r in client.get("/api/v1/capacities/").json()["results"]] == [capacity.pk]
    assert client.get(f"/api/v1/facilities/{facility.pk}/").status_code == 200

    group.members.remove(partner)

    assert client.get("/api/v1/capacities/").json()["results"] == []
    assert client.get("/api/v1/facilities/").json()["results"] == []
    assert client.get(f"/api/v1/facilities/{facility.pk}/").status_code == 404
    assert client.get("/api/v1/facilities/", {"product": "NDPR-OXIDE"}).json()["results"] == []


def test_a_new_member_gains_access_on_its_next_request(client_for, partner, shared_world):
    group, facility, capacity = shared_world
    newcomer = PartnerFactory()
    client = client_for(newcomer)
    assert client.get("/api/v1/capacities/").json()["results"] == []

    group.members.add(newcomer)

    assert [r["id"] for r in client.get("/api/v1/capacities/").json()["results"]] == [capacity.pk]
    assert [r["groups"] for r in client.get("/api/v1/facilities/").json()["results"]] == [[group.name]]


def test_the_principal_reads_its_groups_once_and_a_new_principal_reads_them_again(partner, shared_world):
    from sharing.models import PartnerAPIKey
    from sharing.principal import Principal
    from sharing.services.partners import key_issue

    group = shared_world[0]
    key_issue(partner=partner, name="k", roles=["reader"])
    key = PartnerAPIKey.objects.select_related("partner").get(partner=partner)
    principal = Principal.for_key(key)
    with CaptureQueriesContext(connection) as queries:
        assert principal.group_ids == {group.pk}
        assert principal.group_ids == {group.pk}
    assert membership_reads(queries.captured_queries) == 1
    group.members.remove(partner)
    assert Principal.for_key(key).group_ids == frozenset()


@pytest.mark.parametrize("text", [
    "0.000", "-0.000", "1234.500", "12345678901234567.000", "1.5", "1", "1E+3", "0.0004", "2.5005", "-7.250",
    "123456789012345678901.000", "NaN", "Infinity",
])
def test_list_pages_show_quantities_exactly_as_drf_would(text):
    from decimal import Decimal

    from sharing.api.published_serializers import _fast_decimal, quantity_field

    field = quantity_field()
    fast = _fast_decimal(field)
    value = Decimal(text)
    try:
        expected = field.to_representation(value)
    except Exception as exc:  # DRF refuses it: so must the fast path, the same way
        with pytest.raises(type(exc)):
            fast(value)
        return
    assert fast(value) == expected


def test_a_quantity_that_is_not_a_decimal_goes_drfs_way():
    from sharing.api.published_serializers import _fast_decimal, quantity_field

    field = quantity_field()
    assert _fast_decimal(field)(12) == field.to_representation(12) == "12.000"
    assert _fast_decimal(field)("3.5") == "3.500"


def test_the_redis_cache_reuses_one_client_and_still_counts(settings):
    import redis
    from django.core.cache import caches

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("needs Redis")
    settings.CACHES = {"default": {"BACKEND": "sharing.cache.SharedClientRedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "request-cost-test"}}
    cache = caches["default"]
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    cache.delete("n")
    cache.add("n", 0, 30)
    assert [cache.incr("n") for _ in range(3)] == [1, 2, 3]
    assert cache.get("n") == 3
    cache.delete("n")


@pytest.mark.parametrize("kind", ["capacities", "stockpiles"])
def test_the_product_filter_answers_the_same_for_one_code_and_several(kind, client_for, partner):
    other = PartnerFactory()
    ore, oxide = ProductFactory(code="ORE"), ProductFactory(code="OXIDE")
    site = publish("facility", other, "SITE")
    record = "capacity" if kind == "capacities" else "stockpile"
    ore_rows = [publish(record, other, facility=site, product=ore).pk for _ in range(2)]
    hidden = publish(record, other, facility=site, product=ore, marking="RED").pk
    oxide_rows = [publish(record, other, facility=site, product=oxide).pk]
    client = client_for(partner)

    def ids(**query):
        response = client.get(f"/api/v1/{kind}/", query)
        assert response.status_code == 200
        return sorted(r["id"] for r in response.json()["results"])

    assert ids(product="ORE") == sorted(ore_rows) and hidden not in ids(product="ORE")
    assert ids(product="OXIDE") == oxide_rows
    assert ids(product="ORE,OXIDE") == sorted(ore_rows + oxide_rows)
    assert ids(product="NO-SUCH") == []
    assert ids(product="ORE", ordering="-id") == sorted(ore_rows)


def test_a_list_reads_audit_event_holds_every_field(client_for, partner, shared_world):
    from django.utils import timezone

    from sharing.models import AuditEvent

    group, facility, capacity = shared_world
    client = client_for(partner)
    before = timezone.now()
    response = client.get("/api/v1/capacities/", HTTP_X_REQUEST_ID="list-read-1")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="capacity.read")
    assert event.actor_partner_id == partner.pk and event.actor_key_prefix == client.key.prefix
    assert event.actor_key_name == client.key.name and event.actor_user_id is None
    assert (event.object_type, event.object_id, event.object_ids) == ("capacity", str(capacity.pk), [str(capacity.pk)])
    assert event.object_owner_id == capacity.owner_id and event.outcome == "success"
    assert event.request_id == "list-read-1" and event.client_address == "127.0.0.1" and event.detail == {}
    assert before <= event.occurred_at <= timezone.now()


def test_the_filter_form_class_is_built_once_and_each_request_validates_its_own(client_for, partner, shared_world):
    from sharing.api.filtersets import CapacityFilterSet, FacilityFilterSet

    client = client_for(partner)
    assert client.get("/api/v1/capacities/", {"marking": "PURPLE"}).status_code == 400
    assert client.get("/api/v1/capacities/", {"marking": "AMBER"}).json()["results"][0]["marking"] == "AMBER"
    assert client.get("/api/v1/capacities/", {"min_releasable": "1e400"}).status_code == 400
    assert client.get("/api/v1/facilities/", {"kind": "refinery"}).status_code == 200
    capacity_form = CapacityFilterSet(queryset=None).get_form_class()
    assert capacity_form is CapacityFilterSet(queryset=None).get_form_class()
    assert capacity_form is not FacilityFilterSet(queryset=None).get_form_class()
    assert "min_releasable" in capacity_form.base_fields and "kind" not in capacity_form.base_fields


def test_an_invalid_filter_is_refused_on_every_request_with_the_same_problem(client_for, partner, shared_world):
    client = client_for(partner)
    for query in ({"marking": "PURPLE"}, {"facility": "abc"}, {"as_of_after": "2026-13-01"}, {"min_releasable": "x"}):
        first, second = (client.get("/api/v1/capacities/", query, HTTP_X_REQUEST_ID="same") for _ in range(2))
        assert first.status_code == second.status_code == 400
        assert first.content == second.content and first.json()["errors"]
    # Valid values of the same filters answer after invalid ones, and invalid ones after valid ones.
    assert client.get("/api/v1/capacities/", {"marking": "AMBER"}).status_code == 200
    assert client.get("/api/v1/capacities/", {"marking": "PURPLE"}).status_code == 400


def test_the_same_filter_values_answer_each_caller_with_what_it_may_see(client_for, partner, shared_world):
    """Validated filter values are shared by the requests that send them; what each request shows is its own."""
    group, facility, capacity = shared_world
    member, outsider = client_for(partner), client_for(PartnerFactory())
    queries = [("/api/v1/capacities/", {"product": "NDPR-OXIDE", "country": facility.country.code}),
               ("/api/v1/capacities/", {"marking": "AMBER"}),
               # The facility list's product filter reads capacities visible to the request's own caller.
               ("/api/v1/facilities/", {"product": "NDPR-OXIDE"})]
    for _ in range(2):
        for path, query in queries:
            assert [r["id"] for r in outsider.get(path, query).json()["results"]] == []
            shown = [r["id"] for r in member.get(path, query).json()["results"]]
            assert shown == [capacity.pk if "capacities" in path else facility.pk]
    group.members.remove(partner)
    for path, query in queries:
        assert member.get(path, query).json()["results"] == []


def test_a_filter_value_read_again_filters_as_its_first_reading(client_for, partner, shared_world):
    group, facility, capacity = shared_world
    client = client_for(partner)

    def ids(**query):
        response = client.get("/api/v1/capacities/", query)
        assert response.status_code == 200
        return [r["id"] for r in response.json()["results"]]

    for _ in range(2):
        assert ids(country=facility.country.code) == [capacity.pk]
        assert ids(country="ZZ") == []
        assert ids(country=f"ZZ,{facility.country.code}") == [capacity.pk]
        assert ids(marking="RED") == []
        assert ids(marking=["RED", "AMBER"]) == [capacity.pk]
        assert ids(facility=facility.pk) == [capacity.pk]
        assert ids(facility=facility.pk + 1000) == []


def test_a_filter_set_whose_validation_reads_the_database_is_never_kept(db):
    """A model choice is validated against rows that change (and may depend on who asks): such a filter set is
    validated on every request, never shared."""
    import django_filters
    from django import forms

    from sharing.api.published_views import _reads_only_its_fields
    from sharing.models import Capacity, Partner

    class ByOwner(django_filters.FilterSet):
        # A plain text box (its widget reads only its own value): the field's validation still reads rows.
        owner = django_filters.ModelChoiceFilter(queryset=Partner.objects.all(), widget=forms.TextInput)

        class Meta:
            model = Capacity
            fields = ["owner"]

    class ByMarking(django_filters.FilterSet):
        marking = django_filters.CharFilter()

        class Meta:
            model = Capacity
            fields = ["marking"]

    assert _reads_only_its_fields(ByOwner(data={}, queryset=Capacity.objects.none())) is None
    assert _reads_only_its_fields(ByMarking(data={}, queryset=Capacity.objects.none())) == ("marking",)
