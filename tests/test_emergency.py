"""Emergency requests through the API: open, match, offers answered, re-matching, expiry, roles, webhooks."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sharing.models import Allocation, AuditEvent, EmergencyRequest, MatchRun, WebhookDelivery
from sharing.services import matching
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

SOON = date.today() + timedelta(days=60)


@pytest.fixture
def scene(client_for):
    gloves = ProductFactory(code="NITRILE-GLOVES", sector="medical_supplies", unit="units")
    requester = PartnerFactory(code="MX-SE", country="MX")
    near, far = PartnerFactory(code="US-DOC", country="US"), PartnerFactory(code="JP-METI", country="JP")
    near_site = publish("facility", near, "US-WH", marking="GREEN", country="US", latitude=Decimal("29.76"),
                        longitude=Decimal("-95.37"), facility_kind="warehouse")
    far_site = publish("facility", far, "JP-WH", marking="RED", country="JP", latitude=Decimal("35.68"),
                       longitude=Decimal("139.69"), facility_kind="warehouse")
    near_stock = publish("stockpile", near, "US-GLOVES", facility=near_site, product=gloves, quantity=1000,
                         releasable=600, marking="GREEN")
    far_stock = publish("stockpile", far, "JP-GLOVES", facility=far_site, product=gloves, quantity=5000,
                        releasable=5000, marking="RED")
    publish("stockpile", far, "JP-LOCKED", facility=far_site, product=gloves, quantity=9000, releasable=0)
    return {
        "product": gloves, "requester": requester, "near": near, "far": far, "near_stock": near_stock,
        "far_stock": far_stock,
        "coordinator": client_for(requester, roles=("coordinator", "reader")),
        "near_responder": client_for(near, roles=("responder",)),
        "far_responder": client_for(far, roles=("responder",)),
    }


def open_request(client, quantity="1000", priority=1, **extra):
    body = {
        "product": "NITRILE-GLOVES", "quantity": quantity, "destination_country": "MX",
        "destination_latitude": "19.43", "destination_longitude": "-99.13", "needed_by": str(SOON),
        "priority": priority, "justification": "Hospital shortage after an earthquake", **extra,
    }
    response = client.post("/api/v1/emergency-requests/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def run_match(client, request_id, capture, **headers):
    with capture(execute=True):
        response = client.post(f"/api/v1/emergency-requests/{request_id}/match/", **headers)
    assert response.status_code == 202, response.json()
    return response


def offers(client, **params):
    return client.get("/api/v1/allocations/", params).json()["results"]


def test_full_flow_open_match_offer_accept_fulfil(scene, django_capture_on_commit_callbacks):
    coordinator = scene["coordinator"]
    request = open_request(coordinator, quantity="1000")
    response = run_match(coordinator, request["id"], django_capture_on_commit_callbacks)
    run = coordinator.get(response["Location"]).json()
    # The run offered 1,000, but 400 come from JP's RED stockpile: the requester reads only what it may know of.
    assert run["status"] == "succeeded" and Decimal(run["quantity_offered"]) == 600
    assert Decimal(run["shortfall"]) == 400
    assert MatchRun.objects.get().quantity_offered == 1000

    made = offers(coordinator)
    by_partner = {o["supplying_partner"]: o for o in made}
    assert set(by_partner) == {"US-DOC"}, "an offer from a source the requester cannot see is not shown"
    assert Decimal(by_partner["US-DOC"]["quantity"]) == 600  # the nearer source first, all it releases
    assert by_partner["US-DOC"]["source"]["external_id"] == "US-GLOVES"
    assert all(o["estimated_arrival"] <= str(SOON) for o in made)
    assert coordinator.get(f"/api/v1/emergency-requests/{request['id']}/").json()["status"] == "offered"

    far = scene["far_responder"]
    (far_offer,) = offers(far)
    assert far_offer["source"]["external_id"] == "JP-GLOVES"  # the supplier sees its own source
    assert Decimal(far_offer["quantity"]) == 400 and far_offer["distance_km"] is not None
    for client, offer in ((scene["near_responder"], by_partner["US-DOC"]), (far, far_offer)):
        assert client.post(f"/api/v1/allocations/{offer['id']}/accept/").json()["status"] == "accepted"
    told = coordinator.get(f"/api/v1/allocations/{far_offer['id']}/").json()
    assert told["supplying_partner"] == "JP-METI" and Decimal(told["quantity"]) == 400
    assert told["confirmed_arrival"] == far_offer["estimated_arrival"]  # no date given: the estimate stands
    assert told["distance_km"] is None and told["estimated_arrival"] is None and told["source"] is None
    for offer in (by_partner["US-DOC"], far_offer):
        assert coordinator.post(f"/api/v1/allocations/{offer['id']}/fulfil/").json()["status"] == "fulfilled"
    assert coordinator.get(f"/api/v1/emergency-requests/{request['id']}/").json()["status"] == "fulfilled"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"emergency_request.open", "match_run.queue", "match_run.finish", "offer.accepted",
            "offer.fulfilled"} <= actions


def test_decline_rematches_the_rest_elsewhere(scene, client_for, django_capture_on_commit_callbacks):
    other = PartnerFactory(code="KR-MOTIE")
    site = publish("facility", other, "KR-WH", country="KR", latitude=Decimal("37.5"), longitude=Decimal("127"))
    publish("stockpile", other, "KR-GLOVES", facility=site, product=scene["product"], quantity=800, releasable=800)
    coordinator = scene["coordinator"]
    request = open_request(coordinator, quantity="1000")
    run_match(coordinator, request["id"], django_capture_on_commit_callbacks)
    us_offer = next(o for o in offers(coordinator) if o["supplying_partner"] == "US-DOC")
    with django_capture_on_commit_callbacks(execute=True):
        declined = scene["near_responder"].post(f"/api/v1/allocations/{us_offer['id']}/decline/",
                                                {"reason": "needed at home"}, format="json")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    # The rest comes from sources the requester cannot see (JP's RED and KR's stock): read as staff would.
    live = Allocation.objects.filter(status="proposed").select_related("supplying_partner")
    assert sum(o.quantity for o in live) == 1000
    assert "US-DOC" not in {o.supplying_partner.code for o in live}
    assert MatchRun.objects.filter(reason="offer declined", status="succeeded").count() == 1


def test_offered_quantities_are_reserved_across_runs(scene, django_capture_on_commit_callbacks):
    coordinator = scene["coordinator"]
    first = open_request(coordinator, quantity="5000")
    run_match(coordinator, first["id"], django_capture_on_commit_callbacks)
    second = open_request(coordinator, quantity="5000", priority=1)
    run_match(coordinator, second["id"], django_capture_on_commit_callbacks)
    for source, releasable in ((scene["near_stock"], 600), (scene["far_stock"], 5000)):
        promised = sum(a.quantity for a in Allocation.objects.filter(stockpile=source))
        assert promised <= releasable
    total = sum(a.quantity for a in Allocation.objects.all())
    assert total == 5600  # everything releasable, promised once; the 9,000 not released never


def test_idempotency_key_returns_the_same_run(scene, django_capture_on_commit_callbacks):
    coordinator = scene["coordinator"]
    request = open_request(coordinator)
    first = run_match(coordinator, request["id"], django_capture_on_commit_callbacks, HTTP_IDEMPOTENCY_KEY="k-1")
    again = run_match(coordinator, request["id"], django_capture_on_commit_callbacks, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.json()["id"] == again.json()["id"] and MatchRun.objects.count() == 1
    body = {"product": "NITRILE-GLOVES", "quantity": "5", "destination_country": "MX", "destination_latitude": "19",
            "destination_longitude": "-99", "needed_by": str(SOON), "priority": 2, "justification": "x"}
    ids = {coordinator.post("/api/v1/emergency-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1").json()["id"]
           for _ in range(2)}
    assert len(ids) == 1


def test_cancel_releases_proposed_offers(scene, django_capture_on_commit_callbacks):
    coordinator = scene["coordinator"]
    request = open_request(coordinator)
    run_match(coordinator, request["id"], django_capture_on_commit_callbacks)
    response = coordinator.post(f"/api/v1/emergency-requests/{request['id']}/cancel/", {"reason": "resolved"},
                                format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert set(Allocation.objects.values_list("status", flat=True)) == {"cancelled"}
    assert coordinator.post(f"/api/v1/emergency-requests/{request['id']}/cancel/").status_code == 409


def test_unanswered_offers_expire_and_rematch(scene, django_capture_on_commit_callbacks):
    coordinator = scene["coordinator"]
    request = open_request(coordinator)
    run_match(coordinator, request["id"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        expired = matching.offers_expire(now=timezone.now() + timedelta(days=3))
    assert expired == 2
    assert MatchRun.objects.filter(reason="offers expired").exists()
    # The re-match may offer the same sources again: their earlier promise is released.
    assert Allocation.objects.filter(status="proposed").count() == 2


def test_requests_past_needed_by_expire(scene):
    coordinator = scene["coordinator"]
    request = open_request(coordinator)
    assert matching.requests_expire(today=SOON + timedelta(days=1)) == 1
    assert EmergencyRequest.objects.get(pk=request["id"]).status == "expired"


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", "0"), ("quantity", "-3"), ("needed_by", "2000-01-01"), ("priority", 4), ("product", "NOPE"),
     ("destination_country", "ZZ"), ("destination_latitude", "95")],
)
def test_request_validation(scene, field, value):
    body = {"product": "NITRILE-GLOVES", "quantity": "10", "destination_country": "MX", "destination_latitude": "19",
            "destination_longitude": "-99", "needed_by": str(SOON), "priority": 1, "justification": "x"}
    response = scene["coordinator"].post("/api/v1/emergency-requests/", {**body, field: value}, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not EmergencyRequest.objects.exists()


def test_roles_and_visibility(scene, client_for, django_capture_on_commit_callbacks):
    coordinator = scene["coordinator"]
    reader_only = client_for(scene["requester"], roles=("reader",))
    body = {"product": "NITRILE-GLOVES", "quantity": "10", "destination_country": "MX", "destination_latitude": "19",
            "destination_longitude": "-99", "needed_by": str(SOON), "priority": 1, "justification": "x"}
    assert reader_only.post("/api/v1/emergency-requests/", body, format="json").status_code == 403
    request = open_request(coordinator)
    outsider = client_for(PartnerFactory(), roles=("coordinator", "reader", "responder"))
    assert outsider.get(f"/api/v1/emergency-requests/{request['id']}/").status_code == 404
    assert outsider.post(f"/api/v1/emergency-requests/{request['id']}/match/").status_code == 404
    run_match(coordinator, request["id"], django_capture_on_commit_callbacks)
    run_id = MatchRun.objects.get().pk
    assert outsider.get(f"/api/v1/match-runs/{run_id}/").status_code == 404
    offer = Allocation.objects.filter(supplying_partner=scene["near"]).get()
    assert outsider.get(f"/api/v1/allocations/{offer.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/allocations/{offer.pk}/accept/").status_code == 404
    assert scene["far_responder"].post(f"/api/v1/allocations/{offer.pk}/accept/").status_code == 404
    assert coordinator.post(f"/api/v1/allocations/{offer.pk}/accept/").status_code == 403  # not the supplier
    assert scene["near_responder"].post(f"/api/v1/allocations/{offer.pk}/fulfil/").status_code == 403


def test_signed_webhook_reaches_the_supplier(scene, receiver, django_capture_on_commit_callbacks):
    from standardwebhooks import Webhook, WebhookVerificationError

    created = scene["near_responder"].post(
        "/api/v1/webhooks/", {"url": receiver.url(), "events": ["offer.proposed"]}, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert "secret" not in scene["near_responder"].get(f"/api/v1/webhooks/{created.json()['id']}/").json()
    request = open_request(scene["coordinator"])
    run_match(scene["coordinator"], request["id"], django_capture_on_commit_callbacks)
    assert len(receiver.posts()) == 1
    _, _, headers, body = receiver.posts()[0]
    assert Webhook(secret).verify(body, dict(headers))["type"] == "offer.proposed"
    assert "X-Sharing-Signature" not in headers  # a new endpoint: the standard headers only
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(body, dict(headers))
    event = json.loads(body)
    assert event["event"] == "offer.proposed"
    (offer,) = scene["near_responder"].get("/api/v1/allocations/").json()["results"]
    assert event["data"] == {"offer": offer["id"], "request": request["id"], "quantity": offer["quantity"],
                             "expires_at": event["data"]["expires_at"]}
    (delivery,) = scene["near_responder"].get("/api/v1/webhook-deliveries/").json()["results"]
    assert delivery["status"] == "succeeded" and delivery["attempts"] == 1


def test_failing_receiver_is_retried_and_logged(scene, receiver, settings, django_capture_on_commit_callbacks):
    receiver.status = 500
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    scene["near_responder"].post(
        "/api/v1/webhooks/", {"url": receiver.url(), "events": ["offer.proposed"]}, format="json")
    request = open_request(scene["coordinator"])
    run_match(scene["coordinator"], request["id"], django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 3 and len(receiver.posts()) == 3
    assert [entry["status_code"] for entry in delivery.log] == [500, 500, 500]
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        again = scene["near_responder"].post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/")
    assert again.status_code == 202
    assert WebhookDelivery.objects.get(pk=again.json()["id"]).status == "succeeded"


def test_webhook_urls_to_private_addresses_are_refused(scene, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_ALLOW_HTTP = False
    for url in ("http://example.org/hook", "https://127.0.0.1/hook", "https://10.0.0.5/x", "ftp://example.org"):
        response = scene["near_responder"].post("/api/v1/webhooks/", {"url": url, "events": ["offer.proposed"]},
                                                format="json")
        assert response.status_code == 400, url


def test_periodic_jobs_run_without_beat(scene, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    coordinator = scene["coordinator"]
    request = open_request(coordinator)
    run_match(coordinator, request["id"], django_capture_on_commit_callbacks)
    Allocation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--once", stdout=out)
    assert "expire-offers: 2" in out.getvalue()
    assert Allocation.objects.filter(status="expired").count() == 2
