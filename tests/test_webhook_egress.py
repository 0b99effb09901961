"""Webhook egress (issue 11, section 2): where a delivery may go, what its log may say, who may register.

Each reproduction of the outside test is here: a name rebound to 127.0.0.1 after registration, a redirect to the
metadata service, RFC 6598 and 6to4 addresses accepted at registration, a closed port's socket message in the
delivery log, a reader registering. A resolver patch stands in for DNS; the receiver listens on 127.0.0.1, reached
with WEBHOOK_ALLOW_PRIVATE_ADDRESSES on where a test needs it and refused with it off.
"""

import ipaddress
import json
import socket
import ssl

import pytest

from sharing.models import WebhookDelivery, WebhookEndpoint
from sharing.services import webhooks
from tests.factories import PartnerFactory
from tests.receivers import FakeDNS, Receiver, closed_port

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "hooks.partner.example"
PUBLIC = "93.184.215.14"


@pytest.fixture(autouse=True)
def _eager(settings):
    from config.celery import app

    app.conf.task_always_eager = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60  # one attempt per test; the retry is the periodic job's
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def dns(monkeypatch):
    return FakeDNS(monkeypatch)


@pytest.fixture
def partner():
    return PartnerFactory(code="US-DOC")


@pytest.fixture
def responder(client_for, partner):
    return client_for(partner, roles=("responder",))


def register(client, url, events=("offer.proposed",)):
    return client.post("/api/v1/webhooks/", {"url": url, "events": list(events)},
                       format="json")


def an_event(partner):
    """An offer.proposed event for the partner; the delivery is attempted once it commits (in-process)."""
    webhooks.notify(partner_ids=[partner.pk], event="offer.proposed", payload={"offer": 1, "request": 1})


def only_delivery(client):
    (delivery,) = client.get("/api/v1/webhook-deliveries/").json()["results"]
    return delivery


# --- DNS rebinding: checked at every delivery, connected to the checked address ----------------------------------

def test_a_name_rebound_to_loopback_after_registration_is_refused_at_delivery(dns, responder, partner):
    with Receiver() as receiver:
        dns.set(NAME, PUBLIC)
        assert register(responder, f"http://{NAME}:{receiver.port}/hook").status_code == 201
        dns.set(NAME, "127.0.0.1")  # the attacker's DNS now answers loopback
        an_event(partner)
    assert receiver.received == []  # no connection reached the internal address
    delivery = only_delivery(responder)
    assert delivery["status"] == "pending" and delivery["last_error"] == "address_not_allowed"
    assert delivery["last_status_code"] is None


def test_a_name_with_one_private_address_among_public_ones_is_refused(dns, responder, partner):
    dns.set(NAME, PUBLIC, "10.0.0.7")
    assert register(responder, f"https://{NAME}/hook").status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_the_connection_goes_to_the_address_checked_without_a_second_lookup(dns, responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as receiver:
        dns.set(NAME, "127.0.0.1")
        assert register(responder, f"http://{NAME}:{receiver.port}/hook?x=1").status_code == 201
        before = dns.lookups[NAME]
        # A second lookup would get an address nothing listens on: only the checked one reaches the receiver.
        real = dns.answers[NAME]
        dns.answers[NAME] = _answers_once(real, then=["127.0.0.2"])
        an_event(partner)
    assert dns.lookups[NAME] == before + 1
    ((method, path, headers, body),) = receiver.received
    assert (method, path) == ("POST", "/hook?x=1")
    assert headers["Host"] == f"{NAME}:{receiver.port}"  # the name, not the address
    assert json.loads(body)["event"] == "offer.proposed"
    assert only_delivery(responder)["status"] == "succeeded"


class _answers_once(list):
    """A DNS answer that changes after it is read once (list iteration is the read)."""

    def __init__(self, first, then):
        super().__init__(first)
        self.then = then
        self.read = False

    def __iter__(self):
        if self.read:
            return iter(self.then)
        self.read = True
        return super().__iter__()


# --- redirects ---------------------------------------------------------------------------------------------------

def test_a_redirect_to_the_metadata_service_is_not_followed(responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as receiver:
        receiver.status = 302
        receiver.location = f"http://127.0.0.1:{receiver.port}/latest/meta-data/iam/security-credentials/"
        assert register(responder, f"http://127.0.0.1:{receiver.port}/hook").status_code == 201
        an_event(partner)
    assert [(m, p) for m, p, _, _ in receiver.received] == [("POST", "/hook")]
    delivery = only_delivery(responder)
    assert delivery["last_error"] == "redirect_refused" and delivery["last_status_code"] == 302
    assert delivery["status"] == "pending"


# --- addresses refused at registration ----------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://100.100.100.200/latest/meta-data/",  # RFC 6598 shared space (a cloud metadata service)
    "https://[2002:a9fe:a9fe::]/",  # 6to4 of 169.254.169.254
    "https://[::ffff:169.254.169.254]/",  # IPv4-mapped
    "https://[::ffff:7f00:1]/",
    "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    "https://[::127.0.0.1]/",  # IPv4-compatible
    "https://[fd00::1]/", "https://[fe80::1]/", "https://[::1]/", "https://[ff02::1]/",
    "https://127.0.0.1/", "https://10.0.0.5/", "https://169.254.169.254/", "https://0.0.0.0/",
    "https://224.0.0.1/", "https://192.0.0.9/", "https://198.18.0.1/", "https://[3fff::1]/",
])
def test_addresses_that_are_not_globally_routable_are_refused_at_registration(responder, url):
    response = register(responder, url)
    assert response.status_code == 400, url
    assert "not globally routable" in response.json()["errors"]["url"][0]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", ["https://93.184.215.14/hook", "https://[2606:4700::1111]/hook",
                                 "https://[2002:5db8:d70e::]/hook", "https://[::ffff:93.184.215.14]/hook"])
