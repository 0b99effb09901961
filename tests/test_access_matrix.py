"""The access matrix: every endpoint in the URL configuration, every method it allows, every kind of caller,
the expected answer.

An endpoint that is added without a row here makes ``test_every_endpoint_is_covered`` fail, and so does a method
that the URL configuration allows (read from the view or the viewset's actions, HEAD and OPTIONS included) without
a row; the tests of those tests add a route and drop a method and show both are caught. HEAD must answer exactly
as GET does (it runs the same view), and OPTIONS as GET does for who may ask: 200 with the same fixed metadata
wherever GET would not be refused by authentication or role (even for a record GET would answer 404 for, since
OPTIONS looks nothing up), else GET's 401 or 403. Routes without GET name their OPTIONS row.

List answers are also checked for ids of records the caller may not
see, and detail answers for hidden records must be 404 (never 403).
"""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.utils import timezone
from rest_framework.test import APIClient

from sharing.models import (
    Allocation,
    EmergencyRequest,
    ImportJob,
    MatchRun,
    ReportRun,
    ReviewSector,
    ScenarioRun,
    Subscription,
    WebhookDelivery,
    WebhookEndpoint,
)
from sharing.services.audit import audit_record
from tests.factories import (
    PartnerFactory,
    ProductFactory,
    SharingGroupFactory,
    UserFactory,
    issue_key,
    publish,
    staff_signed_in,
)

CALLERS = ["owner_publisher", "owner_reader", "member", "other", "suspended", "coordinator", "anonymous", "staff"]
KINDS = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles", "supply-link": "supply-links",
         "demand": "demands", "waiver": "waivers", "purchase-total": "purchase-totals"}


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


def allowed_methods(callback) -> set[str]:
    """The methods a route answers other than with 405, as Django and DRF decide it: a viewset route's actions,
    or an APIView's handlers, within ``http_method_names``; HEAD wherever GET is; OPTIONS everywhere."""
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    initkwargs = getattr(callback, "view_initkwargs", None) or getattr(callback, "initkwargs", None) or {}
    names = set(initkwargs.get("http_method_names", getattr(view_class, "http_method_names", ())))
    actions = getattr(callback, "actions", None)
    methods = set(actions) if actions is not None else {m for m in names if hasattr(view_class, m)}
    if "get" in methods:
        methods.add("head")
    methods.add("options")
    return methods & names


