"""Standard Webhooks (issue 16, part 4): our deliveries verified by the ``standardwebhooks`` library, as a partner's
receiver would verify them: one secret, both secrets during a rotation's overlap, the old header for endpoints made
before (until the deprecation date), the old secret refused once the overlap ends; secrets sealed at rest.
"""

import base64
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from sharing.models import WebhookDelivery, WebhookEndpoint
from sharing.services import webhooks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

GUIDE = Path(__file__).resolve().parent.parent / "api_docs" / "README.md"


@pytest.fixture
def responder(client_for, partner):
    return client_for(partner, roles=("responder",))


def register(client, receiver) -> dict:
    response = client.post("/api/v1/webhooks/", {"url": f"http://127.0.0.1:{receiver.port}/hook",
                                                 "events": ["offer.proposed"]}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def an_event(partner, n: int = 1) -> tuple[dict, bytes]:
    """An event for the partner; returns the headers and body of what the receiver got last."""
    webhooks.notify(partner_ids=[partner.pk], event="offer.proposed", payload={"offer": n, "request": 1})


def last(receiver) -> tuple[dict, bytes]:
    _, _, headers, body = receiver.posts()[-1]
    return headers, body


def verifies(secret: str, headers: dict, body: bytes) -> bool:
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


def test_the_secret_is_made_by_the_service_shown_once_and_verifies_with_the_library(responder, partner, receiver):
    created = register(responder, receiver)
    secret = created["secret"]
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", secret)  # base64 of 32 random bytes
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert "secret" not in responder.get(f"/api/v1/webhooks/{created['id']}/").json()
    assert all("secret" not in hook for hook in responder.get("/api/v1/webhooks/").json()["results"])
    an_event(partner)
    headers, body = last(receiver)
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "offer.proposed" and payload["data"] == {"offer": 1, "request": 1}
    assert headers["webhook-id"].startswith("msg_") and headers["webhook-signature"].startswith("v1,")
    assert not any(name.lower().startswith("x-sharing") for name in headers)
    assert not verifies(webhooks.new_secret(), headers, body)
    # Altered body, or a replayed message with a new timestamp: refused.
    assert not verifies(secret, headers, body.replace(b'"offer":1', b'"offer":2'))
    assert not verifies(secret, {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) + 1)}, body)


def test_a_secret_sent_at_registration_is_refused_with_a_reason(responder, receiver):
    response = responder.post("/api/v1/webhooks/", {"url": f"http://127.0.0.1:{receiver.port}/hook",
                                                    "secret": "mine-mine-mine-mine", "events": ["offer.proposed"]},
                              format="json")
    assert response.status_code == 400
    assert "makes each endpoint's secret" in response.json()["errors"]["secret"][0]
    assert not WebhookEndpoint.objects.exists()


