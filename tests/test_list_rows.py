"""List pages read as rows and rendered by orjson (sharing.api.list_rows) answer byte for byte what the output
serializers render (the reference path, SHARING_LIST_ROWS off), for every published kind, marking and caller,
with filters, orderings and cursor pages; the access audit of a page is the same, and a page reads no instance."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from sharing.api.list_rows import OrjsonRenderer, list_plan
from sharing.api.published_serializers import OUTPUT_SERIALIZERS
from sharing.choices import Marking
from sharing.models import AuditEvent, Capacity, Facility
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

URLS = {
    "facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles", "supply_link": "supply-links",
    "demand": "demands", "waiver": "waivers", "purchase_total": "purchase-totals",
}
QUERIES = [
    "", "?marking=AMBER", "?ordering=-updated_at", "?ordering=external_id&page_size=3", "?ordering=-id&page_size=2",
    "?page_size=1000",
]


@pytest.fixture
def world(partner, other_partner):
    """Records of every kind in every marking from two owners, some naming groups the reader is or is not in."""
    reader = PartnerFactory(code="READER")
    shared = SharingGroupFactory(name="Shared group", members=[partner, other_partner, reader])
    mine = SharingGroupFactory(name="Owners only \u2028 group", members=[partner, other_partner])
    product = ProductFactory(code="NDPR-OXIDE", sector="critical_minerals", unit="t")
    n = 0
    for owner in (partner, other_partner):
        f1 = publish("facility", owner, name="Plant \u00e9\u2029 \"quoted\" \\ \x01", country="JP")
        f2 = publish("facility", owner, latitude=Decimal("1.5"), longitude=Decimal("-2.25"))
        for marking in Marking.values:
            groups = (shared, mine) if marking in ("AMBER", "AMBER+STRICT") else ()
            n += 1
            refs = {
                "facility": {}, "capacity": {"facility": f1, "product": product, "unit_cost": Decimal("12.5")},
                "stockpile": {"facility": f2, "product": product, "expiry": date(2030, 1, 1)},
                "supply_link": {"supplier": f1, "buyer": f2, "product": product},
                "demand": {"product": product, "health_per_month": Decimal("10.125")},
                "waiver": {"product": product if n % 2 else None, "status": "posted" if n % 3 else "proposed",
                           "posted_on": date(2026, 9, 1) if n % 3 else None},
                "purchase_total": {"quarter": 1 + n % 4},
            }
            for kind, values in refs.items():
                publish(kind, owner, f"{kind}-{n}", marking=marking, groups=groups, **values)
    return reader


def _page(client, url, settings, rows: bool):
    settings.SHARING_LIST_ROWS = rows
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.get(url)
    assert response.status_code == 200, response.content
    events = [(e.action, e.object_type, e.object_id, e.object_ids, e.object_owner_id)
              for e in AuditEvent.objects.exclude(pk__in=before).order_by("occurred_at", "object_owner_id")]
    return response, events


@pytest.mark.parametrize("kind", list(URLS))
def test_rows_answer_byte_for_byte_what_the_serializers_render(kind, world, partner, client_for, settings):
    assert list_plan(kind) is not None, "every kind has a row plan"
    clients = {"anonymous": APIClient(), "owner": client_for(partner), "reader": client_for(world)}
    compared = 0
    for who, client in clients.items():
        for query in QUERIES:
            url = f"/api/v1/{URLS[kind]}/{query}"
            for _ in range(3):  # the page and the next two by their cursor
                reference, reference_events = _page(client, url, settings, rows=False)
                fast, fast_events = _page(client, url, settings, rows=True)
                assert fast.content == reference.content, (who, url)
                assert fast["Content-Type"] == reference["Content-Type"]
                assert fast_events == reference_events, (who, url)
                compared += 1
                url = reference.json()["next"]
                if url is None:
                    break
    assert compared >= 3 * len(QUERIES)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/St_Johns"])
def test_datetimes_render_as_the_serializer_does_in_any_active_time_zone(zone, world, partner, client_for, settings):
    """The rows' datetime fast path (UTC pages) and its fallback (any other zone) against the serializer."""
    from django.utils import timezone

    client = client_for(partner)
    with timezone.override(zone):
        for kind in URLS:
            url = f"/api/v1/{URLS[kind]}/?page_size=5"
            reference, _ = _page(client, url, settings, rows=False)
            fast, _ = _page(client, url, settings, rows=True)
            assert fast.content == reference.content, (zone, kind)
            stamp = fast.json()["results"][0]["created_at"]
            assert stamp.endswith("Z") == (zone == "UTC"), stamp