def api_route_methods(patterns=None, prefix="") -> dict[str, set[str]]:
    """For each route under /api/, the methods its view allows."""
    found: dict[str, set[str]] = {}
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found.update(api_route_methods(entry.url_patterns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            found[entry.name] = allowed_methods(entry.callback)
    return found


def uncovered_methods(route_methods: dict[str, set[str]], matrix: dict) -> dict[str, set[str]]:
    """Methods a route allows that no row of the matrix (with the rows derived from GET) checks."""
    missing = {}
    for route, methods in route_methods.items():
        if route in NOT_API or route not in matrix:
            continue
        checked = {method for method, _, _ in expand(matrix[route], methods)}
        if methods - checked:
            missing[route] = methods - checked
    return missing


def _options_from_get(expected: dict[str, int]) -> dict[str, int]:
    return {caller: status if status in (401, 403) else 200 for caller, status in expected.items()}


def expand(rows, allowed: set[str]):
    """The rows as written, plus a HEAD row (same answers) and an OPTIONS row for each GET row, where the route
    allows those methods."""
    out = []
    for method, url_of, expected in rows:
        out.append((method, url_of, expected))
        if method == "get":  # right after their GET, before a later row's write changes the answer
            if "head" in allowed:
                out.append(("head", url_of, expected))
            if "options" in allowed:
                out.append(("options", url_of, _options_from_get(expected)))
    return out


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
        records[("demand", marking)] = publish("demand", owner, f"D-{marking}", marking=marking, groups=groups,
                                               product=product)
        records[("waiver", marking)] = publish("waiver", owner, f"W-{marking}", marking=marking, groups=groups,
                                               product=product, status="posted")
        records[("purchase-total", marking)] = publish("purchase_total", owner, f"P-{marking}", marking=marking,
                                                       groups=groups)
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
    # The same request, served from the owner's RED capacity (accepted, so told to the requester) and its GREEN
    # stockpile (a source the requester may see).
    accepted = Allocation.objects.create(
        match_run=run, request=request, capacity=records[("capacity", "RED")], supplying_partner=owner,
        quantity=3, estimated_arrival=date.today() + timedelta(days=12), distance_km=Decimal(7700),
        expires_at=timezone.now() + timedelta(days=1), status="accepted",
        confirmed_arrival=date.today() + timedelta(days=20),
    )
    visible = Allocation.objects.create(
        match_run=run, request=request, stockpile=records[("stockpile", "GREEN")], supplying_partner=owner,
        quantity=2, estimated_arrival=date.today() + timedelta(days=11), distance_km=Decimal(7600),
        expires_at=timezone.now() + timedelta(days=1),
    )
    hook = WebhookEndpoint.objects.create(partner=owner, url="https://example.org/h", secret="x" * 20,
                                          events=["offer.proposed"])
    delivery = WebhookDelivery.objects.create(endpoint=hook, event="offer.proposed", payload={})
    subscription = Subscription.objects.create(partner=owner, endpoint=hook, kind="facility",
                                               next_attempt_at=timezone.now() + timedelta(days=1))
    event = audit_record(action="facility.read", object_owner=owner, object_id="1")
    scenario = ScenarioRun.objects.create(requested_by=owner, status="succeeded", inputs={"countries": ["AU"]})
    sector, _ = ReviewSector.objects.get_or_create(code="matrix-sector", defaults={"name": "M", "kind": "supply_chain"})
    report = ReportRun.objects.create(requested_by=owner, sector=sector, as_of=date.today(), status="succeeded",
                                      result={})
    job = ImportJob.objects.create(partner=owner, kind="facility", file_format="csv", columns=["external_id"])

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
    staff_signed_in(staff, UserFactory(username="admin", is_staff=True, is_superuser=True))
    clients["staff"] = staff
    suspended.status = "suspended"
    suspended.save()
    offers = {"hidden_proposed": offer, "hidden_accepted": accepted, "visible_proposed": visible}
    return {"records": records, "clients": clients, "request": request, "run": run, "offer": offer,
            "offers": offers, "hook": hook, "delivery": delivery, "event": event, "group": group, "owner": owner,
            "scenario": scenario, "subscription": subscription, "import": job, "report": report}


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
    # Coverage: readers only, like every aggregate; the alliance and one partner, and a bad partner code (400).
    "analytics-coverage": [("get", lambda s: "/api/v1/analytics/coverage/?product=NDPR", READERS),
                           ("get", lambda s: "/api/v1/analytics/coverage/?product=NDPR&partner=JP-METI", READERS),
                           ("get", lambda s: "/api/v1/analytics/coverage/?product=NDPR&partner=ZZ-NONE",
                            _row(_=400, suspended=401, anonymous=401, coordinator=403))],
    # Content share: readers; domestic is the caller's partner's country, so staff (no partner) are asked for a
    # partner's key (400); a facility the caller may not see is 404, like one that does not exist.
    "procurement-content": [
        ("get", lambda s: "/api/v1/procurement/content/?facility="
                          f"{s['records'][('facility', 'GREEN')].pk}&product=NDPR&delivery_year=2026",
         _row(_=200, suspended=401, anonymous=401, coordinator=403, staff=400)),
        ("get", lambda s: "/api/v1/procurement/content/?facility="
                          f"{s['records'][('facility', 'RED')].pk}&product=NDPR&delivery_year=2026",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401, coordinator=403,
              staff=400)),
    ],
    # Agency progress: readers; only the records the caller may see are used (staff: the CLEAR ones).
    "procurement-progress": [("get", lambda s: "/api/v1/procurement/progress/?year=2026", READERS)],
    # Price evaluation: stateless, any partner's key whatever its roles, and staff; the empty body is a 400.
    "procurement-evaluate": [("post", lambda s: "/api/v1/procurement/evaluate/",
                              _row(_=400, suspended=401, anonymous=401)),
                             ("options", lambda s: "/api/v1/procurement/evaluate/", ANY_PARTNER)],
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
    "sector-list": [("get", lambda s: "/api/v1/sectors/", PUBLIC)],
    "sector-detail": [("get", lambda s: "/api/v1/sectors/defence/", PUBLIC)],
    "sharing-group-list": [("get", lambda s: "/api/v1/sharing-groups/", ANY_PARTNER),
                           ("post", lambda s: "/api/v1/sharing-groups/",
                            _row(_=403, suspended=401, anonymous=401, staff=400))],
    "sharing-group-detail": [("get", lambda s: f"/api/v1/sharing-groups/{s['group'].pk}/",
                              _row(_=404, owner_publisher=200, owner_reader=200, member=200, staff=200,
                                   suspended=401, anonymous=401))],
    "sharing-group-members": [("post", lambda s: f"/api/v1/sharing-groups/{s['group'].pk}/members/",
                               _row(_=403, suspended=401, anonymous=401, staff=200)),
                              ("options", lambda s: f"/api/v1/sharing-groups/{s['group'].pk}/members/", ANY_PARTNER)],
    "emergency-request-list": [("get", lambda s: "/api/v1/emergency-requests/",
                                _row(_=200, suspended=401, anonymous=401)),
                               ("post", lambda s: "/api/v1/emergency-requests/",
                                _row(_=403, coordinator=400, suspended=401, anonymous=401))],
    "emergency-request-detail": [("get", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/",
                                  _row(_=404, coordinator=200, staff=200, suspended=401, anonymous=401))],
    "emergency-request-match": [("post", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/match/",
                                 _row(_=403, coordinator=202, suspended=401, anonymous=401)),
                                ("options", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/match/",
                                 ANY_PARTNER)],
    "emergency-request-cancel": [("post", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/cancel/",
                                  _row(_=403, coordinator=200, suspended=401, anonymous=401)),
                                 ("options", lambda s: f"/api/v1/emergency-requests/{s['request'].pk}/cancel/",
                                  ANY_PARTNER)],
    "match-run-list": [("get", lambda s: "/api/v1/match-runs/", _row(_=200, suspended=401, anonymous=401))],
    "match-run-detail": [("get", lambda s: f"/api/v1/match-runs/{s['run'].pk}/",
                          _row(_=404, coordinator=200, staff=200, suspended=401, anonymous=401))],
    "allocation-list": [("get", lambda s: "/api/v1/allocations/", _row(_=200, suspended=401, anonymous=401))],
    # The offer is proposed from a RED stockpile: it does not exist for the requester until the supplier accepts.
    "allocation-detail": [("get", lambda s: f"/api/v1/allocations/{s['offer'].pk}/",
                           _row(_=404, owner_publisher=200, owner_reader=200, staff=200,
                                suspended=401, anonymous=401))],
    "allocation-accept": [("post", lambda s: f"/api/v1/allocations/{s['offer'].pk}/accept/",
                           _row(_=403, owner_publisher=200, other=404, suspended=401, anonymous=401,
                                coordinator=404)),
                          ("options", lambda s: f"/api/v1/allocations/{s['offer'].pk}/accept/", ANY_PARTNER)],
    "allocation-decline": [("post", lambda s: f"/api/v1/allocations/{s['offer'].pk}/decline/",
                            _row(_=403, owner_publisher=400, other=404, suspended=401, anonymous=401,
                                 coordinator=404)),
                           ("options", lambda s: f"/api/v1/allocations/{s['offer'].pk}/decline/", ANY_PARTNER)],
    "allocation-fulfil": [("post", lambda s: f"/api/v1/allocations/{s['offer'].pk}/fulfil/",
                           _row(_=403, other=404, suspended=401, anonymous=401, coordinator=404)),
                          ("post", lambda s: f"/api/v1/allocations/{s['offers']['visible_proposed'].pk}/fulfil/",
                           _row(_=403, other=404, suspended=401, anonymous=401, coordinator=409)),
                          ("options", lambda s: f"/api/v1/allocations/{s['offer'].pk}/fulfil/", ANY_PARTNER)],
    # Staff have no partner: their webhook lists are empty and partners' endpoints are 404 to them.
    # Registering, removing and redelivering need a role that receives events (responder or coordinator).
    # A reader's or publisher's key may register an endpoint without events (for subscriptions to changes).
    "webhook-list": [("get", lambda s: "/api/v1/webhooks/", _row(_=200, suspended=401, anonymous=401)),
                     ("post", lambda s: "/api/v1/webhooks/",
                      _row(_=400, suspended=401, anonymous=401, staff=403))],
    # Removing or rotating takes a role for each of the endpoint's events: the reader's key may not (403).
    "webhook-detail": [("get", lambda s: f"/api/v1/webhooks/{s['hook'].pk}/",
                        _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401)),
                       ("delete", lambda s: f"/api/v1/webhooks/{s['hook'].pk}/",
                        _row(_=404, owner_publisher=204, owner_reader=403, suspended=401,
                             anonymous=401, staff=403))],
    "webhook-rotate-secret": [("post", lambda s: f"/api/v1/webhooks/{s['hook'].pk}/rotate-secret/",
                               _row(_=404, owner_publisher=200, owner_reader=403, suspended=401, anonymous=401,
                                    staff=403)),
                              ("options", lambda s: f"/api/v1/webhooks/{s['hook'].pk}/rotate-secret/",
                               _row(_=200, suspended=401, anonymous=401))],
    # Subscriptions to changes: the feed's readers (reader or publisher); a partner's own, others' 404. Staff
    # have no partner: an empty list, 404 for partners' subscriptions, and may not create.
    "subscription-list": [("get", lambda s: "/api/v1/subscriptions/", READERS),
                          ("post", lambda s: "/api/v1/subscriptions/",
                           _row(_=400, suspended=401, anonymous=401, coordinator=403, staff=403))],
    "subscription-detail": [
        ("get", lambda s: f"/api/v1/subscriptions/{s['subscription'].pk}/",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401, coordinator=403)),
        ("patch", lambda s: f"/api/v1/subscriptions/{s['subscription'].pk}/",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401, coordinator=403,
              staff=403)),
        ("put", lambda s: f"/api/v1/subscriptions/{s['subscription'].pk}/",
         _row(_=404, owner_publisher=400, owner_reader=400, suspended=401, anonymous=401, coordinator=403,
              staff=403)),
        # Either of the owner's keys may delete (the reader's goes first, so the publisher's finds it gone).
        ("delete", lambda s: f"/api/v1/subscriptions/{s['subscription'].pk}/",
         _row(_=404, owner_reader=204, suspended=401, anonymous=401, coordinator=403, staff=403)),
    ],
    "webhook-delivery-list": [("get", lambda s: "/api/v1/webhook-deliveries/",
                               _row(_=200, suspended=401, anonymous=401))],
    "webhook-delivery-detail": [("get", lambda s: f"/api/v1/webhook-deliveries/{s['delivery'].pk}/",
                                 _row(_=404, owner_publisher=200, owner_reader=200, suspended=401,
                                      anonymous=401))],
    "webhook-delivery-redeliver": [("post", lambda s: f"/api/v1/webhook-deliveries/{s['delivery'].pk}/redeliver/",
                                    _row(_=404, owner_publisher=202, owner_reader=403, member=403,
                                         suspended=401, anonymous=401, staff=403)),
                                   ("options", lambda s: f"/api/v1/webhook-deliveries/{s['delivery'].pk}/redeliver/",
                                    ANY_PARTNER)],
    # Analytics: readers only (aggregates of what partners share are not public); a scenario run is its
    # requester's alone. An empty scenario is a 400; staff may read but not start work.
    "analytics-concentration": [("get", lambda s: "/api/v1/analytics/concentration/?product=NDPR", READERS)],
    "analytics-allied-capacity": [("get", lambda s: "/api/v1/analytics/allied-capacity/?product=NDPR&excluding=CN",
                                   READERS)],
    "analytics-dependence": [("get", lambda s: "/api/v1/analytics/dependence/?product=NDPR&partner=JP-METI"
                                               "&outside_alliance=true", READERS)],
    "analytics-dependence-ranking": [("get", lambda s: "/api/v1/analytics/dependence/ranking/?partner=JP-METI"
                                                       "&sector=critical_minerals&country=CN", READERS)],
    "analytics-chokepoints": [("get", lambda s: "/api/v1/analytics/chokepoints/?product=NDPR", READERS)],
    "analytics-scenario-list": [("get", lambda s: "/api/v1/analytics/scenarios/", READERS),
                                ("post", lambda s: "/api/v1/analytics/scenarios/",
                                 _row(_=400, suspended=401, anonymous=401, coordinator=403, staff=403))],
    "analytics-scenario-detail": [("get", lambda s: f"/api/v1/analytics/scenarios/{s['scenario'].pk}/",
                                   _row(_=404, owner_publisher=200, owner_reader=200, suspended=401,
                                        anonymous=401, coordinator=403))],
    # Sector reports: as scenarios (readers ask; a run is its requester's alone). An empty request is a 400.
    "report-list": [("get", lambda s: "/api/v1/reports/", READERS),
                    ("post", lambda s: "/api/v1/reports/",
                     _row(_=400, suspended=401, anonymous=401, coordinator=403, staff=403))],
    "report-detail": [("get", lambda s: f"/api/v1/reports/{s['report'].pk}/",
                       _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401,
                            coordinator=403))],
    # Its rendered forms: the same rule as its JSON (HEAD and OPTIONS as GET).
    "report-html": [("get", lambda s: f"/api/v1/reports/{s['report'].pk}/report.html",
                     _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401,
                          coordinator=403))],
    "report-pdf": [("get", lambda s: f"/api/v1/reports/{s['report'].pk}/report.pdf",
                    _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401,
                         coordinator=403))],
}

