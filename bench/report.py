"""The sector report over the allied benchmark's data (bench/allied.py's generator: 1,000,000 capacity rows and
100,000 supply links at full scale; small: 100,000 and 10,000), PostgreSQL, its own
database ``bench_report`` (or BENCH_REPORT_DB).

The largest sector is the catalogue's critical-minerals entry (migration 0016): the generator's 20 bill-of-materials
products (four five-level families) are of that sector and hold half of the capacity rows; the other 20 products
are of no reviewed sector. The caller is a partner in two of the three sharing groups. (The generator writes no
demand or stockpiles: coverage's queries run over empty tables.)

Timed: the whole report (``build_report``: every product's concentration, chokepoints, dependence, coverage and
allied-only output, under the caller's visibility), min / median over the repetitions, and the same as the job
does it (``report_execute``: the report, its storing, progress writes and audit) once; queries per report.
Target (issue 14): < 30 s at full scale on one worker.
"""

from __future__ import annotations

import os
import sys
import time

from bench.allied import generate
from bench.common import percentile, prepare_database, report
from bench.common import scale_name as bench_scale

SCALES = {
    "small": {"capacities": 100_000, "links": 10_000, "repetitions": 3},
    "full": {"capacities": 1_000_000, "links": 100_000, "repetitions": 3},
}
DB_NAME = os.environ.get("BENCH_REPORT_DB", "bench_report")  # another name when several run on one server


def main() -> list[tuple[str, str, str]]:
    scale_name = bench_scale()
    scale = SCALES[scale_name]
    prepare_database(DB_NAME)
    started = time.perf_counter()
    data = generate(scale["capacities"], scale["links"])
    print(f"generated {scale['capacities']:,} capacity rows and {data['links']:,} links in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)

    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharing.models import Capacity, ReportRun, ReviewSector
    from sharing.principal import Principal
    from sharing.review.report import build_report, sector_products
    from sharing.review.runs import report_execute

    sector = ReviewSector.objects.get(code="critical-minerals")
    products = sector_products(sector)
    rows = Capacity.objects.filter(product__in=products).count()
    caller = data["partners"][1]
    principal = Principal(partner=caller, roles=frozenset({"reader"}))

    def whole() -> dict:
        return build_report(principal=principal, sector=sector, as_of=date.today()).body

    with CaptureQueriesContext(connection) as queries:
        sample = whole()  # warm: plans, caches
    times = []
    for _ in range(scale["repetitions"]):
        begun = time.perf_counter()
        whole()
        times.append(time.perf_counter() - begun)

    run = ReportRun.objects.create(requested_by=caller, sector=sector, as_of=date.today())
    begun = time.perf_counter()
    done = report_execute(run.pk)
    job = time.perf_counter() - begun
    assert done.status == "succeeded", done.error

    target = "< 30 s" if scale_name == "full" else "-"
    top = sample["ranking"][0]
    return [
        ("report: capacity rows / supply links in the tables", f"{scale['capacities']:,} / {data['links']:,}", "-"),
        ("report: sector critical-minerals: products / their capacity rows", f"{len(products)} / {rows:,}", "-"),
        ("report: the whole report, min / median", f"{min(times):.1f} / {percentile(times, 50):.1f} s", target),
        ("report: as the job runs it (stored, progress, audit), once", f"{job:.1f} s", target),
        ("report: queries per report", f"{len(queries)}", "-"),
        ("report: top of the ranking / its score / suppressed cells in the report",
         f"{top['code']} / {top['score']} / {sample['suppressed_cells']}", "-"),
    ]


if __name__ == "__main__":
    report(main())
