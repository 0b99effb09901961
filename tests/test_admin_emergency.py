"""Read-only admin pages for emergency requests, match runs, offers, webhook endpoints and deliveries: listed,
filtered and opened, never added, changed or deleted there (the workflow changes them, under its rules and audit),
and each list costs the same number of queries for 2 rows as for 20 (list_select_related, no N+1)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sharing.models import Allocation, EmergencyRequest, MatchRun, WebhookDelivery, WebhookEndpoint
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = pytest.mark.django_db

PAGES = {
    "emergencyrequest": EmergencyRequest,
    "matchrun": MatchRun,
    "allocation": Allocation,
    "webhookendpoint": WebhookEndpoint,
    "webhookdelivery": WebhookDelivery,
}
SECRET = "whsec-do-not-show-0123456789"


@pytest.fixture
def world():
    return {
        "product": ProductFactory(code="NITRILE-GLOVES", unit="units"),
        "requester": PartnerFactory(code="MX-SE", country="MX"),
        "supplier": PartnerFactory(code="US-DOC", country="US"),
    }


def add_rows(world, count: int) -> None:
    """``count`` of each: requests with a run, an offer from a stockpile, an endpoint and a delivery."""
    product, requester, supplier = world["product"], world["requester"], world["supplier"]
    site = publish("facility", supplier, country="US", facility_kind="warehouse")
    for n in range(count):
        stock = publish("stockpile", supplier, facility=site, product=product, quantity=100, releasable=50)
        request = EmergencyRequest.objects.create(
            requesting_partner=requester, product=product, quantity=Decimal(10), destination_country="MX",
            destination_latitude=Decimal("19.43"), destination_longitude=Decimal("-99.13"),
            needed_by=date.today() + timedelta(days=30), priority=1, justification=f"Shortage {n}",
        )
        run = MatchRun.objects.create(product=product, triggered_by_request=request, requested_by=requester,
                                      status="succeeded")
        Allocation.objects.create(
            match_run=run, request=request, stockpile=stock, supplying_partner=supplier, quantity=Decimal(5),
            estimated_arrival=date.today() + timedelta(days=9), distance_km=Decimal("1234.5"),
            expires_at=timezone.now() + timedelta(hours=24),
        )
        endpoint = WebhookEndpoint.objects.create(partner=supplier, url=f"https://hooks.example.org/{n}",
                                                  secret=SECRET, events=["offer.proposed"])
        WebhookDelivery.objects.create(endpoint=endpoint, event="offer.proposed", payload={"n": n},
                                       status="failed" if n % 2 else "succeeded", attempts=1 + n % 3)


@pytest.mark.parametrize("name", PAGES)
def test_listed_and_opened_but_never_added_changed_or_deleted(secretariat, world, name):
    add_rows(world, 2)
    model = PAGES[name]
    url = f"/admin/sharing/{name}/"
    listing = secretariat.get(url)
    assert listing.status_code == 200
    assert len(listing.context["cl"].result_list) == 2
    html = listing.content.decode()
    assert f"{url}add/" not in html and 'name="action"' not in html  # no add button, no delete action

    row = model.objects.first()
    detail = secretariat.get(f"{url}{row.pk}/change/")
    assert detail.status_code == 200
    assert 'type="submit"' not in detail.content.decode().split('id="content-main"', 1)[1]  # nothing to save
    if model is WebhookEndpoint:  # the signing secret is never shown, not even sealed
        page = detail.content.decode()
        assert row.secret_sealed not in page and "secret_sealed" not in page and row.secret not in page
    assert secretariat.get(f"{url}add/").status_code == 403
    assert secretariat.get(f"{url}{row.pk}/delete/").status_code == 403
    before = model.objects.count()
    assert secretariat.post(f"{url}{row.pk}/change/", {}).status_code == 403
    assert model.objects.count() == before


@pytest.mark.parametrize("name", PAGES)
def test_each_list_costs_the_same_queries_for_2_rows_as_for_20(secretariat, world, name):
    add_rows(world, 2)
    url = f"/admin/sharing/{name}/"
    secretariat.get(url)  # the session's first request also writes the session (the idle clock): not measured
    with CaptureQueriesContext(connection) as few:
        assert secretariat.get(url).status_code == 200
    add_rows(world, 18)
    with CaptureQueriesContext(connection) as many:
        response = secretariat.get(url)
    assert len(response.context["cl"].result_list) == 20
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_webhook_secret_is_never_shown(secretariat, world):
    add_rows(world, 1)
    endpoint = WebhookEndpoint.objects.get()
    for url in ("/admin/sharing/webhookendpoint/", f"/admin/sharing/webhookendpoint/{endpoint.pk}/change/"):
        assert SECRET not in secretariat.get(url).content.decode()


def test_lists_show_what_the_secretariat_needs(secretariat, world):
    add_rows(world, 2)
    requests = secretariat.get("/admin/sharing/emergencyrequest/").content.decode()
    assert "MX-SE" in requests and "NITRILE-GLOVES" in requests
    offers = secretariat.get("/admin/sharing/allocation/").content.decode()
    assert "US-DOC" in offers and "MX-SE" in offers and "stockpile" in offers
    deliveries = secretariat.get("/admin/sharing/webhookdelivery/", {"status__exact": "failed"})
    assert [d.status for d in deliveries.context["cl"].result_list] == ["failed"]
    endpoints = secretariat.get("/admin/sharing/webhookendpoint/")
    assert sorted(e.failed_count for e in endpoints.context["cl"].result_list) == [0, 1]
    runs = secretariat.get("/admin/sharing/matchrun/", {"status__exact": "succeeded"})
    assert len(runs.context["cl"].result_list) == 2
