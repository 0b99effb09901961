"""The changes feed: what a syncing partner learns, in order, resumable, with access changes both ways."""

import pytest

from sharing.services.groups import group_add_members, group_remove_members
from sharing.services.publishing import record_delete
from tests.factories import PartnerFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db


def sync(client, after=0, limit=1000):
    response = client.get("/api/v1/changes/", {"after": after, "limit": limit})
    assert response.status_code == 200, response.content
    body = response.json()
    return [(c["op"], c["kind"], c["id"]) for c in body["results"]], body["next"], body


@pytest.fixture
def parties(client_for):
    owner, reader = PartnerFactory(code="US-DOC"), PartnerFactory(code="AU-DISR")
    return owner, reader, client_for(owner, roles=("reader", "publisher")), client_for(reader)


def test_creations_updates_and_deletions_in_order(parties):
    owner, _, publisher, reader = parties
    changes, cursor, _ = sync(reader)
    assert changes == []
    facility = publish("facility", owner, "F")
    changes, cursor, _ = sync(reader, cursor)
    assert changes == [("upsert", "facility", facility.pk)]
    publisher.patch(f"/api/v1/facilities/{facility.pk}/", {"name": "Renamed"}, format="json")
    changes, cursor, body = sync(reader, cursor)
    assert changes == [("upsert", "facility", facility.pk)] and body["results"][0]["record"]["name"] == "Renamed"
    assert sync(reader, cursor)[0] == []  # resumable: nothing new, nothing repeated
    publisher.delete(f"/api/v1/facilities/{facility.pk}/")
    changes, cursor, body = sync(reader, cursor)
    assert changes == [("delete", "facility", facility.pk)] and body["results"][0]["record"] is None


def test_deleting_a_record_never_seen_tells_nobody(parties):
    owner, _, _, reader = parties
    _, cursor, _ = sync(reader)
    secret = publish("facility", owner, "S", marking="RED")
    record_delete(record=secret, principal=None)
    assert sync(reader, cursor)[0] == []


def test_tightened_marking_is_a_deletion_for_those_who_lose_sight(parties):
    owner, _, publisher, reader = parties
    facility = publish("facility", owner, "F", marking="GREEN")
    _, cursor, _ = sync(reader)
    publisher.patch(f"/api/v1/facilities/{facility.pk}/", {"marking": "RED"}, format="json")
    changes, cursor, _ = sync(reader, cursor)
    assert changes == [("delete", "facility", facility.pk)]
    owner_view = sync(publisher, 0)[0]
    assert ("upsert", "facility", facility.pk) in owner_view


def test_loosened_marking_brings_the_record(parties):
    owner, _, publisher, reader = parties
    facility = publish("facility", owner, "F", marking="RED")
    _, cursor, _ = sync(reader)
    assert sync(reader)[0] == []
    publisher.patch(f"/api/v1/facilities/{facility.pk}/", {"marking": "GREEN", "confirm_loosening": True},
                    format="json")
    assert ("upsert", "facility", facility.pk) in sync(reader, cursor)[0]


def test_tightened_facility_takes_its_records_with_it(parties):
    owner, _, publisher, reader = parties
    site = publish("facility", owner, "SITE", marking="GREEN")
    capacity = publish("capacity", owner, "CAP", marking="GREEN", facility=site)
    _, cursor, _ = sync(reader)
    publisher.patch(f"/api/v1/facilities/{site.pk}/", {"marking": "RED"}, format="json")
    changes = set(sync(reader, cursor)[0])
    assert changes == {("delete", "facility", site.pk), ("delete", "capacity", capacity.pk)}
    _, cursor2, _ = sync(reader, cursor)
    publisher.patch(f"/api/v1/facilities/{site.pk}/", {"marking": "GREEN", "confirm_loosening": True},
                    format="json")
    assert set(sync(reader, cursor2)[0]) == {("upsert", "facility", site.pk), ("upsert", "capacity", capacity.pk)}


def test_new_group_member_receives_what_the_group_already_shares(parties):
    owner, reader_partner, _, reader = parties
    group = SharingGroupFactory(name="WG", members=[owner])
    old = publish("facility", owner, "OLD", marking="AMBER", groups=[group])
    _, cursor, _ = sync(reader)
    assert ("upsert", "facility", old.pk) not in sync(reader)[0]
    group_add_members(group=group, partners=[reader_partner])
    assert sync(reader, cursor)[0] == [("upsert", "facility", old.pk)]
    _, cursor, _ = sync(reader, cursor)
    group_remove_members(group=group, partners=[reader_partner])
    assert sync(reader, cursor)[0] == [("delete", "facility", old.pk)]
    assert reader.get(f"/api/v1/facilities/{old.pk}/").status_code == 404  # takes effect on the next request


