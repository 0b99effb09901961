"""Subscriptions to changes with a real Celery worker on Redis and PostgreSQL (CI's second run) and a real local
receiver: changes arrive, a tightened marking arrives as a delete, and a receiver that goes down and comes back
gets everything after its last acknowledged batch, in order, once. A publish wakes the delivery (no periodic run
here: beat is not running); after the outage the test runs the periodic job's task itself."""

import os

import pytest
from celery import current_app
from standardwebhooks import Webhook

from sharing.models import Subscription
from tests.factories import PartnerFactory, SharingGroupFactory, publish
from tests.receivers import Receiver, closed_port
from tests.test_worker import Worker, queue, wait_for  # noqa: F401 - queue is a fixture

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
                       reason="needs PostgreSQL and Redis (CI's second run)"),
]


def test_changes_reach_the_receiver_through_a_real_worker_and_resume_after_an_outage(client_for, queue,  # noqa: F811
                                                                                   settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on 127.0.0.1 (the worker: by its environment)
    settings.WEBHOOK_ALLOW_HTTP = True
    owner = PartnerFactory(code="JP-METI")
    member = PartnerFactory(code="KR-MOTIE")
    group = SharingGroupFactory(name="WG", members=[owner, member])
    reader = client_for(member, roles=("reader",))
    port = closed_port()
    worker = Worker(queue, WEBHOOK_ALLOW_PRIVATE_ADDRESSES="1", WEBHOOK_ALLOW_HTTP="1", WEBHOOK_RETRY_BASE_SECONDS="1",
                    SUBSCRIPTION_BATCH_SIZE="3").start()
    received: list[tuple[str, int, str]] = []
    ids: list[str] = []

    def collect(receiver):
        for _, _, headers, body in receiver.posts()[len(collect.seen.get(receiver, [])):]:
            batch = Webhook(secret).verify(body, headers)  # the library, as the partner's receiver
            ids.append(headers["webhook-id"])
            received.extend((e["kind"], e["id"], e["op"]) for e in batch["data"]["results"])
        collect.seen[receiver] = list(receiver.posts())
    collect.seen = {}

    def pump():
        current_app.send_task("sharing.deliver_subscriptions", queue=queue)

    try:
        with Receiver(port=port) as up:
            hook = reader.post("/api/v1/webhooks/", {"url": f"http://127.0.0.1:{port}/changes", "events": []},
                               format="json").json()
            secret = hook["secret"]
            first = [publish("facility", owner, "G1", marking="GREEN"), publish("facility", owner, "G2"),
                     publish("facility", owner, "A", marking="AMBER", groups=[group])]
            publish("facility", owner, "R", marking="RED")  # never the member's
            created = reader.post("/api/v1/subscriptions/", {"endpoint": hook["id"], "kind": "facility"},
                                  format="json")
            assert created.status_code == 201, created.content
            expected = [("facility", r.pk, "upsert") for r in first]
            wait_for(lambda: (collect(up), received == expected)[1], what="the first batch")

            publish("facility", owner, "A", marking="RED")  # tightened: the member loses sight
            expected.append(("facility", first[2].pk, "delete"))
            # No pump here: the publish itself wakes the subscriptions once it commits.
            wait_for(lambda: (collect(up), received == expected)[1], what="the delete")
        # The receiver is down: nothing listens on its port.
        during = [publish("facility", owner, f"D{i}") for i in range(5)]
        pump()
        wait_for(lambda: Subscription.objects.get().failures >= 1, what="a failed attempt")
        assert Subscription.objects.get().last_error == "refused"
        with Receiver(port=port) as back:
            after = [publish("facility", owner, f"B{i}") for i in range(2)]
            expected += [("facility", r.pk, "upsert") for r in during + after]

            def caught_up():
                pump()
                collect(back)
                return len(received) >= len(expected)
            wait_for(caught_up, 90, what="the resumed batches")
            collect(back)
        assert received == expected  # in the feed's order, nothing lost, nothing twice
        assert len(ids) == len(set(ids))
        subscription = Subscription.objects.get()
        assert subscription.failures == 0 and subscription.batches_acknowledged == len(ids)
    finally:
        worker.stop()
