"""Two writes at once: the winner's answer, and for the loser the same result (an idempotent replay) or a 409
problem; never a 500, never a create that silently became an update.

Each race is forced, not hoped for: a hook holds both calls at a barrier after each has looked for the record
(or the idempotency key) and found nothing, so both go on to insert. Threads need their own connections and
rows that other connections can see: PostgreSQL, with ``transactional_db``. SQLite's side (write transactions
begin IMMEDIATE, so they queue rather than overlap) is checked against a file database in a child process.
"""

import json
import os
import subprocess
import sys
import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, connections
from rest_framework.test import APIClient

from sharing.models import AuditEvent, Capacity, EmergencyRequest, MatchRun
from sharing.services import matching, publishing
from tests.factories import PartnerFactory, ProductFactory, issue_key, publish

ROOT = Path(__file__).resolve().parent.parent
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")


def _client(partner, roles) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=issue_key(partner, roles)[1])
    return client


def held_at_barrier(original, parties: int = 2, when=lambda *a, **k: True):
    """Wraps ``original`` so that each thread's first qualifying call waits until all parties have made theirs."""
    barrier = threading.Barrier(parties)
    local = threading.local()
    reached = []

    def wrapper(*args, **kwargs):
        if not getattr(local, "done", False) and when(*args, **kwargs):
            local.done = True
            reached.append(1)
            barrier.wait(timeout=30)
        return original(*args, **kwargs)

    wrapper.reached = reached
    return wrapper


def at_once(*calls):
    """Runs the calls in threads at the same time; returns their results in order (re-raising any error)."""
    results: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        try:
            results[index] = call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def publisher(transactional_db):
    partner = PartnerFactory(code="AU-DISR")
    ProductFactory(code="LIOH")
    publish("facility", partner, "SITE")
    return partner


def _capacity(external_id: str, nominal: str = "10") -> dict:
    return {"external_id": external_id, "facility": "SITE", "product": "LIOH", "nominal": nominal, "in_use": "5",
            "spare": "5", "releasable": "1", "as_of": "2026-09-30"}


@pytest.mark.postgres
@on_postgresql
def test_two_creates_of_one_external_id_give_201_and_409(publisher, monkeypatch):
    hook = held_at_barrier(publishing.allocate_seqs)
    monkeypatch.setattr(publishing, "allocate_seqs", hook)
    clients = [_client(publisher, ("publisher",)) for _ in range(2)]
    responses = at_once(*[lambda c=c: c.post("/api/v1/capacities/", _capacity("C-1"), format="json")
                          for c in clients])
    assert len(hook.reached) == 2, "both creates got past their lookup before either wrote"
    assert sorted(r.status_code for r in responses) == [201, 409], [r.content[:200] for r in responses]
    (loser,) = [r for r in responses if r.status_code == 409]
    assert loser["Content-Type"].startswith("application/problem+json")
    assert "external_id" in loser.json()["detail"]
    assert Capacity.objects.filter(owner=publisher, external_id="C-1").count() == 1
    assert Capacity.objects.get(external_id="C-1").version == 1, "the loser's create did not become an update"


@pytest.mark.postgres
@on_postgresql
def test_two_bulk_upserts_of_the_same_rows_create_once_and_replay(publisher, monkeypatch):
    hook = held_at_barrier(publishing.allocate_seqs)
    monkeypatch.setattr(publishing, "allocate_seqs", hook)
    rows = {"records": [_capacity(f"C-{i}") for i in range(3)]}
    clients = [_client(publisher, ("publisher",)) for _ in range(2)]
    responses = at_once(*[lambda c=c: c.post("/api/v1/capacities/bulk/", rows, format="json") for c in clients])
    assert len(hook.reached) == 2
    assert [r.status_code for r in responses] == [200, 200], [r.content[:200] for r in responses]
    counts = sorted((r.json()["created"], r.json()["unchanged"]) for r in responses)
    assert counts == [(0, 3), (3, 0)], "the loser's rows were the winner's, unchanged: a replay"
    ids = [sorted(row["id"] for row in r.json()["results"]) for r in responses]
    assert ids[0] == ids[1]
    assert Capacity.objects.filter(owner=publisher).count() == 3


@pytest.mark.postgres
@on_postgresql
def test_two_bulk_upserts_with_different_values_say_which_one_updated(publisher, monkeypatch):
    hook = held_at_barrier(publishing.allocate_seqs)
    monkeypatch.setattr(publishing, "allocate_seqs", hook)
    clients = [_client(publisher, ("publisher",)) for _ in range(2)]
    bodies = [{"records": [_capacity("C-1", nominal)]} for nominal in ("10", "20")]
    responses = at_once(*[lambda c=c, b=b: c.post("/api/v1/capacities/bulk/", b, format="json")
                          for c, b in zip(clients, bodies, strict=True)])
    assert [r.status_code for r in responses] == [200, 200], [r.content[:200] for r in responses]
    statuses = {r.json()["results"][0]["status"]: body for r, body in zip(responses, bodies, strict=True)}
    assert set(statuses) == {"created", "updated"}, "the loser says it updated the winner's record, not created"
    stored = Capacity.objects.get(owner=publisher, external_id="C-1")
    assert stored.nominal == Decimal(statuses["updated"]["records"][0]["nominal"]) and stored.version == 2


