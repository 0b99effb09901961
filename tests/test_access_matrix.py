"""The access matrix: every endpoint in the URL configuration, every kind of caller, the expected answer.

An endpoint that is added without a row here makes ``test_every_endpoint_is_covered`` fail; the test of that
test adds a route and shows it is caught. List answers are also checked for ids of records the caller may not
see, and detail answers for hidden records must be 404 (never 403).
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.utils import timezone
from rest_framework.test import APIClient

from sharing.models import Allocation, EmergencyRequest, MatchRun, ScenarioRun, WebhookDelivery, WebhookEndpoint
from sharing.services.audit import audit_record
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, UserFactory, issue_key, publish

CALLERS = ["owner_publisher", "owner_reader", "member", "other", "suspended", "coordinator", "anonymous", "staff"]
KINDS = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles", "supply-link": "supply-links"}


def api_routes(patterns=None, prefix="") -> set[str]:
    """Names of every route under /api/ (the schema and docs included)."""
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            names |= api_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            names.add(entry.name)
    return names


def uncovered(routes: set[str]) -> set[str]:
    return routes - set(MATRIX) - NOT_API


NOT_API = {"api-not-found"}  # the catch-all that answers 404 problems for unknown addresses


@pytest.fixture
def scene(db):
    owner = PartnerFactory(code="JP-METI")
    member = PartnerFactory(code="KR-MOTIE")
    other = PartnerFactory(code="MX-SE")
    suspended = PartnerFactory(code="CA-NRCAN")
    requester = PartnerFactory(code="AU-DISR")
    group = SharingGroupFactory(name="WG", members=[owner, member, suspended])
    product = ProductFactory(code="NDPR")
    site = publish("facility", owner, "SITE", marking="GREEN")
    buyer = publish("facility", owner, "BUYER", marking="GREEN")
    records = {}
    for marking in ("CLEAR", "GREEN", "AMBER", "RED"):
        groups = [group] if marking == "AMBER" else []
        records[("facility", marking)] = publish("facility", owner, f"F-{marking}", marking=marking, groups=groups)
        records[("capacity", marking)] = publish("capacity", owner, f"C-{marking}", marking=marking, groups=groups,
                                                 facility=site, product=product)
        records[("stockpile", marking)] = publish("stockpile", owner, f"S-{marking}", marking=marking,
                                                  groups=groups, facility=site, product=product)
        records[("supply-link", marking)] = publish("supply_link", owner, f"L-{marking}", marking=marking,
                                                    groups=groups, supplier=site, buyer=buyer, product=product)
    request = EmergencyRequest.objects.create(
        requesting_partner=requester, product=product, quantity=10, destination_country="AU",
        destination_latitude=Decimal(-33), destination_longitude=Decimal(151),
        needed_by=date.today() + timedelta(days=30), priority=1, justification="drill",
    )
    run = MatchRun.objects.create(product=product, triggered_by_request=request, requested_by=requester,
                                  status="succeeded")
    offer = Allocation.objects.create(
        match_run=run, request=request, stockpile=records[("stockpile", "RED")], supplying_partner=owner,
        quantity=5, estimated_arrival=date.today() + timedelta(days=10), distance_km=Decimal(7800),
        expires_at=timezone.now() + timedelta(days=1),
    )
    hook = WebhookEndpoint.objects.create(partner=owner, url="https://example.org/h", secret="x" * 20,
                                          events=["offer.proposed"])
    delivery = WebhookDelivery.objects.create(endpoint=hook, event="offer.proposed", payload={})
    event = audit_record(action="facility.read", object_owner=owner, object_id="1")
    scenario = ScenarioRun.objects.create(requested_by=owner, status="succeeded", inputs={"countries": ["AU"]})

    def client(partner, roles):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=issue_key(partner, roles)[1])
        return c

    clients = {
        "owner_publisher": client(owner, ("reader", "publisher", "responder")),
        "owner_reader": client(owner, ("reader",)),
        "member": client(member, ("reader",)),
        "other": client(other, ("reader", "publisher", "responder")),
        "suspended": client(suspended, ("reader",)),
        "coordinator": client(requester, ("coordinator",)),
        "anonymous": APIClient(),
    }
    staff = APIClient()
    staff.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    clients["staff"] = staff
    suspended.status = "suspended"
    suspended.save()
    return {"records": records, "clients": clients, "request": request, "run": run, "offer": offer, "hook": hook,
            "delivery": delivery, "event": event, "group": group, "owner": owner, "scenario": scenario}


def _row(**statuses):
    """Expected status per caller; callers not named expect the default ``_``."""
    default = statuses.pop("_")
    return {caller: statuses.get(caller, default) for caller in CALLERS}


PUBLIC = _row(_=200, suspended=401)
ANY_PARTNER = _row(_=200, suspended=401, anonymous=401)
READERS = _row(_=200, suspended=401, anonymous=401, coordinator=403)

MATRIX = {
    "api-root": [("get", lambda s: "/api/v1/", _row(_=200))],
    "health": [("get", lambda s: "/api/v1/health/", _row(_=200))],
    "me": [("get", lambda s: "/api/v1/me/", ANY_PARTNER)],
    "schema": [("get", lambda s: "/api/schema/", _row(_=200))],
    "swagger-ui": [("get", lambda s: "/api/docs/", _row(_=200))],
    "redoc": [("get", lambda s: "/api/redoc/", _row(_=200))],
    "changes": [("get", lambda s: "/api/v1/changes/", READERS)],
    "analytics-exposure": [("get", lambda s: "/api/v1/analytics/exposure/?product=NDPR&partner=JP-METI&country=AU",
                            READERS)],
    "partner-list": [("get", lambda s: "/api/v1/partners/", ANY_PARTNER),
                     ("post", lambda s: "/api/v1/partners/",
                      _row(_=403, suspended=401, anonymous=401, staff=400))],
    "partner-detail": [("get", lambda s: f"/api/v1/partners/{s['owner'].pk}/", ANY_PARTNER),
                       ("patch", lambda s: f"/api/v1/partners/{s['owner'].pk}/",
                        _row(_=403, suspended=401, anonymous=401, staff=200))],
    "audit-event-list": [("get", lambda s: "/api/v1/audit-events/", READERS)],
    "audit-event-detail": [("get", lambda s: f"/api/v1/audit-events/{s['event'].pk}/",
                            _row(_=404, owner_publisher=200, owner_reader=200, staff=200, suspended=401,
                                 anonymous=401, coordinator=403))],
    "access-log-list": [("get", lambda s: "/api/v1/access-log/", READERS)],
    "product-list": [("get", lambda s: "/api/v1/products/", PUBLIC)],
    "product-detail": [("get", lambda s: "/api/v1/products/NDPR/", PUBLIC)],
    "sharing-group-list": [("get", lambda s: "/api/v1/sharing-groups/", ANY_PARTNER),
                           ("post", lambda s: "/api/v1/sharing-groups/",
                            _row(_=403, suspended=401, anonymous=401, staff=400))],
    "sharing-group-detail": [("get", lambda s: f"/api/v1/sharing-groups/{s['group'].pk}/",
                              _row(_=404, owner_publisher=200, owner_reader=200, member=200, staff=200,
                                   suspended=401, anonymous=401))],
    "sharing-group-members": [("post", lambda s: f"/api/v1/sharing-groups/{s['group'].pk}/members/",
                               _row(_=403, suspended=401, anonymous=401, staff=200))],
    "emergency-request-list": [("get", lambda s: "/api/v1/emergency-requests/",
                                _row(_=200, suspended=401, anonymous=401))],
    "emergency-request-detail": [("get", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/",
                                  _row(_=404, coordinator=200, staff=200, suspended=401, anonymous=401))],
    "emergency-request-match": [("post", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/match/",
                                 _row(_=403, coordinator=202, suspended=401, anonymous=401))],
    "emergency-request-cancel": [("post", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/cancel/",
                                  _row(_=403, coordinator=200, suspended=401, anonymous=401))],
    "match-run-list": [("get", lambda s: "/api/v1/match-runs/", _row(_=200, suspended=401, anonymous=401))],
    "match-run-detail": [("get", lambda s: f"/api/v1/match-runs/{s['run'].pk}/",
                          _row(_=404, coordinator=200, staff=200, suspended=401, anonymous=401))],
    "allocation-list": [("get", lambda s: "/api/v1/allocations/", _row(_=200, suspended=401, anonymous=401))],
    "allocation-detail": [("get", lambda s: f"/api/v1/allocations/{s['offer'].pk}/",
                           _row(_=404, owner_publisher=200, owner_reader=200, coordinator=200, staff=200,
                                suspended=401, anonymous=401))],
    "allocation-accept": [("post", lambda s: f"/api/v1/allocations/{s['offer'].pk}/accept/",
                           _row(_=403, owner_publisher=200, other=404, suspended=401, anonymous=401,
                                coordinator=403))],
    "allocation-decline": [("post", lambda s: f"/api/v1/allocations/{s['offer'].pk}/decline/",
                            _row(_=403, owner_publisher=400, other=404, suspended=401, anonymous=401))],
    "allocation-fulfil": [("post", lambda s: f"/api/v1/allocations/{s['offer'].pk}/fulfil/",
                           _row(_=403, other=404, suspended=401, anonymous=401, coordinator=409))],
    # Staff have no partner: their webhook lists are empty and partners' endpoints are 404 to them.
    # Registering, removing and redelivering need a role that receives events (responder or coordinator).
    "webhook-list": [("get", lambda s: "/api/v1/webhooks/", _row(_=200, suspended=401, anonymous=401)),
                     ("post", lambda s: "/api/v1/webhooks/",
                      _row(_=403, owner_publisher=400, other=400, coordinator=400, suspended=401,
                           anonymous=401))],
    "webhook-detail": [("get", lambda s: f"/api/v1/webhooks/{s['hook'].pk}/",
                        _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401)),
                       ("delete", lambda s: f"/api/v1/webhooks/{s['hook'].pk}/",
                        _row(_=404, owner_publisher=204, owner_reader=403, member=403, suspended=401,
                             anonymous=401, staff=403))],
    "webhook-delivery-list": [("get", lambda s: "/api/v1/webhook-deliveries/",
                               _row(_=200, suspended=401, anonymous=401))],
    "webhook-delivery-detail": [("get", lambda s: f"/api/v1/webhook-deliveries/{s['delivery'].pk}/",
                                 _row(_=404, owner_publisher=200, owner_reader=200, suspended=401,
                                      anonymous=401))],
    "webhook-delivery-redeliver": [("post", lambda s: f"/api/v1/webhook-deliveries/{s['delivery'].pk}/redeliver/",
                                    _row(_=404, owner_publisher=202, owner_reader=403, member=403,
                                         suspended=401, anonymous=401, staff=403))],
    # Analytics: readers only (aggregates of what partners share are not public); a scenario run is its
    # requester's alone. An empty scenario is a 400; staff may read but not start work.
    "analytics-concentration": [("get", lambda s: "/api/v1/analytics/concentration/?product=NDPR", READERS)],
    "analytics-chokepoints": [("get", lambda s: "/api/v1/analytics/chokepoints/?product=NDPR", READERS)],
    "analytics-scenario-list": [("get", lambda s: "/api/v1/analytics/scenarios/", READERS),
                                ("post", lambda s: "/api/v1/analytics/scenarios/",
                                 _row(_=400, suspended=401, anonymous=401, coordinator=403, staff=403))],
    "analytics-scenario-detail": [("get", lambda s: f"/api/v1/analytics/scenarios/{s['scenario'].pk}/",
                                   _row(_=404, owner_publisher=200, owner_reader=200, suspended=401,
                                        anonymous=401, coordinator=403))],
}

for _kind, _url in KINDS.items():
    MATRIX[f"{_kind}-list"] = [("get", lambda s, u=_url: f"/api/v1/{u}/", _row(_=200, suspended=401,
                                                                               coordinator=403))]
    MATRIX[f"{_kind}-bulk"] = [("post", lambda s, u=_url: f"/api/v1/{u}/bulk/",
                                _row(_=403, owner_publisher=400, other=400, suspended=401, anonymous=401))]
    # A RED record: its owner sees it, everyone else gets 404 (the coordinator-only key lacks the role: 403).
    MATRIX[f"{_kind}-detail"] = [
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, coordinator=403)),
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'AMBER')].pk}/",
         _row(_=404, owner_publisher=200, owner_reader=200, member=200, suspended=401, coordinator=403)),
        # A CLEAR record: anyone, unless it is at a facility the caller cannot see (these sites are GREEN).
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'CLEAR')].pk}/",
         _row(_=200, suspended=401, coordinator=403,
              **({} if _kind == "facility" else {"anonymous": 404, "staff": 404}))),
        # Writing needs the publisher role (403 before any lookup, so nothing leaks); then 404 if hidden.
        ("patch", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/",
         _row(_=403, owner_publisher=200, other=404, suspended=401, anonymous=401)),
        ("delete", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'GREEN')].pk}/",
         _row(_=403, owner_publisher=204, suspended=401, anonymous=401, staff=403)),
    ]
    MATRIX[f"{_kind}-markings"] = [
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/markings/",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, coordinator=403)),
    ]


def test_every_endpoint_is_covered():
    assert uncovered(api_routes()) == set(), "add the new endpoints to the access matrix"


def test_an_uncovered_endpoint_makes_the_matrix_fail(settings):
    import config.urls

    extra = path("api/v1/new-thing/", lambda request: None, name="new-thing")
    routes = api_routes([*config.urls.urlpatterns, extra])
    assert uncovered(routes) == {"new-thing"}


def test_matrix_rows_name_real_endpoints():
    assert set(MATRIX) <= api_routes()


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_access_matrix(route, scene):
    for method, url_of, expected in MATRIX[route]:
        url = url_of(scene)
        # The owner's own call goes last, so that a delete it makes does not change what the others get.
        for caller in sorted(CALLERS, key=lambda c: c == "owner_publisher"):
            client = scene["clients"][caller]
            body = {"add": []} if "members" in url else {}
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code == expected[caller], (route, method, url, caller, response.content[:300])
            if response.status_code >= 400:
                assert response["Content-Type"].startswith("application/problem+json"), (route, caller)
            if method == "get" and route.endswith("-list") and response.status_code == 200:
                _assert_nothing_hidden(route, caller, response.json(), scene)


HIDDEN_FROM = {  # marking -> callers who must not see it in any list
    "RED": {"member", "other", "anonymous", "staff"},
    "AMBER": {"other", "anonymous", "staff"},
    "GREEN": {"anonymous", "staff"},
}


def _assert_nothing_hidden(route: str, caller: str, body, scene) -> None:
    kind = route.removesuffix("-list")
    results = body["results"] if isinstance(body, dict) and "results" in body else []
    ids = {r.get("id") for r in results if isinstance(r, dict)}
    if kind in KINDS:
        for marking, blind in HIDDEN_FROM.items():
            if caller in blind:
                assert scene["records"][(kind, marking)].pk not in ids, (route, caller, marking)
    if kind == "allocation" and caller in {"member", "other", "anonymous", "staff"} - {"staff"}:
        assert scene["offer"].pk not in ids
    if kind == "allocation" and caller == "coordinator":
        (offer,) = results
        assert offer["source"] is None, "the requester may not see the supplier's RED stockpile"
    if kind in {"audit-event", "access-log"} and caller not in {"owner_publisher", "owner_reader", "staff"}:
        assert scene["event"].pk not in ids
    if kind == "analytics-scenario" and caller not in {"owner_publisher", "owner_reader"}:
        assert scene["scenario"].pk not in ids
    if kind == "emergency-request" and caller not in {"coordinator", "staff"}:
        assert scene["request"].pk not in ids


def test_matrix_counts():
    """For the closing note: endpoints and callers covered."""
    cases = sum(len(rows) for rows in MATRIX.values())
    assert len(MATRIX) >= 45 and len(CALLERS) == 8 and cases >= 60
