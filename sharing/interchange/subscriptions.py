"""Subscriptions to changes: a partner's changes feed, one kind (optionally one product or country), pushed in
batches to one of its webhook endpoints.

A batch is a page of the changes feed, made at each attempt by the feed's own code (``sharing.api.changes``) for
the subscribing partner, from the subscription's ``position`` (the last change its endpoint acknowledged with a
2xx). So a subscription and the feed never disagree: a batch holds what ``GET /api/v1/changes/`` would answer the
same partner from the same cursor, filtered; "no longer visible" comes as a delete, in the feed's order. Nothing
is stored for a batch but the position: a batch not yet acknowledged is made again at the next attempt, with the
visibility of that moment, so a record hidden between a publish and a delivery (a marking tightened, a group left)
is never sent, and its deletion is. After an outage the endpoint receives everything after its last
acknowledged batch, once: the position moves only on a 2xx, and only one process sends a subscription's batches
at a time (a lease taken by one conditional update, like a webhook delivery's claim).

Filters: ``product`` (capacities, stockpiles, supply links) and ``country`` (facilities, where the facility is).
A record that stops matching its filter (moved to another product or country) comes as a delete, so the
receiver's copy is the filtered set; deletions of the kind are all sent (a receiver drops ids it does not hold),
since a hidden record's current product or country must not decide whether its deletion is told.

Each batch is one Standard Webhooks message (``webhook-id`` is the same for the same range of the feed) with
``type: "changes"`` and ``data``: ``subscription``, ``kind``, ``after`` and ``next`` (the feed's sealed cursors:
``next`` is the position once acknowledged, and may be passed to the changes feed), ``has_more``, ``results``
(the feed's entries). The pump ``deliver_subscriptions`` starts a delivery for every subscription behind the
feed: woken about a second after any change commits (``enqueue.wake_subscriptions``, with a broker), and run by
beat every ``SUBSCRIPTION_POLL_SECONDS`` as the safety net (alone in the embedded default). Creating or resuming a
subscription starts one at once.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework.utils.encoders import JSONEncoder

from sharing.api import feed_cursor
from sharing.api.changes import audit_synced, change_entries, feed_page
from sharing.choices import Role
from sharing.models import Product, Subscription, WebhookEndpoint
from sharing.principal import Principal
from sharing.sealing import CannotOpen
from sharing.selectors import Change
from sharing.services import enqueue, webhooks
from sharing.services.audit import audit_record
from sharing.services.publishing import current_seq

# A delivery task sends batches for this long at most, then leaves the rest to the next run (well inside Celery's
# task time limit); the periodic pump also stops enqueueing after this many subscriptions per run.
SEND_SECONDS = 60.0
PUMP_LIMIT = 2000
MAX_RETRY_SECONDS = 3600.0
PRODUCT_KINDS = frozenset({"capacity", "stockpile", "supply_link", "demand"})


def _lease() -> timedelta:
    return timedelta(seconds=max(60.0, 6 * settings.WEBHOOK_TIMEOUT_SECONDS))


def _validate(*, kind: str, product: Product | None, country: str) -> None:
    if product is not None and kind not in PRODUCT_KINDS:
        raise ValidationError({"product": "Only capacity, stockpile, supply_link and demand subscriptions filter by "
                                          "product."})
    if country and kind != "facility":
        raise ValidationError({"country": "Only facility subscriptions filter by country (where the facility is)."})


@transaction.atomic
def subscription_create(*, principal: Principal, endpoint: WebhookEndpoint, kind: str, product: Product | None = None,
                        country: str = "", after: int = 0) -> Subscription:
    """``after``: a changes-feed position (decoded from a cursor the partner holds; 0: everything it may see)."""
    _validate(kind=kind, product=product, country=country)
    subscription = Subscription.objects.create(
        partner=principal.partner, endpoint=endpoint, kind=kind, product=product, country=country or "",
        position=after,
    )
    audit_record(action="subscription.create", principal=principal, object_type="subscription",
                 object_id=subscription.pk, object_owner=principal.partner,
                 detail={"kind": kind, "endpoint": endpoint.pk, "product": product.code if product else None,
                         "country": country or None})
    enqueue.after_commit(enqueue.DELIVER_SUBSCRIPTION, [subscription.pk])
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, principal: Principal, **changes) -> Subscription:
    """The endpoint and ``active`` may change; the kind and the filter are the subscription (make another)."""
    fields = [name for name in ("endpoint", "active") if name in changes]
    for name in fields:
        setattr(subscription, name, changes[name])
    if fields:
        subscription.next_attempt_at = None  # a new endpoint, or resumed: try at once
        subscription.save(update_fields=[*fields, "next_attempt_at", "updated_at"])
        audit_record(action="subscription.update", principal=principal, object_type="subscription",
                     object_id=subscription.pk, object_owner=subscription.partner_id,
                     detail={"endpoint": subscription.endpoint_id, "active": subscription.active})
        if subscription.active:
            enqueue.after_commit(enqueue.DELIVER_SUBSCRIPTION, [subscription.pk])
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription, principal: Principal) -> None:
    audit_record(action="subscription.delete", principal=principal, object_type="subscription",
                 object_id=subscription.pk, object_owner=subscription.partner_id)
    subscription.delete()


def subscriber(subscription: Subscription) -> Principal:
    """The partner as the feed sees a reader of it: its visibility, its groups, nothing more."""
    return Principal(partner=subscription.partner, roles=frozenset({Role.READER}))


def _keep(subscription: Subscription):
    def keep(change: Change) -> Change | None:
        if change.kind != subscription.kind:
            return None
        if change.op != "upsert":
            return change
        record = change.record
        if (subscription.product_id and record.product_id != subscription.product_id) or (
            subscription.country and record.country != subscription.country
        ):
            return Change(change.seq, change.kind, change.record_id, "delete")
        return change
    return keep


def message_id(subscription: Subscription, after: int, until: int) -> str:
    """The same for the same range of the feed (so a receiver may deduplicate), and opaque: positions count every
    partner's changes and must not be read from it."""
    digest = salted_hmac("sharing.subscriptions.message-id", f"{subscription.pk}:{after}:{until}",
                         algorithm="sha256").digest()
    return "msg_" + base64.b32encode(digest[:20]).decode().lower().rstrip("=")


