"""People's sign-in: a password, then a second factor; enrolment before the console; one lockout over both steps;
every step in the audit trail; sign-out and idle expiry; CSRF and the CSP on every page; invite-only accounts."""

import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from sharing.console.middleware import LAST_SEEN
from sharing.models import AuditEvent, Membership
from tests.console.people import PASSWORD, forget_used_codes, fresh_window, make_person, sign_in, totp_code
from tests.factories import UserFactory, staff_signed_in

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def signed_in(client) -> bool:
    return client.get("/console/").status_code == 200


def password_step(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"login": user.username, "password": password})


def test_password_then_code_signs_in_and_both_steps_are_audited(partner):
    user = make_person(partner, ("coordinator",))
    client = Client(REMOTE_ADDR="192.0.2.10")
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/console/").status_code == 302, "the password alone signs no one in"
    assert client.get("/api/v1/me/").status_code == 401
    assert not events("user.sign_in").exists()
    fresh_window()
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 302 and response["Location"] == "/console/"
    assert signed_in(client)
    sign_in_event = events("user.sign_in", outcome="success").get()
    assert sign_in_event.actor_user == user and sign_in_event.actor_partner == partner
    assert sign_in_event.client_address == "192.0.2.10"
    assert events("user.second_factor", outcome="success", actor_user=user, detail__type="totp").exists()


def test_a_wrong_code_is_refused_audited_and_counted(partner):
    user = make_person(partner)
    client = Client(REMOTE_ADDR=ATTACKER)
    password_step(client, user)
    wrong = "000000" if totp_code(user.totp_secret) != "000000" else "111111"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200 and b"Incorrect code" in response.content
    assert not signed_in(client)
    failed = events("user.second_factor", outcome="failed").get()
    assert failed.actor_user == user and failed.client_address == ATTACKER and failed.detail["locked_out"] is False
    assert AccessAttempt.objects.get(username=user.username, ip_address=ATTACKER).failures_since_start == 1


def test_one_lockout_counts_wrong_passwords_and_wrong_codes_together(partner):
    user = make_person(partner)
    client = Client(REMOTE_ADDR=ATTACKER)
    assert [password_step(client, user, "wrong").status_code for _ in range(3)] == [200, 200, 200]
    assert password_step(client, user).status_code == 302  # the right password: on to the second factor
    assert client.post("/accounts/2fa/authenticate/", {"code": "12345x"}).status_code == 200  # 4th failure
    assert client.post("/accounts/2fa/authenticate/", {"code": "12345y"}).status_code == 429  # 5th: locked
    # Locked: the right code and the right password are refused from here.
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret)}).status_code == 429
    assert not signed_in(client)
    assert password_step(Client(REMOTE_ADDR=ATTACKER), user).status_code == 429
    assert events("user.locked_out", outcome="denied", client_address=ATTACKER).exists()
    assert events("user.second_factor", outcome="failed", detail__locked_out=True).exists()
    # By name and address: the person still signs in from their own address.
    forget_used_codes(user)
    assert signed_in(sign_in(user, address="192.0.2.20"))


def test_five_wrong_passwords_lock_the_console_sign_in(partner):
    user = make_person(partner)
    codes = [password_step(Client(REMOTE_ADDR=ATTACKER), user, f"guess-{i}").status_code for i in range(6)]
    assert codes[:4] == [200] * 4 and codes[5] == 429
    assert password_step(Client(REMOTE_ADDR=ATTACKER), user).status_code == 429
    assert events("user.sign_in", outcome="failed").count() == 7


