"""Fault drills: the database dropping mid-write, the broker or cache going away."""

import os
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from sharing.models import Allocation, AuditEvent, Capacity, MatchRun, Partner, WebhookDelivery
from sharing.services import enqueue, publishing
from tests.factories import PartnerFactory, ProductFactory, publish
from tests.receivers import Receiver
from tests.test_worker import queue  # noqa: F401  (the fixture: a fresh queue on the real broker)

ROWS = 50


def rows():
    return [{"external_id": f"C-{i}", "facility": "SITE", "product": "LIOH", "nominal": "10", "in_use": "5",
             "spare": "5", "releasable": "1", "as_of": "2026-09-30"} for i in range(ROWS)]


@pytest.fixture
def publisher(client_for, transactional_db):
    partner = PartnerFactory(code="AU-DISR")
    ProductFactory(code="LIOH")
    publish("facility", partner, "SITE")
    return client_for(partner, roles=("reader", "publisher"))


def test_connection_dropped_mid_bulk_upsert_stores_nothing_and_a_retry_succeeds(publisher, monkeypatch):
    original = publishing._set_groups
    events_before = AuditEvent.objects.count()

    def drop_connection(*args, **kwargs):
        original(*args, **kwargs)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a real drop: the server ends this session
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(publishing, "_set_groups", drop_connection)
    response = publisher.post("/api/v1/capacities/bulk/", {"records": rows()}, format="json")
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["detail"].startswith("The database is unavailable")
    connection.close()
    assert Capacity.objects.count() == 0 and AuditEvent.objects.count() == events_before

    monkeypatch.setattr(publishing, "_set_groups", original)
    retried = publisher.post("/api/v1/capacities/bulk/", {"records": rows()}, format="json").json()
    assert retried["created"] == ROWS and Capacity.objects.count() == ROWS


@pytest.mark.django_db
def test_broker_down_reads_still_served_and_matching_refused(client_for, settings):
    from config.celery import app

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        requester = PartnerFactory(code="MX-SE")
        ProductFactory(code="N95")
        client = client_for(requester, roles=("coordinator", "reader"))
        health = client.get("/api/v1/health/").json()
        assert health == {"status": "degraded", "database": "ok", "broker": "down"}
        assert client.get("/api/v1/facilities/").status_code == 200
        body = {"product": "N95", "quantity": "10", "destination_country": "MX", "destination_latitude": "19",
                "destination_longitude": "-99", "needed_by": "2099-01-01", "priority": 1, "justification": "x"}
        request = client.post("/api/v1/emergency-requests/", body, format="json").json()
        refused = client.post(f"/api/v1/emergency-requests/{request['id']}/match/")
        assert refused.status_code == 503 and refused["Content-Type"] == "application/problem+json"
        assert not MatchRun.objects.exists()
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["sharing.cache.SharedClientRedisCache",  # production's
                                     "django.core.cache.backends.redis.RedisCache"])
