"""Who gets in: keys (valid, wrong, revoked, expired, suspended partner, address-bound, read-only), roles, staff."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharing.services.partners import key_revoke, key_rotate, partner_update
from tests.factories import PartnerFactory, issue_key

pytestmark = pytest.mark.django_db


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/problems/")
    assert body["title"] and body["detail"]
    return body


def test_no_key_is_refused_with_401_problem(api):
    body = assert_problem(api.get("/api/v1/me/"), 401)
    assert "credentials" in body["detail"].lower()


def test_wrong_key_is_refused(api, partner):
    issue_key(partner)
    api.credentials(HTTP_AUTHORIZATION="Api-Key abcdefgh.notthesecretatallnotthesecretatall")
    assert assert_problem(api.get("/api/v1/me/"), 401)["detail"] == "The API key is not valid."


def test_right_prefix_with_wrong_secret_is_refused(api, partner):
    key, header = issue_key(partner)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.prefix}.wrongsecretwrongsecretwrongsecret")
    assert assert_problem(api.get("/api/v1/me/"), 401)["detail"] == "The API key is not valid."


@pytest.mark.parametrize("header", ["Api-Key", "Api-Key ", "Bearer x", "Api-Key nodot", "Api-Key .x"])
def test_malformed_headers_are_refused(api, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get("/api/v1/me/").status_code == 401


def test_revoked_key_is_refused(api, partner):
    key, header = issue_key(partner)
    key_revoke(key=key)
    api.credentials(HTTP_AUTHORIZATION=header)
    assert assert_problem(api.get("/api/v1/me/"), 401)["detail"] == "The API key has been revoked."


def test_expired_key_is_refused(api, partner):
    key, header = issue_key(partner, expiry_date=timezone.now() - timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=header)
    assert assert_problem(api.get("/api/v1/me/"), 401)["detail"] == "The API key has expired."


def test_key_before_expiry_works(api, partner):
    _, header = issue_key(partner, expiry_date=timezone.now() + timedelta(days=1))
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get("/api/v1/me/").status_code == 200


def test_suspended_partner_key_stops_at_once(api, partner):
    _, header = issue_key(partner)
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get("/api/v1/me/").status_code == 200
    partner_update(partner=partner, status="suspended")
    body = assert_problem(api.get("/api/v1/me/"), 401)
    assert "suspended" in body["detail"]
    partner_update(partner=partner, status="active")
    assert api.get("/api/v1/me/").status_code == 200


def test_key_bound_to_networks(api, partner):
    _, header = issue_key(partner, allowed_networks=["10.0.0.0/8"])
    api.credentials(HTTP_AUTHORIZATION=header)
    assert assert_problem(api.get("/api/v1/me/", REMOTE_ADDR="192.0.2.1"), 401)["detail"].endswith("address.")
    assert api.get("/api/v1/me/", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_rotated_key_keeps_settings_and_old_key_stops(api, partner):
    old, old_header = issue_key(
        partner, roles=("reader", "publisher"), read_only=True, allowed_networks=["127.0.0.0/8"]
    )
    new, secret = key_rotate(key=old)
    assert (new.roles, new.read_only, new.allowed_networks, new.partner) == (
        ["publisher", "reader"],
        True,
        ["127.0.0.0/8"],
        partner,
    )
    api.credentials(HTTP_AUTHORIZATION=old_header)
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert api.get("/api/v1/me/").json()["key_prefix"] == new.prefix


def test_key_is_stored_hashed(partner):
    key, header = issue_key(partner)
    secret = header.removeprefix("Api-Key ")
    assert secret.split(".")[1] not in key.hashed_key and secret not in key.pk
    assert key.hashed_key.startswith("sha512$$")


def test_me_names_partner_roles_and_key(client_for, partner):
    client = client_for(partner, roles=("reader", "coordinator"), name="nightly sync")
    body = client.get("/api/v1/me/").json()
    assert body["partner"]["code"] == "JP-METI"
    assert body["roles"] == ["coordinator", "reader"]
    assert body["key_name"] == "nightly sync"
    assert body["is_staff"] is False


def test_key_without_needed_role_gets_403(client_for, partner):
    client = client_for(partner, roles=("responder",))
    body = assert_problem(client.get("/api/v1/audit-events/"), 403)
    assert "reader" in body["detail"]
    assert client_for(partner, roles=("reader",)).get("/api/v1/audit-events/").status_code == 200


def test_read_only_key_refuses_writes(client_for, partner):
    client = client_for(partner, roles=("reader", "publisher"), read_only=True)
    body = assert_problem(client.post("/api/v1/partners/", {"code": "AU-DISR"}), 403)
    assert body["detail"] == "This API key is read-only."


def test_staff_only_endpoints_refuse_partners(client_for, partner):
    client = client_for(partner, roles=("reader", "publisher", "responder", "coordinator"))
    assert_problem(client.post("/api/v1/partners/", {"code": "AU-DISR", "name": "x", "country": "AU"}), 403)
    assert_problem(client.patch(f"/api/v1/partners/{partner.pk}/", {"status": "suspended"}), 403)
    partner.refresh_from_db()
    assert partner.status == "active"


def test_staff_may_add_and_suspend_partners(staff_client):
    created = staff_client.post("/api/v1/partners/", {"code": "AU-DISR", "name": "DISR", "country": "AU"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    response = staff_client.patch(f"/api/v1/partners/{pk}/", {"status": "suspended"})
    assert response.status_code == 200 and response.json()["status"] == "suspended"


def test_partner_validation_errors_are_field_problems(staff_client):
    body = assert_problem(
        staff_client.post("/api/v1/partners/", {"code": "bad code", "name": "", "country": "ZZ"}), 400
    )
    assert set(body["errors"]) == {"code", "name", "country"}


def test_user_session_with_membership(partner):
    """A person signed in with both factors is their membership's principal on the API too (the console's rule)."""
    from tests.console.people import make_person, sign_in

    user = make_person(partner, ("reader",))
    body = sign_in(user).get("/api/v1/me/").json()
    assert body["partner"]["code"] == "JP-METI" and body["roles"] == ["reader"] and body["user"] == user.username


def test_user_without_membership_is_refused(db):
    from tests.console.people import make_person, sign_in

    assert_problem(sign_in(make_person(None)).get("/api/v1/me/"), 403)


def test_a_session_without_the_second_factor_is_no_caller(api, partner):
    """A session that did not pass the second factor (here: Django's login alone) is not a caller of the API."""
    from sharing.services.partners import membership_set
    from tests.factories import UserFactory

    user = UserFactory()
    membership_set(user=user, partner=partner, roles=["reader"])
    api.force_login(user)
    assert_problem(api.get("/api/v1/me/"), 401)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, set by the test (so no window edge falls between its requests by chance)."""
    from sharing.api.throttling import PrincipalRateThrottle

    now = {"t": 1_800_000_000.0 + 10}  # 10 s into a minute
    monkeypatch.setattr(PrincipalRateThrottle, "timer", lambda self: now["t"])
    return now


def test_throttled_per_key(client_for, partner, settings, clock):
    settings.SHARING_THROTTLE_RATES = {"key": "3/min", "anon": None}
    client = client_for(partner)
    other = client_for(PartnerFactory())
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/me/")
    body = assert_problem(response, 429)
    assert body["retry_after"] == 50 and response["Retry-After"] == "50"  # the rest of the minute
    assert other.get("/api/v1/me/").status_code == 200
    clock["t"] += 50  # the next minute: a new budget
    assert [client.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]
