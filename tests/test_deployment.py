"""Deployment hardening: keys only in headers and never in logs, JSON logs with the request id, security headers
under production settings. (``manage.py check --deploy`` is in test_service.py.)"""

import io
import json
import logging
import re

import pytest
from rest_framework.test import APIClient

from sharing.logging import JsonFormatter, RequestContextFilter
from sharing.models import AuditEvent
from tests.factories import PartnerFactory, issue_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """Everything logged while the test runs, as the production handler formats it (one JSON object a line)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.mark.parametrize("param", ["api_key", "key", "Authorization", "apikey", "token"])
def test_a_key_in_the_url_is_not_accepted(param):
    _, header = issue_key(PartnerFactory(code="JP-METI"))
    key = header.removeprefix("Api-Key ")
    response = APIClient().get("/api/v1/me/", {param: key})
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    response = APIClient().get("/api/v1/me/", {param: header})
    assert response.status_code == 401


def test_keys_never_reach_the_logs_or_the_audit_trail(json_log, monkeypatch, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    _, header = issue_key(PartnerFactory(code="JP-METI"), ("reader", "publisher"))
    secret = header.removeprefix("Api-Key ")
    good, wrong = APIClient(), APIClient()
    good.credentials(HTTP_AUTHORIZATION=header)
    wrong.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret[:9]}{'x' * (len(secret) - 9)}")
    assert good.get("/api/v1/facilities/").status_code == 200
    assert wrong.get("/api/v1/facilities/").status_code == 401

    from sharing.api.views import MeView

    def boom(self, request):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(MeView, "get", boom)
    crashing = APIClient(raise_request_exception=False)
    crashing.credentials(HTTP_AUTHORIZATION=header)
    assert crashing.get("/api/v1/me/", HTTP_X_REQUEST_ID="trace-500").status_code == 500

    lines = json_log()
    assert any(line["request_id"] == "trace-500" and line["level"] == "ERROR" for line in lines)
    everything = json.dumps(lines) + json.dumps(list(AuditEvent.objects.values()), default=str)
    secret_part = secret.partition(".")[2]
    assert secret_part and secret_part not in everything
    assert "x" * 20 not in everything  # nor the wrong key's secret


def test_log_lines_are_json_with_the_request_id(json_log):
    logger = logging.getLogger("sharing.test")

    from sharing.api import views

    original = views.HealthView.get

    def logging_health(self, request, *args, **kwargs):
        logger.warning("inside the request")
        return original(self, request, *args, **kwargs)

    views.HealthView.get = logging_health
    try:
        APIClient().get("/api/v1/health/", HTTP_X_REQUEST_ID="trace-42")
    finally:
        views.HealthView.get = original
    (line,) = [line for line in json_log() if line["message"] == "inside the request"]
    assert line["request_id"] == "trace-42" and line["level"] == "WARNING" and line["logger"] == "sharing.test"
    assert re.match(r"^\d{4}-\d\d-\d\dT", line["time"])


def test_gunicorn_access_log_is_json_with_request_id_and_no_query_string():
    import importlib

    gunicorn_settings = importlib.import_module("config.gunicorn")
    fmt = gunicorn_settings.access_log_format
    assert "%(q)s" not in fmt and "%(r)s" not in fmt  # the path only: a query string is never logged
    sample = {"t": "[24/Nov/2026:21:00:00 +0000]", "m": "GET", "U": "/api/v1/facilities/", "s": "200", "B": "12",
              "D": "1500", "{x-request-id}o": "abc", "h": "127.0.0.1"}
    entry = json.loads(fmt % sample)
    assert entry["request_id"] == "abc" and entry["status"] == 200 and entry["path"] == "/api/v1/facilities/"


def test_security_headers_under_production_settings(settings, client_for):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = client_for(PartnerFactory())
    plain = client.get("/api/v1/facilities/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert client.get("/api/v1/health/").status_code == 200  # the load balancer's probe stays on HTTP
    response = client.get("/api/v1/facilities/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_gunicorn_worker_freezes_the_app_and_its_first_requests_objects_out_of_cycle_collection():
    import gc
    import importlib
    from types import SimpleNamespace

    gunicorn_settings = importlib.import_module("config.gunicorn")
    gc.unfreeze()
    try:
        gunicorn_settings.post_worker_init(SimpleNamespace(nr=0))
        after_load = gc.get_freeze_count()
        assert after_load > 0
        kept = [object.__new__(type("Kept", (), {})) for _ in range(50)]  # tracked objects made after loading
        for nr in (2, 3, 11):  # not a freezing request: nothing more frozen
            gunicorn_settings.post_request(SimpleNamespace(nr=nr), None, {}, None)
        assert gc.get_freeze_count() == after_load
        gunicorn_settings.post_request(SimpleNamespace(nr=10), None, {}, None)
        assert gc.get_freeze_count() >= after_load + len(kept)
        assert sorted(gunicorn_settings.FREEZE_AFTER_REQUESTS) == [1, 10, 100, 1000]
    finally:
        gc.unfreeze()
