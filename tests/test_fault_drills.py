"""Fault drills: the database dropping mid-write, the broker or cache going away."""

import pytest
from django.db import OperationalError, connection

from sharing.models import AuditEvent, Capacity, MatchRun
from sharing.services import publishing
from tests.factories import PartnerFactory, ProductFactory, publish

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
