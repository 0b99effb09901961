"""The admin's API key pages: roles as checkboxes, allowed networks one CIDR per line (validated), no "Revoked"
box when issuing, and only the service's own key model (the library's unused one is not registered)."""

import pytest
from django.contrib import admin
from django.test import Client
from rest_framework_api_key.models import APIKey

from sharing.admin_forms import NetworkListField
from sharing.models import AuditEvent, PartnerAPIKey
from tests.factories import PartnerFactory, UserFactory, issue_key

pytestmark = pytest.mark.django_db

ADD = "/admin/sharing/partnerapikey/add/"


def issue(client: Client, **fields):
    data = {"partner": PartnerFactory(code="JP-METI").pk, "name": "Tokyo sync", "allowed_networks": "",
            "expiry_date_0": "", "expiry_date_1": "", **fields}
    return client.post(ADD, data, follow=True)


def test_the_add_form_offers_each_role_as_a_checkbox_and_no_revoked_box(secretariat):
    page = secretariat.get(ADD)
    assert page.status_code == 200
    html = page.content.decode()
    for role in ("reader", "publisher", "responder", "coordinator"):
        assert f'type="checkbox" name="roles" value="{role}"' in html
    assert "Valid roles: reader, publisher, responder, coordinator." in html
    assert 'name="revoked"' not in html and "Revoked" not in html
    assert '<textarea name="allowed_networks"' in html
    assert "One CIDR block per line" in html


def test_a_key_is_issued_with_ticked_roles_and_networks_one_per_line(secretariat):
    response = issue(secretariat, roles=["reader", "publisher"],
                     allowed_networks="192.0.2.0/24\r\n\r\n  2001:db8::/32 \r\n198.51.100.7\r\n192.0.2.0/24\r\n")
    assert response.status_code == 200
    key = PartnerAPIKey.objects.get(name="Tokyo sync")
    assert key.roles == ["publisher", "reader"]
    assert key.allowed_networks == ["192.0.2.0/24", "2001:db8::/32", "198.51.100.7/32"]
    assert not key.revoked
    assert "copy it now" in response.content.decode()  # the secret, shown once
    assert AuditEvent.objects.filter(action="api_key.issue", object_id=key.prefix).exists()


def test_no_networks_means_anywhere(secretariat):
    issue(secretariat, roles=["reader"])
    assert PartnerAPIKey.objects.get(name="Tokyo sync").allowed_networks == []


@pytest.mark.parametrize(("networks", "message"), [
    ("192.0.2.0/24\nnot-a-network", "Line 2: not-a-network is not a CIDR block or an address."),
    ("10.0.0.0/33", "Line 1: 10.0.0.0/33 is not a CIDR block or an address."),
    ("192.0.2.7/24", "Line 1: 192.0.2.7/24 has host bits set; the block is 192.0.2.0/24."),
])
def test_a_bad_network_line_is_refused_with_its_line_number(secretariat, networks, message):
    response = issue(secretariat, roles=["reader"], allowed_networks=networks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PartnerAPIKey.objects.exists()


def test_a_key_needs_a_role_and_only_known_roles(secretariat):
    assert "Tick at least one role." in issue(secretariat).content.decode()
    response = issue(secretariat, roles=["reader", "superuser"])
    assert "Select a valid choice. superuser is not one of the available choices." in response.content.decode()
    assert not PartnerAPIKey.objects.exists()


def test_an_issued_key_shows_its_roles_and_networks_as_text_and_cannot_change_them(secretariat):
    key, _ = issue_key(PartnerFactory(code="KR-MOTIE"), roles=("reader", "responder"),
                       allowed_networks=["192.0.2.0/24", "2001:db8::/32"])
    page = secretariat.get(f"/admin/sharing/partnerapikey/{key.pk}/change/")
    html = page.content.decode()
    assert "reader, responder" in html and "<div>192.0.2.0/24</div><div>2001:db8::/32</div>" in html
    assert 'name="roles"' not in html and 'name="allowed_networks"' not in html and 'name="revoked"' not in html
    assert 'name="name"' in html  # the name and expiry stay editable


def test_the_network_field_round_trips_the_stored_list():
    field = NetworkListField()
    assert field.prepare_value(["192.0.2.0/24", "2001:db8::/32"]) == "192.0.2.0/24\n2001:db8::/32"
    assert not field.has_changed(["192.0.2.0/24"], "192.0.2.0/24\r\n")
    assert field.has_changed([], "192.0.2.0/24")


def test_the_librarys_own_key_model_has_no_admin(secretariat):
    assert not admin.site.is_registered(APIKey)
    assert secretariat.get("/admin/rest_framework_api_key/apikey/").status_code == 404
    index = secretariat.get("/admin/").content.decode()
    assert "API KEY PERMISSIONS" not in index.upper() and "/admin/rest_framework_api_key/" not in index
    assert "/admin/sharing/partnerapikey/" in index


def test_revoking_says_what_it_did(secretariat):
    key, _ = issue_key(PartnerFactory(code="KR-MOTIE"))
    data = {"action": "revoke", "_selected_action": [key.pk]}
    response = secretariat.post("/admin/sharing/partnerapikey/", data, follow=True)
    assert f"Revoked 1 key(s): {key.prefix}." in response.content.decode()
    response = secretariat.post("/admin/sharing/partnerapikey/", data, follow=True)
    assert "The selected keys were already revoked." in response.content.decode()


def test_a_membership_takes_roles_as_checkboxes_too(secretariat):
    person = UserFactory(username="duty-officer")
    partner = PartnerFactory(code="KR-MOTIE")
    html = secretariat.get("/admin/sharing/membership/add/").content.decode()
    assert 'type="checkbox" name="roles" value="responder"' in html
    secretariat.post("/admin/sharing/membership/add/",
                     {"user": person.pk, "partner": partner.pk, "roles": ["responder", "reader"]})
    assert person.membership.roles == ["reader", "responder"]
    assert "reader, responder" in secretariat.get("/admin/sharing/membership/").content.decode()


def test_every_page_has_an_icon(secretariat):
    from django.test import Client

    response = Client().get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for page in (secretariat.get("/admin/"), Client().get("/")):
        assert 'rel="icon" href="/static/sharing/favicon.svg"' in page.content.decode()