for _kind, _url in KINDS.items():
    MATRIX[f"{_kind}-list"] = [("get", lambda s, u=_url: f"/api/v1/{u}/", _row(_=200, suspended=401,
                                                                               coordinator=403)),
                               ("post", lambda s, u=_url: f"/api/v1/{u}/",
                                _row(_=403, owner_publisher=400, other=400, suspended=401, anonymous=401))]
    MATRIX[f"{_kind}-bulk"] = [("post", lambda s, u=_url: f"/api/v1/{u}/bulk/",
                                _row(_=403, owner_publisher=400, other=400, suspended=401, anonymous=401)),
                               # OPTIONS takes GET's rule: TLP:CLEAR collections answer it without a key.
                               ("options", lambda s, u=_url: f"/api/v1/{u}/bulk/",
                                _row(_=200, suspended=401, coordinator=403))]
    # A RED record: its owner sees it, everyone else gets 404 (the coordinator-only key lacks the role: 403).
    MATRIX[f"{_kind}-detail"] = [
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, coordinator=403)),
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'AMBER')].pk}/",
         _row(_=404, owner_publisher=200, owner_reader=200, member=200, suspended=401, coordinator=403)),
        # A CLEAR record: anyone, unless it is at a facility the caller cannot see (these sites are GREEN; a
        # facility or a demand refers to no facility).
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'CLEAR')].pk}/",
         _row(_=200, suspended=401, coordinator=403,
              **({} if _kind in ("facility", "demand", "waiver", "purchase-total")
                 else {"anonymous": 404, "staff": 404}))),
        # Writing needs the publisher role (403 before any lookup, so nothing leaks); then 404 if hidden.
        ("patch", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/",
         _row(_=403, owner_publisher=200, other=404, suspended=401, anonymous=401)),
        ("put", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/",
         _row(_=403, owner_publisher=400, other=404, suspended=401, anonymous=401)),
        ("delete", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'GREEN')].pk}/",
         _row(_=403, owner_publisher=204, suspended=401, anonymous=401, staff=403)),
    ]
    MATRIX[f"{_kind}-markings"] = [
        ("get", lambda s, k=_kind, u=_url: f"/api/v1/{u}/{s['records'][(k, 'RED')].pk}/markings/",
         _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, coordinator=403)),
    ]

