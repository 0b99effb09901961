"""The scene of tests/test_periodic.py, made and read in processes of its own (not the test's, not beat's).

``python -m tests.periodic_scene setup WEBHOOK_URL`` publishes two stockpiles, opens an emergency request and
matches it (offers proposed), puts every offer past its response deadline, and leaves one webhook delivery
pending with its retry due; it marks the periodic jobs last run a day ago, as after a day's outage, so that beat
finds them due when it starts. ``python -m tests.periodic_scene status`` prints what the test waits for, as JSON.
"""

import json
import os
import sys
from datetime import date, timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.utils import timezone  # noqa: E402
from django_celery_beat.models import PeriodicTask  # noqa: E402

from sharing.models import Allocation, WebhookDelivery, WebhookEndpoint  # noqa: E402

RETRY_EVENT = "offer.proposed"


def setup(webhook_url: str) -> None:
    from config.celery import app
    from sharing.periodic import Scheduler
    from tests.factories import PartnerFactory, ProductFactory, issue_key, publish

    gloves = ProductFactory(code="NITRILE-GLOVES", sector="medical_supplies", unit="units")
    requester, supplier = PartnerFactory(code="MX-SE"), PartnerFactory(code="US-DOC")
    site = publish("facility", supplier, "US-WH", country="US", latitude=Decimal("29.76"),
                   longitude=Decimal("-95.37"))
    publish("stockpile", supplier, "US-GLOVES", facility=site, product=gloves, quantity=1000, releasable=1000)

    from rest_framework.test import APIClient

    coordinator = APIClient()
    coordinator.credentials(HTTP_AUTHORIZATION=issue_key(requester, ("coordinator", "reader"))[1])
    body = {"product": "NITRILE-GLOVES", "quantity": "800", "destination_country": "MX",
            "destination_latitude": "19.43", "destination_longitude": "-99.13",
            "needed_by": str(date.today() + timedelta(days=60)), "priority": 1, "justification": "drill"}
    request = coordinator.post("/api/v1/emergency-requests/", body, format="json")
    assert request.status_code == 201, request.content
    match = coordinator.post(f"/api/v1/emergency-requests/{request.json()['id']}/match/")
    assert match.status_code == 202, match.content
    assert Allocation.objects.filter(status="proposed").exists(), "the match proposed no offer"
    offers = list(Allocation.objects.filter(status="proposed").values_list("pk", flat=True))
    Allocation.objects.update(expires_at=timezone.now() - timedelta(minutes=5))

    endpoint = WebhookEndpoint.objects.create(partner=supplier, url=webhook_url, secret="s" * 32,
                                              events=[RETRY_EVENT])
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=RETRY_EVENT, payload={"event": RETRY_EVENT, "data": {"retry": "due"}},
        attempts=1, last_error="connection refused", next_attempt_at=timezone.now() - timedelta(minutes=1),
    )

    Scheduler(app=app, lazy=True).setup_schedule()  # the rows beat would write at its start
    PeriodicTask.objects.update(last_run_at=timezone.now() - timedelta(days=1))
    print(json.dumps({"offers": offers, "delivery": delivery.pk}))


def status() -> None:
    print(json.dumps({
        "offers": {str(pk): status for pk, status in Allocation.objects.values_list("pk", "status")},
        "deliveries": {str(pk): [status, attempts] for pk, status, attempts in
                       WebhookDelivery.objects.values_list("pk", "status", "attempts")},
    }))


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    else:
        status()
