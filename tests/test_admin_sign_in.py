"""The secretariat signs in to /admin/ as people do (allauth: a password, then the second factor; see
sharing/admin_site.py): the admin's own password form signs no one in, a session without the second factor reaches
no admin page and reads nothing from the API, and the sign-in is limited by django-axes (per username and address)
and audited."""

import pytest
from django.test import Client
from django.urls import reverse

from sharing.models import AuditEvent
from tests.console.people import PASSWORD, forget_used_codes, make_person, sign_in
from tests.factories import PartnerFactory, UserFactory, issue_key

pytestmark = pytest.mark.django_db

CACHE_DOWN = {"default": {"BACKEND": "sharing.cache.SharedClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                          "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
LOGIN = "/accounts/login/"
# Pages of every kind the admin has: its index, an app index, a list, an add form, a change form, an admin-wrapped
# custom view, the password change page, and the sign-out.
ADMIN_PAGES = ["/admin/", "/admin/sharing/", "/admin/sharing/partner/", "/admin/sharing/partner/add/",
               "/admin/sharing/partner/{partner}/change/", "/admin/sharing/membership/invite/",
               "/admin/password_change/", "/admin/auth/user/"]


@pytest.fixture
def secretariat(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast: 40 tries per test
    return make_person(None, username="secretariat-admin", is_staff=True, is_superuser=True)


def admin_pages() -> list[str]:
    partner = PartnerFactory(code="JP-METI")
    return [page.format(partner=partner.pk) for page in ADMIN_PAGES]


def password_step(address: str, password: str, username: str = "secretariat-admin"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"login": username, "password": password})
    return client, response


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def sent_to_sign_in(response, then: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN) and (
        f"next={then.replace('/', '%2F')}" in response["Location"])


def test_every_admin_page_sends_a_stranger_to_the_people_s_sign_in(db):
    client = Client()
    for page in admin_pages():
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1][0].startswith(LOGIN), page
        assert response.status_code == 200 and b'name="login"' in response.content, page


def test_the_admin_login_form_signs_no_one_in(secretariat):
    """Django's own password form is gone: a GET or a POST of the right password is sent to allauth's sign-in."""
    client = Client(REMOTE_ADDR="192.0.2.10")
    assert sent_to_sign_in(client.get("/admin/login/?next=/admin/sharing/"), "/admin/sharing/")
    response = client.post("/admin/login/", {"username": "secretariat-admin", "password": PASSWORD,
                                              "next": "/admin/"})
    assert sent_to_sign_in(response, "/admin/")
    assert "_auth_user_id" not in client.session and not signed_in(client)
    assert not AuditEvent.objects.filter(action="user.sign_in").exists()
    # Another host's address as "next" is not followed.
    assert sent_to_sign_in(client.get("/admin/login/?next=https://evil.example/"), "/admin/")


def test_a_password_alone_reaches_no_admin_page_and_no_api(secretariat):
    """The password step leaves the session waiting for the code; nothing in the admin or the API opens."""
    client, response = password_step("192.0.2.10", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    for page in admin_pages():
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), page
        assert sent_to_sign_in(client.get(response["Location"]), page)
    assert client.get("/api/v1/me/").status_code == 401


def test_a_session_that_skipped_the_second_factor_is_signed_out(secretariat):
    """A staff session made by a password alone (Django's login, as the admin's form did) is refused by every admin
    page, is signed out by the admin's sign-in address, and reads nothing from the API."""
    client = Client()
    client.force_login(secretariat)
    assert client.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/audit-events/").status_code == 401
    for page in admin_pages():
        assert client.get(page).status_code == 302, page
    assert sent_to_sign_in(client.get("/admin/login/?next=/admin/sharing/"), "/admin/sharing/")
    assert "_auth_user_id" not in client.session


def test_staff_without_a_second_factor_enrol_one_first(settings):
    """allauth signs in a person who has no second factor with the password; the admin sends them to enrol one."""
    staff = make_person(None, username="new-admin", totp=False, is_staff=True, is_superuser=True)
    client = Client()
    response = client.post(LOGIN, {"login": "new-admin", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.get("/admin/").status_code == 302
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get("/api/v1/me/").status_code == 401
    assert staff.is_staff


def test_password_and_code_open_every_admin_page_and_the_api(secretariat):
    client = sign_in(secretariat)
    for page in admin_pages():
        assert client.get(page).status_code == 200, page
    assert client.get("/api/v1/me/").status_code == 200
    # Signed in, the admin's sign-in address goes on to "next".
    response = client.get("/admin/login/?next=/admin/sharing/")
    assert response.status_code == 302 and response["Location"] == "/admin/sharing/"


def test_a_partner_s_person_with_the_second_factor_is_refused_the_admin(db):
    person = make_person(PartnerFactory(code="JP-METI"), roles=("reader",), username="jp-reader")
    client = sign_in(person)
    assert client.get("/admin/").status_code == 302
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403 and b"secretariat" in response.content
    assert client.get("/api/v1/me/").status_code == 200


def test_an_api_key_still_reads_without_a_session(db):
    _, header = issue_key(PartnerFactory(code="KR-MOTIE"))
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=header).status_code == 200


def run_attack_then_sign_in(secretariat, settings, cache_down: bool = False):
    caches = settings.CACHES
    if cache_down:
        settings.CACHES = CACHE_DOWN  # attempts are kept in the database, not the cache
    attacker = "203.0.113.66"
    codes = [password_step(attacker, f"guess-{i}")[1].status_code for i in range(40)]
    assert codes[:4] == [200] * 4  # the form again, with an error
    assert set(codes[5:]) == {429}  # locked from the fifth failure on
    client, response = password_step(attacker, PASSWORD)  # the right password, from the attacker's address
    assert response.status_code == 429 and not signed_in(client)

    failed = AuditEvent.objects.filter(action="user.sign_in", outcome="failed")
    assert failed.count() == 41
    assert {e.client_address for e in failed} == {attacker}
    assert failed.filter(detail__locked_out=True).count() >= 36
    assert all(e.detail["username"] == "secretariat-admin" for e in failed)
    assert AuditEvent.objects.filter(action="user.locked_out", outcome="denied", client_address=attacker).exists()
    assert not AuditEvent.objects.filter(action="user.sign_in", outcome="success").exists()

    # By username and address: the secretariat still signs in from its own address (with the cache back: allauth
    # keeps used codes there, so that a code is good once).
    settings.CACHES = caches
    forget_used_codes(secretariat)
    client = sign_in(secretariat, address="192.0.2.10")
    assert signed_in(client)
    success = AuditEvent.objects.get(action="user.sign_in", outcome="success")
    assert success.actor_user.username == "secretariat-admin" and success.client_address == "192.0.2.10"


def test_forty_wrong_passwords_lock_the_name_out_from_that_address_and_are_audited(secretariat, settings):
    run_attack_then_sign_in(secretariat, settings)


def test_the_lockout_holds_with_the_cache_down(secretariat, settings):
    run_attack_then_sign_in(secretariat, settings, cache_down=True)


def test_a_hostile_username_is_stored_as_safe_text(secretariat):
    password_step("198.51.100.5", "nope", username="evil\u202e\u200b" + "x" * 140)
    event = AuditEvent.objects.get(action="user.sign_in", outcome="failed")
    assert event.detail["username"] == "evil" + "x" * 140


def test_a_superuser_made_by_hand_is_a_caller_only_after_both_steps(db):
    """``createsuperuser`` makes a staff user without a second factor: the API does not take their bare session."""
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/me/").status_code == 401
