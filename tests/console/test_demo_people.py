"""`make run` (load_demo) prints the console's address and a demo person per role, who can sign in with what is
printed: the password, then a code from the printed authenticator secret."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from sharing.models import Allocation, Membership
from tests.console.people import forget_used_codes, fresh_window, totp_code

pytestmark = pytest.mark.django_db


def printed_people(text: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(demo-[a-z]+)\s+\S+\s+\S+\s+TOTP secret ([A-Z2-7]+)$", text, re.M))


def test_demo_people_sign_in_with_what_load_demo_prints(tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("load_demo", keys_file=str(tmp_path / "keys.txt"), stdout=out)
    text = out.getvalue()
    assert "Console: http://127.0.0.1:8000/console/" in text
    assert "DEMO ONLY" in text
    password = re.search(r"Password for each: (\S+)", text).group(1)
    people = printed_people(text)
    assert set(people) == {"demo-coordinator", "demo-responder", "demo-analyst", "demo-publisher"}
    roles = {m.user.username: set(m.roles) for m in Membership.objects.select_related("user")}
    assert roles["demo-coordinator"] >= {"coordinator"} and roles["demo-responder"] == {"responder"}
    assert roles["demo-analyst"] == {"reader"} and "publisher" in roles["demo-publisher"]

    def sign_in(username):
        client = Client()
        response = client.post("/accounts/login/", {"login": username, "password": password})
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
        user_pk = Membership.objects.get(user__username=username).user_id
        forget_used_codes(type("U", (), {"pk": user_pk})())
        fresh_window()
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(people[username])})
        assert response.status_code == 302, username
        return client

    coordinator = sign_in("demo-coordinator")
    assert len(coordinator.get("/console/requests/").context["page"].object_list) == 1  # the demo request
    responder = sign_in("demo-responder")
    pending = responder.get("/console/offers/").context["offers"]
    assert pending and {o["id"] for o in pending} <= set(
        Allocation.objects.filter(supplying_partner__code="US-DOC", status="proposed").values_list("pk", flat=True))
    codes = StringIO()
    call_command("demo_codes", stdout=codes)
    assert re.search(r"demo-analyst\s+\d{6}", codes.getvalue())
    # A second load creates no one again and prints the same secrets.
    again = StringIO()
    call_command("load_demo", keys_file=str(tmp_path / "keys.txt"), stdout=again)
    assert printed_people(again.getvalue()) == people
    assert Membership.objects.filter(user__username__startswith="demo-").count() == 4