# The waiver registry's feed answers like its list; scouting and capability responses need a key (the GREEN
# waiver is posted for review: other partners see it; staff read every response, as the secretariat).
MATRIX["waiver-feed"] = [("get", lambda s: "/api/v1/waivers/feed/", _row(_=200, suspended=401, coordinator=403))]
MATRIX["waiver-scouting"] = [
    ("get", lambda s: f"/api/v1/waivers/{s['records'][('waiver', 'GREEN')].pk}/scouting/",
     _row(_=200, suspended=401, anonymous=401, coordinator=403, staff=404)),
    ("get", lambda s: f"/api/v1/waivers/{s['records'][('waiver', 'RED')].pk}/scouting/",
     _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401, coordinator=403)),
]
MATRIX["waiver-responses"] = [
    ("get", lambda s: f"/api/v1/waivers/{s['records'][('waiver', 'GREEN')].pk}/responses/",
     _row(_=200, suspended=401, anonymous=401, coordinator=403)),
    ("get", lambda s: f"/api/v1/waivers/{s['records'][('waiver', 'RED')].pk}/responses/",
     _row(_=404, owner_publisher=200, owner_reader=200, suspended=401, anonymous=401, coordinator=403, staff=200)),
    # An empty answer: 400 for a partner that may answer; the owner's own waiver is refused only once it is valid.
    ("post", lambda s: f"/api/v1/waivers/{s['records'][('waiver', 'GREEN')].pk}/responses/",
     _row(_=403, owner_publisher=400, other=400, suspended=401, anonymous=401)),
    ("post", lambda s: f"/api/v1/waivers/{s['records'][('waiver', 'RED')].pk}/responses/",
     _row(_=403, owner_publisher=400, other=404, suspended=401, anonymous=401)),
]

