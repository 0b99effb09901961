"""Publishing benchmark: bulk upsert of capacity through the API, and filtered list pages, on PostgreSQL.

1. A publisher's key bulk-upserts capacity rows through ``POST /api/v1/capacities/bulk/`` in calls of 5,000
   rows: creating them, re-sending them unchanged, and updating them (new in-use and spare figures). The calls
   go in-process through DRF's ``APIClient`` (the whole Django stack: middleware, authentication, throttling,
   the strict JSON parser, validation, the service, audit, rendering), not over a socket, so the figures leave
   out HTTP transport; the body is encoded before the clock starts and the answer decoded after it stops.
2. The same rows are written with a plain ``Capacity.objects.bulk_create`` (5,000 a call), the floor the API is
   measured against.
3. Capacity rows are then generated in SQL (``INSERT ... SELECT`` over ``generate_series``) until the table
   holds the target count, over eight owners, 8,000 facilities in 15 countries, 20 products in five sectors and
   a mix of markings and sharing groups; then ``ANALYZE``. A reader key of a partner that is in two of the four
   groups times list pages with filters, ordering and cursor pagination: p50/p95 over many repetitions.
4. Demand: the publisher bulk-upserts two years of monthly demand of every product through
   ``POST /api/v1/demands/bulk/`` (the other partners' through the service, untimed), and the reader times
   stockpile coverage answers (``GET /api/v1/analytics/coverage/``, the alliance and one partner) over the
   filled capacity table.

    BENCH_SCALE=full python -m bench.publishing   # 100,000 rows upserted, 1,000,000 present
    python -m bench.publishing                     # a quick look: 10,000 upserted, 100,000 present
    BENCH_REUSE=1 BENCH_SCALE=full python -m bench.publishing   # again over the database a former run left

With BENCH_REUSE=1 the database a former run filled is kept, and new migrations are applied to it, so that an
index can be timed without generating the rows again (a whole full-scale run took 7 minutes at load 3-4 on two
cores): the list pages are timed, then the publisher's own capacity rows are updated once more through the bulk
API (a new in-use and spare figure: the write an index on those columns costs, with the table full), and the
table is vacuumed.

Django runs with DEBUG off (as in production), so no query log is kept. It creates (and drops first) its own
database, ``bench_publishing`` (or BENCH_DB_NAME), on the PostgreSQL server named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres); it never touches another database.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from bench.common import RANDOM_ID_SQL, Row, percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {
    "small": {"upsert": 10_000, "present": 100_000, "list_repeats": 30},
    "full": {"upsert": 100_000, "present": 1_000_000, "list_repeats": 200},
}
DB_NAME = os.environ.get("BENCH_DB_NAME", "bench_publishing")  # another name when several run on one server
BATCH = 5_000
PARTNERS = [("US-DOC", "US"), ("JP-METI", "JP"), ("KR-MOTIE", "KR"), ("AU-DISR", "AU"), ("TW-MOEA", "TW"),
            ("EU-DGGROW", "DE"), ("CA-ISED", "CA"), ("MX-SE", "MX")]
COUNTRIES = ["US", "JP", "KR", "AU", "TW", "DE", "CA", "MX", "CN", "VN", "MY", "CL", "CD", "IN", "BR"]
SECTORS = ["semiconductors", "batteries", "critical_minerals", "pharmaceuticals", "medical_supplies"]
FACILITIES_PER_OWNER = 1_000
UPSERT_TARGET = ">= 5,000 rows/s"
LIST_TARGET = "p95 < 50 ms"


class World:
    """The partners, groups, products and facilities the benchmark publishes against."""

    def __init__(self, rng: random.Random):
        from sharing.models import Facility, Partner, Product, SharingGroup
        from sharing.services.publishing import allocate_seqs

        self.partners = [Partner.objects.create(code=code, name=code, country=country) for code, country in PARTNERS]
        self.groups = [SharingGroup.objects.create(name=f"Working group {i}") for i in range(4)]
        # The publisher (JP) is in groups 0 and 1, the reader (KR) in 0 and 2; every partner in at least one.
        members = {0: [0, 1, 2, 3], 1: [1, 4, 5], 2: [2, 6, 7, 0], 3: [3, 5, 7]}
        for group_index, partner_indexes in members.items():
            self.groups[group_index].members.set([self.partners[i] for i in partner_indexes])
        self.publisher, self.reader = self.partners[1], self.partners[2]
        self.products = [
            Product.objects.create(code=f"prod-{i:02d}", name=f"Product {i}", sector=SECTORS[i % 5], unit="t")
            for i in range(20)
        ]
        seq = allocate_seqs(len(self.partners) * FACILITIES_PER_OWNER)
        facilities = []
        for p_index, owner in enumerate(self.partners):
            for i in range(FACILITIES_PER_OWNER):
                draw = rng.random()
                marking = "GREEN" if draw < 0.7 else "CLEAR" if draw < 0.8 else "AMBER" if draw < 0.92 else "RED"
                if owner is self.publisher:
                    marking = "GREEN"  # its capacity rows carry their own mix of markings
                facilities.append(Facility(
                    owner=owner, external_id=f"F{i}", name=f"Site {p_index}-{i}", country=rng.choice(COUNTRIES),
                    latitude=Decimal(f"{rng.uniform(-50, 65):.4f}"), longitude=Decimal(f"{rng.uniform(-170, 170):.4f}"),
                    facility_kind="processing", marking=marking, seq=seq + len(facilities),
                ))
        Facility.objects.bulk_create(facilities, batch_size=BATCH)
        through = Facility.groups.through
        through.objects.bulk_create([
            through(facility_id=f.pk, sharinggroup_id=self.groups[f.pk % 4].pk)
            for f in facilities if f.marking == "AMBER"
        ])
        self.facility_ids = {(f.owner_id, f.external_id): f.pk for f in facilities}

    @classmethod
    def existing(cls) -> World:
        """The world a former run created in this database."""
        from sharing.models import Facility, Partner, Product, SharingGroup

        world = cls.__new__(cls)
        by_code = {p.code: p for p in Partner.objects.filter(code__in=[code for code, _ in PARTNERS])}
        world.partners = [by_code[code] for code, _ in PARTNERS]
        by_name = {g.name: g for g in SharingGroup.objects.filter(name__startswith="Working group ")}
        world.groups = [by_name[f"Working group {i}"] for i in range(4)]
        world.publisher, world.reader = world.partners[1], world.partners[2]
        world.products = list(Product.objects.filter(code__startswith="prod-").order_by("code"))
        world.facility_ids = {
            (owner_id, external_id): pk
            for pk, owner_id, external_id in Facility.objects.values_list("pk", "owner_id", "external_id")
        }
        return world

    def key(self, partner, roles: list[str]) -> str:
        from sharing.services.partners import key_issue

        _, secret = key_issue(partner=partner, name="bench", roles=roles)
        return f"Api-Key {secret}"


def capacity_rows(count: int, products: list, rng: random.Random) -> list[dict]:
    """Bulk-upsert rows of the publisher: a mix of markings, some naming sharing groups."""
    today = date.today()
    rows = []
    for i in range(count):
        nominal = rng.randint(1_000, 100_000)
        in_use = nominal * rng.randint(40, 80) // 100
        spare = nominal - in_use - rng.randint(0, nominal // 10)
        draw = rng.random()
        if draw < 0.5:
            marking, groups = "GREEN", []
        elif draw < 0.65:
            marking, groups = "AMBER", ["Working group 0"]
        elif draw < 0.75:
            marking, groups = "AMBER", ["Working group 0", "Working group 1"]
        elif draw < 0.8:
            marking, groups = "AMBER+STRICT", ["Working group 1"]
        elif draw < 0.9:
            marking, groups = "RED", []
        else:
            marking, groups = "CLEAR", []
        rows.append({
            "external_id": f"CAP-{i:07d}", "facility": f"F{i % FACILITIES_PER_OWNER}",
            "product": products[i % len(products)].code, "nominal": str(nominal), "in_use": str(in_use),
            "spare": str(spare), "surge": str(nominal // 10), "lead_time_days": rng.randint(0, 120),
            "releasable": str(spare // 2), "as_of": str(today - timedelta(days=rng.randint(0, 365))),
            "marking": marking, "groups": groups,
        })
    return rows


DEMAND_MONTHS = 24


def demand_rows(products: list, rng: random.Random, prefix: str = "DEM") -> list[dict]:
    """A partner's monthly demand of every product over two years (month ends), a mix of markings."""
    rows = []
    as_of = date.today().replace(day=1) - timedelta(days=1)
    for _ in range(DEMAND_MONTHS):
        for product in products:
            total = rng.randint(100, 50_000)
            defence, health = total * rng.randint(0, 20) // 100, total * rng.randint(0, 30) // 100
            draw = rng.random()
            marking, groups = ("GREEN", []) if draw < 0.6 else ("AMBER", ["Working group 0"]) if draw < 0.85 \
                else ("RED", [])
            rows.append({
                "external_id": f"{prefix}-{product.code}-{as_of}", "product": product.code,
                "total_per_month": str(total), "defence_per_month": str(defence), "health_per_month": str(health),
                "as_of": str(as_of), "marking": marking, "groups": groups,
            })
        as_of = as_of.replace(day=1) - timedelta(days=1)
    return rows


