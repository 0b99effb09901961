"""Signed webhooks: each event becomes a delivery per subscribed endpoint, sent by Celery with retries.

Deliveries follow Standard Webhooks (https://www.standardwebhooks.com), so a receiver verifies them with an
existing library (``standardwebhooks`` on PyPI, and its ports): ``webhook-id`` (the same for every attempt of one
message: deduplicate on it), ``webhook-timestamp`` (unix seconds; a receiver refuses stale ones, which stops
replays) and ``webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">``. The service makes each
endpoint's secret (``whsec_`` + base64 of 32 random bytes), shows it once, and keeps it sealed (``sharing.sealing``).
After a rotation the secret before it signs too, for ``WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS``: the header then
holds both signatures, space-separated, as the specification allows, and a receiver with either secret accepts it.

Endpoints registered before (their partner gave the secret) also get the old ``X-Sharing-Signature:
t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` with ``X-Sharing-Event`` and ``X-Sharing-Delivery``, keyed
with the secret they gave, until ``WEBHOOK_LEGACY_SIGNATURE_UNTIL`` (or until their first rotation's overlap ends).

Egress (the brief's "Calls the service makes"): a delivery goes only to a globally routable address, unless
``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` (a test network). The URL's host is resolved at every attempt, every address it
has is checked, and the connection is made to the checked address itself, with the name kept for the Host header
and for TLS (server name and certificate check): a name that changes between check and connection (DNS
rebinding) cannot steer the call. Redirects are never followed. A failure is recorded as a category (``timeout``,
``refused``, ``tls``, ``dns``, ``address_not_allowed``, ``redirect_refused``, ``http_status 503`` ...), never the
socket's message, which would make the delivery log a port scanner.

Who may register: a key with a role that receives the events asked for (``EVENT_ROLES``); a reader or publisher
may register an endpoint without events, which receives only its subscriptions' batches (changes feed pushed).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import ipaddress
import json
import os
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlparse

import certifi
import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sharing.choices import DeliveryStatus, Role, WebhookEvent
from sharing.models import WebhookDelivery, WebhookEndpoint
from sharing.models.emergency import secret_text
from sharing.principal import Principal
from sharing.sealing import CannotOpen
from sharing.services import enqueue
from sharing.services.audit import audit_record
from sharing.services.enqueue import stall_cutoff

# Who receives each event, so who may subscribe to it: offers are answered by the supplier's responders; the
# requester's coordinators follow their requests; both hear of an offer that expired.
EVENT_ROLES: dict[str, frozenset[str]] = {
    WebhookEvent.OFFER_PROPOSED: frozenset({Role.RESPONDER}),
    WebhookEvent.OFFER_ACCEPTED: frozenset({Role.COORDINATOR}),
    WebhookEvent.OFFER_DECLINED: frozenset({Role.COORDINATOR}),
    WebhookEvent.OFFER_EXPIRED: frozenset({Role.RESPONDER, Role.COORDINATOR}),
    WebhookEvent.REQUEST_STATUS_CHANGED: frozenset({Role.COORDINATOR}),
    WebhookEvent.MATCH_RUN_FINISHED: frozenset({Role.COORDINATOR}),
    # Makers hear of waivers they might supply: whoever answers for the partner (responders) or publishes its data.
    WebhookEvent.WAIVER_POSTED: frozenset({Role.RESPONDER, Role.PUBLISHER}),
}
SUBSCRIBER_ROLES = frozenset().union(*EVENT_ROLES.values())
# Who reads the changes feed, so who may receive it pushed (subscriptions, on an endpoint without events).
FEED_ROLES = frozenset({Role.READER, Role.PUBLISHER})
# The periodic retry job stops taking deliveries after this long, well inside Celery's task time limit.
RETRY_JOB_SECONDS = 60.0


class EventsNotAllowed(Exception):
    """The caller's roles do not receive some of the events it asked for."""


SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh endpoint secret in the Standard Webhooks form: ``whsec_`` + base64 of 32 random bytes."""
    return secret_text(os.urandom(SECRET_BYTES))


def standard_signature(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`` (Standard Webhooks, symmetric)."""
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sign(secret: str | bytes, timestamp: int, body: bytes) -> str:
    """The old ``X-Sharing-Signature`` (deprecated: endpoints registered before Standard Webhooks, for a while)."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, tolerance_seconds: int = 300, now: float | None = None) -> bool:
    """What a receiver of the old header does; the tests use it as that receiver."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def legacy_headers_due(endpoint: WebhookEndpoint, now: datetime) -> bool:
    """Whether this endpoint still gets the old X-Sharing-* headers (see the module's docstring)."""
    if not endpoint.legacy_signature or now.date() >= settings.WEBHOOK_LEGACY_SIGNATURE_UNTIL:
        return False
    return endpoint.legacy_signature_ends_at is None or now < endpoint.legacy_signature_ends_at