def _claim(subscription_id: int, now: datetime) -> bool:
    return bool(
        Subscription.objects.filter(pk=subscription_id, active=True)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(lease_until=now + _lease())
    )


def _retry_delay(failures: int) -> float:
    return min(MAX_RETRY_SECONDS, settings.WEBHOOK_RETRY_BASE_SECONDS * (2 ** max(0, failures - 1)))


def _failed(subscription: Subscription, error: str, code: int | None, now: datetime) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(
        failures=F("failures") + 1, last_error=error, last_status_code=code, last_attempt_at=now, lease_until=None,
        next_attempt_at=now + timedelta(seconds=_retry_delay(subscription.failures + 1)),
    )


def deliver(subscription_id: int) -> str:
    """Sends the subscription's batches until it is up to date, an attempt fails, or SEND_SECONDS pass; returns
    what happened (``up_to_date``, ``failed``, ``more``, ``not_claimed``, ``paused``)."""
    if not _claim(subscription_id, timezone.now()):
        return "not_claimed"  # inactive, waiting out a back-off, or another process is sending it
    try:
        outcome = _send_batches(Subscription.objects.select_related("partner", "endpoint").get(pk=subscription_id))
    finally:
        Subscription.objects.filter(pk=subscription_id).update(lease_until=None)
    if outcome == "more":  # the rest in a fresh task, once the lease is given back
        enqueue.send(enqueue.DELIVER_SUBSCRIPTION, [subscription_id])
    return outcome


def _send_batches(subscription: Subscription) -> str:
    started = time.monotonic()
    if not subscription.partner.is_active or not subscription.endpoint.active:
        # Suspended: nothing is sent (its keys stopped working too); resumes where it was when reinstated.
        _failed(subscription, "partner_suspended" if not subscription.partner.is_active else "endpoint_removed",
                None, timezone.now())
        return "paused"
    principal = subscriber(subscription)
    keep = _keep(subscription)
    while True:
        # The lease is renewed before each batch, so a long run of batches never outlives it (which would let a
        # second process send the same batch).
        Subscription.objects.filter(pk=subscription.pk).update(lease_until=timezone.now() + _lease())
        after = subscription.position
        page, cursor, has_more = feed_page(principal, after, settings.SUBSCRIPTION_BATCH_SIZE, keep)
        now = timezone.now()
        if not page:
            # Nothing of this kind (or filter) up to the cursor: acknowledged without a message.
            Subscription.objects.filter(pk=subscription.pk, position=after).update(position=cursor)
            return "up_to_date"
        body = json.dumps({
            "type": "changes", "timestamp": now.isoformat(),
            "data": {
                "subscription": subscription.pk, "kind": subscription.kind,
                "after": feed_cursor.encode(after, subscription.partner_id),
                "next": feed_cursor.encode(cursor, subscription.partner_id),
                "has_more": has_more, "results": change_entries(principal, page),
            },
        }, cls=JSONEncoder, sort_keys=True, separators=(",", ":")).encode()
        code, error = None, ""
        try:
            headers = {**webhooks.BASE_HEADERS, **webhooks.signed_headers(
                subscription.endpoint, message_id(subscription, after, cursor), body, event="changes", now=now)}
            code = webhooks.post(webhooks.resolve_target(subscription.endpoint.url), body, headers)
        except webhooks.EgressRefused as exc:
            error = exc.category
        except CannotOpen:
            error = "secret_unavailable"
        if code is not None and 300 <= code < 400:
            error = "redirect_refused"
        elif code is not None and not 200 <= code < 300:
            error = f"http_status {code}"
        if error:
            _failed(subscription, error, code, timezone.now())
            return "failed"
        with transaction.atomic():
            Subscription.objects.filter(pk=subscription.pk, position=after).update(
                position=cursor, failures=0, last_error="", last_status_code=code, last_attempt_at=now,
                last_acknowledged_at=timezone.now(), next_attempt_at=None,
                batches_acknowledged=F("batches_acknowledged") + 1,
            )
            audit_synced(principal, page)
        subscription.position, subscription.failures = cursor, 0
        if not has_more:
            return "up_to_date"
        if time.monotonic() - started > SEND_SECONDS:
            return "more"


def deliver_due(now: datetime | None = None) -> int:
    """The periodic job: starts a delivery for every active subscription behind the feed (its position below the
    latest change) that is not waiting out a back-off or being sent. Returns how many were started."""
    now = now or timezone.now()
    due = list(
        Subscription.objects.filter(active=True, position__lt=current_seq(), partner__status="active",
                                    endpoint__active=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:PUMP_LIMIT]
    )
    return enqueue.send(enqueue.DELIVER_SUBSCRIPTION, due, force=True)
