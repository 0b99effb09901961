"""Allied-only output over 1,000,000 capacity rows and 100,000 supply links (small: 100,000 and 10,000), PostgreSQL.

Data (generated in SQL, seeded): 8 partners, 3 sharing groups; four product families, each a five-level bill of
materials (the end product and four inputs below it, one per level, quantities 0.5 to 2.5 a unit), and 20 other
products; one facility per ten capacity rows in 25 countries (China the most common); half of the capacity rows
are of the 20 bill-of-materials products, half of the others; markings CLEAR 5%, GREEN 60%, AMBER 20%,
AMBER+STRICT 8%, RED 7% (facilities, capacity and links alike), 90% of AMBER records naming a group; 1% of capacity
rows are tombstones. Supply links join facilities that make an input to facilities that make the product using it:
per step of each bill, a quarter of the buyers' facilities buy from about four suppliers each. The caller is a
partner in two of the three groups.

Timed, p50/p95: the service call for one family's end product (default countries: the partners'; and
``excluding=CN``; and ``basis=spare``), and the same through the API (key check, validation, audit, JSON). Its own
database, ``bench_allied`` (or BENCH_ALLIED_DB).
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import RANDOM_ID_SQL, percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {
    "small": {"capacities": 100_000, "links": 10_000, "repetitions": 10},
    "full": {"capacities": 1_000_000, "links": 100_000, "repetitions": 15},
}
DB_NAME = os.environ.get("BENCH_ALLIED_DB", "bench_allied")  # another name when several run on one server
COUNTRIES = ["CN"] * 6 + ["AU"] * 2 + ["US"] * 2 + ["JP", "JP", "KR", "KR", "TW", "TW", "DE", "BE", "CA", "MX",
                                                     "CL", "BR", "CD", "ID", "IN", "MY", "PH", "ZA", "VN", "TH"]
FAMILIES = 4
LEVELS = 5
MARKING = """CASE WHEN {r} < 0.05 THEN 'CLEAR' WHEN {r} < 0.65 THEN 'GREEN' WHEN {r} < 0.85 THEN 'AMBER'
                  WHEN {r} < 0.93 THEN 'AMBER+STRICT' ELSE 'RED' END"""


def generate(capacities: int, links: int) -> dict:
    from django.db import connection

    from sharing.models import Partner, Product, ProductInput, SharingGroup

    partners = [Partner.objects.create(code=f"{c}-BENCH", name=f"Partner {c}", country=c)
                for c in ("US", "JP", "KR", "AU", "TW", "BE", "CA", "MX")]
    groups = [SharingGroup.objects.create(name=f"Group {i}") for i in range(3)]
    for i, group in enumerate(groups):
        group.members.add(*(p for j, p in enumerate(partners) if (i + j) % 3 != 0))
    families = []
    for f in range(FAMILIES):
        chain = [Product.objects.create(code=f"fam{f}-l{level}", name=f"Family {f} level {level}",
                                        sector="critical_minerals", unit="t") for level in range(LEVELS)]
        for level, (upper, lower) in enumerate(zip(chain, chain[1:], strict=False)):
            ProductInput.objects.create(product=upper, input=lower,
                                        quantity_per_unit=("0.5", "1", "1.6", "2.5")[(f + level) % 4])
        families.append(chain)
    others = [Product.objects.create(code=f"other-{i:02d}", name=f"Other {i}", sector="other", unit="t")
              for i in range(20)]
    bom_ids = [p.pk for chain in families for p in chain]
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
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM sharing_facility")
        facility_ids = cursor.fetchone()[0]
        cursor.execute(
            f"""INSERT INTO sharing_capacity (id, external_id, marking, version, seq, created_at, updated_at,
                    nominal, in_use, spare, surge, lead_time_days, releasable, as_of, owner_id, facility_id, product_id)
                SELECT {RANDOM_ID_SQL}, 'C' || g, {MARKING.format(r='s.r')}, 1, %s + g, now(), now(), s.nominal,
                       s.nominal * 0.7, s.nominal * 0.3, 0, 0, 0, current_date - (s.age)::int, f.owner_id, f.id,
                       CASE WHEN s.p < 0.5 THEN (%s::bigint[])[1 + floor(s.p * 2 * %s)::int]
                            ELSE (%s::bigint[])[1 + floor((s.p - 0.5) * 2 * %s)::int] END
                FROM (SELECT g, random() AS r, floor(100 + random() * 9900) AS nominal, random() * 90 AS age,
                             random() AS p, (%s::bigint[])[1 + floor(random() * %s)::int] AS facility_id
                      FROM generate_series(1, %s) g) s
                JOIN sharing_facility f ON f.id = s.facility_id""",
            [facilities, bom_ids, len(bom_ids), [p.pk for p in others], len(others), facility_ids,
             len(facility_ids), capacities],
        )
        # Links: for each step of each bill, buyers among the facilities making the product, suppliers among
        # those making its input.
        per_step = links // (FAMILIES * (LEVELS - 1))
        step = 0
        for chain in families:
            for upper, lower in zip(chain, chain[1:], strict=False):
                cursor.execute(
                    f"""WITH buyers AS (SELECT DISTINCT facility_id FROM sharing_capacity WHERE product_id = %s),
                             sellers AS (SELECT DISTINCT facility_id FROM sharing_capacity WHERE product_id = %s),
                             b AS (SELECT array_agg(facility_id ORDER BY facility_id) a FROM
                                   (SELECT facility_id FROM buyers ORDER BY random() LIMIT %s) x),
                             s AS (SELECT array_agg(facility_id ORDER BY facility_id) a FROM sellers)
                        INSERT INTO sharing_supplylink (id, external_id, marking, version, seq, created_at,
                            updated_at, volume_per_month, owner_id, supplier_id, buyer_id, product_id)
                        SELECT {RANDOM_ID_SQL}, 'L' || %s || '-' || g, {MARKING.format(r='random()')}, 1,
                               %s + g, now(), now(), floor(10 + random() * 4990), f.owner_id, pair.sup, pair.buy, %s
                        FROM (SELECT g, b.a[1 + (g %% array_length(b.a, 1))] AS buy,
                                     s.a[1 + floor(random() * array_length(s.a, 1))::int] AS sup
                              FROM generate_series(1, %s) g, b, s) pair
                        JOIN sharing_facility f ON f.id = pair.buy
                        WHERE pair.sup <> pair.buy""",
                    [upper.pk, lower.pk, max(1, per_step // 4), step, facilities + capacities + step * per_step,
                     lower.pk, per_step],
                )
                step += 1
        for table, fk in (("sharing_facility", "facility_id"), ("sharing_capacity", "capacity_id"),
                          ("sharing_supplylink", "supplylink_id")):
            cursor.execute(
                f"""INSERT INTO {table}_groups ({fk}, sharinggroup_id)
                    SELECT id, (%s::bigint[])[1 + floor(random() * 3)::int] FROM {table}
                    WHERE marking IN ('AMBER', 'AMBER+STRICT') AND random() < 0.9""",
                [[g.pk for g in groups]],
            )
        cursor.execute("UPDATE sharing_capacity SET deleted_at = now() WHERE random() < 0.01")
        # Stockpiles (one per twenty capacity rows, of the bill-of-materials products) and demand (each partner's
        # requirement of each of those products on three dates), for the report's coverage figures.
        cursor.execute(
            f"""INSERT INTO sharing_stockpile (id, external_id, marking, version, seq, created_at, updated_at,
                    quantity, releasable, expiry, as_of, owner_id, facility_id, product_id)
                SELECT {RANDOM_ID_SQL}, 'S' || g, {MARKING.format(r='s.r')}, 1, %s + g, now(), now(), s.q,
                       floor(s.q * 0.4), CASE WHEN random() < 0.1 THEN current_date - 10 END,
                       current_date - 5, f.owner_id, f.id, (%s::bigint[])[1 + floor(random() * %s)::int]
                FROM (SELECT g, random() AS r, floor(10 + random() * 990) AS q,
                             (%s::bigint[])[1 + floor(random() * %s)::int] AS facility_id
                      FROM generate_series(1, %s) g) s
                JOIN sharing_facility f ON f.id = s.facility_id""",
            [facilities + capacities + links, bom_ids, len(bom_ids), facility_ids, len(facility_ids),
             max(1, capacities // 20)],
        )
        cursor.execute(
            f"""INSERT INTO sharing_demand (id, external_id, marking, version, seq, created_at, updated_at,
                    total_per_month, defence_per_month, health_per_month, as_of, owner_id, product_id)
                SELECT {RANDOM_ID_SQL}, 'D' || o.id || '-' || p.id || '-' || d, {MARKING.format(r='random()')}, 1,
                       %s + row_number() OVER (), now(), now(), 1000, 200, 100, current_date - 30 * d, o.id, p.id
                FROM unnest(%s::bigint[]) o(id), unnest(%s::bigint[]) p(id), generate_series(0, 2) d""",
            [2 * (facilities + capacities + links), [p.pk for p in partners], bom_ids],
        )
        for table, fk in (("sharing_stockpile", "stockpile_id"), ("sharing_demand", "demand_id")):
            cursor.execute(
                f"""INSERT INTO {table}_groups ({fk}, sharinggroup_id)
                    SELECT id, (%s::bigint[])[1 + floor(random() * 3)::int] FROM {table}
                    WHERE marking IN ('AMBER', 'AMBER+STRICT') AND random() < 0.9""",
                [[g.pk for g in groups]],
            )
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM sharing_supplylink")
        link_count = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM sharing_capacity WHERE product_id = ANY(%s)",
                       [[p.pk for p in families[0]]])
        family_rows = cursor.fetchone()[0]
    return {"partners": partners, "families": families, "links": link_count, "family_rows": family_rows}


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
    data = generate(scale["capacities"], scale["links"])
    print(f"generated {scale['capacities']:,} capacity rows and {data['links']:,} links in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return measure(data, scale, scale_name)


def measure(data: dict, scale: dict, scale_name: str) -> list[tuple[str, str, str]]:
    """The timings over generated data (``data`` as ``generate`` returns it)."""
    from rest_framework.test import APIClient

    from sharing.analytics import allied_output as module
    from sharing.analytics.disclosure import Viewer
    from sharing.principal import Principal
    from sharing.services.partners import key_issue

    caller = data["partners"][1]
    principal = Principal(partner=caller, roles=frozenset({"reader"}))
    product = data["families"][0][0]

    solving: list[float] = []
    original = module.Programme.run

    def counted(self, *args, **kwargs):
        begun = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            solving.append((time.perf_counter() - begun) * 1000)

    module.Programme.run = counted

    def answer(**kwargs):
        return module.allied_output(viewer=Viewer.of(principal), product=product, **kwargs)

    sample = answer().body
    solving.clear()
    reps = scale["repetitions"]
    default = timed(answer, reps)
    lp_share = sum(solving) / (reps + 1)
    excluding = timed(lambda: answer(excluding=["CN"]), reps)
    spare = timed(lambda: answer(basis="spare"), reps)

    _, secret = key_issue(partner=caller, name="bench", roles=["reader"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")

    def through_api():
        response = client.get(f"/api/v1/analytics/allied-capacity/?product={product.code}&excluding=CN")
        assert response.status_code == 200, response.content[:300]

    api = timed(through_api, reps)

    def figure(times: list[float]) -> str:
        return f"{percentile(times, 50):.0f} / {percentile(times, 95):.0f} ms"

    per_product, sector_seconds = report_analytics(principal, caller)
    target = "< 1000 ms" if scale_name == "full" else "-"
    rows = f"{data['family_rows']:,} capacity rows in its 5 stages"
    return [
        ("allied: capacity rows / supply links in the tables", f"{scale['capacities']:,} / {data['links']:,}", "-"),
        (f"allied: one product ({rows}), partner countries, service p50 / p95", figure(default), target),
        ("allied: of which solving (flow of a chain, else LP; plan and ceilings), mean", f"{lp_share:.0f} ms", "-"),
        ("allied: one product, excluding=CN, service p50 / p95", figure(excluding), target),
        ("allied: one product, basis=spare, service p50 / p95", figure(spare), target),
        ("allied: one product, excluding=CN, API p50 / p95", figure(api), target),
        ("allied: achievable (partner countries) / bottleneck / suppressed cells",
         f"{sample['achievable']} / {sample['bottleneck']['product']} / {sample['suppressed_cells']}", "-"),
        *((f"report analytics: {name}, per product of the sector, p50 / max", per_product[name], "-")
          for name in REPORT_ANALYTICS),
        (f"report analytics: all of the above for the sector's {SECTOR_PRODUCTS} products, one pass",
         f"{sector_seconds:.1f} s", "< 30 s" if scale_name == "full" else "-"),
    ]


REPORT_ANALYTICS = ("dependence (outside the alliance, all products at once)", "concentration", "chokepoints",
                    "coverage (own)", "coverage (alliance)", "allied output (alliance countries)")
SECTOR_PRODUCTS = FAMILIES * LEVELS


def report_analytics(principal, caller) -> tuple[dict[str, str], float]:
    """The per-product analytics the sector report calls (sharing/review/report.py), in its order, for each
    product of the bill-of-materials sector; the dependence walk is one call for all of them."""
    from datetime import date

    from sharing.analytics.allied_output import allied_output
    from sharing.analytics.concentration import chokepoints, concentration, partner_countries
    from sharing.analytics.coverage import coverage
    from sharing.analytics.dependence import dependence_for, origin_of
    from sharing.analytics.disclosure import Viewer
    from sharing.models import Product

    products = list(Product.objects.filter(sector="critical_minerals").order_by("code"))
    assert len(products) == SECTOR_PRODUCTS
    viewer = Viewer.of(principal)
    on = date.today()
    alliance = sorted(partner_countries())
    calls = {
        "concentration": lambda p: concentration(viewer=viewer, products=[p], product=p),
        "chokepoints": lambda p: chokepoints(viewer=viewer, product=p, limit=10),
        "coverage (own)": lambda p: coverage(viewer=viewer, product=p, partner=caller, on=on),
        "coverage (alliance)": lambda p: coverage(viewer=viewer, product=p, partner=None, on=on),
        "allied output (alliance countries)": lambda p: allied_output(viewer=viewer, product=p, countries=alliance),
    }
    times: dict[str, list[float]] = {name: [] for name in REPORT_ANALYTICS}
    started = time.perf_counter()
    begun = time.perf_counter()
    dependence_for(principal=principal, products=products, partner=caller,
                   origin=origin_of(country=None, outside_alliance=True))
    times[REPORT_ANALYTICS[0]].append((time.perf_counter() - begun) * 1000 / len(products))
    for product in products:
        for name, call in calls.items():
            begun = time.perf_counter()
            call(product)
            times[name].append((time.perf_counter() - begun) * 1000)
    seconds = time.perf_counter() - started
    return {name: f"{percentile(t, 50):.0f} / {max(t):.0f} ms" for name, t in times.items()}, seconds


if __name__ == "__main__":
    report(main())