def bulk_upsert(client, rows: list[dict], expect: str, path: str = "/api/v1/capacities/bulk/"
                ) -> tuple[float, list[float]]:
    """Sends the rows in calls of BATCH; returns the wall time and each call's latency (s)."""
    latencies = []
    for start in range(0, len(rows), BATCH):
        body = json.dumps({"records": rows[start:start + BATCH]})
        began = time.perf_counter()
        response = client.post(path, body, content_type="application/json")
        latencies.append(time.perf_counter() - began)
        assert response.status_code == 200, response.content[:500]
        answer = response.json()
        assert answer[expect] == len(rows[start:start + BATCH]), {k: v for k, v in answer.items() if k != "results"}
    return sum(latencies), latencies


def plain_bulk_create(world: World, rows: list[dict]) -> float:
    """The same rows (under other external ids) with Capacity.objects.bulk_create, 5,000 a call."""
    from django.db import transaction

    from sharing.models import Capacity
    from sharing.services.publishing import allocate_seqs

    products = {p.code: p.pk for p in world.products}
    owner = world.publisher
    elapsed = 0.0
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        began = time.perf_counter()
        with transaction.atomic():
            seq = allocate_seqs(len(batch))
            Capacity.objects.bulk_create([
                Capacity(
                    owner=owner, external_id=f"BC-{row['external_id']}", marking=row["marking"], seq=seq + i,
                    facility_id=world.facility_ids[(owner.pk, row["facility"])], product_id=products[row["product"]],
                    nominal=Decimal(row["nominal"]), in_use=Decimal(row["in_use"]), spare=Decimal(row["spare"]),
                    surge=Decimal(row["surge"]), lead_time_days=row["lead_time_days"],
                    releasable=Decimal(row["releasable"]), as_of=date.fromisoformat(row["as_of"]),
                )
                for i, row in enumerate(batch)
            ], batch_size=BATCH)
        elapsed += time.perf_counter() - began
    return elapsed