def test_every_attempt_of_one_message_has_the_same_webhook_id(responder, partner, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    register(responder, receiver)
    receiver.status = 503

    def recover(r):
        if len(r.posts()) == 2:
            r.status = 204
    receiver.on_request = recover
    an_event(partner)
    ids = {headers["webhook-id"] for _, _, headers, _ in receiver.posts()}
    assert len(receiver.posts()) == 2 and len(ids) == 1
    assert WebhookDelivery.objects.get().status == "succeeded"


def test_during_a_rotation_both_secrets_sign_and_after_it_only_the_new_one(responder, partner, receiver, settings):
    created = register(responder, receiver)
    old = created["secret"]
    rotated = responder.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/")
    assert rotated.status_code == 200
    new = rotated.json()["secret"]
    assert new != old and new.startswith("whsec_")
    assert rotated.json()["previous_secret_expires_at"]
    an_event(partner)
    headers, body = last(receiver)
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert verifies(old, headers, body) and verifies(new, headers, body)
    # The overlap ends: the old secret no longer verifies.
    WebhookEndpoint.objects.update(previous_secret_expires_at=timezone.now() - timedelta(seconds=1))
    an_event(partner, 2)
    headers, body = last(receiver)
    assert len(headers["webhook-signature"].split(" ")) == 1
    assert verifies(new, headers, body) and not verifies(old, headers, body)


def test_the_overlap_is_the_documented_setting(responder, receiver, settings):
    settings.WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS = 3600
    created = register(responder, receiver)
    before = timezone.now()
    responder.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/")
    endpoint = WebhookEndpoint.objects.get()
    assert timedelta(seconds=3590) < endpoint.previous_secret_expires_at - before < timedelta(seconds=3610)


def test_a_second_rotation_ends_the_first_secret_at_once(responder, partner, receiver):
    created = register(responder, receiver)
    first = created["secret"]
    second = responder.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/").json()["secret"]
    third = responder.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/").json()["secret"]
    an_event(partner)
    headers, body = last(receiver)
    assert verifies(third, headers, body) and verifies(second, headers, body) and not verifies(first, headers, body)


def test_rotating_takes_the_roles_registering_took(client_for, responder, partner, receiver, other_partner):
    created = register(responder, receiver)
    reader = client_for(partner, roles=("reader",))
    assert reader.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/").status_code == 403
    assert reader.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 403
    stranger = client_for(other_partner, roles=("responder",))
    assert stranger.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/").status_code == 404
    assert not WebhookEndpoint.objects.filter(previous_secret_sealed__gt="").exists()


def legacy_endpoint(partner, receiver, given="given-secret-0123456789") -> WebhookEndpoint:
    """An endpoint as the migration leaves one registered before: the secret the partner gave, the old header."""
    return WebhookEndpoint.objects.create(partner=partner, url=f"http://127.0.0.1:{receiver.port}/hook",
                                          secret=given, events=["offer.proposed"], legacy_signature=True)


def test_an_endpoint_made_before_keeps_the_old_header_until_the_deprecation_date(partner, receiver, settings):
    given = "given-secret-0123456789"
    legacy_endpoint(partner, receiver, given)
    settings.WEBHOOK_LEGACY_SIGNATURE_UNTIL = date.today() + timedelta(days=1)
    an_event(partner)
    headers, body = last(receiver)
    # The old receiver's check still passes, with the secret it has...
    assert webhooks.verify(given, headers["X-Sharing-Signature"], body)
    assert headers["X-Sharing-Event"] == "offer.proposed" and headers["X-Sharing-Delivery"]
    # ...and the standard one with the same secret in the standard form (the guide says how).
    standard = "whsec_" + base64.b64encode(given.encode()).decode()
    assert verifies(standard, headers, body)
    settings.WEBHOOK_LEGACY_SIGNATURE_UNTIL = date.today()  # the date has come: the standard headers only
    an_event(partner, 2)
    headers, body = last(receiver)
    assert not any(name.lower().startswith("x-sharing") for name in headers)
    assert verifies(standard, headers, body)


def test_a_rotation_of_an_old_endpoint_keeps_the_old_header_through_the_overlap_only(client_for, partner, receiver,
                                                                                    settings):
    given = "given-secret-0123456789"
    endpoint = legacy_endpoint(partner, receiver, given)
    settings.WEBHOOK_LEGACY_SIGNATURE_UNTIL = date.today() + timedelta(days=30)
    responder = client_for(partner, roles=("responder",))
    assert responder.get(f"/api/v1/webhooks/{endpoint.pk}/").json()["legacy_signature"] is True
    new = responder.post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret/").json()["secret"]
    an_event(partner)
    headers, body = last(receiver)
    assert webhooks.verify(given, headers["X-Sharing-Signature"], body)  # keyed as given, during the overlap
    assert verifies(new, headers, body)
    ended = timezone.now() - timedelta(seconds=1)  # the overlap ends (both are set to its end)
    WebhookEndpoint.objects.update(previous_secret_expires_at=ended, legacy_signature_ends_at=ended)
    an_event(partner, 2)
    headers, body = last(receiver)
    assert "X-Sharing-Signature" not in headers and verifies(new, headers, body)
    assert responder.get(f"/api/v1/webhooks/{endpoint.pk}/").json()["legacy_signature"] is False


def test_secrets_are_sealed_at_rest(responder, receiver, partner, settings):
    created = register(responder, receiver)
    secret = created["secret"]
    raw = base64.b64decode(secret.removeprefix("whsec_"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret_sealed FROM sharing_webhookendpoint")
        (stored,) = cursor.fetchone()
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    assert raw not in base64.urlsafe_b64decode(stored)
    # Another SECRET_KEY cannot open it: the delivery fails with a category, not a crash...
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-" + "x" * 40
    an_event(partner)
    assert receiver.posts() == []
    assert WebhookDelivery.objects.get().last_error == "secret_unavailable"
    # ...unless the old key is in SECRET_KEY_FALLBACKS.
    settings.SECRET_KEY_FALLBACKS = [old_key]
    an_event(partner, 2)
    headers, body = last(receiver)
    assert verifies(secret, headers, body)


def test_the_migration_seals_the_given_secrets_and_keeps_them_working(partner, receiver, settings):
    executor = MigrationExecutor(connection)
    before, after = [("sharing", "0012_random_public_ids")], [("sharing", "0013_webhook_secrets_and_subscriptions")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    given = "partner-given-secret-42"
    old_apps.get_model("sharing", "WebhookEndpoint").objects.create(
        id=77, partner_id=partner.pk, url=f"http://127.0.0.1:{receiver.port}/hook", secret=given,
        events=["offer.proposed"], active=True,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    endpoint = WebhookEndpoint.objects.get(pk=77)
    assert endpoint.legacy_signature is True and given not in endpoint.secret_sealed
    assert endpoint.secret_key == given.encode()
    settings.WEBHOOK_LEGACY_SIGNATURE_UNTIL = date.today() + timedelta(days=1)
    an_event(partner)
    headers, body = last(receiver)
    assert webhooks.verify(given, headers["X-Sharing-Signature"], body)
    assert verifies("whsec_" + base64.b64encode(given.encode()).decode(), headers, body)


def guide_verification_example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(), re.S)
    (example,) = [b for b in blocks if "from standardwebhooks import Webhook" in b]
    return example


def test_the_guides_verification_example_verifies_a_real_delivery(responder, partner, receiver):
    secret = register(responder, receiver)["secret"]
    an_event(partner)
    headers, body = last(receiver)
    scope = {"secret": secret, "body": body, "headers": headers}
    exec(guide_verification_example(), scope)
    assert scope["event"]["type"] == "offer.proposed"
    scope = {"secret": webhooks.new_secret(), "body": body, "headers": headers}
    with pytest.raises(WebhookVerificationError):
        exec(guide_verification_example(), scope)


def test_the_body_is_the_json_signed(responder, partner, receiver):
    secret = register(responder, receiver)["secret"]
    an_event(partner)
    headers, body = last(receiver)
    assert json.loads(body) == Webhook(secret).verify(body, headers)