def test_pages_resume_without_gaps_or_repeats(parties):
    owner, _, _, reader = parties
    published = [publish("facility", owner, f"P-{i}").pk for i in range(7)]
    hidden = publish("facility", owner, "H", marking="RED")
    record_delete(record=hidden, principal=None)
    seen, cursor, rounds = [], 0, 0
    while True:
        changes, cursor, body = sync(reader, cursor, limit=2)
        seen += [pk for _, _, pk in changes]
        rounds += 1
        if not body["has_more"]:
            break
    assert seen == published and rounds == 4


def test_bad_cursor_is_a_400_problem(parties):
    reader = parties[3]
    for bad in ("-1", "abc", "1e99"):
        response = reader.get("/api/v1/changes/", {"after": bad})
        assert response.status_code == 400 and "after" in response.json()["errors"]


def test_feed_needs_a_reader(client_for, api):
    assert api.get("/api/v1/changes/").status_code == 401
    assert client_for(PartnerFactory(), roles=("responder",)).get("/api/v1/changes/").status_code == 403


def test_admin_group_edit_reaches_the_feed_and_the_audit_trail(parties, staff_client):
    from sharing.models import AuditEvent

    owner, reader_partner, _, reader = parties
    group = SharingGroupFactory(name="Pharma WG", members=[owner])
    shared = publish("facility", owner, "API-PLANT", marking="AMBER", groups=[group])
    _, cursor, _ = sync(reader)
    form = {"name": "Pharma WG", "description": "", "members": [owner.pk, reader_partner.pk]}
    response = staff_client.post(f"/admin/sharing/sharinggroup/{group.pk}/change/", form, format="multipart")
    assert response.status_code == 302
    assert sync(reader, cursor)[0] == [("upsert", "facility", shared.pk)]
    event = AuditEvent.objects.get(action="sharing_group.members")
    assert event.detail == {"added": ["AU-DISR"], "removed": []} and event.actor_user == staff_client.user


def test_staff_change_group_members_by_api_with_effect_on_the_next_request(parties, staff_client, client_for):
    owner, reader_partner, _, reader = parties
    created = staff_client.post("/api/v1/sharing-groups/", {"name": "Batteries WG"}, format="json")
    assert created.status_code == 201
    group_id = created.json()["id"]
    staff_client.post(f"/api/v1/sharing-groups/{group_id}/members/", {"add": ["US-DOC"]}, format="json")
    from sharing.models import SharingGroup

    shared = publish("facility", owner, "CELL", marking="AMBER", groups=[SharingGroup.objects.get(pk=group_id)])
    assert reader.get(f"/api/v1/facilities/{shared.pk}/").status_code == 404
    added = staff_client.post(f"/api/v1/sharing-groups/{group_id}/members/", {"add": ["AU-DISR"]}, format="json")
    assert added.json()["members"] == ["AU-DISR", "US-DOC"]
    assert reader.get(f"/api/v1/facilities/{shared.pk}/").status_code == 200
    staff_client.post(f"/api/v1/sharing-groups/{group_id}/members/", {"remove": ["AU-DISR"]}, format="json")
    assert reader.get(f"/api/v1/facilities/{shared.pk}/").status_code == 404
    bad = staff_client.post(f"/api/v1/sharing-groups/{group_id}/members/", {"add": ["NO-SUCH"]}, format="json")
    assert bad.status_code == 400
    partner_admin = client_for(owner, roles=("reader", "publisher", "coordinator"))
    assert partner_admin.post(f"/api/v1/sharing-groups/{group_id}/members/", {"add": ["AU-DISR"]},
                              format="json").status_code == 403
    assert partner_admin.post("/api/v1/sharing-groups/", {"name": "x"}, format="json").status_code == 403


