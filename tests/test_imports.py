"""File imports: a CSV or XLSX file is a bulk call in chunks, with progress, rejected rows and idempotence."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase

from sharing.interchange import imports
from sharing.models import AuditEvent, Capacity, Facility, ImportJob
from tests.factories import PartnerFactory, ProductFactory, publish

HEADER = ["external_id", "name", "country", "latitude", "longitude", "kind", "status", "operator", "marking"]


def facility_row(i: int, *, bad: bool = False) -> list[str]:
    latitude = "99.5" if bad else f"{-30 + (i % 60) / 7:.4f}"  # a latitude past 90 is refused
    return [f"F-{i}", f"Plant {i}", "AU", latitude, "115.8", "refinery", "operating", "", "GREEN"]


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(header: list[str], rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        # Numbers as numbers, as a spreadsheet holds them.
        sheet.append([float(v) if k in ("latitude", "longitude") else v for k, v in zip(header, row, strict=True)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, kind: str, content: bytes, name: str = "rows.csv", run: bool = True):
    """Uploads; with ``run``, the job's message is sent as the upload's transaction commits (eager: it runs)."""
    with TestCase.captureOnCommitCallbacks(execute=run):
        return client.post("/api/v1/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)},
                           format="multipart")


def rejected_csv(client, job_id) -> list[dict]:
    response = client.get(f"/api/v1/imports/{job_id}/rejected/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def publisher(partner, client_for, settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    return client_for(partner, roles=("publisher",))


BAD = {3, 7}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_import_reports_progress_rejects_exactly_the_bad_rows_and_is_idempotent(
    file_format, publisher, partner, eager_tasks
):
    rows = [facility_row(i, bad=i in BAD) for i in range(12)]
    rows[5][1] = ""  # a required name left empty: rejected, "This field is required."
    rows.append(facility_row(2))  # line 14 names F-2 again: rejected like a repeat in one bulk call
    content = csv_bytes(HEADER, rows) if file_format == "csv" else xlsx_bytes(HEADER, rows)
    response = upload(publisher, "facilities", content, f"plants.{file_format}")
    assert response.status_code == 202, response.content
    job = publisher.get(response["Location"]).json()
    assert job["kind"] == "facilities" and job["format"] == file_format
    assert (job["status"], job["rows_read"], job["created"], job["updated"], job["unchanged"], job["rejected"]) == (
        "succeeded", 13, 9, 0, 0, 4)
    assert Facility.objects.filter(owner=partner).count() == 9
    bad = rejected_csv(publisher, job["id"])
    assert [r["external_id"] for r in bad] == ["F-3", "F-5", "F-7", "F-2"]
    assert [r["line"] for r in bad] == ["5", "7", "9", "14"]  # the header is line 1
    assert list(bad[0]) == ["line", *HEADER, "error"]
    assert "latitude:" in bad[0]["error"] and "name:" in bad[1]["error"] and "earlier" in bad[3]["error"]

    again = publisher.get(upload(publisher, "facilities", content, f"plants.{file_format}")["Location"]).json()
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 9, 4)
    assert [r["external_id"] for r in rejected_csv(publisher, again["id"])] == ["F-3", "F-5", "F-7", "F-2"]
    assert not list(imports.import_dir().iterdir()), "the uploaded files are deleted once read"
    assert AuditEvent.objects.filter(action="import.create").count() == 2
    assert AuditEvent.objects.filter(action="facility.import").count() == 1  # the second changed nothing


def test_an_import_stores_what_bulk_stores(publisher, partner, eager_tasks):
    """Same rows, once through bulk/ and once as a file: the same records (one validation, one write path)."""
    ProductFactory(code="LIOH")
    publish("facility", partner, "SITE")
    header = ["external_id", "facility", "product", "nominal", "in_use", "spare", "lead_time_days", "as_of",
              "marking", "groups"]
    cells = [["C-1", "SITE", "LIOH", "10", "5", "5", "14", "2026-09-30", "GREEN", ""],
             ["C-2", "SITE", "LIOH", "10.5", "5", "5", "0", "2026-09-30", "RED", ""]]
    bulk = [{k: v for k, v in zip(header, row, strict=True) if v} for row in cells]
    for row in bulk:
        row["lead_time_days"] = int(row["lead_time_days"])
        row["external_id"] = "B" + row["external_id"]
    assert publisher.post("/api/v1/capacities/bulk/", {"records": bulk}, format="json").json()["created"] == 2
    job = upload(publisher, "capacities", csv_bytes(header, cells)).json()
    assert ImportJob.objects.get(pk=job["id"]).created == 2
    fields = ["facility_id", "product_id", "nominal", "in_use", "spare", "lead_time_days", "as_of", "marking"]
    for external_id in ("C-1", "C-2"):
        imported = Capacity.objects.values(*fields).get(external_id=external_id)
        assert imported == Capacity.objects.values(*fields).get(external_id="B" + external_id)


@pytest.mark.parametrize("header, message", [
    ([*HEADER, "colour"], "Unknown columns: colour"),
    ([h for h in HEADER if h != "name"], "Required columns missing: name"),
    ([*HEADER, "name"], "Columns named twice: name"),
])
def test_a_header_that_does_not_match_the_api_is_refused_before_the_job(header, message, publisher):
    response = upload(publisher, "facilities", csv_bytes(header, []))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert message in str(response.json())
    assert not ImportJob.objects.exists()
    assert not list(imports.import_dir().iterdir())


@pytest.mark.parametrize("kind, name, content, message", [
    ("plants", "a.csv", b"external_id\r\n", "Not a published kind"),
    ("facilities", "a.txt", b"external_id\r\n", ".csv (UTF-8) or .xlsx"),
    ("facilities", "a.xlsx", b"not a zip", "Not a readable XLSX"),
    ("facilities", "a.csv", b"", "empty"),
])
def test_a_wrong_kind_or_file_is_a_400(kind, name, content, message, publisher):
    response = upload(publisher, kind, content, name)
    assert response.status_code == 400 and message in str(response.json()), response.content


def test_an_unknown_cell_beyond_the_header_rejects_the_row(publisher, eager_tasks):
    content = csv_bytes(HEADER, [facility_row(1), [*facility_row(2), "extra"]])
    job = upload(publisher, "facilities", content).json()
    bad = rejected_csv(publisher, job["id"])
    assert [r["line"] for r in bad] == ["3"] and "cells" in bad[0]["error"]


def test_imports_belong_to_their_partner(publisher, partner, client_for, eager_tasks):
    job = upload(publisher, "facilities", csv_bytes(HEADER, [facility_row(1)])).json()
    other = client_for(PartnerFactory(code="KR-MOTIE"), roles=("publisher",))
    for url in (f"/api/v1/imports/{job['id']}/", f"/api/v1/imports/{job['id']}/rejected/"):
        assert other.get(url).status_code == 404
    assert other.get("/api/v1/imports/").json()["results"] == []
    reader = client_for(partner, roles=("reader",))
    assert reader.get(f"/api/v1/imports/{job['id']}/").status_code == 403
    assert upload(reader, "facilities", csv_bytes(HEADER, [facility_row(2)])).status_code == 403


def test_a_supply_link_to_a_hidden_facility_reads_as_one_that_does_not_exist(publisher, partner, eager_tasks):
    """Inference: the rejected rows may not tell a hidden facility from an absent one."""
    ProductFactory(code="LIOH")
    publish("facility", partner, "MINE")
    other = PartnerFactory(code="KR-MOTIE")
    publish("facility", other, "SECRET", marking="RED")
    header = ["external_id", "supplier", "buyer", "buyer_owner", "product", "volume_per_month"]
    rows = [["L-1", "MINE", "SECRET", "KR-MOTIE", "LIOH", "5"], ["L-2", "MINE", "NOWHERE", "KR-MOTIE", "LIOH", "5"]]
    job = upload(publisher, "supply-links", csv_bytes(header, rows)).json()
    hidden, absent = rejected_csv(publisher, job["id"])
    assert hidden["error"] == absent["error"] == "buyer: No facility with this external_id that you can see."


def test_a_key_revoked_before_the_job_runs_stops_it(publisher, partner, settings):
    response = upload(publisher, "facilities", csv_bytes(HEADER, [facility_row(1)]), run=False)  # queued
    publisher.key.revoked = True
    publisher.key.save()
    job = imports.import_execute(response.json()["id"])
    assert job.status == "failed" and "may no longer publish" in job.error
    assert not Facility.objects.exists()


def test_the_template_names_the_apis_columns(publisher):
    response = publisher.get("/api/v1/imports/templates/capacities.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    columns = response.content.decode().strip().split(",")
    assert columns[:3] == ["external_id", "facility", "product"] and "groups" in columns
    assert publisher.get("/api/v1/imports/templates/plants.csv").status_code == 404


def test_progress_queries_do_not_grow_with_the_number_of_imports(publisher, django_assert_max_num_queries,
                                                                  eager_tasks):
    for i in range(3):
        upload(publisher, "facilities", csv_bytes(HEADER, [facility_row(i)]))
    with django_assert_max_num_queries(8):
        assert len(publisher.get("/api/v1/imports/").json()["results"]) == 3


# --- at scale (PostgreSQL) --------------------------------------------------------------------------------------

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="100,000 rows: PostgreSQL only")
LARGE = 100_000


@pytest.mark.postgres
@on_postgresql
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_100000_row_file_imports_with_progress(file_format, publisher, partner, eager_tasks, monkeypatch):
    bad = set(range(0, LARGE, 997))
    rows = (facility_row(i, bad=i in bad) for i in range(LARGE))
    content = csv_bytes(HEADER, list(rows)) if file_format == "csv" else xlsx_bytes(HEADER, rows)
    progress: list[int] = []
    chunk = imports._import_chunk

    def watched(job, *args):
        chunk(job, *args)
        progress.append(ImportJob.objects.get(pk=job.pk).rows_read)  # what a poll sees after each chunk

    monkeypatch.setattr(imports, "_import_chunk", watched)
    started = time.monotonic()
    job = upload(publisher, "facilities", content, f"big.{file_format}").json()
    elapsed = time.monotonic() - started
    job = publisher.get(f"/api/v1/imports/{job['id']}/").json()
    assert (job["status"], job["rows_read"], job["created"], job["rejected"]) == (
        "succeeded", LARGE, LARGE - len(bad), len(bad))
    assert progress == list(range(imports.CHUNK_ROWS, LARGE + 1, imports.CHUNK_ROWS))
    rejected = rejected_csv(publisher, job["id"])
    assert [r["external_id"] for r in rejected] == [f"F-{i}" for i in sorted(bad)]
    print(f"{file_format}: {LARGE} rows in {elapsed:.1f}s")


def test_demands_and_purchase_totals_import_like_the_other_kinds(publisher, partner, eager_tasks):
    """Every published kind imports, the kinds added after imports too (demand, purchase totals)."""
    from sharing.models import Demand, PurchaseTotal

    ProductFactory(code="NDPR-OXIDE")
    template = publisher.get("/api/v1/imports/templates/demands.csv")
    assert template.status_code == 200
    header = next(csv.reader(io.StringIO(template.content.decode())))
    assert {"external_id", "product", "total_per_month", "defence_per_month", "health_per_month", "as_of"} <= set(
        header
    )
    demand = csv_bytes(["external_id", "product", "total_per_month", "defence_per_month", "health_per_month",
                        "as_of", "marking"],
                       [["D-1", "NDPR-OXIDE", "120", "30", "10", "2026-09-30", "GREEN"],
                        ["D-2", "NDPR-OXIDE", "10", "30", "0", "2026-09-30", "GREEN"]])  # critical > total
    job = upload(publisher, "demands", demand).json()
    finished = publisher.get(f"/api/v1/imports/{job['id']}/").json()
    assert (finished["status"], finished["created"], finished["rejected"]) == ("succeeded", 1, 1), finished
    assert list(Demand.objects.filter(owner=partner).values_list("external_id", flat=True)) == ["D-1"]
    assert [row["external_id"] for row in rejected_csv(publisher, job["id"])] == ["D-2"]

    totals = csv_bytes(["external_id", "agency", "year", "quarter", "channel", "domestic_value", "allied_value",
                        "other_value", "marking"],
                       [["P-1", "Department of Energy", "2026", "1", "GSA Advantage", "60", "30", "10", "GREEN"]])
    job = upload(publisher, "purchase-totals", totals).json()
    finished = publisher.get(f"/api/v1/imports/{job['id']}/").json()
    assert (finished["status"], finished["created"], finished["rejected"]) == ("succeeded", 1, 0), finished
    assert PurchaseTotal.objects.filter(owner=partner, external_id="P-1").exists()
