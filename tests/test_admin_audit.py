"""The admin's audit list filters by who acted (actor partner), whose record it was (owner partner), the action
and the date."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sharing.principal import Principal
from sharing.services.audit import audit_record
from tests.factories import PartnerFactory, UserFactory, issue_key

pytestmark = pytest.mark.django_db

LIST = "/admin/sharing/auditevent/"


@pytest.fixture
def trail():
    jp, kr, au = (PartnerFactory(code=c) for c in ("JP-METI", "KR-MOTIE", "AU-DISR"))
    jp_key, _ = issue_key(jp, roles=("reader",))
    kr_key, _ = issue_key(kr, roles=("reader",))
    events = {
        "jp reads kr": audit_record(action="capacity.read", principal=Principal.for_key(jp_key),
                                    object_type="capacity", object_id="1", object_owner=kr),
        "kr reads au": audit_record(action="stockpile.read", principal=Principal.for_key(kr_key),
                                    object_type="stockpile", object_id="2", object_owner=au),
        "jp reads au": audit_record(action="capacity.read", principal=Principal.for_key(jp_key),
                                    object_type="capacity", object_id="3", object_owner=au),
    }
    return {"jp": jp, "kr": kr, "au": au, **events}


def shown(client: Client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content[:500]
    return {e.object_id for e in response.context["cl"].result_list if e.object_type in ("capacity", "stockpile")}


def test_filter_by_actor_partner(secretariat, trail):
    assert shown(secretariat, actor_partner__id__exact=trail["jp"].pk) == {"1", "3"}
    assert shown(secretariat, actor_partner__id__exact=trail["kr"].pk) == {"2"}


def test_filter_by_owner_partner(secretariat, trail):
    assert shown(secretariat, object_owner__id__exact=trail["au"].pk) == {"2", "3"}
    assert shown(secretariat, object_owner__id__exact=trail["au"].pk, actor_partner__id__exact=trail["jp"].pk) == {
        "3"}


def test_filter_by_action(secretariat, trail):
    assert shown(secretariat, action="capacity.read") == {"1", "3"}
    html = secretariat.get(LIST).content.decode()
    assert "?action=stockpile.read" in html


def test_filter_by_date(secretariat, trail):
    # As the filter's own "Today" link sends them: the day's bounds in the current time zone.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert shown(secretariat, occurred_at__gte=str(today), occurred_at__lt=str(today + timedelta(days=1))) == {
        "1", "2", "3"}
    assert shown(secretariat, occurred_at__gte=str(today + timedelta(days=1))) == set()
    html = secretariat.get(LIST).content.decode()
    for choice in ("Today", "Past 7 days", "This month", "This year"):
        assert choice in html


def test_the_filters_are_listed_by_partner_code(secretariat, trail):
    html = secretariat.get(LIST).content.decode()
    assert "By actor partner" in html and "By object owner" in html
    for partner in ("JP-METI", "KR-MOTIE", "AU-DISR"):
        assert f"?actor_partner__id__exact={trail[partner[:2].lower()].pk}" in html


def test_the_list_costs_the_same_queries_for_few_and_many_events(secretariat, trail):
    secretariat.get(LIST)  # the session's first request also writes the session (the idle clock): not measured
    with CaptureQueriesContext(connection) as few:
        secretariat.get(LIST)
    user = UserFactory(username="duty-officer")
    for n in range(30):
        audit_record(action="capacity.read", principal=Principal.for_user(user), object_type="capacity",
                     object_id=str(100 + n), object_owner=trail["kr"])
    with CaptureQueriesContext(connection) as many:
        secretariat.get(LIST)
    assert len(many) == len(few)


def test_filter_by_object_type(secretariat, trail):
    assert shown(secretariat, object_type="stockpile") == {"2"}
    html = secretariat.get(LIST).content.decode()
    assert "?object_type=capacity" in html and "?object_type=stockpile" in html


def test_the_filters_values_are_found_by_index_probes(trail):
    from sharing.admin import distinct_by_index
    from sharing.models import AuditEvent

    actions = distinct_by_index(AuditEvent, "action")
    assert actions == sorted(set(AuditEvent.objects.values_list("action", flat=True)))
    assert {"capacity.read", "stockpile.read"} <= set(actions)


def test_no_query_of_the_list_reads_the_whole_trail(secretariat, trail):
    """At tens of millions of rows a SELECT DISTINCT (filters, date hierarchy) or an unbounded COUNT (pagination)
    takes seconds on every page: the list runs neither."""
    secretariat.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = secretariat.get(LIST, {"action": "capacity.read"})
    assert response.status_code == 200
    trail_queries = [q["sql"] for q in queries if "sharing_auditevent" in q["sql"]]
    assert trail_queries
    for sql in trail_queries:
        assert "DISTINCT" not in sql.upper(), sql
        if "COUNT(" in sql.upper():
            assert "LIMIT" in sql.upper(), sql


def test_past_the_bound_the_count_is_the_planners_estimate(secretariat, trail, monkeypatch):
    from sharing.admin import BoundedCountPaginator

    monkeypatch.setattr(BoundedCountPaginator, "exact_up_to", 2)
    with CaptureQueriesContext(connection) as queries:
        response = secretariat.get(LIST)
    assert response.status_code == 200
    total = response.context["cl"].result_count
    assert total >= 3  # more than the bound: never reported as fewer than counted
    explained = [q["sql"] for q in queries if q["sql"].startswith("EXPLAIN")]
    if connection.vendor == "postgresql":
        assert len(explained) == 1
        unbounded = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "LIMIT" not in q["sql"].upper()
                     and "sharing_auditevent" in q["sql"]]
        assert unbounded == []
    else:  # SQLite, the small embedded default: counted exactly
        from sharing.models import AuditEvent

        assert explained == []
        assert total == AuditEvent.objects.count()
