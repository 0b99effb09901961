"""A list page's SQL compiled once per shape and run again with each request's values (sharing.api.page_sql)
answers byte for byte what building and compiling every page answers, for every filter the published lists
take, cursor pages, orderings and callers; a page of a known shape compiles nothing; values a filter transforms
keep the full path; a caller's groups are part of the shape."""

import json
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from sharing.api import page_sql
from sharing.choices import Marking
from sharing.models import Capacity, Facility, SharingGroup
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

QUERIES = [
    "?product=P-ONE", "?product=P-TWO", "?product=P-ONE,P-TWO", "?country=JP", "?country=DE", "?country=JP,DE",
    "?country=DE,JP,KR", "?country=JP,JP", "?partner=JP-METI", "?partner=KR-MOTIE", "?partner=JP-METI,KR-MOTIE",
    "?marking=AMBER", "?marking=GREEN&marking=AMBER", "?product=P-ONE&country=JP&page_size=2",
    "?product=P-TWO&country=DE&page_size=2", "?as_of_after=2026-03-01",
    "?as_of_after=2026-01-01&as_of_before=2026-04-01",
    "?min_releasable=15", "?min_releasable=2.5", "?updated_after=2020-01-01T00:00:00Z",
    "?updated_after=2999-01-01T00:00:00%2B02:00", "?external_id=capacity-3", "?external_id=Cafe\u0301",
    "?sector=critical_minerals", "?ordering=-id&page_size=2", "?ordering=-spare&page_size=3",
    "?ordering=external_id&page_size=2", "?page_size=1", "?page_size=3", "?facility=1",
]


@pytest.fixture
def world(partner, other_partner):
    reader = PartnerFactory(code="READER")
    group = SharingGroupFactory(name="Shared", members=[partner, other_partner, reader])
    products = [ProductFactory(code="P-ONE", sector="critical_minerals"), ProductFactory(code="P-TWO")]
    n = 0
    for owner in (partner, other_partner):
        sites = [publish("facility", owner, country=country) for country in ("JP", "DE", "KR")]
        for marking in Marking.values:
            for site in sites:
                n += 1
                publish("capacity", owner, "Caf\u00e9" if n == 7 else f"capacity-{n}", marking=marking,
                        groups=(group,) if marking.startswith("AMBER") else (), facility=site,
                        product=products[n % 2], releasable=Decimal(n), as_of=date(2026, 1 + n % 6, 1))
    return reader


def _walk(client, url: str, pages: int = 3) -> list[tuple[int, bytes]]:
    """The page and the next ones by their cursor."""
    answers = []
    for _ in range(pages):
        response = client.get(url)
        answers.append((response.status_code, response.content))
        if response.status_code != 200 or not response.json().get("next"):
            break
        url = response.json()["next"]
    return answers


def test_compiled_pages_answer_what_built_pages_answer(world, partner, client_for, settings):
    page_sql.clear()
    clients = {"owner": client_for(partner), "reader": client_for(world)}
    for who, client in clients.items():
        for query in QUERIES:
            url = f"/api/v1/capacities/{query}"
            settings.SHARING_LIST_SQL_CACHE = False
            built = _walk(client, url)
            settings.SHARING_LIST_SQL_CACHE = True
            first, again = _walk(client, url), _walk(client, url)
            assert first == built, (who, query)
            assert again == built, (who, query)
            assert all(status == 200 for status, _ in built), (who, query, built)
    entries = list(page_sql._cache.values())
    assert sum(e is not page_sql._UNCACHEABLE for e in entries) > 20


def test_a_page_of_a_known_shape_compiles_no_sql(world, partner, client_for, settings):
    page_sql.clear()
    client = client_for(partner)
    client.get("/api/v1/capacities/?product=P-ONE&country=JP,DE")  # the shape's first page: built and compiled
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiled:
        response = client.get("/api/v1/capacities/?product=P-TWO&country=KR,JP")
    assert response.status_code == 200
    assert [c for c in compiled.call_args_list if c.args[0].query.model is Capacity] == []
    codes = {row["product"] for row in response.json()["results"]}
    countries = {row["facility"]["country"] for row in response.json()["results"]}
    assert codes == {"P-TWO"} and countries == {"KR", "JP"}


def test_a_value_a_filter_transforms_keeps_the_full_path(world, partner, client_for, settings):
    page_sql.clear()
    client = client_for(partner)
    decomposed = client.get("/api/v1/capacities/?external_id=Cafe\u0301").json()["results"]
    assert [row["external_id"] for row in decomposed] == ["Caf\u00e9"]
    assert client.get("/api/v1/capacities/?external_id=capacity-3").json()["results"][0]["external_id"] == "capacity-3"
    assert page_sql._cache == {}  # external_id is normalised before its lookup: not a slotted filter


