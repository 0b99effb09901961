"""A scene for console tests: three partners' people signed in through the real pages, and an emergency with offers."""

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from sharing.models import Allocation, EmergencyRequest, MatchRun, ReportRun, ReviewSector
from tests.console.people import PASSWORD, make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, publish


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_sign_in_limits():
    """allauth counts sign-ins per address in the cache (30 a minute): tests that sign people in from the same
    test addresses, one after another within a minute, were refused the 31st (a flaky "Sign In" page)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    requester = PartnerFactory(code="AU-DISR", country="AU")
    supplier = PartnerFactory(code="JP-METI", country="JP")
    third = PartnerFactory(code="MX-SE", country="MX")
    product = ProductFactory(code="NDPR", unit="t")
    site = publish("facility", supplier, "JP-SITE", marking="GREEN", country="JP", latitude=Decimal("35.6"),
                   longitude=Decimal("139.7"))
    green = publish("stockpile", supplier, "JP-GREEN", marking="GREEN", facility=site, product=product)
    red = publish("stockpile", supplier, "JP-RED", marking="RED", facility=site, product=product)
    red_capacity = publish("capacity", supplier, "JP-RED-CAP", marking="RED", facility=site, product=product)
    request = EmergencyRequest.objects.create(
        requesting_partner=requester, product=product, quantity=10, destination_country="AU",
        destination_latitude=Decimal(-33), destination_longitude=Decimal(151),
        needed_by=date.today() + timedelta(days=30), priority=1, justification="drill",
    )
    run = MatchRun.objects.create(product=product, triggered_by_request=request, requested_by=requester,
                                  status="succeeded")
    run.demands.create(request=request, quantity=10)

    def offer(source, status="proposed", **extra):
        kind = "capacity" if source.kind == "capacity" else "stockpile"
        return Allocation.objects.create(
            match_run=run, request=request, supplying_partner=supplier, quantity=2, status=status,
            estimated_arrival=date.today() + timedelta(days=10), distance_km=Decimal(7800),
            expires_at=timezone.now() + timedelta(days=1), **{kind: source}, **extra,
        )

    offers = {
        "visible": offer(green),  # a source the requester may see: shown whole
        "hidden": offer(red),  # a source it may not see, not accepted: does not exist for it
        "accepted": offer(red_capacity, "accepted", confirmed_arrival=date.today() + timedelta(days=20)),
    }
    sector, _ = ReviewSector.objects.get_or_create(code="console-sector",
                                                   defaults={"name": "S", "kind": "supply_chain"})
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "report_sample.json"
    report = ReportRun.objects.create(requested_by=requester, sector=sector, as_of=date.today(), status="succeeded",
                                      result=json.loads(sample.read_text()))
    return {"requester": requester, "supplier": supplier, "third": third, "product": product, "request": request,
            "run": run, "offers": offers, "green": green, "red": red, "report": report}


@pytest.fixture
def people(world):
    """Clients per kind of caller, each signed in through /accounts/login/ and the second-factor page."""
    clients = {"anonymous": Client()}
    clients["coordinator"] = sign_in(make_person(world["requester"], ("coordinator", "reader"),
                                                 username="coord"), address="192.0.2.1")
    clients["responder"] = sign_in(make_person(world["supplier"], ("responder",), username="resp"),
                                   address="192.0.2.2")
    clients["third"] = sign_in(make_person(world["third"], ("coordinator", "reader", "responder", "publisher"),
                                           username="third"), address="192.0.2.3")
    staff = make_person(None, username="secretariat", is_staff=True)
    clients["staff"] = sign_in(staff, address="192.0.2.4")
    # A member who signed in with the password only and has no second factor yet.
    unverified = make_person(world["requester"], ("coordinator", "reader"), username="newcomer", totp=False)
    client = Client(REMOTE_ADDR="192.0.2.5")
    response = client.post("/accounts/login/", {"login": unverified.username, "password": PASSWORD})
    assert response.status_code == 302
    clients["unverified"] = client
    return clients