def fill(world: World, count: int) -> None:
    """Adds ``count`` capacity rows in SQL, spread over every owner's facilities, products and markings."""
    from django.db import connection, transaction

    from sharing.services.publishing import allocate_seqs

    if count <= 0:
        return
    facility_ids = [pk for (owner_id, _), pk in sorted(world.facility_ids.items())]
    product_ids = [p.pk for p in world.products]
    group_ids = [g.pk for g in world.groups]
    with transaction.atomic():
        first_seq = allocate_seqs(count)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.20261124)")
            # Owner and country follow the facility; updated_at spreads over a year, 1% are tombstones.
            cursor.execute(
                f"""
                INSERT INTO sharing_capacity (id, owner_id, external_id, marking, version, seq, created_at,
                    updated_at, deleted_at, facility_id, product_id, nominal, in_use, spare, surge, lead_time_days,
                    releasable, as_of)
                SELECT {RANDOM_ID_SQL}, f.owner_id, 'GEN-' || s.g, s.marking, 1, %(seq)s + s.g - 1,
                    now() - interval '400 days' + s.age, now() - s.age,
                    CASE WHEN s.g %% 100 = 0 THEN now() - s.age END,
                    f.id, (%(products)s::bigint[])[1 + floor(s.r4 * %(nproducts)s)::int],
                    s.nominal, round(s.nominal * 0.6), round(s.nominal * 0.3), round(s.nominal * 0.1),
                    (s.r2 * 120)::int, round(s.nominal * 0.15), (now() - s.age)::date
                FROM (
                    SELECT g, r, r2, r3, r4, r5, round((1000 + r2 * 99000)::numeric, 3) AS nominal,
                        (r3 * 365 * 86400) * interval '1 second' AS age,
                        CASE WHEN r < 0.40 THEN 'GREEN' WHEN r < 0.60 THEN 'AMBER' WHEN r < 0.65 THEN 'AMBER+STRICT'
                             WHEN r < 0.85 THEN 'RED' ELSE 'CLEAR' END AS marking
                    FROM (SELECT g, random() AS r, random() AS r2, random() AS r3, random() AS r4, random() AS r5
                          FROM generate_series(1, %(count)s) AS g) AS draws
                ) AS s
                JOIN sharing_facility f ON f.id = (%(facilities)s::bigint[])[1 + floor(s.r5 * %(nfacilities)s)::int]
                """,
                {"seq": first_seq, "products": product_ids, "nproducts": len(product_ids), "count": count,
                 "facilities": facility_ids, "nfacilities": len(facility_ids)},
            )
            # AMBER rows name one group, every third a second one.
            cursor.execute(
                """
                INSERT INTO sharing_capacity_groups (capacity_id, sharinggroup_id)
                SELECT id, (%(groups)s::bigint[])[1 + id %% 4] FROM sharing_capacity
                WHERE external_id LIKE 'GEN-%%' AND marking IN ('AMBER', 'AMBER+STRICT')
                UNION ALL
                SELECT id, (%(groups)s::bigint[])[1 + (id + 1) %% 4] FROM sharing_capacity
                WHERE external_id LIKE 'GEN-%%' AND marking IN ('AMBER', 'AMBER+STRICT') AND id %% 3 = 0
                """,
                {"groups": group_ids},
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def time_lists(client, queries: list[tuple[str, str]], repeats: int) -> list[Row]:
    """p50 / p95 of each page, and beside them what a busy machine does not inflate as much: the CPU this process
    spent per request (Django and DRF, the client's side included) and the median time spent in the database's
    queries (wall time of each query, so it still waits for a CPU when the machine is busy)."""
    from django.db import connection

    in_db = 0.0

    def timed(execute, sql, params, many, context):
        nonlocal in_db
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_db += time.perf_counter() - began

    rows = []
    for name, path in queries:
        latencies, db_times = [], []
        response = client.get(path)  # warm
        assert response.status_code == 200, response.content[:500]
        cpu_began = time.process_time()
        with connection.execute_wrapper(timed):
            for _ in range(repeats):
                in_db = 0.0
                began = time.perf_counter()
                response = client.get(path)
                latencies.append(time.perf_counter() - began)
                db_times.append(in_db)
                assert response.status_code == 200
        cpu = (time.process_time() - cpu_began) / repeats
        shown = len(response.json()["results"])
        rows.append(Row(
            f"list {name} ({shown} rows): p50 / p95 (CPU here, DB p50)",
            f"{percentile(latencies, 50) * 1000:.1f} / {percentile(latencies, 95) * 1000:.1f} ms "
            f"({cpu * 1000:.1f}, {percentile(db_times, 50) * 1000:.1f})",
            LIST_TARGET if shown <= 100 else "-",  # the target is for a page of the default size
        ))
    return rows


def list_queries(world: World, client) -> list[tuple[str, str]]:
    base = "/api/v1/capacities/"
    recent = (date.today() - timedelta(days=3)).isoformat() + "T00:00:00Z"
    product = world.products[3].code
    queries = [
        ("page 1, no filter", base),
        (f"?product={product}&country=JP", f"{base}?{urlencode({'product': product, 'country': 'JP'})}"),
        ("?marking=GREEN&sector=batteries", f"{base}?marking=GREEN&sector=batteries"),
        ("?updated_after=3 days ago", f"{base}?{urlencode({'updated_after': recent})}"),
        ("?ordering=-updated_at", f"{base}?ordering=-updated_at"),
        (f"?partner=US-DOC&product={product}&ordering=-spare",
         f"{base}?{urlencode({'partner': 'US-DOC', 'product': product, 'ordering': '-spare'})}"),
        ("?sector=semiconductors&page_size=1000", f"{base}?sector=semiconductors&page_size=1000"),
    ]
    # A later page: follow the cursor ten pages in, then time that page.
    path = base
    for _ in range(10):
        path = client.get(path).json()["next"]
    queries.append(("page 11 by cursor", path.removeprefix("http://testserver")))
    return queries


def demand_and_coverage(world: World, publisher, reader, rng: random.Random, repeats: int) -> list[Row]:
    """Demand: the publisher's two years of monthly demand through the bulk API (every other partner's through
    the service, untimed); then coverage answers for the reader over the filled capacity table."""
    from django.db import transaction

    from sharing.services.publishing import RecordInput, apply_records

    rows = demand_rows(world.products, rng)
    elapsed, _ = bulk_upsert(publisher, rows, "created", "/api/v1/demands/bulk/")
    products = {p.code: p.pk for p in world.products}
    groups = {g.name: g.pk for g in world.groups}
    for partner in world.partners:
        if partner is world.publisher:
            continue
        items = [RecordInput(row["external_id"], {
            "product_id": products[row["product"]], "total_per_month": Decimal(row["total_per_month"]),
            "defence_per_month": Decimal(row["defence_per_month"]),
            "health_per_month": Decimal(row["health_per_month"]), "as_of": date.fromisoformat(row["as_of"]),
            "marking": row["marking"],
        }, frozenset(groups[name] for name in row["groups"])) for row in demand_rows(world.products, rng, partner.code)]
        with transaction.atomic():
            apply_records(kind="demand", owner=partner, items=items, principal=None, action="bench")
    results = [Row(f"bulk upsert {len(rows):,} demand rows via API, create: rows/s", f"{len(rows) / elapsed:,.0f}",
                   UPSERT_TARGET)]
    product = world.products[3].code
    queries = [
        (f"coverage ?product={product} (alliance)", f"/api/v1/analytics/coverage/?product={product}"),
        (f"coverage ?product={product}&partner=JP-METI",
         f"/api/v1/analytics/coverage/?product={product}&partner=JP-METI"),
    ]
    for name, path in queries:
        latencies = []
        assert reader.get(path).status_code == 200
        for _ in range(max(5, repeats // 10)):
            began = time.perf_counter()
            response = reader.get(path)
            latencies.append(time.perf_counter() - began)
            assert response.status_code == 200
        results.append(Row(f"{name}: p50 / p95",
                           f"{percentile(latencies, 50) * 1000:.1f} / {percentile(latencies, 95) * 1000:.1f} ms"))
    return results


def published_rows(world: World) -> list[dict]:
    """The publisher's bulk-upserted capacity rows as they are now, with one more unit in use and one less spare."""
    from sharing.models import Capacity

    facilities = {pk: external_id for (_, external_id), pk in world.facility_ids.items()}
    products = {p.pk: p.code for p in world.products}
    names = {g.pk: g.name for g in world.groups}
    records = Capacity.objects.filter(owner=world.publisher, external_id__startswith="CAP-", deleted_at__isnull=True)
    groups: dict[int, list[str]] = {}
    for capacity_id, group_id in Capacity.groups.through.objects.filter(
            capacity__in=records).values_list("capacity_id", "sharinggroup_id"):
        groups.setdefault(capacity_id, []).append(names[group_id])
    return [{
        "external_id": r.external_id, "facility": facilities[r.facility_id], "product": products[r.product_id],
        "nominal": str(r.nominal), "in_use": str(r.in_use + 1), "spare": str(r.spare - 1), "surge": str(r.surge),
        "lead_time_days": r.lead_time_days, "releasable": str(r.releasable), "as_of": str(r.as_of),
        "marking": r.marking, "groups": sorted(groups.get(r.pk, [])),
    } for r in records.order_by("external_id")]


def main_again(scale: dict) -> list[Row]:
    """BENCH_REUSE=1: the database a former run filled, migrated to this code; an update round and the lists."""
    prepare_database(DB_NAME, keep=True)
    from django.conf import settings
    from rest_framework.test import APIClient

    from sharing.models import Capacity

    settings.DEBUG = False
    world = World.existing()
    publisher = APIClient()
    publisher.credentials(HTTP_AUTHORIZATION=world.key(world.publisher, ["reader", "publisher"]))
    present = Capacity.objects.count()
    results = [Row("load average (1, 5, 15 min) at the start", ", ".join(f"{x:.1f}" for x in os.getloadavg()))]
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=world.key(world.reader, ["reader"]))
    results += time_lists(reader, list_queries(world, reader), scale["list_repeats"])
    # The update round after the lists (its dead row versions would slow them), then vacuumed for the next run.
    rows = published_rows(world)
    elapsed, latencies = bulk_upsert(publisher, rows, "updated")
    results.append(Row(f"bulk upsert {len(rows):,} capacity rows via API, update with {present:,} present: rows/s",
                       f"{len(rows) / elapsed:,.0f}", UPSERT_TARGET))
    results.append(Row("bulk upsert, update: p50 / p95 per 5,000-row call",
                       f"{percentile(latencies, 50) * 1000:.0f} / {percentile(latencies, 95) * 1000:.0f} ms"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE sharing_capacity")
    results.append(Row("load average (1, 5, 15 min) at the end", ", ".join(f"{x:.1f}" for x in os.getloadavg()),
                       f"{os.cpu_count()} CPUs"))
    return results


def main() -> list[Row]:
    scale_name = bench_scale()
    scale = SCALES[scale_name]
    if os.environ.get("BENCH_REUSE") == "1":
        return main_again(scale)
    prepare_database(DB_NAME)
    from django.conf import settings
    from rest_framework.test import APIClient

    settings.DEBUG = False  # no query log, as in production
    rng = random.Random(20261124)
    started = time.perf_counter()
    world = World(rng)
    rows = capacity_rows(scale["upsert"], world.products, rng)
    publisher = APIClient()
    publisher.credentials(HTTP_AUTHORIZATION=world.key(world.publisher, ["reader", "publisher"]))
    print(f"set up {len(world.facility_ids):,} facilities and {len(rows):,} rows in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)

    results: list[Row] = []
    n = len(rows)
    create_time, create_lat = bulk_upsert(publisher, rows, "created")
    resend_time, resend_lat = bulk_upsert(publisher, rows, "unchanged")
    updated = [{**row, "in_use": str(int(row["in_use"]) + 1), "spare": str(int(row["spare"]) - 1)} for row in rows]
    update_time, update_lat = bulk_upsert(publisher, updated, "updated")
    for label, elapsed, latencies in (("create", create_time, create_lat), ("re-send unchanged", resend_time,
                                      resend_lat), ("update", update_time, update_lat)):
        results.append(Row(f"bulk upsert {n:,} capacity rows via API, {label}: rows/s", f"{n / elapsed:,.0f}",
                           UPSERT_TARGET))
        results.append(Row(f"bulk upsert, {label}: p50 / p95 per 5,000-row call",
                           f"{percentile(latencies, 50) * 1000:.0f} / {percentile(latencies, 95) * 1000:.0f} ms"))
    plain = plain_bulk_create(world, rows)
    results.append(Row(f"plain Capacity.objects.bulk_create of the same {n:,} rows: rows/s", f"{n / plain:,.0f}"))
    results.append(Row("API create / plain bulk_create (time ratio)", f"{create_time / plain:.1f}x"))

    from sharing.models import Capacity

    started = time.perf_counter()
    fill(world, scale["present"] - Capacity.objects.count())
    present = Capacity.objects.count()
    print(f"filled to {present:,} capacity rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=world.key(world.reader, ["reader"]))
    visible = Capacity.objects.visible_as(world.reader.pk, [world.groups[0].pk, world.groups[2].pk]).count()
    results.append(Row("capacity rows present (visible to the reader)", f"{present:,} ({visible:,})"))
    results += time_lists(reader, list_queries(world, reader), scale["list_repeats"])
    results += demand_and_coverage(world, publisher, reader, rng, scale["list_repeats"])
    # The machine may be shared: its load says how far the figures are from an idle machine's.
    results.append(Row("load average (1, 5, 15 min) at the end", ", ".join(f"{x:.1f}" for x in os.getloadavg()),
                       f"{os.cpu_count()} CPUs"))
    return results


if __name__ == "__main__":
    report(main())