def test_the_callers_groups_are_part_of_the_shape(world, partner, other_partner, client_for, settings):
    page_sql.clear()
    outsider = PartnerFactory(code="OUTSIDER")
    client = client_for(outsider)
    url = "/api/v1/capacities/?marking=AMBER&page_size=1000"
    assert client.get(url).json()["results"] == []
    group = SharingGroupFactory(name="Late", members=[outsider])
    record = publish("capacity", partner, "late-amber", marking="AMBER", groups=(group,),
                     facility=publish("facility", partner), product=ProductFactory(code="P-LATE"))
    assert [row["id"] for row in client.get(url).json()["results"]] == [record.pk]
    group.members.remove(outsider)
    assert client.get(url).json()["results"] == []


def test_a_method_filter_keeps_the_full_path(world, partner, client_for, settings):
    page_sql.clear()
    client = client_for(partner)
    one = client.get("/api/v1/facilities/?sector=critical_minerals&page_size=1000").json()["results"]
    both = client.get("/api/v1/facilities/?sector=critical_minerals,medical_supplies&page_size=1000").json()
    settings.SHARING_LIST_SQL_CACHE = False
    assert client.get("/api/v1/facilities/?sector=critical_minerals,medical_supplies&page_size=1000").json() == both
    assert len(both["results"]) >= len(one) > 0
    assert page_sql._cache == {}


def test_facilities_by_product_are_compiled_once_and_follow_each_callers_rule(world, partner, other_partner,
                                                                              client_for, settings):
    """``/facilities/?product=`` (facilities with capacity the caller may see of it) is a slotted filter: a page of
    a known shape compiles no SQL, the codes are the request's, and who may see which capacity stays the caller's
    own (their partner and groups are in the shape)."""
    outsider = PartnerFactory(code="OUTSIDER")
    # A facility of the owner's whose only capacity of P-SECRET is RED: the owner sees it, nobody else may infer it.
    secret_site = publish("facility", partner, country="JP", marking="GREEN")
    publish("capacity", partner, "secret", marking="RED", facility=secret_site,
            product=ProductFactory(code="P-SECRET"))
    two_only = publish("facility", other_partner, country="DE", marking="GREEN")  # makes P-TWO alone
    publish("capacity", other_partner, "two-only", marking="GREEN", facility=two_only,
            product=Capacity.objects.filter(product__code="P-TWO").first().product)
    urls = ["/api/v1/facilities/?product=P-ONE&page_size=1000", "/api/v1/facilities/?product=P-TWO&page_size=1000",
            "/api/v1/facilities/?product=P-ONE,P-TWO&page_size=1000",
            "/api/v1/facilities/?product=P-SECRET&page_size=1000",
            "/api/v1/facilities/?product=P-SECRET,P-ONE&country=JP&page_size=1000",
            "/api/v1/facilities/?product=NOPE&page_size=1000", "/api/v1/facilities/?product=P-ONE&page_size=2"]
    callers = {"owner": partner, "other": other_partner, "reader": world, "outsider": outsider}
    built = {}
    settings.SHARING_LIST_SQL_CACHE = False
    for who, caller in callers.items():
        for url in urls:
            built[who, url] = _walk(client_for(caller), url)
    settings.SHARING_LIST_SQL_CACHE = True
    page_sql.clear()
    for _ in range(2):
        for who, caller in callers.items():
            for url in urls:
                assert _walk(client_for(caller), url) == built[who, url], (who, url)
    assert sum(e is not page_sql._UNCACHEABLE for e in page_sql._cache.values()) >= 4 * 3

    def ids(who, url):
        return {row["id"] for row in json.loads(built[who, url][0][1])["results"]}

    secret = "/api/v1/facilities/?product=P-SECRET&page_size=1000"
    assert ids("owner", secret) == {secret_site.pk}
    assert ids("other", secret) == ids("reader", secret) == ids("outsider", secret) == set()
    assert ids("owner", "/api/v1/facilities/?product=P-SECRET,P-ONE&country=JP&page_size=1000") >= {secret_site.pk}
    assert secret_site.pk not in ids("other", "/api/v1/facilities/?product=P-SECRET,P-ONE&country=JP&page_size=1000")
    for who in callers:  # the codes are the request's, not the first request's of the shape
        assert two_only.pk in ids(who, "/api/v1/facilities/?product=P-TWO&page_size=1000")
        assert two_only.pk not in ids(who, "/api/v1/facilities/?product=P-ONE&page_size=1000")

    client = client_for(other_partner)
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiled:
        response = client.get("/api/v1/facilities/?product=P-TWO,P-ONE&page_size=1000")
    assert response.status_code == 200
    assert [c for c in compiled.call_args_list if c.args[0].query.model is Facility] == []
    assert {row["id"] for row in response.json()["results"]} == ids("other", urls[2])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="constants are inlined on PostgreSQL only")
