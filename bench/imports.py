"""Import benchmark: the same capacity rows through ``bulk/`` and as a CSV and an XLSX file import, on PostgreSQL.

The publishing benchmark's world (eight partners, 8,000 facilities, 20 products, four sharing groups) and rows
(a mix of markings and groups). The rows are upserted three times under three external-id prefixes, so each run
creates: through ``POST /api/v1/capacities/bulk/`` in calls of 5,000; as a CSV file; as an XLSX file. Each file is
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
import sys
import tempfile
import time

from bench.common import Row, prepare_database, report
from bench.common import scale_name as bench_scale
from bench.publishing import World, bulk_upsert, capacity_rows

SCALES = {"small": 10_000, "full": 100_000}
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
    csv_bytes, xlsx_bytes = csv_file(renamed(rows, "CSV-")), xlsx_file(renamed(rows, "XLSX-"))
    print(f"{count:,} rows: CSV {len(csv_bytes) / 1e6:.1f} MB, XLSX {len(xlsx_bytes) / 1e6:.1f} MB", file=sys.stderr)

    bulk, _ = bulk_upsert(client, renamed(rows, "BULK-"), "created")
    csv_time = import_file(client, csv_bytes, "capacities.csv", "created", count)
    xlsx_time = import_file(client, xlsx_bytes, "capacities.xlsx", "created", count)
    again = import_file(client, csv_bytes, "capacities.csv", "unchanged", count)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        Row(f"bulk API create, {count:,} capacity rows: rows/s", f"{count / bulk:,.0f}"),
        Row(f"CSV import create, {count:,} rows: rows/s (x bulk)", f"{count / csv_time:,.0f} ({bulk / csv_time:.2f}x)",
            TARGET),
        Row(f"XLSX import create, {count:,} rows: rows/s (x bulk)",
            f"{count / xlsx_time:,.0f} ({bulk / xlsx_time:.2f}x)"),
        Row("CSV import again, every row unchanged: rows/s", f"{count / again:,.0f}"),
        Row("load average (1, 5, 15 min) at the end", load, f"{os.cpu_count()} CPUs"),
    ]


if __name__ == "__main__":
    report(main())