@pytest.fixture
def coordinator(transactional_db):
    partner = PartnerFactory(code="US-DOE")
    product = ProductFactory(code="NDPR")
    return partner, product


def _request_body() -> dict:
    return {"product": "NDPR", "quantity": "40", "destination_country": "US", "destination_latitude": "38.9",
            "destination_longitude": "-77.0", "needed_by": str(date.today() + timedelta(days=30)), "priority": 1,
            "justification": "drill"}


@pytest.mark.postgres
@on_postgresql
def test_two_opens_with_one_idempotency_key_give_one_request(coordinator, monkeypatch):
    partner, _ = coordinator
    hook = held_at_barrier(EmergencyRequest.full_clean)
    monkeypatch.setattr(EmergencyRequest, "full_clean", hook)
    clients = [_client(partner, ("coordinator",)) for _ in range(2)]
    responses = at_once(*[
        lambda c=c: c.post("/api/v1/emergency-requests/", _request_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        for c in clients
    ])
    assert len(hook.reached) == 2
    assert [r.status_code for r in responses] == [201, 201], [r.content[:200] for r in responses]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert EmergencyRequest.objects.filter(requesting_partner=partner).count() == 1
    assert AuditEvent.objects.filter(action="emergency_request.open").count() == 1


@pytest.mark.postgres
@on_postgresql
def test_two_matches_with_one_idempotency_key_queue_one_run(coordinator, monkeypatch):
    partner, _ = coordinator
    opened = _client(partner, ("coordinator",)).post("/api/v1/emergency-requests/", _request_body(), format="json")
    hook = held_at_barrier(MatchRun.save, when=lambda run, *a, **k: run._state.adding)  # ids are drawn before save
    monkeypatch.setattr(MatchRun, "save", hook)
    clients = [_client(partner, ("coordinator",)) for _ in range(2)]
    url = f"/api/v1/emergency-requests/{opened.json()['id']}/match/"
    responses = at_once(*[lambda c=c: c.post(url, format="json", HTTP_IDEMPOTENCY_KEY="m-1") for c in clients])
    assert len(hook.reached) == 2, "both got past the key lookup and inserted"
    assert [r.status_code for r in responses] == [202, 202], [r.content[:200] for r in responses]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert MatchRun.objects.filter(requested_by=partner, idempotency_key="m-1").count() == 1
    assert AuditEvent.objects.filter(action="match_run.queue").count() == 1


def test_an_integrity_error_that_escapes_is_a_409_problem(client_for, monkeypatch, db):
    partner = PartnerFactory(code="US-DOE")
    ProductFactory(code="NDPR")

    def lost_a_race(**kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "unique_request_idempotency_key"')

    monkeypatch.setattr(matching, "request_open", lost_a_race)
    response = client_for(partner, roles=("coordinator",)).post(
        "/api/v1/emergency-requests/", _request_body(), format="json"
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "/problems/conflict" and "unique_request" not in body["detail"]


def _settings_under(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; import json; "
                               "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("url", ["sqlite:////tmp/sharing-settings-check.sqlite3", ""])
def test_sqlite_has_the_busy_timeout_and_immediate_transactions_whatever_the_url(url):
    options = _settings_under(url)
    assert options["timeout"] >= 5 and options["transaction_mode"] == "IMMEDIATE"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a child process on its own SQLite file: run once, in the "
                    "SQLite suite")
def test_concurrent_writes_on_a_sqlite_file(tmp_path):
    """The same races against an SQLite file, through the API, in a child process with its own settings."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CELERY_QUEUE"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'races.sqlite3'}", DJANGO_DEBUG="1",
               DJANGO_SETTINGS_MODULE="config.settings")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    out = subprocess.run([sys.executable, "-m", "tests.sqlite_races"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert sorted(result["create"]) == [201] + [409] * (result["threads"] - 1), result
    assert result["records"] == 1
    assert sorted(result["bulk_created"]) == [0] * (result["threads"] - 1) + [3], result
    assert set(result["bulk"]) == {200}
    assert set(result["open"]) == {201} and result["open_ids"] == 1 and result["requests"] == 1, result
    assert set(result["match"]) == {202} and result["run_ids"] == 1 and result["runs"] == 1, result
