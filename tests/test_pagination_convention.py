"""One pagination convention (issue 16, part 6): every list and the changes feed page by an opaque cursor in a
``next`` URL with ``page_size``, and say so in an RFC 8288 ``Link`` header; the feed's old ``after`` and ``limit``
keep working until their sunset, with ``Deprecation`` (RFC 9745) and ``Sunset`` (RFC 8594) headers."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from sharing.api.pagination import CursorPage
from sharing.models import (
    EmergencyRequest,
    ImportJob,
    MatchRun,
    ReportRun,
    ScenarioRun,
    Subscription,
    WebhookDelivery,
    WebhookEndpoint,
)
from sharing.services.audit import audit_record
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish
from tests.test_access_matrix import MATRIX, scene  # noqa: F401  (the access matrix's fixture)

LINK = re.compile(r'<([^>]*)>;\s*rel="([^"]+)"')


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.get("Link", ""))}


@pytest.fixture
def reader(db, client_for):
    owner = PartnerFactory(code="US-DOC")
    records = [publish("facility", owner, f"F{i}") for i in range(5)]
    return client_for(PartnerFactory(code="AU-DISR")), records


# The feed --------------------------------------------------------------------------------------------------------

def test_the_feed_pages_by_next_url_and_link_header(reader):
    client, records = reader
    response = client.get("/api/v1/changes/", {"page_size": 2})
    seen, pages = [], 0
    while True:
        assert response.status_code == 200, response.content
        assert "Deprecation" not in response and "Sunset" not in response
        body = response.json()
        pages += 1
        seen += [entry["id"] for entry in body["results"]]
        query = parse_qs(urlsplit(body["next"]).query)
        assert set(query) == {"cursor", "page_size"} and query["page_size"] == ["2"]
        if not body["has_more"]:
            assert "next" not in links(response)  # header-followers stop; the body's next is where to resume
            break
        assert links(response)["next"] == body["next"]
        response = client.get(body["next"])
    assert sorted(seen) == sorted(r.pk for r in records) and pages == 3
    publish("facility", records[0].owner, "LATER")
    resumed = client.get(body["next"]).json()
    assert [e["op"] for e in resumed["results"]] == ["upsert"] and resumed["has_more"] is False


def test_the_feed_without_page_size_leaves_it_out_of_next(reader):
    client, _ = reader
    body = client.get("/api/v1/changes/").json()
    assert set(parse_qs(urlsplit(body["next"]).query)) == {"cursor"}


def test_the_old_parameters_work_with_deprecation_and_sunset_headers(reader, settings):
    client, records = reader
    settings.FEED_LEGACY_PARAMS_DEPRECATED = date(2026, 11, 30)
    settings.FEED_LEGACY_PARAMS_SUNSET = date.today() + timedelta(days=30)
    response = client.get("/api/v1/changes/", {"after": 0, "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert "/" not in body["next"] and body["has_more"] is True  # the bare token, as before
    midnight = datetime(2026, 11, 30, tzinfo=UTC).timestamp()
    assert response["Deprecation"] == f"@{int(midnight)}"  # RFC 9745: a structured-field date, seconds since 1970
    assert response["Sunset"].endswith(" GMT")  # RFC 8594: an HTTP-date
    assert "deprecation" in links(response)
    assert links(response)["deprecation"].endswith("/guide/"), "the guide, which documents the change"
    assert parse_qs(urlsplit(links(response)["next"]).query)["page_size"] == ["3"]  # the new way, to move to
    rest = client.get("/api/v1/changes/", {"after": body["next"], "limit": 3}).json()
    assert len(body["results"]) + len(rest["results"]) == len(records)
    # The token from an old-style page is a cursor in the new style too.
    new_style = client.get("/api/v1/changes/", {"cursor": body["next"]})
    assert new_style.status_code == 200 and "Deprecation" not in new_style
    assert len(new_style.json()["results"]) == 2


def test_old_and_new_parameters_together_are_refused(reader):
    client, _ = reader
    response = client.get("/api/v1/changes/", {"after": 0, "page_size": 2})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert "after" in response.json()["errors"]


def test_the_old_parameters_are_refused_from_the_sunset(reader, settings):
    client, _ = reader
    settings.FEED_LEGACY_PARAMS_SUNSET = date.today()
    response = client.get("/api/v1/changes/", {"after": 0})
    assert response.status_code == 400 and "no longer taken" in response.json()["errors"]["after"][0].lower()
    assert client.get("/api/v1/changes/").status_code == 200


def test_an_altered_cursor_is_a_problem_on_the_parameter_used(reader):
    client, _ = reader
    assert "cursor" in client.get("/api/v1/changes/", {"cursor": "x" * 48}).json()["errors"]
    assert "after" in client.get("/api/v1/changes/", {"after": "x" * 48}).json()["errors"]


# Every list -------------------------------------------------------------------------------------------------------

def _paginated_routes(patterns=None, prefix="") -> set[str]:
    """Routes under /api/ whose view pages with the service's cursor pagination (lists and paginated actions)."""
    found = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found |= _paginated_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            view_class = getattr(entry.callback, "cls", None)
            actions = getattr(entry.callback, "actions", None) or {}
            if view_class is None or "get" not in actions:
                continue
            handler = getattr(view_class, actions["get"])
            pagination = getattr(handler, "kwargs", {}).get("pagination_class", view_class.pagination_class)
            if pagination is not None and issubclass(pagination, CursorPage) and actions["get"] != "retrieve":
                found.add(entry.name)
    return found


