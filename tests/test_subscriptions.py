"""Subscriptions to changes (issue 16, part 3), in-process (the real worker's test: test_subscriptions_worker.py).

A local receiver stands for the partner's endpoint; every batch is verified with the ``standardwebhooks`` library
and compared with what the changes feed answers the same partner.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from standardwebhooks import Webhook

from sharing.interchange import subscriptions
from sharing.models import AuditEvent, Subscription
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish
from tests.receivers import Receiver

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def scene(client_for):
    owner = PartnerFactory(code="JP-METI", country="JP")
    member = PartnerFactory(code="KR-MOTIE", country="KR")
    group = SharingGroupFactory(name="WG", members=[owner, member])
    reader = client_for(member, roles=("reader",))
    with Receiver() as receiver:
        hook = reader.post("/api/v1/webhooks/", {"url": f"http://127.0.0.1:{receiver.port}/changes", "events": []},
                           format="json")
        assert hook.status_code == 201, hook.content
        yield {"owner": owner, "member": member, "group": group, "reader": reader, "receiver": receiver,
               "endpoint": hook.json()["id"], "secret": hook.json()["secret"]}


def subscribe(scene, **body):
    response = scene["reader"].post("/api/v1/subscriptions/", {"endpoint": scene["endpoint"], "kind": "facility",
                                                               **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def batches(scene, acknowledged_only=True) -> list[dict]:
    """Every batch the receiver got, verified as a partner would (the library raises on a bad signature)."""
    out = []
    for _, _, headers, body in scene["receiver"].posts():
        batch = Webhook(scene["secret"]).verify(body, headers)
        batch["webhook-id"] = headers["webhook-id"]
        out.append(batch)
    return out


def entries(scene) -> list[tuple[str, int, str]]:
    return [(e["kind"], e["id"], e["op"]) for b in batches(scene) for e in b["data"]["results"]]


def feed(client, kind="facility") -> list[dict]:
    results, after = [], "0"
    while True:
        page = client.get(f"/api/v1/changes/?after={after}&limit=1000").json()
        results += [e for e in page["results"] if e["kind"] == kind]
        after = page["next"]
        if not page["has_more"]:
            return results


def test_a_new_subscription_sends_what_the_feed_shows_in_its_order(scene):
    owner, group = scene["owner"], scene["group"]
    green = publish("facility", owner, "G", marking="GREEN")
    amber = publish("facility", owner, "A", marking="AMBER", groups=[group])
    publish("facility", owner, "R", marking="RED")
    publish("facility", PartnerFactory(code="MX-SE"), "MX-AMBER", marking="AMBER")  # no group: owner alone
    publish("capacity", owner, "C", marking="GREEN", facility=green)  # another kind
    created = subscribe(scene)
    (batch,) = batches(scene)
    assert batch["type"] == "changes"
    data = batch["data"]
    assert data["subscription"] == created["id"] and data["kind"] == "facility" and data["has_more"] is False
    assert [(e["id"], e["op"]) for e in data["results"]] == [(green.pk, "upsert"), (amber.pk, "upsert")]
    # The feed and the subscription never disagree: the same entries, record for record.
    assert data["results"] == feed(scene["reader"])
    # The batch's position is a feed cursor: the feed from it has nothing more of the kind.
    assert scene["reader"].get(f"/api/v1/changes/?after={data['next']}").json()["results"] == []
    subscription = Subscription.objects.get()
    assert subscription.batches_acknowledged == 1 and subscription.failures == 0
    # Handed over means synced: the owner's access log shows the member's sync, as the feed's would.
    assert AuditEvent.objects.filter(action="facility.sync", actor_partner=scene["member"]).exists()


def test_a_tightened_marking_arrives_as_a_delete(scene):
    owner, group = scene["owner"], scene["group"]
    amber = publish("facility", owner, "A", marking="AMBER", groups=[group])
    subscribe(scene)
    publish("facility", owner, "A", marking="RED")
    subscriptions.deliver_due()
    last = batches(scene)[-1]["data"]["results"]
    assert [(e["id"], e["op"], e["record"]) for e in last] == [(amber.pk, "delete", None)]
    assert last == feed(scene["reader"])[-1:]


def test_a_record_hidden_between_publish_and_delivery_is_never_sent(scene):
    """The inference test: the batch is made at delivery time, with the visibility of that moment."""
    owner, group = scene["owner"], scene["group"]
    subscribe(scene)
    publish("facility", owner, "LATE", marking="AMBER", groups=[group], name="Secret Fab Kumamoto")
    publish("facility", owner, "LATE", marking="RED", name="Secret Fab Kumamoto")  # tightened before delivery
    subscriptions.deliver_due()
    for _, _, _, body in scene["receiver"].posts():
        assert b"Secret Fab Kumamoto" not in body
    assert all(e[2] == "delete" for e in entries(scene))


def test_an_unacknowledged_batch_is_made_again_with_the_visibility_of_the_retry(scene, settings):
    owner, group = scene["owner"], scene["group"]
    subscribe(scene)
    scene["receiver"].status = 503
    publish("facility", owner, "X", marking="AMBER", groups=[group], name="Seen while down")
    subscriptions.deliver_due()
    assert b"Seen while down" in scene["receiver"].posts()[-1][3]  # sent, not acknowledged
    publish("facility", owner, "X", marking="RED", name="Seen while down")
    scene["receiver"].status = 204
    scene["receiver"].received.clear()
    subscriptions.deliver_due()
    (retry,) = batches(scene)
    assert b"Seen while down" not in scene["receiver"].posts()[0][3]
    assert [e["op"] for e in retry["data"]["results"]] == ["delete"]


def test_after_an_outage_it_resumes_from_the_last_acknowledged_batch_nothing_lost_nothing_twice(scene, settings):
    settings.SUBSCRIPTION_BATCH_SIZE = 2
    owner = scene["owner"]
    subscribe(scene)
    receiver = scene["receiver"]
    acknowledged = []

    def record_answer(r):
        if r.status < 300:
            acknowledged.append(len(r.posts()) - 1)
    receiver.on_request = record_answer
    published = [publish("facility", owner, f"F{i}", marking="GREEN").pk for i in range(3)]
    subscriptions.deliver_due()
    receiver.status = 503  # down
    published += [publish("facility", owner, f"F{i}", marking="GREEN").pk for i in range(3, 8)]
    for _ in range(3):
        subscriptions.deliver_due()  # each attempt fails; the position stays
    assert Subscription.objects.get().failures == 3
    receiver.status = 204  # up again
    subscriptions.deliver_due()
    got = batches(scene)
    delivered = [e["id"] for n in acknowledged for e in got[n]["data"]["results"]]
    assert delivered == published  # in order, each once
    assert [got[n]["data"]["has_more"] for n in acknowledged] == [True, False, True, True, False]
    assert len({got[n]["webhook-id"] for n in acknowledged}) == len(acknowledged)
    subscription = Subscription.objects.get()
    assert subscription.failures == 0 and subscription.last_error == ""


def test_a_failed_attempt_backs_off_and_says_why(scene, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    subscribe(scene)
    scene["receiver"].status = 500
    publish("facility", scene["owner"], "F", marking="GREEN")
    subscriptions.deliver_due()
    detail = scene["reader"].get(f"/api/v1/subscriptions/{Subscription.objects.get().pk}/").json()
    assert detail["failures"] == 1 and detail["last_error"] == "http_status 500" and detail["next_attempt_at"]
    before = len(scene["receiver"].posts())
    subscriptions.deliver_due()  # not due yet
    assert len(scene["receiver"].posts()) == before


def test_a_product_filter_sends_its_records_and_a_delete_when_one_leaves_it(scene):
    owner = scene["owner"]
    ndpr, lith = ProductFactory(code="NDPR"), ProductFactory(code="LITH")
    site = publish("facility", owner, "SITE", marking="GREEN")
    mine = publish("capacity", owner, "C1", marking="GREEN", facility=site, product=ndpr)
    theirs = publish("capacity", owner, "C2", marking="GREEN", facility=site, product=lith)
    subscribe(scene, kind="capacity", product="NDPR")
    # Outside the filter is a delete: the receiver's copy is the filtered set (it drops ids it does not hold).
    assert entries(scene) == [("capacity", mine.pk, "upsert"), ("capacity", theirs.pk, "delete")]
    assert [e["record"] for b in batches(scene) for e in b["data"]["results"]][1] is None
    publish("capacity", owner, "C1", marking="GREEN", facility=site, product=lith)  # moved out of the filter
    subscriptions.deliver_due()
    assert entries(scene)[-1] == ("capacity", mine.pk, "delete")


def test_a_country_filter(scene):
    owner = scene["owner"]
    jp = publish("facility", owner, "JP1", marking="GREEN", country="JP")
    au = publish("facility", owner, "AU1", marking="GREEN", country="AU")
    subscribe(scene, country="JP")
    assert entries(scene) == [("facility", jp.pk, "upsert"), ("facility", au.pk, "delete")]


def test_it_may_start_from_a_feed_cursor(scene):
    owner = scene["owner"]
    publish("facility", owner, "OLD", marking="GREEN")
    cursor = scene["reader"].get("/api/v1/changes/?after=0").json()["next"]
    new = publish("facility", owner, "NEW", marking="GREEN")
    subscribe(scene, after=cursor)
    assert entries(scene) == [("facility", new.pk, "upsert")]


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "facility", "product": "NDPR"}, "product"),
    ({"kind": "capacity", "country": "JP"}, "country"),
    ({"kind": "offer"}, "kind"),
    ({"after": "12345"}, "after"),
    ({"country": "ZZ"}, "country"),
])
def test_invalid_subscriptions_are_refused_with_the_field(scene, body, field):
    ProductFactory(code="NDPR")
    response = scene["reader"].post("/api/v1/subscriptions/", {"endpoint": scene["endpoint"], "kind": "facility",
                                                               **body}, format="json")
    assert response.status_code == 400 and field in response.json()["errors"], response.content
    assert not Subscription.objects.exists()


def test_another_partners_endpoint_is_refused_and_its_subscriptions_are_404(scene, client_for):
    other = client_for(PartnerFactory(code="MX-SE"), roles=("reader",))
    response = other.post("/api/v1/subscriptions/", {"endpoint": scene["endpoint"], "kind": "facility"},
                          format="json")
    assert response.status_code == 400 and "endpoint" in response.json()["errors"]
    mine = subscribe(scene)
    for method in ("get", "patch", "put", "delete"):
        assert getattr(other, method)(f"/api/v1/subscriptions/{mine['id']}/", {}, format="json").status_code == 404
    assert other.get("/api/v1/subscriptions/").json()["results"] == []
    assert Subscription.objects.filter(pk=mine["id"], active=True).exists()


def test_kind_and_filter_are_fixed_active_pauses_and_delete_ends(scene):
    mine = subscribe(scene)
    url = f"/api/v1/subscriptions/{mine['id']}/"
    assert scene["reader"].patch(url, {"kind": "capacity"}, format="json").status_code == 400
    assert scene["reader"].patch(url, {"active": False}, format="json").json()["active"] is False
    before = len(scene["receiver"].posts())
    publish("facility", scene["owner"], "P", marking="GREEN")
    subscriptions.deliver_due()
    assert len(scene["receiver"].posts()) == before
    assert scene["reader"].patch(url, {"active": True}, format="json").status_code == 200  # resumes at once
    assert len(scene["receiver"].posts()) == before + 1
    assert scene["reader"].delete(url).status_code == 204
    assert scene["reader"].get(url).status_code == 404


def test_a_suspended_partner_receives_nothing(scene):
    subscribe(scene)
    before = len(scene["receiver"].posts())
    scene["member"].status = "suspended"
    scene["member"].save()
    publish("facility", scene["owner"], "S", marking="GREEN")
    subscriptions.deliver_due()
    subscriptions.deliver(Subscription.objects.get().pk)
    assert len(scene["receiver"].posts()) == before


def test_a_batch_takes_the_same_queries_whatever_its_size(scene, settings):
    owner = scene["owner"]
    sub = subscribe(scene)

    def queries_for(n: int) -> int:
        for i in range(n):
            publish("facility", owner, f"N{n}-{i}", marking="GREEN")
        with CaptureQueriesContext(connection) as captured:
            assert subscriptions.deliver(sub["id"]) == "up_to_date"
        return len(captured)

    small, large = queries_for(2), queries_for(40)
    assert large == small, (small, large)
    assert json.loads(scene["receiver"].posts()[-1][3])["data"]["results"].__len__() == 40


def test_one_process_sends_a_subscription_at_a_time(scene):
    from datetime import timedelta

    from django.utils import timezone

    sub = subscribe(scene)
    publish("facility", scene["owner"], "L", marking="GREEN")
    Subscription.objects.filter(pk=sub["id"]).update(lease_until=timezone.now() + timedelta(seconds=30))
    before = len(scene["receiver"].posts())
    assert subscriptions.deliver(sub["id"]) == "not_claimed"  # another process holds it
    assert subscriptions.deliver_due() == 0
    Subscription.objects.filter(pk=sub["id"]).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert subscriptions.deliver(sub["id"]) == "up_to_date"  # a lease left by a dead process ends
    assert len(scene["receiver"].posts()) == before + 1
    assert Subscription.objects.get().lease_until is None


def test_a_commit_wakes_the_pump_once_per_window_and_not_in_process(scene, monkeypatch):
    from config.celery import app
    from sharing.services import enqueue

    calls = []
    monkeypatch.setattr(app.tasks[enqueue.DELIVER_SUBSCRIPTIONS], "apply_async", lambda **kw: calls.append(kw))
    monkeypatch.setattr(enqueue, "_last_wake", 0.0)
    publish("facility", scene["owner"], "EAGER", marking="GREEN")
    assert calls == []  # in-process: the periodic job alone sends (no batches inside a publishing request)
    app.conf.task_always_eager = False  # the eager_tasks fixture puts it back
    for i in range(3):
        publish("facility", scene["owner"], f"W{i}", marking="GREEN")
    assert len(calls) == 1 and calls[0]["countdown"] == enqueue.WAKE_SUBSCRIPTIONS_SECONDS


def test_demand_is_subscribed_to_and_filtered_by_product(scene):
    owner = scene["owner"]
    ndpr, lith = ProductFactory(code="NDPR"), ProductFactory(code="LITH")
    mine = publish("demand", owner, "D1", marking="AMBER", groups=[scene["group"]], product=ndpr)
    other = publish("demand", owner, "D2", marking="GREEN", product=lith)
    publish("demand", owner, "D-RED", marking="RED", product=ndpr)  # never sent to the member
    subscribe(scene, kind="demand", product="NDPR")
    assert entries(scene) == [("demand", mine.pk, "upsert"), ("demand", other.pk, "delete")]
    sent = [e["record"] for b in batches(scene) for e in b["data"]["results"] if e["op"] == "upsert"]
    assert sent == [e["record"] for e in feed(scene["reader"], "demand") if e["id"] == mine.pk]