def test_hidden_activity_leaves_no_trace_in_the_feed(parties, client_for):
    """A caller polls, another partner works on records the caller cannot see, the caller polls again: the answer
    is what it would have been without that work (issue 11: the cursor and change numbers counted it)."""
    owner, _, publisher, reader = parties
    seen = publish("facility", owner, "SEEN")
    _, cursor, _ = sync(reader)

    def poll():
        response = reader.get("/api/v1/changes/", {"after": cursor, "limit": 1000})
        body = response.json()
        return response.status_code, body.pop("next"), body

    quiet_status, quiet_next, quiet_body = poll()
    other = PartnerFactory(code="JP-METI")
    other_client = client_for(other, roles=("reader", "publisher"))
    for i in range(5):  # hidden creations, updates, a deletion, a record that is RED from the start
        hidden = publish("facility", other, f"H-{i}", marking="RED")
        other_client.patch(f"/api/v1/facilities/{hidden.pk}/", {"name": "moved"}, format="json")
    record_delete(record=hidden, principal=None)
    busy_status, busy_next, busy_body = poll()

    assert (busy_status, busy_body) == (quiet_status, quiet_body) == (200, {"results": [], "has_more": False})
    assert len(busy_next) == len(quiet_next) == len(cursor)  # same shape; and never equal, even when idle
    assert len({cursor, quiet_next, busy_next, poll()[1]}) == 4
    assert not any(token.isdigit() for token in (cursor, quiet_next, busy_next))
    # What comes next reads alike from either cursor, and entries carry no service-wide change number.
    publisher.patch(f"/api/v1/facilities/{seen.pk}/", {"name": "Renamed"}, format="json")
    after_quiet, after_busy = sync(reader, quiet_next)[2], sync(reader, busy_next)[2]
    assert after_quiet["results"] == after_busy["results"] and after_quiet["has_more"] == after_busy["has_more"]
    assert [set(entry) for entry in after_busy["results"]] == [{"kind", "id", "op", "record"}]


def test_a_cursor_altered_or_taken_from_another_partner_is_a_400_problem(parties, client_for):
    owner, _, _, reader = parties
    publish("facility", owner, "F")
    _, cursor, _ = sync(reader)
    assert sync(reader, "0")[0] != []  # 0 still starts from the beginning
    flipped = cursor[:10] + ("A" if cursor[10] != "A" else "B") + cursor[11:]
    other = client_for(PartnerFactory(code="KR-MOTIE"))
    for client, bad in ((reader, flipped), (reader, cursor[:-1]), (reader, cursor + "A"), (reader, "5"),
                        (reader, "cD1hYmM="), (other, cursor)):
        response = client.get("/api/v1/changes/", {"after": bad})
        assert response.status_code == 400, bad
        assert response["Content-Type"] == "application/problem+json" and "after" in response.json()["errors"]
    assert other.get("/api/v1/changes/", {"after": sync(other)[1]}).status_code == 200


def test_feed_records_read_as_the_record_itself_for_each_caller(client_for):
    """A page mixing kinds and groups: every record in it is the same JSON as its own GET for that caller (the
    groups a caller is not in stay unnamed, for records of every kind on the page)."""
    owner, member, outsider = PartnerFactory(code="US-DOC"), PartnerFactory(code="JP-METI"), PartnerFactory()
    alpha = SharingGroupFactory(name="Alpha WG", members=[owner, member])
    beta = SharingGroupFactory(name="Beta WG", members=[owner, outsider])
    site = publish("facility", owner, "SITE", marking="AMBER", groups=[alpha, beta])
    publish("capacity", owner, "CAP-1", marking="AMBER", groups=[beta, alpha], facility=site)
    publish("capacity", owner, "CAP-2", marking="GREEN", facility=site)
    publish("stockpile", owner, "STOCK", marking="AMBER", groups=[alpha], facility=site)
    publish("facility", owner, "HIDDEN", marking="AMBER", groups=[beta])
    paths = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles"}
    for partner, roles in ((owner, ("reader", "publisher")), (member, ("reader",)), (outsider, ("reader",))):
        client = client_for(partner, roles=roles)
        body = client.get("/api/v1/changes/", {"page_size": 3}).json()
        entries = body["results"]
        while body["has_more"]:
            body = client.get(body["next"]).json()
            entries += body["results"]
        assert entries, partner.code
        for entry in entries:
            detail = client.get(f"/api/v1/{paths[entry['kind']]}/{entry['id']}/")
            assert detail.status_code == 200 and entry["record"] == detail.json(), (partner.code, entry)
        named = {(e["kind"], e["record"]["external_id"]): e["record"]["groups"] for e in entries}
        if partner == member:
            assert named == {("facility", "SITE"): ["Alpha WG"], ("capacity", "CAP-1"): ["Alpha WG"],
                             ("capacity", "CAP-2"): [], ("stockpile", "STOCK"): ["Alpha WG"]}
        if partner == owner:
            assert named[("capacity", "CAP-1")] == ["Alpha WG", "Beta WG"]