def test_the_url_conf_has_paginated_lists():
    routes = _paginated_routes()
    assert {"facility-list", "partner-list", "audit-event-list", "webhook-list"} <= routes


@pytest.fixture
def fuller(scene):  # noqa: F811
    """The access matrix's scene with a second row wherever it has one: every list then has a second page."""
    owner, request, run = scene["owner"], scene["request"], scene["run"]
    ProductFactory(code="GAAS")
    SharingGroupFactory(name="WG2", members=[owner, PartnerFactory(code="NZ-MBIE")])
    second = EmergencyRequest.objects.create(
        requesting_partner=request.requesting_partner, product=request.product, quantity=4,
        destination_country="AU", destination_latitude=Decimal(-33), destination_longitude=Decimal(151),
        needed_by=date.today() + timedelta(days=40), priority=2, justification="second drill",
    )
    MatchRun.objects.create(product=run.product, triggered_by_request=second, requested_by=run.requested_by,
                            status="succeeded")
    hook = WebhookEndpoint.objects.create(partner=owner, url="https://example.org/h2", secret="y" * 20,
                                          events=["offer.proposed"])
    WebhookDelivery.objects.create(endpoint=scene["hook"], event="offer.proposed", payload={})
    Subscription.objects.create(partner=owner, endpoint=hook, kind="capacity",
                                next_attempt_at=timezone.now() + timedelta(days=1))
    audit_record(action="facility.read", object_owner=owner, object_id="2")
    ScenarioRun.objects.create(requested_by=owner, status="succeeded", inputs={"countries": ["JP"]})
    ImportJob.objects.create(partner=owner, kind="capacity", file_format="csv", columns=["external_id"])
    ReportRun.objects.create(requested_by=owner, sector=scene["report"].sector, as_of=date.today(), status="succeeded")
    return scene


def test_every_list_carries_link_headers_when_there_is_a_next_page(fuller):
    """Every paginated route of the URL conf, asked by every caller for one row a page: wherever a next page exists
    the Link header names it (and the previous page, on the way back); and each route had a next page for someone."""
    covered = set()
    routes = _paginated_routes()
    for route in sorted(routes):
        urls = {url_of(fuller) for method, url_of, _ in MATRIX[route] if method == "get"}
        for url in sorted(urls):
            for caller, client in fuller["clients"].items():
                response = client.get(url + ("&" if "?" in url else "?") + "page_size=1")
                if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
                    continue
                body = response.json()
                assert set(body) >= {"next", "previous", "results"}, (route, caller)
                if body["next"] is None:
                    assert "next" not in links(response), (route, caller)
                    continue
                covered.add(route)
                assert links(response)["next"] == body["next"], (route, caller)
                second = client.get(body["next"])
                assert links(second).get("prev") == second.json()["previous"] is not None, (route, caller)
    assert not routes - covered, f"no next page for any caller: {sorted(routes - covered)}"


def test_the_schema_declares_the_paging_headers():
    """Every paginated route's page declares its RFC 8288 ``Link`` header in the OpenAPI schema (found from the URL
    conf's pagination, not from the schema), and the feed its ``Link``, ``Deprecation`` and ``Sunset``."""
    from django.urls import Resolver404, resolve
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paginated = _paginated_routes()
    declared = {}
    for path, item in schema["paths"].items():
        if "get" not in item:
            continue
        try:
            name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
        except Resolver404:
            continue
        declared.setdefault(name, []).append(set(item["get"]["responses"]["200"].get("headers", {})))
    assert paginated <= set(declared)
    missing = sorted(name for name in paginated if any("Link" not in headers for headers in declared[name]))
    assert missing == []
    assert {"Link", "Deprecation", "Sunset"} <= set(schema["paths"]["/api/v1/changes/"]["get"]["responses"]["200"]
                                                    ["headers"])