# Exports: each format of each list answers as the JSON list does, and holds no record the caller may not see.
EXPORT_FORMATS = {"facility": ["csv", "xlsx", "geojson"], "capacity": ["csv", "xlsx", "geojson"],
                  "stockpile": ["csv", "xlsx"], "supply-link": ["csv", "xlsx"], "waiver": ["csv", "xlsx"]}
for _kind, _formats in EXPORT_FORMATS.items():
    MATRIX[f"{_kind}-list"] += [("get", lambda s, u=KINDS[_kind], f=_f: f"/api/v1/{u}/?format={f}",
                                 _row(_=200, suspended=401, coordinator=403)) for _f in _formats]

# File imports: the publisher role; a partner's own imports, others' are 404 (staff, partner-less, read none).
# An upload that is not multipart is a 415 for those who may upload.
PUBLISHERS = _row(_=403, owner_publisher=200, other=200, staff=200, suspended=401, anonymous=401)
MATRIX["import-list"] = [
    ("get", lambda s: "/api/v1/imports/", PUBLISHERS),
    ("post", lambda s: "/api/v1/imports/", {**PUBLISHERS, "owner_publisher": 415, "other": 415, "staff": 403}),
]
MATRIX["import-detail"] = [("get", lambda s: f"/api/v1/imports/{s['import'].pk}/",
                            {**PUBLISHERS, "other": 404, "staff": 404})]