def test_a_page_of_rows_builds_no_instance_and_reads_its_groups_in_one_query(world, partner, client_for, settings):
    settings.SHARING_LIST_ROWS = True
    client = client_for(partner)
    client.get("/api/v1/capacities/")  # warm the key's caches
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/capacities/?page_size=2")
    building = AssertionError("a list page of rows built a model instance")
    with CaptureQueriesContext(connection) as many, \
            mock.patch.object(Capacity, "from_db", side_effect=building), \
            mock.patch.object(Facility, "from_db", side_effect=building):
        body = client.get("/api/v1/capacities/?page_size=1000").json()
    assert len(body["results"]) == 9  # 5 of the owner's, 4 of the other's
    # No query per row (reads counted: a write such as a key's last use may fall on either request).
    assert sum(q["sql"].startswith("SELECT") for q in many) == sum(q["sql"].startswith("SELECT") for q in few)
    if connection.vendor == "postgresql":  # the groups come with the rows, not in a query of their own
        through = Capacity.groups.through._meta.db_table
        assert not [q for q in many if q["sql"].startswith(f'SELECT "{through}"')]


def test_a_cached_page_is_rendered_from_its_fetched_tuples(world, partner, client_for, settings):
    """A page whose SQL is known (page_sql) comes back as ``row_type`` tuples and renders from them by position,
    the same bytes as from ``.values()`` dicts (the SQL cache off) and as the serializers."""
    from sharing.api import list_rows, page_sql

    settings.SHARING_LIST_ROWS = True
    client = client_for(partner)
    bodies = {}
    for cached in (False, True, True):
        settings.SHARING_LIST_SQL_CACHE = cached
        list_rows._renderers.clear()
        with mock.patch.object(page_sql._Entry, "rows", autospec=True, side_effect=page_sql._Entry.rows) as rows:
            response = client.get("/api/v1/capacities/?ordering=-updated_at&page_size=4")
        assert response.status_code == 200
        read = [call.args for call in rows.call_args_list]
        assert bool(read) == cached
        used = {rows_type for _, rows_type in list_rows._renderers}
        assert used == ({dict} if not cached else {page_sql.row_type(tuple(read[0][0].names))})
        bodies[cached] = response.content
        assert client.get(response.json()["next"]).status_code == 200  # the cursor read from a tuple row
    assert bodies[True] == bodies[False]
    reference, _ = _page(client, "/api/v1/capacities/?ordering=-updated_at&page_size=4", settings, rows=False)
    assert reference.content == bodies[True]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the subqueries are PostgreSQL's row path")
def test_partner_and_product_codes_are_read_by_subqueries_not_joins(world, partner, client_for, settings):
    """The row statement joins no partner or product table (PostgreSQL plans it for each request, and the join
    order search was most of that); the codes come from one subquery each, and render as the serializer's do
    (``test_rows_answer_byte_for_byte_what_the_serializers_render``, a waiver without a product among them)."""
    settings.SHARING_LIST_ROWS = True
    client = client_for(partner)
    client.get("/api/v1/capacities/")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/capacities/?page_size=1000").json()
    expected = {c.external_id: (c.owner.code, c.product.code, c.facility.owner.code)
                for c in Capacity.objects.select_related("owner", "product", "facility__owner")}
    assert body["results"]
    for row in body["results"]:
        assert (row["owner"], row["product"], row["facility"]["owner"]) == expected[row["external_id"]], row
    rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "sharing_capacity"."id" AS "id"')]
    assert len(rows) == 1, [q["sql"][:120] for q in queries]
    assert "JOIN \"sharing_partner\"" not in rows[0] and "JOIN \"sharing_product\"" not in rows[0], rows[0]
    assert rows[0].count('FROM "sharing_partner" U0') == 2 and rows[0].count('FROM "sharing_product" U0') == 1


def test_the_plan_follows_the_output_serializers():
    for kind, serializer in OUTPUT_SERIALIZERS.items():
        names = [column.name for column in list_plan(kind).columns]
        assert names == [f.field_name for f in serializer()._readable_fields], kind


