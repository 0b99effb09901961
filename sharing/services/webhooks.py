"""Signed webhooks: each event becomes a delivery per subscribed endpoint, sent by Celery with retries.

The signature header is ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>``;
a receiver recomputes it and refuses stale timestamps, which stops replays.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sharing.choices import DeliveryStatus, WebhookEvent
from sharing.models import WebhookDelivery, WebhookEndpoint
from sharing.principal import Principal
from sharing.services.audit import audit_record


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, tolerance_seconds: int = 300, now: float | None = None) -> bool:
    """What a receiver does; the tests use it as the receiver."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def validate_target(url: str) -> None:
    """Refuses URLs that would make the service call into its own network (SSRF), unless allowed."""
    parsed = urlparse(url)
    if parsed.scheme not in {"https", "http"} or not parsed.hostname:
        raise ValidationError({"url": "Must be an https URL."})
    if parsed.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise ValidationError({"url": "Must be an https URL."})
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, parsed.port or 443)}
    except OSError as exc:
        raise ValidationError({"url": "The host name does not resolve."}) from exc
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise ValidationError({"url": "The URL points to a private or reserved address."})


@transaction.atomic
def endpoint_register(*, principal: Principal, url: str, secret: str, events: list[str]) -> WebhookEndpoint:
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown or not events:
        raise ValidationError({"events": f"Choose from: {', '.join(WebhookEvent.values)}."})
    if len(secret) < 16:
        raise ValidationError({"secret": "At least 16 characters."})
    validate_target(url)
    endpoint = WebhookEndpoint.objects.create(
        partner=principal.partner, url=url, secret=secret, events=sorted(set(events))
    )
    audit_record(
        action="webhook.register",
        principal=principal,
        object_type="webhook",
        object_id=endpoint.pk,
        object_owner=principal.partner,
        detail={"url": url, "events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def endpoint_remove(*, endpoint: WebhookEndpoint, principal: Principal) -> None:
    endpoint.active = False
    endpoint.save(update_fields=["active"])
    audit_record(
        action="webhook.remove",
        principal=principal,
        object_type="webhook",
        object_id=endpoint.pk,
        object_owner=endpoint.partner_id,
    )


def notify(*, partner_ids: Iterable[int], event: str, payload: dict) -> list[WebhookDelivery]:
    """Queues one delivery per active endpoint of these partners that subscribed to the event."""
    return notify_many([(partner_id, event, payload) for partner_id in set(partner_ids)])


def notify_many(events: list[tuple[int, str, dict | Callable[[], dict]]]) -> list[WebhookDelivery]:
    """Many (partner, event, payload) at once: one query for the endpoints, one insert for the deliveries.

    A payload may be a function that makes it: it is called only when some endpoint listens."""
    if not events:
        return []
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(partner_id__in={p for p, _, _ in events}, active=True):
        endpoints.setdefault(endpoint.partner_id, []).append(endpoint)
    now = timezone.now().isoformat()
    deliveries = [
        WebhookDelivery(endpoint=endpoint, event=event, payload={
            "event": event, "occurred_at": now, "data": payload() if callable(payload) else payload,
        })
        for partner_id, event, payload in events
        for endpoint in endpoints.get(partner_id, [])
        if event in endpoint.events
    ]
    if not deliveries:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(deliveries)
    from sharing.tasks import deliver_webhook

    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.delay(pk))
    return deliveries


def deliver(delivery_id: int) -> WebhookDelivery:
    """One attempt. Returns the delivery; its status says whether to try again (pending) or not."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return delivery
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "allied-supply-sharing-webhooks/1",
            "X-Sharing-Event": delivery.event,
            "X-Sharing-Delivery": str(delivery.pk),
            "X-Sharing-Signature": sign(delivery.endpoint.secret, timestamp, body),
        },
    )
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            code = response.status
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        error = str(getattr(exc, "reason", exc))[:500]
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, error
    delivery.log = [
        *delivery.log,
        {"attempt": delivery.attempts, "at": timezone.now().isoformat(), "status_code": code, "error": error},
    ]
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryStatus.SUCCEEDED,
            timezone.now(),
            None,
        )
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(delivery.attempts))
    delivery.save()
    return delivery


def retry_due(now=None) -> int:
    """Sends the pending deliveries whose next attempt is due (for workers that lost a retry, and in-process)."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
               .values_list("pk", flat=True)[:500])
    for delivery_id in due:
        deliver(delivery_id)
    return len(due)


def retry_delay(attempts: int) -> float:
    return settings.WEBHOOK_RETRY_BASE_SECONDS * (2 ** (attempts - 1))


@transaction.atomic
def redeliver(*, delivery: WebhookDelivery, principal: Principal) -> WebhookDelivery:
    fresh = WebhookDelivery.objects.create(endpoint=delivery.endpoint, event=delivery.event, payload=delivery.payload)
    audit_record(
        action="webhook.redeliver",
        principal=principal,
        object_type="webhook_delivery",
        object_id=fresh.pk,
        object_owner=delivery.endpoint.partner_id,
        detail={"of": delivery.pk},
    )
    from sharing.tasks import deliver_webhook

    transaction.on_commit(lambda: deliver_webhook.delay(fresh.pk))
    return fresh
