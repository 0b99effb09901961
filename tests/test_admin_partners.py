"""The admin's partner list: suspend and reinstate say what they did, and the country filter lists only the
countries partners are in (it listed all 250 of ISO 3166: a 6,000 px sidebar)."""

import re

import pytest
from django.test import Client

from sharing.models import AuditEvent, Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/sharing/partner/"


def act(client: Client, action: str, *partners: Partner):
    return client.post(LIST, {"action": action, "_selected_action": [p.pk for p in partners]}, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_suspend_and_reinstate_confirm_what_they_did(secretariat):
    jp = PartnerFactory(code="JP-METI", country="JP")
    kr = PartnerFactory(code="KR-MOTIE", country="KR")

    response = act(secretariat, "suspend", jp, kr)
    assert messages_of(response) == [
        "Suspended JP-METI, KR-MOTIE: their API keys and members are refused from now on; their data stays."
    ]
    assert set(Partner.objects.values_list("status", flat=True)) == {"suspended"}
    assert AuditEvent.objects.filter(action="partner.suspend").count() == 2

    kr.refresh_from_db()
    Partner.objects.filter(pk=kr.pk).update(status="active")
    response = act(secretariat, "reinstate", jp, kr)
    assert messages_of(response) == [
        "Reinstated JP-METI: their API keys and members work again. Already reinstated, left as they were: KR-MOTIE."
    ]
    response = act(secretariat, "reinstate", jp)
    assert messages_of(response) == ["Already reinstated, left as they were: JP-METI."]
    assert response.context["messages"]._loaded_messages[0].level_tag == "warning"


def test_changing_the_status_in_the_form_confirms_it_too(secretariat):
    jp = PartnerFactory(code="JP-METI", name="METI", country="JP")
    response = secretariat.post(f"{LIST}{jp.pk}/change/",
                                {"code": "JP-METI", "name": "METI", "country": "JP", "status": "suspended"},
                                follow=True)
    assert "Suspended JP-METI: their API keys and members are refused from now on; their data stays." in (
        messages_of(response))
    jp.refresh_from_db()
    assert jp.status == "suspended"


def test_the_country_filter_lists_only_countries_in_use(secretariat):
    for code, country in [("JP-METI", "JP"), ("JP-MOFA", "JP"), ("KR-MOTIE", "KR"), ("AU-DISR", "AU")]:
        PartnerFactory(code=code, country=country)
    html = secretariat.get(LIST).content.decode()
    countries = re.findall(r'href="\?country=([A-Z]{2})"', html)
    assert countries == ["AU", "JP", "KR"]  # by name: Australia, Japan, Korea
    assert "Zimbabwe" not in html and "Afghanistan" not in html

    filtered = secretariat.get(LIST, {"country": "JP"})
    assert [p.code for p in filtered.context["cl"].result_list] == ["JP-METI", "JP-MOFA"]


def test_the_partner_list_costs_the_same_queries_for_few_and_many(secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PartnerFactory(code="JP-METI", country="JP")
    secretariat.get(LIST)  # the session's first request also writes the session (the idle clock): not measured
    with CaptureQueriesContext(connection) as few:
        assert secretariat.get(LIST).status_code == 200
    for n in range(20):
        PartnerFactory(code=f"US-A{n:02d}", country=["US", "CA", "MX", "DE"][n % 4])
    with CaptureQueriesContext(connection) as many:
        assert secretariat.get(LIST).status_code == 200
    assert len(many) == len(few)