def test_cache_down_reads_and_authentication_still_work(backend, client_for, settings):
    settings.CACHES = {"default": {"BACKEND": backend,
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    settings.SHARING_THROTTLE_RATES = {"key": "100/min", "anon": "100/min", "auth_failures": "5/min"}
    client = client_for(PartnerFactory())
    assert client.get("/api/v1/facilities/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Api-Key wrongwro.wrongwrongwrongwrongwrongwrongwr")
    assert client.get("/api/v1/facilities/").status_code == 401


# --- the broker down after a commit, then back (issue 11, section 5) ---------------------------------------------

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused


@contextmanager
def broker_unreachable(settings):
    """Celery publishes to a Redis that refuses connections (the producer pools are dropped so that the next send
    connects anew), as when Redis is down; on leaving, the broker and the in-process mode of the test come back."""
    from config.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool
    redis_url = settings.REDIS_URL
    settings.REDIS_URL = DOWN
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = DOWN, False, None, None
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved
        settings.REDIS_URL = redis_url
        enqueue.reset_backoff()


@pytest.fixture
def emergency(client_for, transactional_db, settings):
    """A requester, two suppliers with a stockpile each, webhooks for all three on a local receiver; in-process."""
    from config.celery import app

    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.BACKGROUND_RESEND_AFTER_SECONDS = 0  # what waits is re-sent by the next periodic run
    app.conf.task_always_eager = True
    gloves = ProductFactory(code="NITRILE-GLOVES", unit="units")
    requester, near, far = (PartnerFactory(code=c) for c in ("MX-SE", "US-DOC", "JP-METI"))
    for partner, code, lat, lon, releasable in ((near, "US-WH", "29.76", "-95.37", 600),
                                                (far, "JP-WH", "35.68", "139.69", 5000)):
        site = publish("facility", partner, code, marking="GREEN", latitude=Decimal(lat), longitude=Decimal(lon),
                       facility_kind="warehouse")
        publish("stockpile", partner, f"{code}-GLOVES", facility=site, product=gloves, quantity=releasable,
                releasable=releasable, marking="GREEN")
    clients = {"coordinator": client_for(requester, roles=("coordinator", "reader")),
               "near": client_for(near, roles=("responder",)), "far": client_for(far, roles=("responder",))}
    with Receiver() as receiver:
        url = f"http://127.0.0.1:{receiver.port}/hook"
        for name, events in (("coordinator", ["offer.declined", "match_run.finished", "request.status_changed"]),
                             ("near", ["offer.proposed"]), ("far", ["offer.proposed"])):
            response = clients[name].post("/api/v1/webhooks/", {"url": url, "events": events},
                                          format="json")
            assert response.status_code == 201, response.json()
        yield {**clients, "receiver": receiver}
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def received_once_each(receiver) -> set[int]:
    ids = [int(headers["webhook-id"].removeprefix("msg_")) for _, _, headers, _ in receiver.posts()]
    assert len(ids) == len(set(ids)), sorted(ids)
    return set(ids)


def test_broker_down_a_decline_answers_and_its_rematch_and_webhooks_run_once_when_it_is_back(emergency, settings):
    coordinator, receiver = emergency["coordinator"], emergency["receiver"]
    body = {"product": "NITRILE-GLOVES", "quantity": "1000", "destination_country": "MX",
            "destination_latitude": "19.43", "destination_longitude": "-99.13",
            "needed_by": str(date.today() + timedelta(days=60)), "priority": 1, "justification": "Earthquake"}
    request = coordinator.post("/api/v1/emergency-requests/", body, format="json").json()
    assert coordinator.post(f"/api/v1/emergency-requests/{request['id']}/match/").status_code == 202
    (near_offer,) = emergency["near"].get("/api/v1/allocations/").json()["results"]
    assert near_offer["quantity"] == "600.000"
    before = received_once_each(receiver)

    with broker_unreachable(settings):
        declined = emergency["near"].post(f"/api/v1/allocations/{near_offer['id']}/decline/",
                                          {"reason": "needed at home"}, format="json")
        assert declined.status_code == 200, declined.content[:300]
        assert declined.json()["status"] == "declined"
        rematch = MatchRun.objects.latest("created_at")  # ids are random
        assert (rematch.reason, rematch.status) == ("offer declined", "queued")
        waiting = WebhookDelivery.objects.exclude(pk__in=before)
        assert [(d.event, d.status, d.attempts, d.next_attempt_at) for d in waiting] == [
            ("offer.declined", "pending", 0, None)]
        assert received_once_each(receiver) == before

    # The broker is back: the periodic jobs pick up what waited.
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    assert "resend-stalled-runs: 1" in out.getvalue()
    rematch.refresh_from_db()
    assert rematch.status == "succeeded"
    far_offers = sorted(Allocation.objects.filter(supplying_partner__code="JP-METI")
                        .values_list("quantity", flat=True))
    assert far_offers == [Decimal(400), Decimal(600)]
    deliveries = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert received_once_each(receiver) == deliveries
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
    events = sorted(WebhookDelivery.objects.exclude(pk__in=before).values_list("event", flat=True))
    assert events == ["match_run.finished", "offer.declined", "offer.proposed"]

    # Messages that arrive again (re-sent while only slow, or redelivered) change nothing.
    from celery import current_app

    call_command("run_periodic", "--once", stdout=StringIO())
    current_app.tasks["sharing.run_match"].apply(args=[rematch.pk])
    for pk in deliveries:
        current_app.tasks["sharing.deliver_webhook"].apply(args=[pk])
    assert Allocation.objects.count() == 3 and received_once_each(receiver) == deliveries
    rematch.refresh_from_db()
    assert rematch.attempts == 1


def test_broker_down_a_redelivery_is_accepted_and_sent_when_it_is_back(emergency, settings):
    from sharing.services import webhooks

    hook = emergency["receiver"]
    webhooks.notify(partner_ids=[Partner.objects.get(code="US-DOC").pk], event="offer.proposed",
                    payload={"offer": 1})
    (first,) = emergency["near"].get("/api/v1/webhook-deliveries/").json()["results"]
    with broker_unreachable(settings):
        again = emergency["near"].post(f"/api/v1/webhook-deliveries/{first['id']}/redeliver/")
        assert again.status_code == 202
    assert len(hook.posts()) == 1
    call_command("run_periodic", "--once", stdout=StringIO())
    assert len(hook.posts()) == 2 and WebhookDelivery.objects.get(pk=again.json()["id"]).status == "succeeded"


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
                    reason="needs PostgreSQL and Redis (CI's second run)")
def test_broker_down_then_back_with_a_real_worker(queue, emergency, settings):  # noqa: F811
    """The same drill on the real broker: what waited is published when the periodic jobs run, and a worker does
    it, once."""
    from config.celery import app
    from sharing.services import webhooks
    from tests.test_worker import Worker, wait_for

    app.conf.task_always_eager = False
    coordinator, receiver = emergency["coordinator"], emergency["receiver"]
    worker = Worker(queue, WEBHOOK_ALLOW_PRIVATE_ADDRESSES="1", WEBHOOK_ALLOW_HTTP="1").start()
    try:
        body = {"product": "NITRILE-GLOVES", "quantity": "1000", "destination_country": "MX",
                "destination_latitude": "19.43", "destination_longitude": "-99.13",
                "needed_by": str(date.today() + timedelta(days=60)), "priority": 1, "justification": "Earthquake"}
        request = coordinator.post("/api/v1/emergency-requests/", body, format="json").json()
        run = coordinator.post(f"/api/v1/emergency-requests/{request['id']}/match/").json()
        wait_for(lambda: MatchRun.objects.get(pk=run["id"]).status == "succeeded", what="the first run")
        (near_offer,) = emergency["near"].get("/api/v1/allocations/").json()["results"]
        wait_for(lambda: len(receiver.posts()) == WebhookDelivery.objects.count(), what="the first webhooks")

        with broker_unreachable(settings):
            app.conf.task_always_eager = False  # the drill's "back" below is the real broker, not in-process
            declined = emergency["near"].post(f"/api/v1/allocations/{near_offer['id']}/decline/",
                                              {"reason": "needed at home"}, format="json")
            assert declined.status_code == 200
        app.conf.task_always_eager = False
        rematch = MatchRun.objects.latest("created_at")  # ids are random
        assert rematch.status == "queued"

        assert enqueue.resend_stalled_runs() == 1 and webhooks.retry_due() == 1
        wait_for(lambda: MatchRun.objects.get(pk=rematch.pk).status == "succeeded", what="the re-match")
        wait_for(lambda: not WebhookDelivery.objects.exclude(status="succeeded").exists(), what="the webhooks")
        assert enqueue.resend_stalled_runs() == 0 and webhooks.retry_due() == 0
        assert received_once_each(receiver) == set(WebhookDelivery.objects.values_list("pk", flat=True))
        assert sorted(Allocation.objects.filter(supplying_partner__code="JP-METI")
                      .values_list("quantity", flat=True)) == [Decimal(400), Decimal(600)]
    finally:
        worker.stop()
