"""With a real Celery worker on the Redis broker and PostgreSQL (CI's second run): the emergency workflow
end to end, and a worker killed in the middle of a run."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sharing.models import Allocation, MatchRun
from tests.factories import PartnerFactory, ProductFactory, publish

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
                       reason="needs PostgreSQL and Redis (CI's second run)"),
]


class Worker:
    def __init__(self, queue: str, **env):
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        self.env = {**os.environ, "DATABASE_URL": url, "CELERY_QUEUE": queue, "CELERY_TASK_ALWAYS_EAGER": "0",
                    "DJANGO_DEBUG": "1", "LOG_LEVEL": "WARNING", **env}
        self.queue = queue
        self.process = None
        self.log = ROOT / "var" / f"worker-{queue}-{uuid.uuid4().hex[:6]}.log"

    def start(self) -> "Worker":
        self.log.parent.mkdir(exist_ok=True)
        handle = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", self.queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
            cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while "ready" not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "worker did not start:\n" + self.log.read_text()
            time.sleep(0.2)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def queue(transactional_db):
    from config.celery import app

    name = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    app.conf.task_default_queue = name
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield name
    app.conf.task_default_queue = "sharing"
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def wait_for(predicate, seconds=60, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def scene(client_for, transactional_db):
    gloves = ProductFactory(code="NITRILE-GLOVES", sector="medical_supplies", unit="units")
    requester, supplier, backup = (PartnerFactory(code=c, country=c[:2]) for c in ("MX-SE", "US-DOC", "KR-MOTIE"))
    site = publish("facility", supplier, "US-WH", country="US", latitude=Decimal("29.76"),
                   longitude=Decimal("-95.37"))
    publish("stockpile", supplier, "US-GLOVES", facility=site, product=gloves, quantity=1000, releasable=1000)
    other = publish("facility", backup, "KR-WH", country="KR", latitude=Decimal("37.5"), longitude=Decimal("127"))
    publish("stockpile", backup, "KR-GLOVES", facility=other, product=gloves, quantity=1000, releasable=1000)
    return {
        "coordinator": client_for(requester, roles=("coordinator", "reader")),
        "supplier": client_for(supplier, roles=("responder",)),
        "backup": client_for(backup, roles=("responder",)),
    }


def open_and_match(coordinator, **headers):
    body = {"product": "NITRILE-GLOVES", "quantity": "800", "destination_country": "MX",
            "destination_latitude": "19.43", "destination_longitude": "-99.13",
            "needed_by": str(date.today() + timedelta(days=60)), "priority": 1, "justification": "drill"}
    request = coordinator.post("/api/v1/emergency-requests/", body, format="json").json()
    response = coordinator.post(f"/api/v1/emergency-requests/{request['id']}/match/", **headers)
    assert response.status_code == 202, response.content
    return request, response.json()


def test_request_open_matched_offered_accepted_fulfilled_with_a_real_worker(scene, queue):
    worker = Worker(queue).start()
    try:
        coordinator = scene["coordinator"]
        request, run = open_and_match(coordinator)
        wait_for(lambda: coordinator.get(f"/api/v1/match-runs/{run['id']}/").json()["status"] == "succeeded",
                 what="the match run")
        (offer,) = coordinator.get("/api/v1/allocations/").json()["results"]
        assert offer["supplying_partner"] == "US-DOC" and Decimal(offer["quantity"]) == 800
        assert coordinator.get(f"/api/v1/emergency-requests/{request['id']}/").json()["status"] == "offered"
        assert scene["supplier"].post(f"/api/v1/allocations/{offer['id']}/accept/").json()["status"] == "accepted"
        assert coordinator.post(f"/api/v1/allocations/{offer['id']}/fulfil/").json()["status"] == "fulfilled"
        assert coordinator.get(f"/api/v1/emergency-requests/{request['id']}/").json()["status"] == "fulfilled"

        second, run = open_and_match(coordinator)
        wait_for(lambda: MatchRun.objects.get(pk=run["id"]).status == "succeeded", what="the second run")
        (us_offer,) = [o for o in scene["supplier"].get("/api/v1/allocations/").json()["results"]
                       if o["status"] == "proposed"]
        assert Decimal(us_offer["quantity"]) == 200  # all the US has left after the first 800
        declined = scene["supplier"].post(f"/api/v1/allocations/{us_offer['id']}/decline/", {"reason": "no"},
                                          format="json")
        assert declined.status_code == 200
        wait_for(lambda: MatchRun.objects.filter(reason="offer declined", status="succeeded").exists(),
                 what="the re-match after a decline")
        live = Allocation.objects.filter(request_id=second["id"], status="proposed")
        assert {a.supplying_partner.code for a in live} == {"KR-MOTIE"}
        assert sum(a.quantity for a in live) == 800
    finally:
        worker.stop()


def test_worker_killed_mid_run_is_redelivered_without_duplicates(scene, queue):
    slow = Worker(queue, MATCHING_TEST_PAUSE_SECONDS="8", CELERY_VISIBILITY_TIMEOUT="2").start()
    coordinator = scene["coordinator"]
    try:
        _, run = open_and_match(coordinator)
        wait_for(lambda: MatchRun.objects.get(pk=run["id"]).status == "running", what="the run to start")
        slow.kill()
    finally:
        slow.stop()
    assert MatchRun.objects.get(pk=run["id"]).status == "running"
    assert not Allocation.objects.exists()
    time.sleep(2.5)  # past the visibility timeout: the unacknowledged task may be delivered again
    fresh = Worker(queue, CELERY_VISIBILITY_TIMEOUT="2").start()
    try:
        finished = wait_for(lambda: MatchRun.objects.filter(pk=run["id"], status="succeeded").first(), 90,
                            "the redelivered run")
        assert finished.attempts == 2
        offers = list(Allocation.objects.filter(match_run_id=run["id"]))
        assert len(offers) == 1 and offers[0].quantity == 800
    finally:
        fresh.stop()


def test_a_large_scenario_runs_on_a_real_worker(scene, queue, settings):
    from tests.factories import output, site

    settings.SCENARIO_SYNC_MAX_ITEMS = 1
    gloves = ProductFactory(code="NITRILE-GLOVES")
    supplier = PartnerFactory(code="US-DOC")
    output(supplier, site(supplier, "US"), gloves, 600)
    output(supplier, site(supplier, "MY"), gloves, 400)
    worker = Worker(queue).start()
    try:
        client = scene["coordinator"]
        response = client.post("/api/v1/analytics/scenarios/", {"countries": ["MY", "CN"]}, format="json")
        assert response.status_code == 202, response.content
        run = wait_for(lambda: (lambda r: r if r["status"] == "succeeded" else None)(
            client.get(response["Location"]).json()), what="the scenario run")
        (row,) = run["result"]["products"]
        assert (row["baseline"], row["lost"], row["remaining"]) == ("1000.000", "400.000", "600.000")
    finally:
        worker.stop()


def test_a_sector_report_runs_on_a_real_worker(scene, queue):
    from sharing.models import ReviewSector
    from tests.factories import output, site

    gloves = ProductFactory(code="NITRILE-GLOVES")
    supplier = PartnerFactory(code="US-DOC")
    output(supplier, site(supplier, "US"), gloves, 600)
    output(supplier, site(supplier, "MY"), gloves, 400)
    sector = ReviewSector.objects.create(code="gloves", name="Gloves", kind="supply_chain")
    sector.products.set([gloves])
    worker = Worker(queue).start()
    try:
        client = scene["coordinator"]
        response = client.post("/api/v1/reports/", {"sector": "gloves"}, format="json")
        assert response.status_code == 202, response.content
        run = wait_for(lambda: (lambda r: r if r["status"] in ("succeeded", "failed") else None)(
            client.get(response["Location"]).json()), what="the report run")
        assert run["status"] == "succeeded", run["error"]
        assert run["progress"] == {"stage": "done", "percent": 100}
        (product,) = run["result"]["products"]
        assert product["concentration"]["total"] == 1000 and product["concentration"]["non_partner_share"] == 0.4
    finally:
        worker.stop()