MATRIX["import-rejected"] = [("get", lambda s: f"/api/v1/imports/{s['import'].pk}/rejected/",
                              {**PUBLISHERS, "other": 404, "staff": 404})]
MATRIX["import-template"] = [("get", lambda s: "/api/v1/imports/templates/facilities.csv", PUBLISHERS)]


def test_every_endpoint_is_covered():
    assert uncovered(api_routes()) == set(), "add the new endpoints to the access matrix"


def test_an_uncovered_endpoint_makes_the_matrix_fail(settings):
    import config.urls

    extra = path("api/v1/new-thing/", lambda request: None, name="new-thing")
    routes = api_routes([*config.urls.urlpatterns, extra])
    assert uncovered(routes) == {"new-thing"}


def test_matrix_rows_name_real_endpoints():
    assert set(MATRIX) <= api_routes()


def test_every_allowed_method_is_covered():
    assert uncovered_methods(api_route_methods(), MATRIX) == {}, "add rows for these methods to the access matrix"


def test_methods_come_from_the_url_configuration():
    methods = api_route_methods()
    assert methods["audit-event-list"] == {"get", "head", "options"}
    assert methods["partner-detail"] == {"get", "head", "options", "patch"}  # http_method_names leaves PUT out
    assert methods["facility-detail"] == {"get", "head", "options", "put", "patch", "delete"}
    assert methods["emergency-request-match"] == {"post", "options"}
    assert methods["changes"] == {"get", "head", "options"}


