"""Scouting during a waiver's review (issue 15 part 3): the facilities a caller may see in the buying partner's and
allied countries with spare or releasable capacity of the product or its nearest catalogue match, ranked; the
``waiver.posted`` webhook to the partners that make it (once, and never about a waiver they cannot see); capability
responses, visible to the buying partner, the responder and the secretariat only."""

import base64
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from sharing.models import AuditEvent, WaiverNotice, WebhookDelivery, WebhookEndpoint
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db


def capacity(owner, facility, product, spare, releasable, marking="GREEN"):
    return publish("capacity", owner, marking=marking, facility=facility, product=product, nominal=Decimal(200),
                   in_use=Decimal(200) - spare, spare=spare, releasable=releasable)


@pytest.fixture
def scene(db, client_for):
    us, jp = PartnerFactory(code="US-DOC", country="US"), PartnerFactory(code="JP-METI", country="JP")
    kr, mx = PartnerFactory(code="KR-MOTIE", country="KR"), PartnerFactory(code="MX-SE", country="MX")
    magnet = ProductFactory(code="NDFEB-MAGNET", name="NdFeB magnet", sector="critical_minerals",
                            hs_codes=["850511"], unit="t")
    ferrite = ProductFactory(code="FERRITE-MAGNET", sector="critical_minerals", hs_codes=["850519"], unit="t")
    oxide = ProductFactory(code="NDPR-OXIDE", sector="critical_minerals", hs_codes=["284690"], unit="t")
    # On the equator, a degree of longitude apart: 111.2 km (6,371 km x pi / 180) per degree from (0, 0).
    sites = {
        "JP-A": publish("facility", jp, "JP-A", country="JP", latitude=Decimal(0), longitude=Decimal(1)),
        "KR-B": publish("facility", kr, "KR-B", country="KR", latitude=Decimal(0), longitude=Decimal(2)),
        "US-C": publish("facility", us, "US-C", country="US", latitude=Decimal(0), longitude=Decimal(3)),
        "CN-D": publish("facility", jp, "CN-D", country="CN", latitude=Decimal(0), longitude=Decimal(0)),
        "KR-R": publish("facility", kr, "KR-R", marking="RED", country="KR", latitude=Decimal(0),
                        longitude=Decimal(0)),
        "JP-Z": publish("facility", jp, "JP-Z", country="JP", latitude=Decimal(0), longitude=Decimal(0)),
    }
    capacity(jp, sites["JP-A"], magnet, Decimal(40), Decimal(20))
    capacity(kr, sites["KR-B"], magnet, Decimal(40), Decimal(10))
    capacity(us, sites["US-C"], magnet, Decimal(60), Decimal(0))
    capacity(jp, sites["CN-D"], magnet, Decimal(100), Decimal(100))  # not an allied country
    capacity(kr, sites["KR-R"], magnet, Decimal(500), Decimal(500), marking="RED")  # hidden from the buyer
    capacity(jp, sites["JP-Z"], magnet, Decimal(0), Decimal(0))  # nothing spare
    clients = {
        "us": client_for(us, ("reader", "publisher")), "jp": client_for(jp, ("reader", "responder")),
        "kr": client_for(kr, ("reader", "responder", "publisher")), "mx": client_for(mx, ("reader", "responder")),
        "coordinator": client_for(us, ("coordinator",)),
    }
    return {"us": us, "jp": jp, "kr": kr, "mx": mx, "magnet": magnet, "ferrite": ferrite, "oxide": oxide,
            "sites": sites, "clients": clients}


def waiver(scene, product="magnet", **values):
    defaults = {"product": scene[product], "status": "posted", "reason": "non_availability",
                "delivery_latitude": Decimal(0), "delivery_longitude": Decimal(0)}
    return publish("waiver", scene["us"], marking=values.pop("marking", "CLEAR"), groups=values.pop("groups", ()),
                   **{**defaults, **values})