def test_on_postgresql_only_the_requests_values_stay_parameters(world, partner, client_for, settings):
    """The shape's constants (the caller's partner and groups, the rule's markings, a choice filter's values) are
    literals in the statement, so PostgreSQL's generic plan of it knows them; the request's values (the product
    code, the countries, the cursor's position) are its only parameters."""
    page_sql.clear()
    client = client_for(partner)
    url = "/api/v1/capacities/?product=P-ONE&country=JP,DE&marking=AMBER&marking=GREEN&page_size=2"
    answers = _walk(client, url)
    assert len(answers) >= 2 and all(status == 200 for status, _ in answers)
    entries = [e for e in page_sql._cache.values() if e is not page_sql._UNCACHEABLE]
    first = next(e for e in entries if "WHERE" in e.sql and '"sharing_capacity"."id" >' not in e.sql
                 and 'V0."id" >' not in e.sql)
    assert len(first.params) == 3 and sorted(position for position, _, _ in first.slots) == [0, 1, 2]
    # The page is read ids first (a product's page): the rule is the ids' query's, its table aliased V0.
    assert f'"sharing_capacity"."owner_id" = {partner.pk}' in first.sql or f'V0."owner_id" = {partner.pk}' in first.sql
    assert "'AMBER+STRICT'" in first.sql and "'GREEN'" in first.sql
    later = next(e for e in entries if '"sharing_capacity"."id" >' in e.sql or 'V0."id" >' in e.sql)
    assert len(later.params) == 4 and sorted(position for position, _, _ in later.slots) == [0, 1, 2, 3]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="constants are inlined on PostgreSQL only")
def test_an_inlined_text_is_quoted_by_psycopg():
    with connection.cursor() as cursor:
        for text in ("it's", "50% off", "back\\slash", "%s", "é 𝄞"):
            literal = page_sql._literal(text, connection)
            cursor.execute(f"SELECT {literal}, %s", ["param"])
            assert cursor.fetchone() == (text, "param")
        assert page_sql._literal(Marking.AMBER_STRICT, connection) == "'AMBER+STRICT'"
        assert page_sql._literal(True, connection) is None  # neither an int nor a str: stays a parameter


@pytest.mark.skipif(connection.vendor != "postgresql", reason="constants are inlined on PostgreSQL only")
def test_placeholders_and_parameters_that_do_not_pair_up_are_left_as_compiled(world, partner, client_for):
    page_sql.clear()
    assert client_for(partner).get("/api/v1/capacities/?product=P-ONE&page_size=2").status_code == 200
    compiled = next(e for e in page_sql._cache.values() if e is not page_sql._UNCACHEABLE)
    for sql, params in ((compiled.sql + " AND %s", compiled.params),  # a placeholder more
                        (compiled.sql, (*compiled.params, 1))):  # a parameter more
        odd = page_sql._Entry(compiled.compiler, sql, params, compiled.slots, compiled.names, compiled.using)
        assert page_sql._with_constants_inlined(odd) is odd


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pages are read ids first on PostgreSQL only")
def test_pages_read_ids_first_answer_what_one_query_answers(world, partner, other_partner, client_for, settings):
    """A product's capacity and stockpile pages in id order are read ids first (the ids by the filters and the
    caller's visibility, then the rows by those ids): the same pages, byte for byte, as the one query, for an
    owner, a member of the records' group and a partner in no group, with the cache and without; other pages
    (other orders, no product, facilities) keep the one query."""
    from sharing.api import published_views

    outsider = PartnerFactory(code="OUTSIDER")
    shared = SharingGroup.objects.get(name="Shared")
    for owner in (partner, other_partner):
        for n, country in enumerate(("JP", "DE")):
            site = publish("facility", owner, f"stock-site-{n}", country=country)
            for marking in Marking.values:
                publish("stockpile", owner, f"stock-{owner.code}-{n}-{marking}", marking=marking, facility=site,
                        groups=(shared,) if marking.startswith("AMBER") else (),
                        product=ProductFactory(code=f"S-{owner.code}-{n}-{marking}") if marking == "RED"
                        else Capacity.objects.filter(product__code="P-ONE").first().product)
    urls = [f"/api/v1/capacities/{q}" for q in QUERIES] + [
        "/api/v1/capacities/?product=P-ONE&country=JP,DE&page_size=2&ordering=-id",
        "/api/v1/stockpiles/?product=P-ONE&page_size=2", "/api/v1/stockpiles/?product=P-ONE&country=DE",
        "/api/v1/stockpiles/?page_size=3", "/api/v1/facilities/?country=JP,DE&page_size=2",
        "/api/v1/facilities/?country=JP&marking=AMBER", "/api/v1/facilities/?page_size=3",
        "/api/v1/facilities/?country=DE&ordering=-name",
    ]
    clients = {"owner": client_for(partner), "member": client_for(world), "outsider": client_for(outsider)}
    for cached in (True, False):
        settings.SHARING_LIST_SQL_CACHE = cached
        for who, client in clients.items():
            for url in urls:
                page_sql.clear()
                with mock.patch.object(published_views, "IDS_FIRST", frozenset()):
                    one_query = _walk(client, url)
                page_sql.clear()
                with CaptureQueriesContext(connection) as queries:
                    ids_first = _walk(client, url)
                assert ids_first == one_query, (who, url, cached)
                assert all(status == 200 for status, _ in one_query), (who, url, one_query)
                read_ids_first = any("= ANY(ARRAY(SELECT" in q["sql"] for q in queries.captured_queries)
                expected = ("/facilities/" not in url and "product=" in url
                            and "ordering=" not in url.replace("ordering=-id", ""))
                assert read_ids_first == expected, (who, url, cached)