def test_a_method_without_a_row_makes_the_matrix_fail():
    trimmed = {**MATRIX, "facility-detail": [row for row in MATRIX["facility-detail"] if row[0] != "delete"]}
    assert uncovered_methods(api_route_methods(), trimmed) == {"facility-detail": {"delete"}}
    no_options = {**MATRIX, "facility-bulk": [row for row in MATRIX["facility-bulk"] if row[0] != "options"]}
    assert uncovered_methods(api_route_methods(), no_options) == {"facility-bulk": {"options"}}


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_access_matrix(route, scene):
    for method, url_of, expected in expand(MATRIX[route], api_route_methods()[route]):
        url = url_of(scene)
        # The owner's own call goes last, so that a delete it makes does not change what the others get.
        for caller in sorted(CALLERS, key=lambda c: c == "owner_publisher"):
            client = scene["clients"][caller]
            body = {"add": []} if "members" in url else {}
            if method == "head":
                response = client.head(url)
                assert response.content == b"", (route, caller)
            elif method == "options":
                response = client.options(url)
            else:
                response = getattr(client, method)(url, body, format="json")
            assert response.status_code == expected[caller], (route, method, url, caller, response.content[:300])
            if method == "options" and response.status_code == 200 and response["Content-Type"] == "application/json":
                assert set(response.json()) == {"name", "description", "renders", "parses"}, (route, caller)
            if response.status_code >= 400 and method != "head":
                assert response["Content-Type"].startswith("application/problem+json"), (route, caller)
            if method == "get" and route.endswith("-list") and response.status_code == 200:
                _assert_nothing_hidden(route, caller, response, scene)


HIDDEN_FROM = {  # marking -> callers who must not see it in any list
    "RED": {"member", "other", "anonymous", "staff"},
    "AMBER": {"other", "anonymous", "staff"},
    "GREEN": {"anonymous", "staff"},
}


def _listed_ids(response) -> set:
    """The ids a list answer holds, in any of its formats (JSON, CSV, XLSX, GeoJSON)."""
    kind = response["Content-Type"].split(";")[0]
    if kind == "application/json":
        body = response.json()
        results = body["results"] if isinstance(body, dict) and "results" in body else []
        return {r.get("id") for r in results if isinstance(r, dict)}
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "application/geo+json":
        return {f["id"] for f in json.loads(content)["features"]}
    if kind == "text/csv":
        return {int(r["id"]) for r in csv.DictReader(io.StringIO(content.decode()))}
    from openpyxl import load_workbook

    return {int(row[0]) for row in list(load_workbook(io.BytesIO(content)).worksheets[0].values)[1:]}


def _assert_nothing_hidden(route: str, caller: str, response, scene) -> None:
    kind = route.removesuffix("-list")
    ids = _listed_ids(response)
    if kind in KINDS:
        for marking, blind in HIDDEN_FROM.items():
            if caller in blind:
                assert scene["records"][(kind, marking)].pk not in ids, (route, caller, marking)
    if kind == "allocation" and caller in {"member", "other", "anonymous", "staff"} - {"staff"}:
        assert scene["offer"].pk not in ids
    if kind == "allocation" and caller == "coordinator":
        assert scene["offer"].pk not in ids, "the requester may not know of an offer from a RED source"
    if kind in {"audit-event", "access-log"} and caller not in {"owner_publisher", "owner_reader", "staff"}:
        assert scene["event"].pk not in ids
    if kind == "analytics-scenario" and caller not in {"owner_publisher", "owner_reader"}:
        assert scene["scenario"].pk not in ids
    if kind == "report" and caller not in {"owner_publisher", "owner_reader"}:
        assert scene["report"].pk not in ids
    if kind == "import" and caller != "owner_publisher":
        assert scene["import"].pk not in ids
    if kind == "subscription" and caller not in {"owner_publisher", "owner_reader"}:
        assert scene["subscription"].pk not in ids
    if kind == "emergency-request" and caller not in {"coordinator", "staff"}:
        assert scene["request"].pk not in ids


def test_matrix_counts():
    """For the closing note: endpoints and callers covered."""
    cases = sum(len(rows) for rows in MATRIX.values())
    assert len(MATRIX) >= 45 and len(CALLERS) == 8 and cases >= 60