def signed_headers(endpoint: WebhookEndpoint, msg_id: str, body: bytes, *, event: str,
                   now: datetime | None = None) -> dict[str, str]:
    """The headers of one attempt: Standard Webhooks' three, signed with the current secret and, during a
    rotation's overlap, the previous one too; plus the old headers where they are still due. Raises CannotOpen
    when the sealed secret does not open (SECRET_KEY changed without the old one in SECRET_KEY_FALLBACKS)."""
    now = now or timezone.now()
    timestamp = int(now.timestamp())
    keys = [endpoint.secret_key]
    previous = None
    if endpoint.previous_secret_sealed and endpoint.previous_secret_expires_at and (
        now < endpoint.previous_secret_expires_at
    ):
        previous = endpoint.previous_secret_key
        keys.append(previous)
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(standard_signature(key, msg_id, timestamp, body) for key in keys),
    }
    if legacy_headers_due(endpoint, now):
        # Keyed with the secret the partner gave: before any rotation the current one, during the first
        # rotation's overlap the previous one (legacy_headers_due ends it with that overlap).
        legacy_key = keys[0] if endpoint.legacy_signature_ends_at is None else previous
        if legacy_key is not None:
            headers.update({
                "X-Sharing-Event": event,
                "X-Sharing-Delivery": msg_id.removeprefix("msg_"),
                "X-Sharing-Signature": sign(legacy_key, timestamp, body),
            })
    return headers


# --- egress: where a delivery may go ---------------------------------------------------------------------------