def test_global_addresses_are_accepted(responder, url):
    assert register(responder, url).status_code == 201, url


def test_a_name_that_does_not_resolve_is_refused(dns, responder):
    dns.set(NAME)
    response = register(responder, f"https://{NAME}/hook")
    assert response.status_code == 400 and "does not resolve" in response.json()["errors"]["url"][0]


@pytest.mark.parametrize("address", ["100.64.0.1", "100.127.255.254", "2002:a9fe:a9fe::", "::ffff:10.1.2.3",
                                     "64:ff9b::7f00:1", "64:ff9b:1::1", "192.88.99.1", "239.255.255.250"])
def test_address_rule_unwraps_embedded_ipv4_and_refuses_shared_space(address):
    assert not webhooks.address_allowed(ipaddress.ip_address(address))


# --- error categories, never socket messages ----------------------------------------------------------------------

def test_a_closed_port_is_recorded_as_refused_not_as_the_socket_message(responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert register(responder, f"http://127.0.0.1:{closed_port()}/hook").status_code == 201
    an_event(partner)
    delivery = only_delivery(responder)
    assert delivery["last_error"] == "refused"
    assert "Errno" not in json.dumps(delivery) and "Connection refused" not in json.dumps(delivery)


def test_a_receiver_that_never_answers_is_recorded_as_timeout(responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        assert register(responder, f"http://127.0.0.1:{silent.getsockname()[1]}/hook").status_code == 201
        an_event(partner)
    assert only_delivery(responder)["last_error"] == "timeout"


def test_an_error_status_is_recorded_as_its_category(responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as receiver:
        receiver.status = 503
        assert register(responder, f"http://127.0.0.1:{receiver.port}/hook").status_code == 201
        an_event(partner)
    delivery = only_delivery(responder)
    assert (delivery["last_error"], delivery["last_status_code"]) == ("http_status 503", 503)
    assert delivery["log"][0]["error"] == "http_status 503"


def test_a_name_that_stops_resolving_is_recorded_as_dns(dns, responder, partner):
    dns.set(NAME, PUBLIC)
    assert register(responder, f"https://{NAME}/hook").status_code == 201
    dns.set(NAME)
    an_event(partner)
    assert only_delivery(responder)["last_error"] == "dns"


# --- TLS: server name and certificate on the host name, connection to the checked address -------------------------

@pytest.fixture
def tls_receiver(tmp_path, settings):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(NAME).configure_cert(server)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    settings.WEBHOOK_CA_BUNDLE = str(bundle)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver(tls=server) as receiver:
        yield receiver


def test_https_is_sent_to_the_checked_address_with_the_name_for_sni_and_certificate(dns, responder, partner,
                                                                                     tls_receiver):
    dns.set(NAME, "127.0.0.1")
    assert register(responder, f"https://{NAME}:{tls_receiver.port}/hook").status_code == 201
    an_event(partner)
    assert only_delivery(responder)["status"] == "succeeded"
    assert tls_receiver.server_names == [NAME]
    assert tls_receiver.posts()[0][2]["Host"] == f"{NAME}:{tls_receiver.port}"


def test_a_certificate_for_another_name_is_recorded_as_tls(dns, responder, partner, tls_receiver):
    dns.set("other.partner.example", "127.0.0.1")
    assert register(responder, f"https://other.partner.example:{tls_receiver.port}/hook").status_code == 201
    an_event(partner)
    assert only_delivery(responder)["last_error"] == "tls"
    assert tls_receiver.received == []


# --- one attempt is sent once ----------------------------------------------------------------------------------

def test_an_attempt_in_flight_is_not_sent_again_by_a_second_message(responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    seconds = []
    with Receiver() as receiver:
        assert register(responder, f"http://127.0.0.1:{receiver.port}/hook").status_code == 201

        def second_message(_):
            # The same delivery's message arrives again (re-sent, or redelivered) while the first is sending.
            seconds.append(webhooks.deliver(WebhookDelivery.objects.get().pk))

        receiver.on_request = second_message
        an_event(partner)
    assert seconds == [None] and len(receiver.received) == 1
    assert only_delivery(responder)["attempts"] == 1


# --- who may register ----------------------------------------------------------------------------------------------

def test_a_reader_key_cannot_register_a_webhook(client_for, partner):
    reader = client_for(partner, roles=("reader",))
    response = register(reader, "https://93.184.215.14/hook")
    assert response.status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_each_event_needs_a_role_that_receives_it(client_for, partner):
    responder = client_for(partner, roles=("responder", "reader"))
    refused = register(responder, "https://93.184.215.14/hook", events=["offer.proposed", "match_run.finished"])
    assert refused.status_code == 403 and "match_run.finished" in refused.json()["detail"]
    assert not WebhookEndpoint.objects.exists()
    coordinator = client_for(partner, roles=("coordinator",))
    assert register(coordinator, "https://93.184.215.14/hook",
                    events=["match_run.finished", "offer.expired"]).status_code == 201
    assert register(client_for(partner, roles=("publisher",)), "https://93.184.215.14/hook").status_code == 403


def test_a_delivery_for_a_removed_endpoint_is_not_sent(responder, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as receiver:
        created = register(responder, f"http://127.0.0.1:{receiver.port}/hook").json()
        WebhookEndpoint.objects.filter(pk=created["id"]).update(active=False)
        delivery = WebhookDelivery.objects.create(endpoint_id=created["id"], event="offer.proposed", payload={})
        webhooks.deliver(delivery.pk)
    assert receiver.received == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == ("failed", "endpoint_removed")


def test_socket_messages_logged_before_categories_are_rewritten_by_the_migration(responder, partner):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sharing.migrations.0010_run_requeued_at")
    endpoint = WebhookEndpoint.objects.create(partner=partner, url="https://93.184.215.14/", secret="s" * 20,
                                              events=["offer.proposed"])
    old = ["[Errno 111] Connection refused", "HTTP 500", "timed out", "[Errno -2] Name or service not known",
           "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "[Errno 113] No route to host"]
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="offer.proposed", payload={}, attempts=len(old), last_error=old[0],
        log=[{"attempt": i + 1, "error": text, "status_code": None} for i, text in enumerate(old)],
    )
    migration.socket_messages_to_categories(apps, None)
    delivery.refresh_from_db()
    assert delivery.last_error == "refused"
    assert [e["error"] for e in delivery.log] == ["refused", "http_status 500", "timeout", "dns", "tls", "error"]


def test_processes_claiming_one_delivery_at_once_send_it_once(responder, partner, settings):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers from threads: PostgreSQL")
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as receiver:
        created = register(responder, f"http://127.0.0.1:{receiver.port}/hook").json()
        delivery = WebhookDelivery.objects.create(endpoint_id=created["id"], event="offer.proposed", payload={})
        start, results = threading.Barrier(4), []

        def attempt():
            try:
                start.wait()
                results.append(webhooks.deliver(delivery.pk))
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(results) == 4 and sum(r is not None for r in results) == 1
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)
