"""Owners see who read their non-public records, and nothing about records they do not own."""

import pytest

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