def test_a_person_without_a_second_factor_enrols_one_before_any_console_page(partner,
                                                                            django_capture_on_commit_callbacks):
    user = make_person(partner, ("coordinator",), totp=False)
    client = Client(REMOTE_ADDR="192.0.2.30")
    assert password_step(client, user).status_code == 302
    for page in ("/console/", "/console/requests/", "/console/requests/new/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/", page
    assert client.get("/api/v1/me/").status_code == 401, "nor is the session an API caller"
    # Changing one's second factor asks for the password again (allauth), then shows the secret and its QR code.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = response.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
    fresh_window()
    with django_capture_on_commit_callbacks(execute=True):  # allauth announces the new authenticator on commit
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert events("user.second_factor_enrol", actor_user=user, detail__type="totp").exists()
    assert signed_in(client), "enrolling proved the factor: this session may use the console"
    assert client.get("/api/v1/me/").json()["partner"]["code"] == partner.code


def test_a_recovery_code_is_a_second_factor_once(partner):
    user = make_person(partner)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    assert signed_in(sign_in(user, code=code))
    client = Client(REMOTE_ADDR="192.0.2.40")
    password_step(client, user)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200, "used once"
    assert events("user.second_factor", outcome="success", detail__type="recovery_codes").exists()


def test_signing_out_is_a_post_and_is_audited(partner):
    user = make_person(partner)
    client = sign_in(user)
    assert client.get("/accounts/logout/").status_code == 200  # a page with the button, nothing more
    assert signed_in(client)
    assert client.post("/accounts/logout/").status_code == 302
    assert not signed_in(client)
    event = events("user.sign_out").get()
    assert event.actor_user == user and event.detail == {}


def test_an_idle_session_ends_and_says_why_in_the_audit_trail(partner, settings):
    settings.CONSOLE_IDLE_MINUTES = 30
    user = make_person(partner)
    client = sign_in(user)

    def idle_for(minutes):
        session = client.session
        session[LAST_SEEN] = time.time() - minutes * 60
        session.save()

    idle_for(29)
    assert signed_in(client), "activity within the idle time keeps the session"
    idle_for(31)
    response = client.get("/console/requests/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not signed_in(client)
    event = events("user.sign_out").get()
    assert event.actor_user == user and event.detail["reason"] == "idle" and event.detail["idle_seconds"] >= 1860


def test_production_settings_keep_people_s_cookies_secure():
    """With DEBUG off (a deployment), the session and CSRF cookies are Secure and HttpOnly (the session's), end
    with the browser, and a session lasts at most SESSION_MAX_HOURS whatever the activity."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SESSION_", "CSRF_"))}
    env.update(DJANGO_DEBUG="0", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="config.settings")
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
             "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SESSION_COOKIE_AGE", "CONSOLE_IDLE_MINUTES", "DEMO_PEOPLE",
             "MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN"]
    code = ("import json; from django.conf import settings as s; "
            f"print(json.dumps({{n: getattr(s, n) for n in {names}}}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
                      "SESSION_EXPIRE_AT_BROWSER_CLOSE": True, "SESSION_COOKIE_AGE": 12 * 3600,
                      "CONSOLE_IDLE_MINUTES": 30, "DEMO_PEOPLE": False, "MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN": False}


def csrf_token(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_every_form_needs_its_csrf_token(partner):
    user = make_person(partner, ("coordinator",))
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.50")
    # The sign-in form itself.
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
    assert b"reload the page" in response.content
    token = csrf_token(client, "/accounts/login/")
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD,
                                                "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    token = csrf_token(client, "/accounts/2fa/authenticate/")
    fresh_window()
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret),
                                                                "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # A console form without its token, with another session's, and with its own.
    assert client.post("/console/requests/new/", {}).status_code == 403
    assert client.post("/console/requests/new/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    token = csrf_token(client, "/console/requests/new/")
    assert client.post("/console/requests/new/", {"csrfmiddlewaretoken": token}).status_code == 400
    # The API with this session: unsafe methods need the token too (DRF's session rule).
    assert client.post("/api/v1/emergency-requests/", {}, content_type="application/json").status_code == 403
    assert signed_in(client)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline script"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "style element"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"(?:src|href)=\"(?:https?:)?//", re.I), "asset from another host"),
]


def assert_strict_page(response, where):
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy, where
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, where
    html = response.content.decode()
    for pattern, what in INLINE:
        assert not pattern.search(html), (where, what, pattern.search(html))
    assert '<html lang="en">' in html and 'rel="icon"' in html and 'id="main"' in html, where


def test_every_sign_in_and_console_page_has_the_strict_policy_and_nothing_inline(world, people):
    anonymous = Client()
    for url in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        assert_strict_page(anonymous.get(url), url)
    coordinator, responder = people["coordinator"], people["responder"]
    request, run, offer = world["request"], world["run"], world["offers"]["visible"]
    for client, url in [
        (coordinator, "/console/"), (coordinator, "/console/requests/"), (coordinator, "/console/requests/new/"),
        (coordinator, f"/console/requests/{request.pk}/"), (coordinator, f"/console/runs/{run.pk}/"),
        (coordinator, f"/console/offers/{offer.pk}/"), (responder, "/console/offers/"),
        (responder, f"/console/offers/{offer.pk}/"), (responder, "/accounts/2fa/"),
        (responder, "/console/requests/"),  # a 403 page
        (people["third"], f"/console/requests/{request.pk}/"),  # a 404 page
    ]:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        assert_strict_page(response, url)
    # The API and the admin keep their own headers (Swagger UI and the admin bring their own scripts).
    assert "Content-Security-Policy" not in Client().get("/api/v1/health/")


def test_the_static_assets_the_pages_name_are_served(people):
    html = people["coordinator"].get("/console/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert len(assets) >= 4  # favicon, stylesheet, htmx, the console's script
    for asset in assets:
        response = Client().get(asset)
        assert response.status_code == 200, asset


def test_there_is_no_sign_up(db):
    passphrase = "a long passphrase 42"
    response = Client().post("/accounts/signup/", {"username": "mallory", "email": "m@example.org",
                                                   "password1": passphrase, "password2": passphrase})
    assert response.status_code == 200 and b"Sign Up Closed" in response.content
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_the_secretariat_invites_a_person_who_chooses_a_password_then_enrols(partner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = Client()
    staff_signed_in(admin, UserFactory(username="secretariat", is_staff=True, is_superuser=True))
    assert admin.get("/admin/sharing/membership/").status_code == 200
    page = admin.get("/admin/sharing/membership/invite/")
    assert page.status_code == 200 and b"Invite a person" in page.content
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin.post("/admin/sharing/membership/invite/", {
            "username": "duty-officer", "email": "duty@example.org", "partner": partner.pk,
            "roles": ["responder"],
        })
    assert response.status_code == 302, response.content[:500]
    person = get_user_model().objects.get(username="duty-officer")
    assert not person.has_usable_password()
    assert Membership.objects.get(user=person).roles == ["responder"]
    assert events("person.invite", object_owner=partner, detail__username="duty-officer").exists()
    message = mail.outbox[-1]
    assert message.to == ["duty@example.org"] and partner.code in message.subject
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+/", message.body).group(0)
    assert link.startswith(settings.CONSOLE_BASE_URL)
    link = urlsplit(link).path
    # Following the link: allauth keeps the key in the session and shows the form at a key-less address.
    client = Client(REMOTE_ADDR="192.0.2.60")
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    new_password = "a quite long passphrase 42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)
    assert events("user.password_set", actor_user=person, detail__how="reset_link").exists()
    # The link works once.
    assert b"Bad Token" in Client().get(link, follow=True).content
    # Sign in: the password, then enrolment before the console.
    assert password_step(client, person, new_password).status_code == 302
    assert client.get("/console/")["Location"] == "/accounts/2fa/totp/activate/"


def test_inviting_a_taken_name_or_address_is_refused(partner):
    from sharing.services.people import InvitationRefused, person_invite

    UserFactory(username="taken", email="taken@example.org")
    for username, email in (("Taken", "new@example.org"), ("new", "TAKEN@example.org")):
        with pytest.raises(InvitationRefused):
            person_invite(username=username, email=email, partner=partner, roles=["reader"])


def test_staff_see_a_console_home_that_sends_them_to_the_admin(db):
    staff = make_person(None, username="secretariat", is_staff=True)
    client = sign_in(staff)
    home = client.get("/console/")
    assert home.status_code == 200 and b"administration" in home.content
    assert client.get("/console/offers/").status_code == 403


def test_a_suspended_partners_people_are_refused(partner):
    user = make_person(partner, ("coordinator",))
    client = sign_in(user)
    partner.status = "suspended"
    partner.save()
    assert client.get("/console/requests/").status_code == 403
    assert b"active partner" in client.get("/console/").content
    assert client.get("/api/v1/me/").status_code == 403


def test_the_session_principal_is_the_apis(partner):
    user = make_person(partner, ("coordinator", "reader"))
    client = sign_in(user)
    me = client.get("/api/v1/me/").json()
    assert me["partner"]["code"] == partner.code and sorted(me["roles"]) == ["coordinator", "reader"]
    assert me["user"] == user.username



def test_the_secretariat_removes_a_lost_second_factor_without_seeing_it(partner):
    user = make_person(partner)
    secret = user.totp_secret
    authenticator = Authenticator.objects.get(user=user)
    admin = Client()
    staff_signed_in(admin, UserFactory(username="secretariat", is_staff=True, is_superuser=True))
    page = admin.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    assert page.status_code == 200 and secret not in page.content.decode()
    assert admin.get("/admin/mfa/authenticator/add/").status_code == 403
    response = admin.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    event = events("user.second_factor_reset").get()
    assert event.actor_user.username == "secretariat" and event.object_owner == partner
    # At the next sign-in the person enrols a new factor before the console.
    client = Client(REMOTE_ADDR="192.0.2.70")
    assert password_step(client, user).status_code == 302
    assert client.get("/console/")["Location"] == "/accounts/2fa/totp/activate/"
