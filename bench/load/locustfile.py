"""The load test's mix (locust, run headless by ``bench/load/run.py``; not meant to be pointed anywhere else).

Three kinds of caller at once, each with its partner's own key:
- analysts: filtered lists of capacities and facilities, back to back (the figure the target is about);
- partner systems: walk the changes feed, then bulk-upsert capacity rows (half updates of their own rows, half
  new) and a few facilities; every row the service acknowledges as created or updated is written down, so that
  run.py can check afterwards that the database holds it (no lost writes);
- coordinators: open an emergency request, ask for matching, poll the match run.

Every response is counted by status class; run.py fails the run on any 5xx.
The setup (keys, codes) comes from the JSON file named by LOAD_SETUP; results go to LOAD_RESULTS.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from locust import FastHttpUser, between, constant, events, task

SETUP = json.loads(Path(os.environ["LOAD_SETUP"]).read_text()) if os.environ.get("LOAD_SETUP") else None
TIMINGS: dict[str, list[float]] = defaultdict(list)
STATUSES: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
ERRORS: list[str] = []
ACKNOWLEDGED: list[dict] = []  # every bulk row answered "created" or "updated": kind, id, version, owner
_partner_turn = itertools.count()
_user_serial = itertools.count()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    TIMINGS[name].append(response_time)
    status = getattr(response, "status_code", 0) or 0
    STATUSES[name][f"{status // 100}xx" if status else "no answer"] += 1
    if (status >= 500 or not status) and len(ERRORS) < 50:
        body = (getattr(response, "text", "") or "")[:300]
        ERRORS.append(f"{request_type} {name}: {status or exception} {body}")


@events.test_stop.add_listener
def _write_results(environment, **kwargs):
    path = os.environ.get("LOAD_RESULTS")
    if not path:
        return
    with open(path, "w") as handle:
        json.dump({"timings": TIMINGS, "statuses": STATUSES, "errors": ERRORS, "acknowledged": ACKNOWLEDGED}, handle)


class _PartnerUser(FastHttpUser):
    abstract = True

    def on_start(self):
        codes = sorted(SETUP["keys"])
        self.partner = codes[next(_partner_turn) % len(codes)]
        self.serial = next(_user_serial)
        self.headers = {"Authorization": f"Api-Key {SETUP['keys'][self.partner]}"}
        self.json_headers = {**self.headers, "Content-Type": "application/json"}
        self.rng = random.Random(self.serial)

    def get(self, url: str, name: str, params: dict):
        with self.client.get(url, params=params, name=name, headers=self.headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response


class Analyst(_PartnerUser):
    """Filtered reads of the network, back to back."""

    weight = 12
    wait_time = constant(0)

    @task(3)
    def capacities_by_product_and_country(self):
        self.get("/api/v1/capacities/", "GET /capacities/?product&country", {
            "product": self.rng.choice(SETUP["products"]),
            "country": ",".join(self.rng.sample(SETUP["countries"], 3)), "page_size": 50,
        })

    @task(2)
    def capacities_releasable(self):
        self.get("/api/v1/capacities/", "GET /capacities/?marking&min_releasable&ordering", {
            "marking": "GREEN", "min_releasable": self.rng.choice([100, 500, 1000]),
            "sector": self.rng.choice(SETUP["sectors"]), "ordering": "-releasable", "page_size": 50,
        })

    @task(3)
    def facilities_by_country_and_kind(self):
        self.get("/api/v1/facilities/", "GET /facilities/?country&kind", {
            "country": self.rng.choice(SETUP["countries"]), "kind": self.rng.choice(SETUP["kinds"]),
            "page_size": 50,
        })

    @task(1)
    def facilities_making_a_product(self):
        self.get("/api/v1/facilities/", "GET /facilities/?product&status", {
            "product": self.rng.choice(SETUP["products"]), "status": "operating", "page_size": 50,
        })

    # ANALYTICS: the analytics endpoints (concentration, chokepoints, exposure, scenarios) are being built
    # elsewhere. Add them here as @task methods named "GET /analytics/..." once they exist, e.g.
    #     @task(1)
    #     def concentration(self):
    #         self.get("/api/v1/analytics/concentration/", "GET /analytics/concentration/",
    #                  {"product": self.rng.choice(SETUP["products"])})
    # run.py reports every name it sees, so nothing else needs to change.


class PartnerSync(_PartnerUser):
    """A partner's system: read the changes feed from where it was, then upsert a batch of its rows."""

    weight = 2
    wait_time = between(0.5, 1.5)

    def on_start(self):
        super().on_start()
        self.cursor = SETUP["cursors_at_start"][self.partner]
        self.batches = 0

    @task(2)
    def changes_feed(self):
        for _ in range(3):  # at most three pages a turn
            response = self.get("/api/v1/changes/", "GET /changes/?cursor", {"cursor": self.cursor, "page_size": 200})
            if response.status_code != 200:
                return
            page = response.json()
            self.cursor = parse_qs(urlsplit(page["next"]).query)["cursor"][0]  # the next URL's opaque cursor
            if not page["has_more"]:
                return

    @task(2)
    def bulk_upsert_capacity(self):
        self.batches += 1
        own_sites = SETUP["own_sites"][self.partner]
        existing = self.rng.sample(SETUP["own_capacity"][self.partner], 50)
        new = [f"LT-{self.serial}-{self.batches}-{i}" for i in range(50)]
        rows = []
        for external_id in existing + new:
            nominal = self.rng.randint(1_000, 10_000)
            in_use = self.rng.randint(0, nominal)
            rows.append({
                "external_id": external_id, "facility": self.rng.choice(own_sites),
                "product": self.rng.choice(SETUP["products"]), "nominal": str(nominal), "in_use": str(in_use),
                "spare": str(nominal - in_use), "releasable": str((nominal - in_use) // 2),
                "lead_time_days": self.rng.randint(0, 60), "as_of": date.today().isoformat(),
                # A sync sends what its own database says; loosening a marking is deliberate, so it confirms.
                "marking": self.rng.choice(["GREEN", "GREEN", "CLEAR", "RED"]), "confirm_loosening": True,
            })
        self._bulk("capacity", "/api/v1/capacities/bulk/", "POST /capacities/bulk/ (100 rows)", rows)

    @task(1)
    def bulk_upsert_facilities(self):
        self.batches += 1
        rows = [{
            "external_id": f"LTF-{self.serial}-{self.batches}-{i}", "name": f"New site {i}",
            "country": self.rng.choice(SETUP["countries"]), "latitude": f"{self.rng.uniform(-50, 65):.4f}",
            "longitude": f"{self.rng.uniform(-170, 170):.4f}", "kind": self.rng.choice(SETUP["kinds"]),
            "marking": "GREEN",
        } for i in range(20)]
        self._bulk("facility", "/api/v1/facilities/bulk/", "POST /facilities/bulk/ (20 rows)", rows)

    def _bulk(self, kind: str, url: str, name: str, rows: list[dict]):
        with self.client.post(url, json={"records": rows}, name=name, headers=self.json_headers,
                              catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            body = response.json()
            for result in body["results"]:
                if result["status"] in ("created", "updated"):
                    ACKNOWLEDGED.append({"kind": kind, "id": result["id"], "version": result["version"],
                                         "external_id": result["external_id"], "owner": self.partner})
                elif result["status"] == "rejected":
                    response.failure(f"row rejected: {result.get('errors')}")


class Coordinator(_PartnerUser):
    """Opens an emergency request, asks for matching and polls the run."""

    weight = 1
    wait_time = between(2, 4)

    @task
    def open_and_match(self):
        body = {
            "product": self.rng.choice(SETUP["products"]), "quantity": str(self.rng.randint(100, 5_000)),
            "destination_country": "JP", "destination_latitude": "35.68", "destination_longitude": "139.69",
            "needed_by": (date.today() + timedelta(days=self.rng.randint(30, 120))).isoformat(),
            "priority": self.rng.choice([1, 2, 3]), "justification": "load test",
        }
        with self.client.post("/api/v1/emergency-requests/", json=body, name="POST /emergency-requests/",
                              headers=self.json_headers, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}")
                return
            request_id = response.json()["id"]
        with self.client.post(f"/api/v1/emergency-requests/{request_id}/match/",
                              name="POST /emergency-requests/{id}/match/", headers=self.headers,
                              catch_response=True) as response:
            if response.status_code != 202:
                response.failure(f"{response.status_code}")
                return
            run_id = response.json()["id"]
        for _ in range(5):
            time.sleep(0.5)
            response = self.get(f"/api/v1/match-runs/{run_id}/", "GET /match-runs/{id}/", {})
            if response.status_code != 200 or response.json().get("status") in ("succeeded", "failed"):
                return
