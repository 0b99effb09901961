"""Run by tests/test_write_races.py in a child process whose DATABASE_URL names a migrated SQLite file: the
write races of the API, several threads at once, each with its own connection. Prints one JSON line."""

import json
import threading
from datetime import date, timedelta

import django

django.setup()

from django.db import connections  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from sharing.models import Capacity, EmergencyRequest, MatchRun  # noqa: E402
from tests.factories import PartnerFactory, ProductFactory, issue_key, publish  # noqa: E402

THREADS = 4


def at_once(call) -> list:
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def main() -> None:
    owner = PartnerFactory(code="AU-DISR")
    requester = PartnerFactory(code="US-DOE")
    ProductFactory(code="LIOH")
    ProductFactory(code="NDPR")
    site = publish("facility", owner, "SITE")
    publish("stockpile", owner, "S-1", facility=site, product=ProductFactory(code="NDPR"))
    publisher_keys = [issue_key(owner, ("publisher",))[1] for _ in range(THREADS)]
    coordinator_keys = [issue_key(requester, ("coordinator",))[1] for _ in range(THREADS)]
    connections.close_all()

    def client(header: str) -> APIClient:
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=header)
        return c

    def capacity(external_id: str) -> dict:
        return {"external_id": external_id, "facility": "SITE", "product": "LIOH", "nominal": "10", "in_use": "5",
                "spare": "5", "releasable": "1", "as_of": "2026-09-30"}

    create = at_once(lambda i: client(publisher_keys[i]).post("/api/v1/capacities/", capacity("C-1"), format="json"))
    rows = {"records": [capacity(f"B-{n}") for n in range(3)]}
    bulk = at_once(lambda i: client(publisher_keys[i]).post("/api/v1/capacities/bulk/", rows, format="json"))
    body = {"product": "NDPR", "quantity": "40", "destination_country": "US", "destination_latitude": "38.9",
            "destination_longitude": "-77.0", "needed_by": str(date.today() + timedelta(days=30)), "priority": 1,
            "justification": "drill"}
    opened = at_once(lambda i: client(coordinator_keys[i]).post(
        "/api/v1/emergency-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1"))
    request_id = opened[0].json().get("id") if opened[0].status_code == 201 else None
    match = at_once(lambda i: client(coordinator_keys[i]).post(
        f"/api/v1/emergency-requests/{request_id}/match/", format="json", HTTP_IDEMPOTENCY_KEY="m-1"))
    print(json.dumps({
        "threads": THREADS,
        "create": [r.status_code for r in create],
        "records": Capacity.objects.filter(owner=owner, external_id="C-1").count(),
        "bulk": [r.status_code for r in bulk],
        "bulk_created": [r.json().get("created") for r in bulk],
        "open": [r.status_code for r in opened],
        "open_ids": len({r.json().get("id") for r in opened}),
        "requests": EmergencyRequest.objects.filter(requesting_partner=requester).count(),
        "match": [r.status_code for r in match],
        "run_ids": len({r.json().get("id") for r in match}),
        "runs": MatchRun.objects.filter(idempotency_key="m-1").count(),
    }))


if __name__ == "__main__":
    main()
