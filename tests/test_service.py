"""The running service: root, health, docs, errors everywhere, production settings, the schema and its drift."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from sharing.api.errors import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_root_lists_collections(api):
    links = api.get("/api/v1/").json()["links"]
    assert links["health"].endswith("/api/v1/health/") and "partner-list" in links


def test_health_reports_database_and_broker(api, settings):
    response = api.get("/api/v1/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "in-process")


def test_health_says_when_broker_is_down(api, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    body = api.get("/api/v1/health/").json()
    assert body == {"status": "degraded", "database": "ok", "broker": "down"}


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_docs_are_served(api, url):
    response = api.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/nothing-here/", "/api/v2/", "/api/v1/partners/999999/", "/nowhere"])
def test_unknown_routes_are_problems(api, client_for, partner, url):
    client = client_for(partner)
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["status"] == 404


def test_method_not_allowed_is_a_problem(client_for, partner):
    response = client_for(partner).delete("/api/v1/me/")
    assert response.status_code == 405 and response.json()["title"] == "Method Not Allowed"


def test_malformed_json_is_a_problem(staff_client):
    response = staff_client.post("/api/v1/partners/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/malformed-request"


def test_wrong_content_type_is_a_problem(staff_client):
    response = staff_client.post("/api/v1/partners/", data="code=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_unexpected_error_is_a_500_problem(client_for, partner, monkeypatch):
    from sharing.api.views import MeView

    def boom(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(MeView, "get", boom)
    client = client_for(partner)
    client.raise_request_exception = False
    response = client.get("/api/v1/me/", HTTP_X_REQUEST_ID="abc-1")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["status"] == 500 and body["request_id"] == "abc-1" and "boom" not in body["detail"]


def test_request_id_is_echoed(api):
    assert api.get("/api/v1/health/", HTTP_X_REQUEST_ID="trace-42")["X-Request-ID"] == "trace-42"
    assert len(api.get("/api/v1/health/", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"]) == 32


def test_schema_is_valid_and_matches_checked_in_copy(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    checked_in = ROOT / "api_docs" / "openapi.yaml"
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(checked_in.read_text()), (
        "api_docs/openapi.yaml is out of date: run `make schema` and commit it."
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-key-of-enough-length-and-variety-9f8e7d",
        "ALLOWED_HOSTS": "sharing.example.org",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_missing_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DJANGO_DEBUG": "0", "VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_each_test_worker_has_its_own_redis_database():
    """Under pytest-xdist, worker gwN uses the Redis database N places after REDIS_URL's (as it has its own test
    database); outside xdist the URL is kept as given."""
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import _redis_url_of_test_worker as of

    assert of("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/0"
    assert of("redis://127.0.0.1:6379/0", "gw1") == "redis://127.0.0.1:6379/1"
    assert of("redis://:secret@cache.example:6380/10", "gw3") == "redis://:secret@cache.example:6380/13"
    assert of("redis://127.0.0.1:6379", "gw2") == "redis://127.0.0.1:6379/2"
    assert of("redis://127.0.0.1:6379/4", "master") == "redis://127.0.0.1:6379/4"
    with pytest.raises(ImproperlyConfigured):
        of("redis://127.0.0.1:6379/15", "gw1")
