"""Owners see who read their non-public records, and nothing about records they do not own."""

import pytest

from sharing.api import audit_pages
from tests.factories import PartnerFactory, publish

pytestmark = pytest.mark.django_db


def test_access_log_shows_reads_by_other_partners_of_my_records(client_for):
    me, reader_partner, third = PartnerFactory(code="AU-DISR"), PartnerFactory(code="JP-METI"), PartnerFactory()
    mine = publish("facility", me, "MINE", marking="GREEN")
    public = publish("facility", me, "PUBLIC", marking="CLEAR")
    theirs = publish("facility", third, "THEIRS", marking="GREEN")
    reader = client_for(reader_partner)
    reader.get(f"/api/v1/facilities/{mine.pk}/")
    reader.get(f"/api/v1/facilities/{public.pk}/")
    reader.get(f"/api/v1/facilities/{theirs.pk}/")
    reader.get("/api/v1/changes/")
    me_client = client_for(me)
    me_client.get(f"/api/v1/facilities/{mine.pk}/")  # my own reads are not "who saw my data"

    log = me_client.get("/api/v1/access-log/").json()["results"]
    assert {(e["actor_partner"], e["action"]) for e in log} == {("JP-METI", "facility.read"),
                                                                ("JP-METI", "facility.sync")}
    assert all(str(theirs.pk) not in e["object_ids"] for e in log)
    assert all(str(public.pk) not in e["object_ids"] for e in log)  # CLEAR reads are not sensitive
    assert {e["object_owner"] for e in log} == {"AU-DISR"}
    assert len(me_client.get("/api/v1/access-log/", {"partner": "JP-METI", "kind": "facility"}).json()["results"]) == 2
    assert me_client.get("/api/v1/access-log/", {"partner": "MX-SE"}).json()["results"] == []
    assert len(me_client.get("/api/v1/access-log/", {"record": str(mine.pk)}).json()["results"]) == 2

    third_log = client_for(third).get("/api/v1/access-log/").json()["results"]
    assert {e["object_owner"] for e in third_log} == {third.code}
    assert all(str(mine.pk) not in e["object_ids"] for e in third_log)


def test_owner_sees_the_reading_partner_only_not_its_keys_people_or_addresses(client_for, staff_client):
    me, reader_partner = PartnerFactory(code="AU-DISR"), PartnerFactory(code="JP-METI")
    mine = publish("facility", me, "MINE", marking="GREEN")
    reader = client_for(reader_partner, name="jp-procurement-batch")
    reader.get(f"/api/v1/facilities/{mine.pk}/", REMOTE_ADDR="198.51.100.77", HTTP_X_REQUEST_ID="jp-trace-1")
    my_key_client = client_for(me, roles=("reader", "publisher"), name="au-sync")
    my_key_client.get(f"/api/v1/facilities/{mine.pk}/", REMOTE_ADDR="192.0.2.9")

    for url in ("/api/v1/access-log/", "/api/v1/audit-events/?action=facility.read"):
        events = my_key_client.get(url).json()["results"]
        theirs = [e for e in events if e["actor_partner"] == "JP-METI"]
        assert len(theirs) == 1, url
        assert theirs[0]["actor_key_prefix"] == "" and theirs[0]["actor_key_name"] == ""
        assert theirs[0]["client_address"] is None and theirs[0]["request_id"] == ""
        assert theirs[0]["actor_user"] is None
        body = str(events)
        assert reader.key.prefix not in body and "jp-procurement-batch" not in body
        assert "198.51.100.77" not in body and "jp-trace-1" not in body

    # My own partner's events keep their detail: which of my keys, from where.
    own = my_key_client.get("/api/v1/audit-events/", {"action": "facility.read", "actor_partner": "AU-DISR"})
    own_event = own.json()["results"][0]
    assert own_event["actor_key_name"] == "au-sync" and own_event["client_address"] == "192.0.2.9"

    # The secretariat sees everything.
    staff_events = staff_client.get("/api/v1/audit-events/", {"actor_partner": "JP-METI"}).json()["results"]
    assert staff_events[0]["actor_key_prefix"] == reader.key.prefix
    assert staff_events[0]["client_address"] == "198.51.100.77"


def _serializer_page(monkeypatch, client, url, params):
    """The same request answered by DRF's own list (model instances through ``AuditEventSerializer``)."""
    from rest_framework import mixins

    from sharing.api.views import AccessLogViewSet

    with monkeypatch.context() as patch:
        patch.setattr(AccessLogViewSet, "list", mixins.ListModelMixin.list)
        return client.get(url, params)


def test_access_log_rows_render_what_the_serializer_renders(client_for, monkeypatch, django_assert_num_queries):
    from sharing.models import AuditEvent
    from tests.factories import UserFactory

    me, jp, kr = PartnerFactory(code="AU-DISR"), PartnerFactory(code="JP-METI"), PartnerFactory(code="KR-MOTIE")
    person = UserFactory(username="jp-analyst")
    common = {"object_owner": me, "object_type": "facility"}
    AuditEvent.objects.create(action="facility.read", actor_partner=jp, actor_key_prefix="abcd1234",
                              actor_key_name="jp batch", client_address="2001:db8::7", request_id="trace-1",
                              object_ids=["11", "12"], detail={"note": "line\u2028break \u00e9 <b>"}, **common)
    AuditEvent.objects.create(action="facility.sync", actor_partner=kr, actor_user=person, object_id="13",
                              detail={"n": 1.5, "deep": [None, True]}, **common)
    AuditEvent.objects.create(action="capacity.read", actor_partner=None, outcome="denied", **common)
    AuditEvent.objects.create(action="facility.read", actor_partner=me, **common)  # my own: not in the log
    AuditEvent.objects.create(action="facility.update", actor_partner=jp, **common)  # a write: not in the log
    client = client_for(me)

    shapes = [{}, {"page_size": 2}, {"partner": "JP-METI"}, {"kind": "capacity"}, {"ordering": "occurred_at"},
              {"record": "12"}, {"partner": "NO-SUCH"}]
    for params in shapes:
        rows = client.get("/api/v1/access-log/", params)
        expected = _serializer_page(monkeypatch, client, "/api/v1/access-log/", params)
        assert rows.status_code == expected.status_code == 200, params
        assert rows.content == expected.content, params
        assert rows["Content-Type"] == expected["Content-Type"]
        assert rows.get("Link") == expected.get("Link")
    assert len(client.get("/api/v1/access-log/").json()["results"]) == 3
    # The second cursor page too.
    second = client.get("/api/v1/access-log/", {"page_size": 2}).json()["next"]
    assert client.get(second).content == _serializer_page(monkeypatch, client, second, None).content
    # The key, then the page (and, filtered by reader, the reader's id): whatever the page's size. On the
    # partitioned trail a page this month's reads do not fill reads the months before in a second query
    # (sharing.api.audit_pages).
    client.get("/api/v1/access-log/")
    page_queries = 2 if audit_pages.partitioned() else 1
    with django_assert_num_queries(1 + page_queries):
        client.get("/api/v1/access-log/")
    with django_assert_num_queries(2 + page_queries):
        client.get("/api/v1/access-log/", {"partner": "JP-METI"})
