"""Exposure benchmark: the multi-tier exposure answer over a network of supply links five tiers deep, on PostgreSQL.

Four product families (a battery, a magnet, a chip, a medicine), each a five-level bill of materials (the final
product and four inputs below it, one per tier); facilities at every tier of every family, each buyer with five
suppliers, a few trader links within a tier (so there are cycles), owners and markings spread as partners publish
them (GREEN most, then AMBER to a sharing group, RED, CLEAR). Times the answer for several partners, products and
countries: the service alone, and through the API (authentication, validation, audit, JSON).

    BENCH_SCALE=full python -m bench.exposure     # 100,000 supply links, 24,000 facilities
    python -m bench.exposure                       # a quick look: 10,000 links, 2,400 facilities

It creates (and drops first) its own database, ``bench_exposure``, on the PostgreSQL server named by
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); it never touches another database.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal

from bench.common import percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {
    "small": {"links": 10_000, "per_tier": 100},
    "full": {"links": 100_000, "per_tier": 1_000},
}
DB_NAME = "bench_exposure"
TIERS = 5
FAMILIES = {
    "battery": ["CELL", "CATHODE", "PRECURSOR", "LIOH", "SPODUMENE"],
    "magnet": ["MAGNET", "NDPR-METAL", "NDPR-OXIDE", "RE-CONCENTRATE", "RE-ORE"],
    "chip": ["CHIP", "WAFER", "POLYSILICON", "MG-SILICON", "QUARTZ"],
    "medicine": ["TABLET", "API", "INTERMEDIATE", "KSM", "PRECURSOR-CHEM"],
}
PARTNERS = [("US-DOC", "US"), ("JP-METI", "JP"), ("KR-MOTIE", "KR"), ("AU-DISR", "AU"), ("TW-MOEA", "TW"),
            ("EU-DGGROW", "BE"), ("CA-NRCAN", "CA"), ("MX-SE", "MX")]
# Where each tier's facilities are: raw materials mostly in a few countries, assembly among the partners.
COUNTRIES = [
    ["US", "JP", "KR", "DE", "MX", "CA", "TW"],
    ["JP", "KR", "CN", "TW", "US", "DE"],
    ["CN", "JP", "KR", "FI", "US", "IN"],
    ["CN", "CN", "AU", "CL", "IN", "MY"],
    ["CN", "CN", "AU", "CL", "CD", "ID", "ZA"],
    ["CN", "AU", "CL", "CD", "ID", "BR", "MM"],
]
FACILITY_MARKINGS = (["GREEN"] * 55) + (["CLEAR"] * 15) + (["AMBER"] * 20) + (["RED"] * 10)
LINK_MARKINGS = (["GREEN"] * 50) + (["CLEAR"] * 10) + (["AMBER"] * 25) + (["RED"] * 15)


def generate(scale: dict, rng: random.Random) -> dict:
    from sharing.models import Facility, Partner, Product, ProductInput, SharingGroup, SupplyLink
    from sharing.services.publishing import allocate_seqs

    partners = [Partner.objects.create(code=code, name=code, country=country) for code, country in PARTNERS]
    groups = []
    for i, size in enumerate((3, 4, 5)):
        group = SharingGroup.objects.create(name=f"Working group {i}")
        group.members.add(*rng.sample(partners, size))
        groups.append(group)
    products: dict[str, list[Product]] = {}
    for family, codes in FAMILIES.items():
        products[family] = [Product.objects.create(code=c, name=c.title(), sector="other", unit="t") for c in codes]
        for upper, lower in zip(products[family], products[family][1:], strict=False):
            ProductInput.objects.create(product=upper, input=lower,
                                        quantity_per_unit=Decimal(rng.choice(["0.5", "1", "1.6", "2.5"])))

    per_tier = scale["per_tier"]
    seq = allocate_seqs(len(FAMILIES) * (TIERS + 1) * per_tier + scale["links"])
    facilities: dict[tuple[str, int], list[Facility]] = {}
    group_rows = []
    rows = []
    for family in FAMILIES:
        for tier in range(TIERS + 1):
            layer = []
            for i in range(per_tier):
                owner = partners[i % len(partners)] if tier == 0 else rng.choice(partners)
                layer.append(Facility(
                    owner=owner, external_id=f"{family}-T{tier}-{i}", name=f"{family} tier {tier} site {i}",
                    country=rng.choice(COUNTRIES[tier]), latitude=Decimal(f"{rng.uniform(-50, 65):.4f}"),
                    longitude=Decimal(f"{rng.uniform(-170, 170):.4f}"), facility_kind="processing",
                    marking="GREEN" if tier == 0 else rng.choice(FACILITY_MARKINGS), seq=seq,
                ))
                seq += 1
            facilities[(family, tier)] = layer
            rows += layer
    Facility.objects.bulk_create(rows, batch_size=5000)
    Through = Facility.groups.through
    for facility in rows:
        if facility.marking == "AMBER":
            group_rows.append(Through(facility_id=facility.pk, sharinggroup_id=rng.choice(groups).pk))
    Through.objects.bulk_create(group_rows, batch_size=5000)

    per_family_tier = scale["links"] // (len(FAMILIES) * TIERS)
    traders = per_family_tier // 50  # 2% of links between sites of the same tier: trading, and cycles
    links, n = [], 0
    for family in FAMILIES:
        for tier in range(1, TIERS + 1):
            buyers, suppliers = facilities[(family, tier - 1)], facilities[(family, tier)]
            product = products[family][tier - 1]
            for i in range(per_family_tier):
                if i < traders:
                    buyer, supplier = rng.sample(suppliers, 2)
                else:
                    buyer, supplier = buyers[i % len(buyers)], rng.choice(suppliers)
                links.append(SupplyLink(
                    owner_id=buyer.owner_id, external_id=f"L{n}", supplier=supplier, buyer=buyer, product=product,
                    volume_per_month=Decimal(rng.randint(10, 5_000)), marking=rng.choice(LINK_MARKINGS), seq=seq,
                ))
                n += 1
                seq += 1
    SupplyLink.objects.bulk_create(links, batch_size=5000)
    Through = SupplyLink.groups.through
    Through.objects.bulk_create([Through(supplylink_id=link.pk, sharinggroup_id=rng.choice(groups).pk)
                                 for link in links if link.marking == "AMBER"], batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"partners": partners, "products": products, "links": len(links), "facilities": len(rows)}


def main() -> list[tuple[str, str, str]]:
    scale_name = bench_scale()
    scale = SCALES[scale_name]
    prepare_database(DB_NAME)
    rng = random.Random(20261124)
    started = time.perf_counter()
    network = generate(scale, rng)
    print(f"generated {network['links']:,} supply links, {network['facilities']:,} facilities "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    from rest_framework.test import APIClient

    from sharing.analytics.exposure import exposure_for
    from sharing.principal import Principal
    from sharing.services.partners import key_issue

    partners = network["partners"]
    callers = [partners[1], partners[2], partners[5]]  # JP, KR, EU: different groups, different views
    questions = [
        (partner, product, country)
        for partner in (partners[0], partners[1], partners[4])
        for product in (network["products"]["battery"][0], network["products"]["magnet"][0],
                        network["products"]["chip"][1])
        for country in ("CN", "AU")
    ]
    service_ms, api_ms, tiers_seen, links_used, reached = [], [], 0, [], 0
    for caller in callers:
        principal = Principal(partner=caller, roles=frozenset({"reader"}))
        _, secret = key_issue(partner=caller, name="bench", roles=["reader"])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
        for partner, product, country in questions:
            begun = time.perf_counter()
            answer = exposure_for(principal=principal, product=product, partner=partner, country=country)
            service_ms.append((time.perf_counter() - begun) * 1000)
            tiers_seen = max(tiers_seen, len(answer.tiers))
            links_used.append(len(answer.links_used))
            reached += answer.depth_limit_reached
            begun = time.perf_counter()
            response = client.get("/api/v1/analytics/exposure/",
                                  {"product": product.code, "partner": partner.code, "country": country})
            api_ms.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, response.content[:300]
    target = "< 1000 ms" if scale_name == "full" else "-"
    return [
        ("exposure: network (supply links, tiers)", f"{network['links']:,} links, {TIERS} tiers", "-"),
        ("exposure: answers timed", f"{len(service_ms)} ({len(callers)} callers x {len(questions)})", "-"),
        ("exposure: visible links walked per answer, median", f"{percentile(links_used, 50):,.0f}", "-"),
        ("exposure: tiers in the deepest answer", f"{tiers_seen}", "-"),
        ("exposure: service p50", f"{percentile(service_ms, 50):.0f} ms", target),
        ("exposure: service p95", f"{percentile(service_ms, 95):.0f} ms", target),
        ("exposure: through the API p50", f"{percentile(api_ms, 50):.0f} ms", target),
        ("exposure: through the API p95", f"{percentile(api_ms, 95):.0f} ms", target),
        ("exposure: answers that hit the depth bound", f"{reached}", "-"),
    ]


if __name__ == "__main__":
    report(main())