# Ranges that Python's tables (3.11) still call global, or that embed another address; refused outright.
_ALSO_REFUSED = [ipaddress.ip_network(n) for n in (
    "192.0.0.0/24",  # IETF protocol assignments
    "192.88.99.0/24",  # deprecated 6to4 relay anycast
    "::/96",  # deprecated IPv4-compatible IPv6 (::127.0.0.1)
    "64:ff9b:1::/48",  # local-use NAT64
    "3fff::/20",  # documentation (RFC 9637)
    "5f00::/16",  # SRv6 segment identifiers
)]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class EgressRefused(Exception):
    """A delivery that was not attempted, or failed; ``category`` is what the delivery log records."""

    def __init__(self, category: str):
        super().__init__(category)
        self.category = category


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries and routes to: IPv4-mapped, 6to4, Teredo, NAT64."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable and unicast, after unwrapping the forms that embed an IPv4 address. RFC 6598 shared
    space (100.64/10, where cloud metadata services live) is not global."""
    if ip.version == 6:
        embedded = _embedded_ipv4(ip)
        if embedded:
            # The outer prefix of a mapped or NAT64 address is "reserved" by design; what counts is where it leads.
            # Teredo's 2001::/32 is not global itself, so a Teredo address is refused whatever it carries.
            return all(address_allowed(v4) for v4 in embedded) and (ip.teredo is None or ip.is_global)
    return ip.is_global and not ip.is_multicast and not any(ip in net for net in _ALSO_REFUSED)


@dataclass(frozen=True)
class Target:
    """Where one attempt goes: the URL as registered, and the checked address to connect to."""

    scheme: str
    host: str  # the name, for the Host header and the TLS server name and certificate check
    port: int
    path: str  # with the query
    address: str

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def connect_url(self) -> str:
        """The URL with the checked address in place of the name: httpx connects there and looks nothing up."""
        address = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{address}:{self.port}{self.path}"


def resolve(host: str, port: int) -> list[str]:
    """Every address the name has now (a literal address is itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise EgressRefused("dns") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise EgressRefused("dns")
    return addresses


def resolve_target(url: str) -> Target:
    """Checks the URL and resolves its host once; every address must be allowed (a name that mixes a public and a
    private address is refused), and the first is the one connected to. Raises EgressRefused."""
    try:
        parsed = urlparse(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
    except ValueError as exc:
        raise EgressRefused("invalid_url") from exc
    if parsed.scheme not in {"https", "http"} or not parsed.hostname or parsed.username or parsed.password:
        raise EgressRefused("invalid_url")
    if parsed.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise EgressRefused("scheme_not_allowed")
    try:
        host = parsed.hostname.encode("idna").decode("ascii")  # the A-label: for DNS, Host and the TLS name alike
    except UnicodeError as exc:
        raise EgressRefused("invalid_url") from exc
    addresses = resolve(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not address_allowed(ipaddress.ip_address(address.split("%", 1)[0])):
                raise EgressRefused("address_not_allowed")
    path = parsed.path or "/"
    if parsed.query:
        path = f"{path}?{parsed.query}"
    return Target(parsed.scheme, host, port, path, addresses[0])


_REGISTRATION_ERRORS = {
    "invalid_url": "Must be an https URL.",
    "scheme_not_allowed": "Must be an https URL.",
    "dns": "The host name does not resolve.",
    "address_not_allowed": "The URL points to an address that is not globally routable.",
}


def validate_target(url: str) -> None:
    """At registration: the same check as at every delivery (SSRF), so that a bad URL is refused up front."""
    try:
        resolve_target(url)
    except EgressRefused as exc:
        raise ValidationError({"url": _REGISTRATION_ERRORS[exc.category]}) from exc

def check_may_manage(*, principal: Principal, events: list[str]) -> None:
    """Registering, removing and rotating an endpoint take a role that receives each of its events; an endpoint
    without events (subscriptions to changes only) takes a reader's or publisher's. Raises EventsNotAllowed."""
    if not events:
        if not principal.has_role(*FEED_ROLES):
            raise EventsNotAllowed("An endpoint without events receives subscriptions to changes: that needs a "
                                   "reader's or publisher's key. Otherwise choose events your key's roles receive.")
        return
    refused = sorted(event for event in set(events) if not principal.has_role(*EVENT_ROLES[event]))
    if refused:
        raise EventsNotAllowed(
            "Your key's roles do not receive: " + ", ".join(
                f"{event} (needs {' or '.join(sorted(EVENT_ROLES[event]))})" for event in refused
            ) + "."
        )


@transaction.atomic
def endpoint_register(*, principal: Principal, url: str, events: list[str]) -> tuple[WebhookEndpoint, str]:
    """Registers an endpoint with a secret the service makes; returns the endpoint and the secret, which is shown
    this once (it is kept sealed, never shown again)."""
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise ValidationError({"events": f"Choose from: {', '.join(WebhookEvent.values)}."})
    check_may_manage(principal=principal, events=events)
    validate_target(url)
    secret = new_secret()
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
    return endpoint, secret


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, principal: Principal) -> tuple[WebhookEndpoint, str]:
    """A new secret, shown this once; the one before keeps signing too until the overlap ends
    (``WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS``), then only the new one does. A rotation during an overlap ends
    the older secret at once: only the last two are ever valid."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    now = timezone.now()
    overlap_ends = now + timedelta(seconds=settings.WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS)
    if endpoint.legacy_signature:
        if endpoint.legacy_signature_ends_at is None:
            endpoint.legacy_signature_ends_at = overlap_ends  # the old header, keyed as given, until then
        else:
            endpoint.legacy_signature = False  # a second rotation: the given secret is gone
    endpoint.previous_secret_sealed = endpoint.secret_sealed
    endpoint.previous_secret_expires_at = overlap_ends
    secret = new_secret()
    endpoint.secret = secret
    endpoint.save(update_fields=["secret_sealed", "previous_secret_sealed", "previous_secret_expires_at",
                                 "legacy_signature", "legacy_signature_ends_at"])
    audit_record(
        action="webhook.rotate_secret",
        principal=principal,
        object_type="webhook",
        object_id=endpoint.pk,
        object_owner=endpoint.partner_id,
        detail={"previous_secret_expires_at": overlap_ends.isoformat()},
    )
    return endpoint, secret


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
            # type and timestamp: Standard Webhooks' payload shape; event and occurred_at: as before.
            "type": event, "timestamp": now, "event": event, "occurred_at": now,
            "data": payload() if callable(payload) else payload,
        })
        for partner_id, event, payload in events
        for endpoint in endpoints.get(partner_id, [])
        if event in endpoint.events
    ]
    if not deliveries:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(deliveries)
    enqueue.after_commit(enqueue.DELIVER_WEBHOOK, [delivery.pk for delivery in deliveries])
    return deliveries


def _tls_context() -> ssl.SSLContext:
    """Certificates are checked against the URL's host name (the name is the TLS server name, not the address)."""
    return _tls_context_for(settings.WEBHOOK_CA_BUNDLE or certifi.where())


@functools.lru_cache(maxsize=4)
def _tls_context_for(cafile: str) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cafile)  # read once per process, not at every delivery


def _failure_category(exc: httpx.HTTPError) -> str:
    """A category for the delivery log, never the socket's own message (which would make the log a port
    scanner's readout)."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    causes = []
    seen: BaseException | None = exc
    while seen is not None and len(causes) < 10:
        causes.append(seen)
        seen = seen.__cause__ or seen.__context__
    if any(isinstance(c, ssl.SSLError | ssl.CertificateError) for c in causes):
        return "tls"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "refused"
    if isinstance(exc, httpx.ConnectError):
        return "unreachable"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.LocalProtocolError):
        return "protocol_error"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return "connection_lost"
    return "error"


def post(target: Target, body: bytes, headers: dict[str, str]) -> int:
    """One POST to the checked address; returns the status code. Redirects are not followed and the response body
    is not read. Raises EgressRefused with the category of a failure."""
    timeout = httpx.Timeout(settings.WEBHOOK_TIMEOUT_SECONDS)
    # trust_env=False: no proxy from the environment may stand between the check and the connection.
    with httpx.Client(verify=_tls_context(), follow_redirects=False, trust_env=False, timeout=timeout) as client:
        try:
            with client.stream(
                "POST", target.connect_url, content=body, headers={**headers, "Host": target.host_header},
                extensions={"sni_hostname": target.host},
            ) as response:
                return response.status_code
        except httpx.HTTPError as exc:
            raise EgressRefused(_failure_category(exc)) from exc
        except (httpx.InvalidURL, ValueError) as exc:  # a URL or header httpx will not send
            raise EgressRefused("invalid_url") from exc


BASE_HEADERS = {"Content-Type": "application/json", "User-Agent": "allied-supply-sharing-webhooks/1"}


def _claim(delivery_id: int, now: datetime) -> bool:
    """Takes the next attempt of a delivery for this process, or returns False when it is done, not due, or another
    process has it: one conditional update, so that a message sent twice (re-sent while the first was slow) or the
    retry job meeting a Celery retry never sends an attempt twice. The claim holds the delivery for a lease; a
    process that dies mid-attempt leaves it to be retried when the lease ends."""
    lease = timedelta(seconds=max(60.0, 6 * settings.WEBHOOK_TIMEOUT_SECONDS))
    return bool(
        WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + lease, attempts=F("attempts") + 1)
    )


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """One attempt, if this process wins the claim (else None). The address is resolved and checked now, and the
    connection goes to that address. The delivery's status then says whether to try again (pending) or not."""
    if not _claim(delivery_id, timezone.now()):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if not delivery.endpoint.active:  # removed since the event: nothing more is sent to it
        delivery.status, delivery.last_error, delivery.next_attempt_at = DeliveryStatus.FAILED, "endpoint_removed", None
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        return delivery
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    code, error = None, ""
    try:
        headers = {**BASE_HEADERS, **signed_headers(delivery.endpoint, f"msg_{delivery.pk}", body,
                                                     event=delivery.event)}
        code = post(resolve_target(delivery.endpoint.url), body, headers)
    except EgressRefused as exc:
        error = exc.category
    except CannotOpen:
        error = "secret_unavailable"
    if code is not None and 300 <= code < 400:
        error = "redirect_refused"
    elif code is not None and not 200 <= code < 300:
        error = f"http_status {code}"
    now = timezone.now()
    delivery.last_status_code, delivery.last_error = code, error
    delivery.log = [
        *delivery.log,
        {"attempt": delivery.attempts, "at": now.isoformat(), "status_code": code, "error": error},
    ]
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, now, None
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=retry_delay(delivery.attempts))
    delivery.save(update_fields=["status", "last_status_code", "last_error", "log", "next_attempt_at",
                                 "delivered_at"])
    return delivery


def retry_due(now: datetime | None = None) -> int:
    """The periodic job: sends the pending deliveries whose next attempt is due, and those never tried whose first
    message was not sent or was lost (pending BACKGROUND_RESEND_AFTER_SECONDS after they were made: see
    sharing/services/enqueue.py). Each is claimed before it is sent, so a delivery whose message arrives meanwhile
    is still sent once."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=stall_cutoff(now)))
        .order_by("created_at", "pk").values_list("pk", flat=True)[:500]
    )
    started = time.monotonic()
    sent = 0
    for delivery_id in due:
        if time.monotonic() - started > RETRY_JOB_SECONDS:
            break  # the rest wait for the next run rather than outlive the task's time limit
        if deliver(delivery_id) is not None:
            sent += 1
    return sent

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
    enqueue.after_commit(enqueue.DELIVER_WEBHOOK, [fresh.pk])
    return fresh
