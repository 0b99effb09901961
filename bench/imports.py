"""Import benchmark: the same capacity rows through ``bulk/`` and as a CSV and an XLSX file import, on PostgreSQL.

The publishing benchmark's world (eight partners, 8,000 facilities, 20 products, four sharing groups) and rows
(a mix of markings and groups). The rows are upserted under fresh external-id prefixes, so each run creates:
through ``POST /api/v1/capacities/bulk/`` in calls of 5,000 and as a CSV file, alternately, in ROUNDS rounds (the
ratio is the median of the rounds' own ratios: the machine is shared, and a burst of load must hit both sides of
a ratio alike); then once as an XLSX file. Each file is
uploaded with ``POST /api/v1/imports/`` and its job runs in-process (Celery eager), so the time covers the
upload, the header check, reading and converting the cells, bulk's validation and writes in chunks, and the
rejected-rows bookkeeping: the whole wait of a partner. The files are made before the clock starts. Then the CSV
is imported again (every row unchanged), as a partner re-sending its file.

    BENCH_SCALE=full python -m bench.imports   # 100,000 rows
    python -m bench.imports                     # 10,000 rows

Its own database, ``bench_imports`` (or BENCH_IMPORTS_DB_NAME), on the server of BENCH_DATABASE_URL, as the others.
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time

from bench.common import Row, prepare_database, report
from bench.common import scale_name as bench_scale
from bench.publishing import World, bulk_upsert, capacity_rows

SCALES = {"small": 10_000, "full": 100_000}
ROUNDS = {"small": 3, "full": 2}
DB_NAME = os.environ.get("BENCH_IMPORTS_DB_NAME", "bench_imports")
TARGET = ">= 0.8x bulk's rows/s (CSV)"


def renamed(rows: list[dict], prefix: str) -> list[dict]:
    return [{**row, "external_id": prefix + row["external_id"]} for row in rows]


def as_cells(rows: list[dict]) -> tuple[list[str], list[list]]:
    header = list(rows[0])
    return header, [[";".join(v) if isinstance(v, list) else v for v in row.values()] for row in rows]


def csv_file(rows: list[dict]) -> bytes:
    header, cells = as_cells(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(cells)
    return out.getvalue().encode()


def xlsx_file(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    header, cells = as_cells(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    numeric = {"nominal", "in_use", "spare", "surge", "releasable"}
    for row in cells:  # numbers as numbers, as a spreadsheet holds them
        sheet.append([int(v) if name in numeric else v for name, v in zip(header, row, strict=True)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def import_file(client, content: bytes, name: str, expect: str, count: int) -> float:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content)
    began = time.perf_counter()
    response = client.post("/api/v1/imports/", {"kind": "capacities", "file": upload}, format="multipart")
    elapsed = time.perf_counter() - began
    assert response.status_code == 202, response.content[:500]
    job = client.get(response["Location"]).json()
    assert job["status"] == "succeeded" and job[expect] == count, job
    return elapsed


def main() -> list[Row]:
    count = SCALES[bench_scale()]
    rounds = ROUNDS[bench_scale()]
    prepare_database(DB_NAME)
    from celery import current_app
    from django.conf import settings
    from rest_framework.test import APIClient

    settings.DEBUG = False
    settings.IMPORT_DIR = tempfile.mkdtemp(prefix="bench-imports-")
    current_app.conf.task_always_eager = True  # the job runs as the upload commits, in this process
    rng = random.Random(20261130)
    world = World(rng)
    rows = capacity_rows(count, world.products, rng)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=world.key(world.publisher, ["reader", "publisher"]))
    csv_files = [csv_file(renamed(rows, f"CSV{n}-")) for n in range(rounds)]
    xlsx_bytes = xlsx_file(renamed(rows, "XLSX-"))
    print(f"{count:,} rows: CSV {len(csv_files[0]) / 1e6:.1f} MB, XLSX {len(xlsx_bytes) / 1e6:.1f} MB",
          file=sys.stderr)
    # A first request loads the URL conf and the API's modules (about 2 s): not a cost of either side.
    assert client.get("/api/v1/imports/templates/capacities.csv").status_code == 200
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())

    # The machine is shared: bulk and CSV alternate (bulk first in even rounds, CSV first in odd ones), and the
    # figure is the median of each round's own ratio, so a burst of load hits both sides of a ratio alike.
    bulk_times, csv_times = [], []
    for n in range(rounds):
        sides = [
            lambda n=n: bulk_times.append(bulk_upsert(client, renamed(rows, f"BULK{n}-"), "created")[0]),
            lambda n=n: csv_times.append(import_file(client, csv_files[n], "capacities.csv", "created", count)),
        ]
        for side in sides if n % 2 == 0 else reversed(sides):
            side()
    ratios = [bulk / csv for bulk, csv in zip(bulk_times, csv_times, strict=True)]
    bulk_rate, csv_rate = count / statistics.median(bulk_times), count / statistics.median(csv_times)
    xlsx_time = import_file(client, xlsx_bytes, "capacities.xlsx", "created", count)
    again = import_file(client, csv_files[0], "capacities.csv", "unchanged", count)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        Row(f"bulk API create, {count:,} capacity rows: rows/s (median of {rounds})", f"{bulk_rate:,.0f}"),
        Row(f"CSV import create, {count:,} rows: rows/s (median of {rounds})", f"{csv_rate:,.0f}"),
        Row("CSV import / bulk API, median of the rounds' ratios (each round's)",
            f"{statistics.median(ratios):.2f}x ({', '.join(f'{r:.2f}' for r in ratios)})", TARGET),
        Row(f"XLSX import create, {count:,} rows: rows/s (x bulk's median)",
            f"{count / xlsx_time:,.0f} ({count / xlsx_time / bulk_rate:.2f}x)"),
        Row("CSV import again, every row unchanged: rows/s", f"{count / again:,.0f}"),
        Row("load average (1, 5, 15 min) before / after", f"{load_before} / {load}", f"{os.cpu_count()} CPUs"),
    ]


if __name__ == "__main__":
    report(main())
