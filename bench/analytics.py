"""Concentration under disclosure control over 1,000,000 capacity rows (small: 100,000) on PostgreSQL.

Data (generated in SQL, seeded): 8 partners, 3 sharing groups, 20 products in 4 sectors, one facility per ten
capacity rows in 25 countries; markings CLEAR 5%, GREEN 60%, AMBER 20%, AMBER+STRICT 8%, RED 7% (facilities and
capacity alike), 90% of AMBER records naming a group; 1% of capacity rows are tombstones. Products are skewed: the
commonest holds about a fifth of all rows. The caller is a partner in two of the three groups.

Timed, p50/p95 over repetitions: the service call (aggregate, rule, answer) for the biggest product, a typical
product and the biggest sector; the biggest product's answer through the API (key check, audit, JSON); and the
biggest product's console page (concentration, chokepoints, exposure, the first page of facilities, audit, HTML;
the view without the sign-in gate, which the API's key check stands for above).
Its own database, ``bench_analytics``.
"""

from __future__ import annotations

import sys
import time

from bench.common import RANDOM_ID_SQL, percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {"small": {"capacities": 100_000, "repetitions": 15}, "full": {"capacities": 1_000_000, "repetitions": 30}}
DB_NAME = "bench_analytics"
COUNTRIES = ["CN"] * 8 + ["AU"] * 3 + ["US"] * 3 + ["JP", "JP", "KR", "KR", "TW", "TW", "DE", "CA", "MX", "CL",
                                                     "AR", "BR", "CD", "ID", "IN", "MY", "PH", "RU", "ZA", "VN",
                                                     "MM", "TH"]
SECTORS = ["critical_minerals", "batteries", "semiconductors", "pharmaceuticals"]
MARKING = """CASE WHEN {r} < 0.05 THEN 'CLEAR' WHEN {r} < 0.65 THEN 'GREEN' WHEN {r} < 0.85 THEN 'AMBER'
                  WHEN {r} < 0.93 THEN 'AMBER+STRICT' ELSE 'RED' END"""


def generate(capacities: int) -> dict:
    from django.db import connection

    from sharing.models import Partner, Product, SharingGroup

    partners = [Partner.objects.create(code=f"{c}-BENCH", name=f"Partner {c}", country=c)
                for c in ("US", "JP", "KR", "AU", "TW", "DE", "CA", "MX")]
    groups = [SharingGroup.objects.create(name=f"Group {i}") for i in range(3)]
    for i, group in enumerate(groups):
        group.members.add(*(p for j, p in enumerate(partners) if (i + j) % 3 != 0))
    products = [Product.objects.create(code=f"prod-{i:02d}", name=f"Product {i}", sector=SECTORS[i % 4], unit="t")
                for i in range(20)]
    facilities = max(1, capacities // 10)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(
            f"""INSERT INTO sharing_facility (id, external_id, marking, version, seq, created_at, updated_at, name,
                    country, latitude, longitude, facility_kind, status, operator, owner_id)
                SELECT {RANDOM_ID_SQL}, 'F' || g, {MARKING.format(r='r')}, 1, g, now(), now(), 'Site ' || g,
                       (%s::text[])[1 + floor(random() * %s)::int], 0, 0, 'refinery', 'operating', '',
                       (%s::bigint[])[1 + floor(random() * %s)::int]
                FROM (SELECT g, random() AS r FROM generate_series(1, %s) g) s""",
            [COUNTRIES, len(COUNTRIES), [p.pk for p in partners], len(partners), facilities],
        )
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM sharing_facility")  # ids are random: pick from them
        facility_ids = cursor.fetchone()[0]
        cursor.execute(
            f"""INSERT INTO sharing_capacity (id, external_id, marking, version, seq, created_at, updated_at,
                    nominal, in_use, spare, surge, lead_time_days, releasable, as_of, owner_id, facility_id, product_id)
                SELECT {RANDOM_ID_SQL}, 'C' || g, {MARKING.format(r='s.r')}, 1, %s + g, now(), now(), s.nominal,
                       s.nominal * 0.7, s.nominal * 0.3, 0, 0, 0, current_date - (s.age)::int, f.owner_id, f.id,
                       (%s::bigint[])[1 + floor(%s * power(s.p, 2))::int]
                FROM (SELECT g, random() AS r, floor(100 + random() * 9900) AS nominal, random() * 90 AS age,
                             random() AS p,
                             (%s::bigint[])[1 + floor(random() * %s)::int] AS facility_id
                      FROM generate_series(1, %s) g) s
                JOIN sharing_facility f ON f.id = s.facility_id""",
            [facilities, [p.pk for p in products], len(products), facility_ids, len(facility_ids), capacities],
        )
        for table, fk in (("sharing_facility", "facility_id"), ("sharing_capacity", "capacity_id")):
            cursor.execute(
                f"""INSERT INTO {table}_groups ({fk}, sharinggroup_id)
                    SELECT id, (%s::bigint[])[1 + floor(random() * 3)::int] FROM {table}
                    WHERE marking IN ('AMBER', 'AMBER+STRICT') AND random() < 0.9""",
                [[g.pk for g in groups]],
            )
        cursor.execute("UPDATE sharing_capacity SET deleted_at = now() WHERE random() < 0.01")
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: statistics, and the visibility map
        cursor.execute("SELECT product_id, count(*) FROM sharing_capacity GROUP BY product_id ORDER BY 2 DESC")
        by_product = cursor.fetchall()
    return {"partners": partners, "products": products, "by_product": by_product}


