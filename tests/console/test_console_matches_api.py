"""What a person sees in the console is what the API shows them: the same rows, the same fields, for a requester
inside the sharing group that may see the source and for one outside it, and for the supplier's responder. The API
is asked by the same person (their signed-in session) and by a key of the same partner with the same roles."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sharing.models import Allocation, EmergencyRequest, MatchRun
from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

SOON = date.today() + timedelta(days=40)


@pytest.fixture
def scene(client_for):
    supplier = PartnerFactory(code="JP-METI", country="JP")
    inside = PartnerFactory(code="KR-MOTIE", country="KR")
    outside = PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="Magnets working group", members=[supplier, inside])
    product = ProductFactory(code="NDPR", unit="t")
    site = publish("facility", supplier, "JP-SITE", marking="AMBER", groups=[group], country="JP")
    amber = publish("stockpile", supplier, "JP-AMBER", marking="AMBER", groups=[group], facility=site,
                    product=product)
    amber_too = publish("stockpile", supplier, "JP-AMBER-2", marking="AMBER", groups=[group], facility=site,
                        product=product)
    green_site = publish("facility", supplier, "JP-GREEN-SITE", marking="GREEN", country="JP")
    green = publish("stockpile", supplier, "JP-GREEN", marking="GREEN", facility=green_site, product=product)
    run = MatchRun.objects.create(product=product, requested_by=inside, status="succeeded")
    requests, offers = {}, {}
    for name, partner in (("inside", inside), ("outside", outside)):
        request = requests[name] = EmergencyRequest.objects.create(
            requesting_partner=partner, product=product, quantity=10, destination_country=partner.country,
            destination_latitude=Decimal(35), destination_longitude=Decimal(127), needed_by=SOON, priority=1,
            justification="drill")
        run.demands.create(request=request, quantity=10)
        for label, source, status in (("amber", amber, "proposed"), ("amber-accepted", amber_too, "accepted"),
                                      ("green", green, "proposed")):
            offers[(name, label)] = Allocation.objects.create(
                match_run=run, request=request, stockpile=source, supplying_partner=supplier, quantity=2,
                status=status, estimated_arrival=SOON - timedelta(days=5), distance_km=Decimal(1200),
                expires_at=timezone.now() + timedelta(hours=30), confirmed_arrival=SOON if status == "accepted"
                else None,
            )
    roles = {"inside": ("coordinator", "reader"), "outside": ("coordinator", "reader"), "responder": ("responder",)}
    partners = {"inside": inside, "outside": outside, "responder": supplier}
    people = {name: sign_in(make_person(partners[name], roles[name], username=f"p-{name}"),
                            address=f"192.0.2.{i + 1}") for i, name in enumerate(partners)}
    keys = {name: client_for(partners[name], roles[name]) for name in partners}
    return {"requests": requests, "offers": offers, "run": run, "people": people, "keys": keys}


def api_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def offer_ids_in(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/console/offers/(\d+)/"', html)]


@pytest.mark.parametrize("who", ["inside", "outside"])
def test_a_requests_offers_are_the_apis_for_a_requester_inside_and_outside_the_group(scene, who):
    person, key = scene["people"][who], scene["keys"][who]
    request = scene["requests"][who]
    page = person.get(f"/console/requests/{request.pk}/")
    console = list(page.context["offers"])
    by_session = api_rows(person, f"/api/v1/allocations/?request={request.pk}")
    by_key = api_rows(key, f"/api/v1/allocations/?request={request.pk}")
    assert console == by_session == by_key  # the same rows, in the same order, field for field
    assert offer_ids_in(page.content.decode()) == [row["id"] for row in console]
    shown = {row["id"]: row for row in console}
    offers = scene["offers"]
    if who == "inside":  # the group may see the AMBER stockpile: every offer, whole
        assert set(shown) == {offers[(who, label)].pk for label in ("amber", "amber-accepted", "green")}
        assert shown[offers[(who, "amber")].pk]["source"]["external_id"] == "JP-AMBER"
    else:  # outside: the AMBER source's proposed offer does not exist; the accepted one is told, not placed
        assert set(shown) == {offers[(who, "amber-accepted")].pk, offers[(who, "green")].pk}
        told = shown[offers[(who, "amber-accepted")].pk]
        assert told["source"] is None and told["distance_km"] is None and told["estimated_arrival"] is None
        assert "JP-AMBER" not in page.content.decode() and "JP-SITE" not in page.content.decode()
        told_page = person.get(f"/console/offers/{told['id']}/").content.decode()
        assert "Not shared with your partner" in told_page and "1200" not in told_page
        hidden = offers[(who, "amber")]
        assert person.get(f"/console/offers/{hidden.pk}/").status_code == 404
        assert person.get(f"/api/v1/allocations/{hidden.pk}/").status_code == 404
    # The partner-and-state summary counts the same offers.
    summary = sum(row["offers"] for row in page.context["by_partner"])
    assert summary == len(console)


@pytest.mark.parametrize("who", ["inside", "outside"])
def test_a_runs_figures_are_the_apis(scene, who):
    person = scene["people"][who]
    run = scene["run"]
    page = person.get(f"/console/runs/{run.pk}/")
    assert page.status_code == 200
    assert page.context["run"] == person.get(f"/api/v1/match-runs/{run.pk}/").json()
    assert page.context["run"] == scene["keys"][who].get(f"/api/v1/match-runs/{run.pk}/").json()
    offered = {fill["request_id"]: fill["offered"] for fill in page.context["fills"]}
    visible = 6 if who == "inside" else 4  # outside: the AMBER source's proposed offer is not counted
    assert offered == {scene["requests"][who].pk: visible}


def test_the_responders_pending_offers_are_the_apis(scene):
    person, key = scene["people"]["responder"], scene["keys"]["responder"]
    page = person.get("/console/offers/?status=proposed")
    console = {row["id"]: row for row in page.context["offers"]}
    for client in (person, key):
        api = {row["id"]: row for row in api_rows(client, "/api/v1/allocations/?status=proposed")
               if row["supplying_partner"] == "JP-METI"}
        assert console == api
    assert len(console) == 4 and all(row["source"] for row in console.values())  # the supplier sees its own whole
    assert sorted(offer_ids_in(page.content.decode())) == sorted(console)
    accepted = person.get("/console/offers/?status=accepted").context["offers"]
    api_accepted = api_rows(key, "/api/v1/allocations/?status=accepted")
    assert {row["id"] for row in accepted} == {row["id"] for row in api_accepted}


def test_the_request_list_is_the_apis(scene):
    for who in ("inside", "outside"):
        person = scene["people"][who]
        page = person.get("/console/requests/")
        console = [request.pk for request in page.context["page"].object_list]
        assert console == [row["id"] for row in api_rows(person, "/api/v1/emergency-requests/")]
        assert console == [scene["requests"][who].pk]
