"""Generated data for the load test: partners with keys, a sharing group, products, facilities and capacity rows
with mixed markings. Written with bulk_create (the load test measures serving, not loading)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

PARTNERS = [("US-DOC", "US"), ("JP-METI", "JP"), ("KR-MOTIE", "KR"), ("AU-DISR", "AU"), ("TW-MOEA", "TW"),
            ("DE-BMWK", "DE")]
COUNTRIES = ["US", "JP", "KR", "AU", "TW", "DE", "CA", "MX", "CN", "CL", "CD", "ID", "IN", "VN", "MY"]
KINDS = ["mine", "refinery", "processing", "fab", "packaging", "warehouse"]
SECTORS = ["semiconductors", "batteries", "critical_minerals", "pharmaceuticals", "medical_supplies"]
# Mixed markings, roughly as partners use them: most GREEN, a share for groups, a little CLEAR and RED.
MARKINGS = ["GREEN"] * 50 + ["AMBER"] * 20 + ["AMBER+STRICT"] * 5 + ["CLEAR"] * 15 + ["RED"] * 10
ROLES = ["reader", "publisher", "coordinator", "responder"]


def generate(facilities: int, capacities: int, products: int, seed: int = 20261124) -> dict:
    """Creates everything and returns what the load needs to know: keys and codes (no database ids it could guess)."""
    from django.db import connection

    from sharing.models import Capacity, Facility, Partner, Product, SharingGroup
    from sharing.services.partners import key_issue
    from sharing.services.publishing import allocate_seqs

    rng = random.Random(seed)
    partners = [Partner.objects.create(code=code, name=f"Ministry {code}", country=country)
                for code, country in PARTNERS]
    group = SharingGroup.objects.create(name="Load-test working group")
    group.members.add(*partners[: len(partners) // 2 + 1])
    product_rows = [Product(code=f"LT-{i:03d}", name=f"Product {i}", sector=SECTORS[i % len(SECTORS)],
                            hs_codes=["850760"], unit="t") for i in range(products)]
    Product.objects.bulk_create(product_rows)

    seq = allocate_seqs(facilities + capacities)
    sites = []
    for i in range(facilities):
        sites.append(Facility(
            owner=partners[i % len(partners)], external_id=f"F{i}", name=f"Site {i}",
            country=COUNTRIES[rng.randrange(len(COUNTRIES))],
            latitude=Decimal(f"{rng.uniform(-50, 65):.4f}"), longitude=Decimal(f"{rng.uniform(-170, 170):.4f}"),
            facility_kind=KINDS[i % len(KINDS)], operator=f"Operator {i % 300}",
            marking=MARKINGS[rng.randrange(len(MARKINGS))], seq=seq + i,
        ))
    Facility.objects.bulk_create(sites, batch_size=5000)
    seq += facilities
    today = date.today()
    rows = []
    for i in range(capacities):
        site = sites[rng.randrange(len(sites))]
        nominal = Decimal(rng.randint(100, 10_000))
        in_use = (nominal * Decimal(rng.uniform(0.4, 1.0))).quantize(Decimal(1))
        spare = nominal - in_use
        rows.append(Capacity(
            owner_id=site.owner_id, external_id=f"C{i}", facility=site, product=product_rows[i % products],
            nominal=nominal, in_use=in_use, spare=spare, releasable=(spare * Decimal("0.5")).quantize(Decimal(1)),
            lead_time_days=rng.randint(0, 60), as_of=today - timedelta(days=rng.randint(0, 365)),
            marking=MARKINGS[rng.randrange(len(MARKINGS))], seq=seq + i,
        ))
    Capacity.objects.bulk_create(rows, batch_size=5000)
    for model, records in ((Facility, sites), (Capacity, rows)):
        through = model.groups.through
        amber = [r for r in records if r.marking in ("AMBER", "AMBER+STRICT")]
        through.objects.bulk_create([through(**{f"{model._meta.model_name}_id": r.pk, "sharinggroup_id": group.pk})
                                     for r in amber], batch_size=5000)
    with connection.cursor() as cursor:
        # As autovacuum would after the load: statistics, and the visibility map, without which an index-only
        # scan (the filtered pages' ids, migration 0029) reads the table anyway. A server with autovacuum off (this
        # machine's) otherwise leaves the freshly loaded tables unvacuumed for the whole run.
        cursor.execute("VACUUM ANALYZE")
    from sharing.services import audit_partitions

    if audit_partitions.is_partitioned():
        # The database was made for this run: its trail holds no audit id of the layout before migration 0028, so
        # it is in the state retention leaves once the legacy rows are gone (cutoff -infinity), not in the hour
        # after an upgrade in which the unique-id trigger checks every audit row against every partition.
        audit_partitions.set_legacy_cutoff(None)

    keys = {}
    for partner in partners:
        _, secret = key_issue(partner=partner, name="load test", roles=ROLES)
        keys[partner.code] = secret
    # What each partner's sync may upsert: its own facilities and capacity rows, by external_id.
    own_sites: dict[str, list[str]] = {p.code: [] for p in partners}
    own_capacity: dict[str, list[str]] = {p.code: [] for p in partners}
    code_of = {p.pk: p.code for p in partners}
    for site in sites:
        own_sites[code_of[site.owner_id]].append(site.external_id)
    for row in rows:
        own_capacity[code_of[row.owner_id]].append(row.external_id)
    return {
        "keys": keys,
        "products": [p.code for p in product_rows],
        "countries": COUNTRIES,
        "kinds": KINDS,
        "sectors": SECTORS,
        "own_sites": {code: ids[:500] for code, ids in own_sites.items()},
        "own_capacity": {code: ids[:2000] for code, ids in own_capacity.items()},
    }
