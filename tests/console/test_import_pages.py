"""The publisher's imports in the console: the API's upload, progress, rejected rows and template, for a signed-in
person; another partner's import is a 404; the live part polls while the job runs; query counts bounded."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from sharing.models import AuditEvent, Facility, ImportJob
from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory
from tests.test_imports import BAD, HEADER, csv_bytes, facility_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def jp(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    partner = PartnerFactory(code="JP-METI", country="JP")
    return partner, sign_in(make_person(partner, ("publisher",), username="jp-publisher"), address="192.0.2.21")


def send(client, content: bytes, name: str = "plants.csv", kind: str = "facilities", run: bool = True):
    with TestCase.captureOnCommitCallbacks(execute=run):
        return client.post("/console/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


def plants() -> bytes:
    return csv_bytes(HEADER, [facility_row(i, bad=i in BAD) for i in range(6)])


def test_a_publisher_uploads_a_file_follows_it_and_downloads_the_rejected_rows(jp, eager_tasks):
    partner, client = jp
    page = client.get("/console/imports/")
    assert page.status_code == 200 and b'href="/console/imports/templates/facilities.csv"' in page.content
    template = client.get("/console/imports/templates/facilities.csv")
    assert template.content == client.get("/api/v1/imports/templates/facilities.csv").content
    assert template["Content-Disposition"] == 'attachment; filename="facilities-template.csv"'

    response = send(client, plants())
    job = ImportJob.objects.get(partner=partner)
    assert response.status_code == 302 and response["Location"] == f"/console/imports/{job.pk}/"
    assert (job.status, job.rows_read, job.created, job.rejected) == ("succeeded", 6, 5, 1)
    assert Facility.objects.filter(owner=partner).count() == 5
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and b"hx-get" not in detail.content  # finished: no polling
    assert f'href="/console/imports/{job.pk}/rejected.csv"'.encode() in detail.content
    rejected = client.get(f"/console/imports/{job.pk}/rejected.csv")
    api = client.get(f"/api/v1/imports/{job.pk}/rejected/")
    console_body, api_body = b"".join(rejected.streaming_content), b"".join(api.streaming_content)
    assert console_body == api_body and b"F-3" in console_body and b"latitude" in console_body
    assert AuditEvent.objects.filter(action="import.rejected_read", object_id=str(job.pk)).count() == 2
    assert str(job.pk).encode() in client.get("/console/imports/").content


def test_the_live_part_polls_while_the_job_waits(jp):
    _, client = jp
    send(client, plants(), run=False)  # queued: no worker yet
    job = ImportJob.objects.get()
    part = client.get(f"/console/imports/{job.pk}/progress/")
    assert part.status_code == 200
    assert f'hx-get="/console/imports/{job.pk}/progress/"'.encode() in part.content
    assert b"Waiting for a worker" in part.content and b"<html" not in part.content


def test_a_file_the_api_refuses_is_a_400_page_naming_the_problem(jp):
    _, client = jp
    response = send(client, csv_bytes(["external_id", "colour"], [["F-1", "red"]]))
    assert response.status_code == 400
    assert b"Unknown columns: colour" in response.content
    response = send(client, b"a,b\n", name="plants.txt")
    assert response.status_code == 400 and b"Send a .csv" in response.content
    assert not ImportJob.objects.exists()


def test_another_partners_import_is_a_404_and_not_listed(jp, eager_tasks):
    partner, client = jp
    send(client, plants())
    job = ImportJob.objects.get(partner=partner)
    kr = PartnerFactory(code="KR-MOTIE", country="KR")
    other = sign_in(make_person(kr, ("publisher", "reader"), username="kr-publisher"), address="192.0.2.22")
    for tail in ("", "progress/", "rejected.csv"):
        assert other.get(f"/console/imports/{job.pk}/{tail}").status_code == 404, tail
    assert str(job.pk).encode() not in other.get("/console/imports/").content
    assert not AuditEvent.objects.filter(action="import.rejected_read").exists()


def test_an_upload_needs_the_csrf_token(jp):
    _, client = jp
    client.handler.enforce_csrf_checks = True  # signed in; now as a browser would be held to it
    response = client.post("/console/imports/", {"kind": "facilities",
                                                 "file": SimpleUploadedFile("plants.csv", plants())})
    assert response.status_code == 403 and not ImportJob.objects.exists()
    page = client.get("/console/imports/")
    assert b'name="csrfmiddlewaretoken"' in page.content and b'enctype="multipart/form-data"' in page.content


def test_the_list_reads_a_fixed_number_of_queries(jp):
    partner, client = jp

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/console/imports/").status_code == 200
        return len(captured)

    ImportJob.objects.create(partner=partner, kind="facility", file_format="csv", file_name="a.csv")
    queries()  # the session's first page reads a few things once
    few = queries()
    for n in range(15):
        ImportJob.objects.create(partner=partner, kind="capacity", file_format="xlsx", file_name=f"{n}.xlsx")
    assert queries() == few