def test_scouting_ranks_visible_allied_facilities_by_spare_then_distance(scene):
    record = waiver(scene)
    response = scene["clients"]["us"].get(f"/api/v1/waivers/{record.pk}/scouting/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["match"] == "product" and body["countries"] == ["JP", "KR", "MX", "US"]
    assert [(f["external_id"], f["spare"], f["releasable"], f["distance_km"]) for f in body["facilities"]] == [
        ("US-C", "60.000", "0.000", 333.6),
        ("JP-A", "40.000", "20.000", 111.2),
        ("KR-B", "40.000", "10.000", 222.4),
    ]
    assert body["facilities"][1] == {"facility": scene["sites"]["JP-A"].pk, "external_id": "JP-A", "owner": "JP-METI",
                                     "name": scene["sites"]["JP-A"].name, "country": "JP",
                                     "product": "NDFEB-MAGNET", "spare": "40.000", "releasable": "20.000",
                                     "distance_km": 111.2}


def test_the_owner_of_a_red_facility_scouts_it_and_nobody_else_does(scene):
    record = waiver(scene, marking="GREEN")
    seen = [f["external_id"] for f in scene["clients"]["kr"].get(
        f"/api/v1/waivers/{record.pk}/scouting/").json()["facilities"]]
    assert seen == ["KR-R", "US-C", "JP-A", "KR-B"]


def test_nearest_catalogue_match_hs_heading_then_sector(scene):
    client = scene["clients"]["us"]
    ferrite = waiver(scene, product="ferrite")  # 8505.19 shares heading 8505 with the magnet's 8505.11
    body = client.get(f"/api/v1/waivers/{ferrite.pk}/scouting/").json()
    assert body["match"] == "hs_heading" and [f["product"] for f in body["facilities"]] == ["NDFEB-MAGNET"] * 3
    oxide = waiver(scene, product="oxide")  # heading 2846: nothing; the sector's magnets then
    body = client.get(f"/api/v1/waivers/{oxide.pk}/scouting/").json()
    assert body["match"] == "sector" and len(body["facilities"]) == 3
    free = waiver(scene, product="oxide", product_text="Magnet blocks", hs_code="850590")
    free.product_id = None
    free.save(update_fields=["product"])
    body = client.get(f"/api/v1/waivers/{free.pk}/scouting/").json()
    assert body["match"] == "hs_heading" and len(body["facilities"]) == 3
    scene["cell"] = ProductFactory(code="LFP-CELL", sector="batteries", hs_codes=["850760"])
    body = client.get(f"/api/v1/waivers/{waiver(scene, product='cell').pk}/scouting/").json()
    assert body == {**body, "match": None, "facilities": []}


def test_scouting_is_for_non_availability_waivers_in_review(scene):
    client = scene["clients"]["us"]
    cost = waiver(scene, reason="unreasonable_cost")
    response = client.get(f"/api/v1/waivers/{cost.pk}/scouting/")
    assert response.status_code == 409 and "non-availability" in response.json()["detail"]
    proposed = waiver(scene, status="proposed")
    assert client.get(f"/api/v1/waivers/{proposed.pk}/scouting/").status_code == 409
    old = timezone.localdate() - timedelta(days=16)
    ended = waiver(scene, proposed_on=old, posted_on=old)
    response = client.get(f"/api/v1/waivers/{ended.pk}/scouting/")
    assert response.status_code == 409 and str(old + timedelta(days=15)) in response.json()["detail"]
    last_day = timezone.localdate() - timedelta(days=15)
    assert client.get(f"/api/v1/waivers/{waiver(scene, proposed_on=last_day, posted_on=last_day).pk}/scouting/"
                      ).status_code == 200


def test_scouting_needs_a_key_and_sight_of_the_waiver(scene, api):
    record = waiver(scene)
    assert api.get(f"/api/v1/waivers/{record.pk}/scouting/").status_code == 401
    assert scene["clients"]["coordinator"].get(f"/api/v1/waivers/{record.pk}/scouting/").status_code == 403
    red = waiver(scene, marking="RED")
    assert scene["clients"]["jp"].get(f"/api/v1/waivers/{red.pk}/scouting/").status_code == 404


# --- waiver.posted ----------------------------------------------------------------------------------------------


SECRET = "whsec_" + base64.b64encode(b"waiver-secret-0123456789-abcdefg").decode()


def test_makers_that_may_see_a_posted_waiver_hear_of_it_once(scene, receiver, eager_tasks,
                                                             django_capture_on_commit_callbacks):
    for who in ("jp", "kr", "mx", "us"):  # every partner listens, the buyer too
        WebhookEndpoint.objects.create(partner=scene[who], url=receiver.url(f"/{who}"),
                                       secret=SECRET, events=["waiver.posted"])
    SharingGroupFactory(name="Magnets WG", members=[scene["us"], scene["jp"]])
    buyer = scene["clients"]["us"]
    body = {"external_id": "DOE-1", "agency": "Department of Energy", "product": "NDFEB-MAGNET", "quantity": "5",
            "value": "100000.00", "currency": "USD", "origin_country": "CN", "reason": "non_availability",
            "marking": "AMBER", "groups": ["Magnets WG"]}
    with django_capture_on_commit_callbacks(execute=True):
        created = buyer.post("/api/v1/waivers/", body, format="json").json()
    assert receiver.posts() == [], "proposed: nobody is told yet"
    url = f"/api/v1/waivers/{created['id']}/"
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer.patch(url, {"status": "posted"}, format="json").status_code == 200
    # JP makes magnets and is in the group; KR makes them but may not see an AMBER waiver of a group it is not in;
    # MX makes none; the buyer is not told of its own waiver.
    assert [path for _, path, _, _ in receiver.posts()] == ["/jp"]
    _, _, headers, raw = receiver.posts()[0]
    assert Webhook(SECRET).verify(raw, dict(headers))["type"] == "waiver.posted"  # Standard Webhooks
    event = json.loads(raw)
    assert event["event"] == "waiver.posted"
    assert event["data"] == {**event["data"], "id": created["id"], "product": "NDFEB-MAGNET", "status": "posted",
                             "buying_partner": "US-DOC", "url": url}
    assert "groups" not in event["data"] and "Magnets WG" not in raw.decode()
    with django_capture_on_commit_callbacks(execute=True):
        buyer.patch(url, {"description": "Now with a description."}, format="json")
    assert len(receiver.posts()) == 1, "once"
    with django_capture_on_commit_callbacks(execute=True):
        loosened = buyer.patch(url, {"marking": "GREEN", "groups": [], "confirm_loosening": True}, format="json")
    assert loosened.status_code == 200
    assert [path for _, path, _, _ in receiver.posts()] == ["/jp", "/kr"], "KR sees it now, and hears of it once"
    assert set(WaiverNotice.objects.values_list("partner__code", flat=True)) == {"JP-METI", "KR-MOTIE"}
    assert WebhookDelivery.objects.filter(event="waiver.posted").count() == 2


def test_a_waiver_posted_on_creation_by_bulk_tells_the_makers(scene, eager_tasks, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(partner=scene["jp"], url="https://jp.example/hook", secret=SECRET,
                                   events=["waiver.posted"])
    row = {"external_id": "DOE-2", "agency": "DOE", "product": "NDFEB-MAGNET", "quantity": "5", "value": "1.00",
           "currency": "USD", "origin_country": "CN", "reason": "public_interest", "status": "posted"}
    scene["clients"]["us"].post("/api/v1/waivers/bulk/", {"records": [row]}, format="json")
    assert WebhookDelivery.objects.filter(event="waiver.posted", endpoint__partner=scene["jp"]).count() == 1


def test_only_keys_that_answer_or_publish_may_subscribe(scene):
    coordinator = scene["clients"]["coordinator"]
    refused = coordinator.post("/api/v1/webhooks/", {"url": "https://us.example/hook",
                                                     "events": ["waiver.posted"]}, format="json")
    assert refused.status_code == 403 and "waiver.posted (needs publisher or responder)" in refused.json()["detail"]


# --- capability responses -------------------------------------------------------------------------------------


def respond(client, record, facility="JP-A", **changes):
    body = {"facility": facility, "quantity": "12.5", "available_by": str(timezone.localdate() + timedelta(days=60)),
            "note": "N52 grade; can ship by sea.", **changes}
    return client.post(f"/api/v1/waivers/{record.pk}/responses/", body, format="json")


def test_a_maker_answers_and_only_the_buyer_the_maker_and_staff_read_it(scene, api, staff_client):
    record = waiver(scene, marking="GREEN")
    created = respond(scene["clients"]["jp"], record)
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer == {**answer, "partner": "JP-METI", "quantity": "12.500", "waiver": record.pk,
                      "facility": {"id": scene["sites"]["JP-A"].pk, "external_id": "JP-A",
                                   "name": scene["sites"]["JP-A"].name, "country": "JP"}}
    url = f"/api/v1/waivers/{record.pk}/responses/"
    assert [a["id"] for a in scene["clients"]["us"].get(url).json()] == [answer["id"]]
    assert [a["id"] for a in scene["clients"]["jp"].get(url).json()] == [answer["id"]]
    assert scene["clients"]["kr"].get(url).json() == [], "another maker sees the waiver, not the others' answers"
    assert [a["id"] for a in staff_client.get(url).json()] == [answer["id"]], "the secretariat, even for GREEN"
    assert api.get(url).status_code == 401
    assert AuditEvent.objects.filter(action="waiver_response.read", object_owner=scene["jp"]).count() == 2


def test_responses_are_refused_with_reasons(scene):
    record = waiver(scene)
    jp, kr, us = scene["clients"]["jp"], scene["clients"]["kr"], scene["clients"]["us"]
    assert respond(us, record, facility="US-C").status_code == 403
    other = respond(kr, record, facility="JP-A")
    assert other.status_code == 400 and other.json()["errors"] == {"facility": ["No facility of yours has this "
                                                                                "external_id."]}
    past = respond(jp, record, available_by=str(timezone.localdate() - timedelta(days=1)))
    assert past.status_code == 400 and "available_by" in past.json()["errors"]
    assert respond(jp, record, quantity="0").status_code == 400
    assert respond(jp, record).status_code == 201
    duplicate = respond(jp, record)
    assert duplicate.status_code == 409 and "already answered" in duplicate.json()["detail"]
    proposed = waiver(scene, status="proposed")
    assert respond(jp, proposed).status_code == 409
    red = waiver(scene, marking="RED")
    assert respond(jp, red).status_code == 404
    assert scene["clients"]["mx"].get(f"/api/v1/waivers/{red.pk}/responses/").status_code == 404


def test_a_maker_that_joins_the_group_during_the_review_hears_of_it_then(scene, staff_client, eager_tasks):
    group = SharingGroupFactory(name="Magnets WG", members=[scene["us"], scene["jp"]])
    for who in ("jp", "kr"):
        WebhookEndpoint.objects.create(partner=scene[who], url=f"https://{who}.example/hook", secret=SECRET,
                                       events=["waiver.posted"])
    waiver(scene, marking="AMBER", groups=[group])
    assert list(WebhookDelivery.objects.values_list("endpoint__partner__code", flat=True)) == ["JP-METI"]
    added = staff_client.post(f"/api/v1/sharing-groups/{group.pk}/members/", {"add": ["KR-MOTIE"]}, format="json")
    assert added.status_code == 200
    assert sorted(WebhookDelivery.objects.values_list("endpoint__partner__code", flat=True)) == ["JP-METI", "KR-MOTIE"]
    staff_client.post(f"/api/v1/sharing-groups/{group.pk}/members/", {"remove": ["KR-MOTIE"]}, format="json")
    staff_client.post(f"/api/v1/sharing-groups/{group.pk}/members/", {"add": ["KR-MOTIE"]}, format="json")
    assert WebhookDelivery.objects.count() == 2, "once"


def test_telling_makers_costs_the_same_queries_for_2_or_20_waivers(scene):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharing.procurement.notices import waivers_posted

    def told(count: int, start: int) -> tuple[int, int]:
        records = [waiver(scene, status="proposed", product="magnet" if n % 2 else "ferrite")
                   for n in range(start, start + count)]
        for record in records:
            record.status = "posted"
        with CaptureQueriesContext(connection) as queries:
            sent = waivers_posted(records)
        return sent, len(queries.captured_queries)

    few, many = told(2, 0), told(20, 2)
    assert few[0] == 2 and many[0] == 20  # JP and KR make magnets: 1 of 2 (then 10 of 20) waivers, 2 makers each
    assert few[1] == many[1]
