"""Coordinators and responders in the console, end to end through Django's test client: a coordinator opens a
request and runs matching, watches the run, a responder of another partner accepts, the coordinator sees the fill
change; decline, re-match (asking a partner again), cancel, confirm delivery; a third partner's person gets 404s;
every action is in the audit trail under the person; lists answer in a fixed number of queries."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing.models import Allocation, AuditEvent, EmergencyRequest, MatchRun
from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

SOON = date.today() + timedelta(days=60)


@pytest.fixture
def scene():
    requester = PartnerFactory(code="MX-SE", country="MX")
    supplier = PartnerFactory(code="US-DOC", country="US")
    third = PartnerFactory(code="KR-MOTIE", country="KR")
    gloves = ProductFactory(code="NITRILE-GLOVES", sector="medical_supplies", unit="units")
    site = publish("facility", supplier, "US-WH", marking="GREEN", country="US", latitude=Decimal("29.76"),
                   longitude=Decimal("-95.37"), facility_kind="warehouse")
    publish("stockpile", supplier, "US-GLOVES", facility=site, product=gloves, quantity=1000, releasable=600,
            marking="GREEN")
    return {
        "requester": requester, "supplier": supplier, "third": third, "product": gloves,
        "coordinator": sign_in(make_person(requester, ("coordinator", "reader"), username="coordinator"),
                               address="192.0.2.1"),
        "responder": sign_in(make_person(supplier, ("responder",), username="responder"), address="192.0.2.2"),
        "outsider": sign_in(make_person(third, ("coordinator", "reader", "responder"), username="outsider"),
                            address="192.0.2.3"),
    }


def open_request(client, quantity="1000", **changes) -> tuple:
    form = client.get("/console/requests/new/")
    assert form.status_code == 200
    body = {
        "product": "NITRILE-GLOVES", "quantity": quantity, "priority": "1", "needed_by": str(SOON),
        "destination_country": "MX", "destination_latitude": "19.43", "destination_longitude": "-99.13",
        "justification": "Hospital shortage after an earthquake",
        "idempotency_key": form.context["form"].initial["idempotency_key"], **changes,
    }
    response = client.post("/console/requests/new/", body)
    return response, body


def run_matching(client, request_pk, capture, **body):
    with capture(execute=True):
        response = client.post(f"/console/requests/{request_pk}/match/", {"idempotency_key": "", **body})
    assert response.status_code == 302, response.content[:500]
    return int(re.search(r"/console/runs/(\d+)/", response["Location"]).group(1))


def test_open_match_watch_accept_and_the_fill_changes(scene, django_capture_on_commit_callbacks):
    coordinator, responder, outsider = scene["coordinator"], scene["responder"], scene["outsider"]
    response, body = open_request(coordinator)
    assert response.status_code == 302
    request = EmergencyRequest.objects.get()
    assert response["Location"] == f"/console/requests/{request.pk}/"
    assert request.requesting_partner == scene["requester"] and request.opened_by == "user coordinator"
    # Sending the form again (a double click) opens nothing more.
    assert coordinator.post("/console/requests/new/", body).status_code == 302
    assert EmergencyRequest.objects.count() == 1

    run_pk = run_matching(coordinator, request.pk, django_capture_on_commit_callbacks)
    run_page = coordinator.get(f"/console/runs/{run_pk}/")
    assert run_page.status_code == 200
    progress = coordinator.get(f"/console/runs/{run_pk}/progress/")
    assert progress.status_code == 200 and b"hx-trigger" not in progress.content, "finished: no more polling"
    fills = progress.context["fills"]
    assert [(f["request_id"], f["needed"], f["offered"]) for f in fills] == [(request.pk, 1000, 600)]
    assert b"60.0%" in progress.content

    offer = Allocation.objects.get(request=request)
    pending = responder.get("/console/offers/")
    assert [o["id"] for o in pending.context["offers"]] == [offer.pk]
    assert f"Offer {offer.pk}".encode() in pending.content
    page = responder.get(f"/console/offers/{offer.pk}/")
    assert page.context["may_accept"] and page.context["may_decline"]
    confirmed = date.today() + timedelta(days=12)
    response = responder.post(f"/console/offers/{offer.pk}/accept/", {"confirmed_arrival": str(confirmed)})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.confirmed_arrival == confirmed

    detail = coordinator.get(f"/console/requests/{request.pk}/")
    assert detail.context["totals"] == {"accepted": Decimal(600)}
    assert [(r["supplying_partner__code"], r["status"], r["offers"]) for r in detail.context["by_partner"]] == [
        ("US-DOC", "accepted", 1)]
    assert f"{confirmed} (confirmed)".encode() in detail.content

    # A third partner's person, with every role, finds none of it.
    for url in (f"/console/requests/{request.pk}/", f"/console/runs/{run_pk}/", f"/console/runs/{run_pk}/progress/",
                f"/console/offers/{offer.pk}/"):
        assert outsider.get(url).status_code == 404, url
    for url in (f"/console/requests/{request.pk}/match/", f"/console/requests/{request.pk}/cancel/",
                f"/console/offers/{offer.pk}/accept/", f"/console/offers/{offer.pk}/decline/"):
        assert outsider.post(url, {"reason": "x"}).status_code == 404, url
    assert outsider.get("/console/offers/").context["offers"] == []

    # Every action under the person who took it.
    def actor(action):
        return AuditEvent.objects.filter(action=action).values_list("actor_user__username", flat=True).first()

    assert actor("emergency_request.open") == "coordinator" and actor("match_run.queue") == "coordinator"
    assert actor("offer.accepted") == "responder"


def test_decline_with_a_reason_rematches_and_the_coordinator_asks_again(scene, django_capture_on_commit_callbacks):
    coordinator, responder = scene["coordinator"], scene["responder"]
    open_request(coordinator, quantity="100")
    request = EmergencyRequest.objects.get()
    run_matching(coordinator, request.pk, django_capture_on_commit_callbacks)
    offer = Allocation.objects.get(request=request)
    assert responder.post(f"/console/offers/{offer.pk}/decline/", {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = responder.post(f"/console/offers/{offer.pk}/decline/", {"reason": "needed at home"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.reason == "needed at home"
    assert AuditEvent.objects.get(action="offer.declined").actor_user.username == "responder"
    # The service's re-match left the decliner out; asking it again is the coordinator's choice.
    assert not Allocation.objects.filter(request=request, status="proposed").exists()
    run_pk = run_matching(coordinator, request.pk, django_capture_on_commit_callbacks, ask_again=["US-DOC"])
    assert MatchRun.objects.get(pk=run_pk).ask_again == [scene["supplier"].pk]
    assert Allocation.objects.filter(request=request, status="proposed").count() == 1


def test_cancel_and_confirm_delivery(scene, django_capture_on_commit_callbacks):
    coordinator, responder = scene["coordinator"], scene["responder"]
    open_request(coordinator, quantity="100")
    request = EmergencyRequest.objects.get()
    run_matching(coordinator, request.pk, django_capture_on_commit_callbacks)
    offer = Allocation.objects.get(request=request)
    assert responder.post(f"/console/offers/{offer.pk}/fulfil/").status_code == 403, "the requester confirms"
    responder.post(f"/console/offers/{offer.pk}/accept/", {})
    assert coordinator.post(f"/console/offers/{offer.pk}/fulfil/").status_code == 302
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.status == "fulfilled" and request.status == "fulfilled"
    assert coordinator.post(f"/console/requests/{request.pk}/cancel/", {"reason": "done"}).status_code == 409
    # Another request, cancelled while its offer is proposed: the offer is released.
    open_request(coordinator, quantity="50")
    second = EmergencyRequest.objects.exclude(pk=request.pk).get()
    run_matching(coordinator, second.pk, django_capture_on_commit_callbacks)
    response = coordinator.post(f"/console/requests/{second.pk}/cancel/", {"reason": "resolved locally"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "cancelled"
    assert set(Allocation.objects.filter(request=second).values_list("status", flat=True)) == {"cancelled"}
    event = AuditEvent.objects.get(action="emergency_request.cancel", object_id=str(second.pk))
    assert event.actor_user.username == "coordinator" and event.detail["reason"] == "resolved locally"
    assert coordinator.post(f"/console/requests/{second.pk}/match/", {}).status_code == 409


@pytest.mark.parametrize("changes, field, message", [
    ({"quantity": "0"}, "quantity", "Ensure this value is greater than or equal to 0.001."),
    ({"needed_by": str(date.today() - timedelta(days=1))}, "needed_by", "Must not be in the past."),
    ({"product": "NO-SUCH"}, "product", "Select a valid choice."),
    ({"destination_latitude": "91"}, "destination_latitude", "less than or equal to 90"),
    ({"justification": "bad\x1b[31m"}, "justification", "control character"),
])
def test_the_request_form_refuses_what_the_api_refuses(scene, changes, field, message):
    response, _ = open_request(scene["coordinator"], **changes)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not EmergencyRequest.objects.exists()


def test_roles_the_person_lacks_are_refused_before_any_lookup(scene):
    responder = scene["responder"]
    assert responder.get("/console/requests/new/").status_code == 403
    assert responder.post("/console/requests/new/", {}).status_code == 403
    reader = sign_in(make_person(scene["requester"], ("reader",), username="reader"), address="192.0.2.9")
    assert reader.get("/console/requests/").status_code == 200  # as the API: readers read requests
    assert reader.post("/console/requests/new/", {}).status_code == 403


def test_the_run_page_polls_while_the_run_is_queued_or_running(scene):
    request = EmergencyRequest.objects.create(
        requesting_partner=scene["requester"], product=scene["product"], quantity=10, destination_country="MX",
        destination_latitude=Decimal("19.4"), destination_longitude=Decimal("-99.1"), needed_by=SOON, priority=1,
        justification="x",
    )
    run = MatchRun.objects.create(product=scene["product"], triggered_by_request=request,
                                  requested_by=scene["requester"], status="running")
    page = scene["coordinator"].get(f"/console/runs/{run.pk}/").content.decode()
    assert f'hx-get="/console/runs/{run.pk}/progress/"' in page and 'hx-trigger="every 2s"' in page
    assert "<progress" in page and "Solving" in page


def test_console_lists_answer_in_a_fixed_number_of_queries(scene, monkeypatch):
    """Request list, a request's page with its offers and runs, the run's page, the responder's offers: as many
    queries for two rows as for twelve (from two supplying partners, sources the requester may and may not see)."""
    from django.utils import timezone

    coordinator, responder = scene["coordinator"], scene["responder"]
    # The idle clock's session write happens at most every 30 s, whenever that falls: none in this test.
    monkeypatch.setattr("sharing.console.middleware.SEEN_RESOLUTION_SECONDS", 10**9)
    other = PartnerFactory(code="JP-METI", country="JP")
    run_of = {}

    def add(n):
        for _ in range(n):
            request = EmergencyRequest.objects.create(
                requesting_partner=scene["requester"], product=scene["product"], quantity=10,
                destination_country="MX", destination_latitude=Decimal("19.4"), destination_longitude=Decimal("-99.1"),
                needed_by=SOON, priority=1, justification="x",
            )
            first = run_of.setdefault("request", request)
            run = run_of.setdefault("run", MatchRun.objects.create(
                product=scene["product"], triggered_by_request=first, requested_by=scene["requester"],
                status="succeeded"))
            run.demands.create(request=request, quantity=10)
            for partner, marking, status in ((scene["supplier"], "GREEN", "proposed"), (other, "RED", "accepted")):
                site = publish("facility", partner, marking=marking)
                source = publish("stockpile", partner, marking=marking, facility=site, product=scene["product"])
                for target in {first, request}:
                    Allocation.objects.create(
                        match_run=run, request=target, stockpile=source, supplying_partner=partner, quantity=1,
                        status=status, estimated_arrival=SOON, distance_km=Decimal(100),
                        expires_at=timezone.now() + timedelta(days=1), confirmed_arrival=SOON,
                    )

    for client in (coordinator, responder):  # the first request after sign-in starts the idle clock (a write)
        client.get("/console/")

    def counts():
        pages = {"requests": (coordinator, "/console/requests/"),
                 "request": (coordinator, f"/console/requests/{run_of['request'].pk}/"),
                 "run": (coordinator, f"/console/runs/{run_of['run'].pk}/"),
                 "offers": (responder, "/console/offers/")}
        found = {}
        for name, (client, url) in pages.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, name
            found[name] = (len(queries), len(response.context.get("offers") or response.context.get("fills")
                                             or response.context["page"].object_list))
        return found

    add(2)
    few = counts()
    add(10)
    many = counts()
    assert all(many[name][1] > few[name][1] for name in many), (few, many)  # more rows shown...
    assert {n: q for n, (q, _) in few.items()} == {n: q for n, (q, _) in many.items()}, (few, many)  # ...same queries
    assert max(q for q, _ in many.values()) <= 30, many
