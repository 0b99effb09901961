"""Password sign-in to /admin/ is limited by django-axes (per username and address) and audited."""

import pytest
from django.test import Client

from sharing.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 42"
CACHE_DOWN = {"default": {"BACKEND": "sharing.cache.SharedClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                          "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}


@pytest.fixture
def secretariat(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast: 40 tries per test
    user = UserFactory(username="secretariat-admin", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(address: str, password: str, username: str = "secretariat-admin"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return client, response


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def run_attack_then_sign_in():
    attacker = "203.0.113.66"
    codes = [sign_in(attacker, f"guess-{i}")[1].status_code for i in range(40)]
    assert codes[:4] == [200] * 4  # the form again, with an error
    assert set(codes[5:]) == {429}  # locked from the fifth failure on
    client, response = sign_in(attacker, PASSWORD)  # the right password, from the attacker's address
    assert response.status_code == 429 and not signed_in(client)

    failed = AuditEvent.objects.filter(action="user.sign_in", outcome="failed")
    assert failed.count() == 41
    assert {e.client_address for e in failed} == {attacker}
    assert failed.filter(detail__locked_out=True).count() >= 36
    assert all(e.detail["username"] == "secretariat-admin" for e in failed)
    assert AuditEvent.objects.filter(action="user.locked_out", outcome="denied", client_address=attacker).exists()
    assert not AuditEvent.objects.filter(action="user.sign_in", outcome="success").exists()

    # By username and address: the secretariat still signs in from its own address.
    client, response = sign_in("192.0.2.10", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    success = AuditEvent.objects.get(action="user.sign_in", outcome="success")
    assert success.actor_user.username == "secretariat-admin" and success.client_address == "192.0.2.10"


def test_forty_wrong_passwords_lock_the_name_out_from_that_address_and_are_audited(secretariat):
    run_attack_then_sign_in()


def test_the_lockout_holds_with_the_cache_down(secretariat, settings):
    settings.CACHES = CACHE_DOWN  # attempts are kept in the database, not the cache
    run_attack_then_sign_in()


def test_a_hostile_username_is_stored_as_safe_text(secretariat):
    sign_in("198.51.100.5", "nope", username="evil\u202e\u200b" + "x" * 140)
    event = AuditEvent.objects.get(action="user.sign_in", outcome="failed")
    assert event.detail["username"] == "evil" + "x" * 140