@pytest.mark.parametrize("data", [
    {"a": "\u2028\u2029 \x00 \x1f \x7f \"\\/ é 𝄞", "b": None, "c": [1, -2, True, False], "d": {}},
    [], {"next": "http://testserver/api/v1/x/?cursor=cD0x", "results": []},
])
def test_orjson_renders_the_bytes_of_drfs_json_renderer(data):
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_what_orjson_will_not_take_goes_through_drfs_renderer():
    data = {"big": 2**70, "amount": Decimal("1.50"), 1: "int key"}
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_decimals_and_datetimes_read_as_text_render_as_the_serializer_does(partner, client_for, settings):
    """The extremes of the text columns (PostgreSQL's own text of a NUMERIC or a timestamp, list_plan's
    text_columns): zeros, the most digits a column holds, the southern and western hemispheres, no unit cost, a
    timestamp on a whole second and one whose microseconds end in zeros."""
    from datetime import UTC, datetime

    from django.utils import timezone

    product = ProductFactory(code="TEXT-COLUMNS")
    south = publish("facility", partner, "south", latitude=Decimal("-89.999999"), longitude=Decimal("-0.000001"))
    zero = publish("facility", partner, "zero", latitude=Decimal("0"), longitude=Decimal("179.5"))
    postgres = connection.vendor == "postgresql"  # SQLite keeps decimals as floats: no 20 digits there
    big = Decimal("99999999999999999.999") if postgres else Decimal("123456789.125")
    cost = Decimal("9999999999999999.9999") if postgres else Decimal("12345.6789")
    publish("capacity", partner, "zeros", facility=zero, product=product, nominal=Decimal("0"), in_use=Decimal("0"),
            spare=Decimal("0.000"), surge=Decimal("0"), releasable=Decimal("0"), unit_cost=None)
    publish("capacity", partner, "big", facility=south, product=product, nominal=big, in_use=Decimal("0.001"),
            spare=big, surge=Decimal("10"), releasable=Decimal("1.5"), unit_cost=cost)
    publish("capacity", partner, "small", facility=south, product=product, nominal=Decimal("1"),
            in_use=Decimal("0.5"), spare=Decimal("0.5"), unit_cost=Decimal("0.0001"))
    Capacity.objects.filter(external_id="zeros").update(created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                                                        updated_at=datetime(2026, 1, 2, 3, 4, 5, 100, tzinfo=UTC))
    Facility.objects.filter(external_id="south").update(created_at=datetime(1999, 12, 31, 23, 59, 59, 990000,
                                                                             tzinfo=UTC))
    client = client_for(partner)
    for zone in ("UTC", "Asia/Tokyo"):
        with timezone.override(zone):
            for url in ("/api/v1/capacities/?ordering=-updated_at", "/api/v1/capacities/?ordering=-spare",
                        "/api/v1/facilities/", "/api/v1/facilities/?ordering=-updated_at&page_size=2"):
                reference, _ = _page(client, url, settings, rows=False)
                fast, _ = _page(client, url, settings, rows=True)
                assert fast.content == reference.content, (zone, url)
    body = _page(client, "/api/v1/capacities/?ordering=external_id", settings, rows=True)[0].json()["results"]
    assert [(r["external_id"], r["spare"], r["unit_cost"], r["created_at"]) for r in body] == [
        ("big", str(big), str(cost), body[0]["created_at"]),
        ("small", "0.500", "0.0001", body[1]["created_at"]),
        ("zeros", "0.000", None, "2026-01-02T03:04:05Z"),
    ]
    assert body[2]["updated_at"] == "2026-01-02T03:04:05.000100Z"


def test_group_names_read_with_the_rows_render_as_the_serializer_does(partner, other_partner, client_for, settings):
    """Each row's groups come from one subquery as ``"<id> <name>"`` texts (PostgreSQL): names with spaces (a
    leading one too), the characters an array's text quotes or escapes, and digits render as the serializers'."""
    names = [" leading space", "a, {b} \"c\" \\d", "line\nbreak", "12345", "NULL", "é 𝄞 \u2028"]
    groups = [SharingGroupFactory(name=name, members=[partner, other_partner]) for name in names]
    product = ProductFactory(code="GROUP-NAMES")
    site = publish("facility", partner, "group-names-site", country="JP")
    for n, marking in enumerate(["AMBER", "AMBER+STRICT", "GREEN"]):
        publish("capacity", partner, f"named-{n}", marking=marking, groups=groups[n:], facility=site, product=product)
    publish("capacity", partner, "none-named", marking="AMBER", facility=site, product=product)
    for who in (partner, other_partner):
        client = client_for(who)
        for url in ("/api/v1/capacities/?product=GROUP-NAMES", "/api/v1/capacities/?product=GROUP-NAMES&country=JP"):
            reference, _ = _page(client, url, settings, rows=False)
            fast, _ = _page(client, url, settings, rows=True)
            assert fast.content == reference.content, (who.code, url)
            shown = {row["external_id"]: row["groups"] for row in fast.json()["results"]}
            assert shown["named-0"] == sorted(names), (who.code, shown)  # both are members of every group
            assert ("none-named" in shown) == (who == partner)  # AMBER naming no group: the owner's alone
