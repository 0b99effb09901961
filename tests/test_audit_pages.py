"""Access-log pages read as the current month, then the months before (sharing.api.audit_pages.NewestMonthFirst),
give exactly the rows, order, offsets and cursors of the single query, in either order."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing.api import audit_pages
from sharing.api.audit_pages import NewestMonthFirst, time_ranges
from sharing.models import AuditEvent
from sharing.principal import Principal
from sharing.selectors import access_log_for
from sharing.services.audit import audit_record_many
from tests.factories import PartnerFactory

UTC = dt.UTC


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_time_ranges_cover_the_time_line_once_newest_first():
    assert time_ranges(dt.date(2026, 12, 15)) == [(_at(2026, 12, 1), None), (None, _at(2026, 12, 1))]
    assert time_ranges(dt.date(2027, 1, 1)) == [(_at(2027, 1, 1), None), (None, _at(2027, 1, 1))]


@pytest.fixture
def trail(db, partner):
    """120 reads of ``partner``'s records by three readers over the last 14 months (some at the same instant, one
    a little ahead of the clock), and the owner's own reads (not in its access log)."""
    readers = [PartnerFactory() for _ in range(3)]
    rng = random.Random(17)
    now = dt.datetime.now(UTC).replace(microsecond=0)
    events = []
    for i in range(120):
        when = now - dt.timedelta(days=rng.randint(0, 420), seconds=rng.randint(0, 86_399))
        if i % 9 == 0 and events:
            when = events[-1].occurred_at  # ties on the instant: the cursor's offsets
        if i == 5:
            when = now + dt.timedelta(hours=2)
        event = AuditEvent(action="facility.read", object_owner_id=partner.pk, object_type="facility",
                           object_id=str(i), actor_partner_id=readers[i % 3].pk)
        event.occurred_at = when
        events.append(event)
    own = AuditEvent(action="facility.read", object_owner_id=partner.pk, object_type="facility", object_id="own",
                     actor_partner_id=partner.pk)
    own.occurred_at = now
    audit_record_many([*events, own])
    return partner, readers, events


def test_pages_newest_month_first_are_the_single_querys(trail):
    partner, readers, events = trail
    plain = access_log_for(Principal(partner=partner)).values("id", "occurred_at")
    by_month = NewestMonthFirst(plain)
    instants = sorted({e.occurred_at for e in events})
    positions = [None, *(str(instants[i]) for i in (0, 7, 60, -1))]
    compared = 0
    for order in (("-occurred_at", "-id"), ("occurred_at", "id"), ("-id",)):
        for position in positions:
            lookups = [None] if position is None else ["occurred_at__lt", "occurred_at__gt"]
            for lookup in lookups:
                for page in (slice(0, 6), slice(2, 9), slice(0, 200), slice(3, 4)):
                    mine, theirs = by_month.order_by(*order), plain.order_by(*order)
                    if lookup:
                        mine, theirs = mine.filter(**{lookup: position}), theirs.filter(**{lookup: position})
                    assert list(mine[page]) == list(theirs[page]), (order, lookup, position, page)
                    compared += 1
    assert compared == 3 * (1 + 4 * 2) * 4
    assert len(list(plain[:500])) == 120


def _walk(client, url: str) -> tuple[list[str], list[str]]:
    """Every event id paging forward by the next links, then back from the last page by the previous links."""
    forward, pages = [], []
    while url:
        body = client.get(url).json()
        pages.append(body)
        forward += [e["id"] for e in body["results"]]
        url = body["next"]
    backward = []
    url = pages[-1]["previous"]
    while url:
        body = client.get(url).json()
        backward = [e["id"] for e in body["results"]] + backward
        url = body["previous"]
    return forward, backward + [e["id"] for e in pages[-1]["results"]]


@pytest.mark.parametrize("query", ["?page_size=7", "?page_size=7&partner={reader}", "?page_size=50",
                                   "?page_size=4&ordering=occurred_at,id", "?page_size=6&ordering=-id"])
def test_the_access_log_paged_by_month_answers_as_one_query(trail, client_for, monkeypatch, query):
    partner, readers, events = trail
    client = client_for(partner)
    url = "/api/v1/access-log/" + query.format(reader=readers[1].code)
    monkeypatch.setattr(audit_pages, "partitioned", lambda: False)
    reference = _walk(client, url)
    monkeypatch.setattr(audit_pages, "partitioned", lambda: True)
    assert _walk(client, url) == reference
    forward, backward = reference
    assert forward == backward and len(forward) == len(set(forward))
    expected = [e for e in events if "partner=" not in query or e.actor_partner_id == readers[1].pk]
    assert len(forward) == len(expected)


def test_a_full_first_page_from_this_month_is_one_query_and_one_reaching_back_two(db, partner, client_for,
                                                                                 monkeypatch):
    monkeypatch.setattr(audit_pages, "partitioned", lambda: True)
    reader = PartnerFactory()
    audit_record_many([AuditEvent(action="facility.read", object_owner_id=partner.pk, object_type="facility",
                                  object_id=str(i), actor_partner_id=reader.pk) for i in range(8)])
    client = client_for(partner)
    client.get("/api/v1/access-log/?page_size=5")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/access-log/?page_size=5").json()
    assert len(body["results"]) == 5
    assert sum('FROM "sharing_auditevent"' in q["sql"] and q["sql"].startswith("SELECT")
               for q in queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/access-log/?page_size=50").json()
    assert len(body["results"]) == 8
    assert sum('FROM "sharing_auditevent"' in q["sql"] and q["sql"].startswith("SELECT")
               for q in queries.captured_queries) == 2
