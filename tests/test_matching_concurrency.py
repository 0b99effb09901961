"""Two matching runs for the same product at once never promise the same unit twice (PostgreSQL row locks);
running a finished run again writes nothing."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections

from sharing.models import Allocation, EmergencyRequest, MatchRun
from sharing.services.matching import match_execute
from tests.factories import PartnerFactory, ProductFactory, publish


def scene(requests=4):
    product = ProductFactory(code="HEPARIN", sector="pharmaceuticals", unit="doses")
    supplier, requester = PartnerFactory(code="US-DOC"), PartnerFactory(code="MX-SE")
    site = publish("facility", supplier, "KZOO", country="US", latitude=Decimal("42.29"), longitude=Decimal("-85.59"))
    stock = publish("stockpile", supplier, "HEP-1", facility=site, product=product, quantity=1000, releasable=1000)
    capacity = publish("capacity", supplier, "HEP-LINE", facility=site, product=product, nominal=900, in_use=600,
                       spare=300, releasable=300, lead_time_days=5)
    for i in range(requests):
        EmergencyRequest.objects.create(
            requesting_partner=requester, product=product, quantity=800, destination_country="MX",
            destination_latitude=Decimal("19.4"), destination_longitude=Decimal("-99.1"),
            needed_by=date.today() + timedelta(days=40 + i), priority=1 + i % 2, justification="drill",
        )
    return product, stock, capacity


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
def test_two_runs_at_once_never_promise_a_unit_twice(transactional_db):
    product, stock, capacity = scene()
    runs = [MatchRun.objects.create(product=product) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def run(run_id):
        try:
            barrier.wait()
            match_execute(run_id)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(r.pk,)) for r in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert {r.status for r in MatchRun.objects.all()} == {"succeeded"}
    promised_stock = sum(a.quantity for a in Allocation.objects.filter(stockpile=stock))
    assert promised_stock <= stock.releasable
    days = max((r.needed_by - date.today()).days for r in EmergencyRequest.objects.all()) - capacity.lead_time_days
    assert sum(a.quantity for a in Allocation.objects.filter(capacity=capacity)) <= capacity.releasable * days / 30


@pytest.mark.django_db
def test_running_a_finished_run_again_writes_nothing():
    product, _, _ = scene(requests=2)
    run = MatchRun.objects.create(product=product)
    match_execute(run.pk)
    offers = Allocation.objects.count()
    assert offers > 0
    match_execute(run.pk)
    assert Allocation.objects.count() == offers and MatchRun.objects.get(pk=run.pk).attempts == 1