# The offer's fields per kind of caller: "whole" (every field, the source included), "told" (what the supplier
# agreed to tell on accepting: partner, quantity, confirmed arrival; no distance, estimate or source), 404.
OFFER_FIELDS = {
    "owner_publisher": {"hidden_proposed": "whole", "hidden_accepted": "whole", "visible_proposed": "whole"},
    "owner_reader": {"hidden_proposed": "whole", "hidden_accepted": "whole", "visible_proposed": "whole"},
    "staff": {"hidden_proposed": "whole", "hidden_accepted": "whole", "visible_proposed": "whole"},
    "coordinator": {"hidden_proposed": 404, "hidden_accepted": "told", "visible_proposed": "whole"},
    "member": {"hidden_proposed": 404, "hidden_accepted": 404, "visible_proposed": 404},
    "other": {"hidden_proposed": 404, "hidden_accepted": 404, "visible_proposed": 404},
}


@pytest.mark.parametrize("caller", sorted(OFFER_FIELDS))
def test_offer_fields_per_caller(caller, scene):
    client = scene["clients"][caller]
    listed = {o["id"]: o for o in client.get("/api/v1/allocations/").json()["results"]}
    for name, expected in OFFER_FIELDS[caller].items():
        offer = scene["offers"][name]
        response = client.get(f"/api/v1/allocations/{offer.pk}/")
        if expected == 404:
            assert response.status_code == 404 and offer.pk not in listed, (caller, name)
            continue
        body = response.json()
        assert response.status_code == 200 and listed[offer.pk] == body, (caller, name)
        assert body["supplying_partner"] == "JP-METI" and Decimal(body["quantity"]) == offer.quantity
        assert body["confirmed_arrival"] == (str(offer.confirmed_arrival) if offer.confirmed_arrival else None)
        if expected == "whole":
            assert Decimal(body["distance_km"]) == offer.distance_km, (caller, name)
            assert body["estimated_arrival"] == str(offer.estimated_arrival) and body["source"], (caller, name)
        else:
            assert body["distance_km"] is None and body["estimated_arrival"] is None, (caller, name)
            assert body["source"] is None, (caller, name)


REFUSED_TO_RESPONDERS = [
    "/api/v1/audit-events/",
    "/api/v1/access-log/",
    "/api/v1/changes/",
    "/api/v1/analytics/concentration/?product=NDPR",
    "/api/v1/match-runs/",
    "/api/v1/emergency-requests/",
    "/api/v1/analytics/scenarios/",
    "/api/v1/reports/",
]


@pytest.mark.parametrize("url", REFUSED_TO_RESPONDERS)
def test_head_and_options_obey_gets_rule(url, db):
    """A responder-only key is refused GET on these; HEAD ran the whole view (its Content-Length told the
    answer's size, and its reads were audited under the refused key) and OPTIONS answered too."""
    from sharing.models import AuditEvent

    partner = PartnerFactory(code="NZ-MBIE")
    ProductFactory(code="NDPR")
    publish("facility", partner, "SITE")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=issue_key(partner, ("responder",))[1])
    events = AuditEvent.objects.count()
    assert client.get(url).status_code == 403
    head = client.head(url)
    assert head.status_code == 403 and head.content == b""
    assert client.options(url).status_code == 403
    assert AuditEvent.objects.count() == events, "nothing was read, so nothing is audited as read"


def test_options_answers_the_same_for_every_caller_and_id(db):
    """OPTIONS looks nothing up: the owner of a RED record, another partner, and an id that does not exist get
    the same answer (DRF's default listed the owner's writable fields after loading the record for PUT)."""
    owner, other = PartnerFactory(code="JP-METI"), PartnerFactory(code="MX-SE")
    record = publish("facility", owner, "F-RED", marking="RED")
    answers = []
    for partner, pk in ((owner, record.pk), (other, record.pk), (owner, record.pk + 1000)):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=issue_key(partner, ("reader", "publisher"))[1])
        response = client.options(f"/api/v1/facilities/{pk}/")
        assert response.status_code == 200
        answers.append((response.json(), response["Allow"]))
    assert answers[0] == answers[1] == answers[2]