def timed(function, repetitions: int) -> list[float]:
    function()  # warm: plans, caches
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> list[tuple[str, str, str]]:
    scale_name = bench_scale()
    scale = SCALES[scale_name]
    prepare_database(DB_NAME)
    started = time.perf_counter()
    data = generate(scale["capacities"])
    print(f"generated {scale['capacities']:,} capacity rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    from django.db import connection
    from rest_framework.test import APIClient

    from sharing.analytics.concentration import concentration
    from sharing.analytics.disclosure import Viewer
    from sharing.models import Product
    from sharing.principal import Principal
    from sharing.services.partners import key_issue

    caller = data["partners"][1]
    principal = Principal(partner=caller, roles=frozenset({"reader"}))
    products = {p.pk: p for p in data["products"]}
    biggest_id, biggest_rows = data["by_product"][0]
    typical_id, typical_rows = data["by_product"][len(data["by_product"]) // 2]
    biggest, typical = products[biggest_id], products[typical_id]
    sector = biggest.sector
    sector_products = list(Product.objects.filter(sector=sector))
    sector_rows = sum(n for pk, n in data["by_product"] if products[pk].sector == sector)

    def answer_for(product: Product | None, of: list[Product]):
        return concentration(viewer=Viewer.of(principal), products=of, product=product,
                             sector=None if product else sector)

    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        sample = answer_for(biggest, [biggest])
    aggregates = sum(1 for sql in statements if "GROUP BY" in sql)
    reps = scale["repetitions"]
    service_big = timed(lambda: answer_for(biggest, [biggest]), reps)
    service_typical = timed(lambda: answer_for(typical, [typical]), reps)
    service_sector = timed(lambda: answer_for(None, sector_products), reps)

    _, secret = key_issue(partner=caller, name="bench", roles=["reader"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    url = f"/api/v1/analytics/concentration/?product={biggest.code}"

    def through_api():
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]

    api_big = timed(through_api, reps)

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from sharing.console.analyst import product_page

    view = product_page.__wrapped__.__wrapped__  # inside require_safe and the console's sign-in gate

    def console_page():
        request = RequestFactory().get(f"/console/products/{biggest.code}/")
        request.user, request.principal, request._sharing_principal = AnonymousUser(), principal, principal
        response = view(request, biggest.code)
        assert response.status_code == 200, response.content[:300]

    console_big = timed(console_page, reps)

    def figure(times: list[float]) -> str:
        return f"{percentile(times, 50):.0f} / {percentile(times, 95):.0f} ms"

    target = "< 300 ms" if scale_name == "full" else "-"
    body = sample.body
    return [
        ("analytics: capacity rows in the table", f"{scale['capacities']:,}", "-"),
        (f"analytics: concentration, biggest product ({biggest_rows:,} rows), service p50 / p95",
         figure(service_big), target),
        (f"analytics: concentration, biggest product ({biggest_rows:,} rows), API p50 / p95", figure(api_big),
         target),
        (f"analytics: concentration, typical product ({typical_rows:,} rows), service p50 / p95",
         figure(service_typical), target),
        (f"analytics: concentration, sector {sector} ({sector_rows:,} rows), service p50 / p95",
         figure(service_sector), "-"),
        (f"analytics: console product page, biggest product ({biggest_rows:,} rows), p50 / p95",
         figure(console_big), "-"),
        ("analytics: SQL statements per concentration answer (aggregating ones)",
         f"{len(statements)} ({aggregates})", "-"),
        ("analytics: biggest product's cells published / suppressed",
         f"{len(body['countries'])} / {body['suppressed_cells']}", "-"),
    ]


if __name__ == "__main__":
    report(main())
