"""An import whose worker died is sent again by the periodic re-send and resumes after its last committed chunk:
nothing counted or written twice, the rows of the committed chunks not imported again, the result the same as an
uninterrupted run's (tests/test_imports.py's first test: 13 rows, 9 created, 4 rejected on lines 5, 7, 9, 14)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from sharing.interchange import imports
from sharing.models import AuditEvent, Facility, ImportJob, ImportRejectedRow
from tests.test_imports import BAD, HEADER, csv_bytes, facility_row, rejected_csv, upload, xlsx_bytes


class WorkerDied(BaseException):
    """The process stops mid-chunk (a BaseException: nothing in the job catches it, as nothing runs after a kill)."""


@pytest.fixture
def publisher(partner, client_for, settings, tmp_path, monkeypatch):
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.IMPORT_LEASE_SECONDS = 180
    settings.BACKGROUND_RESEND_AFTER_SECONDS = 120
    monkeypatch.setattr(imports, "CHUNK_ROWS", 4)  # 13 rows: chunks of 4, 4, 4, 1
    return client_for(partner, roles=("publisher",))


def plants(file_format: str = "csv") -> bytes:
    rows = [facility_row(i, bad=i in BAD) for i in range(12)]
    rows[5][1] = ""
    rows.append(facility_row(2))  # in the last chunk, a repeat of a row of the first: rejected after a resume too
    return csv_bytes(HEADER, rows) if file_format == "csv" else xlsx_bytes(HEADER, rows)


def die_in_chunk(monkeypatch, number: int, exc: BaseException) -> None:
    """The worker stops inside chunk ``number`` after its records were written, before the chunk commits."""
    real, calls = imports.apply_records, []

    def apply_records(**kwargs):
        calls.append(1)
        outcomes = real(**kwargs)
        if len(calls) == number:
            raise exc
        return outcomes

    monkeypatch.setattr(imports, "apply_records", apply_records)


def lease_expired(job_id: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now() - timedelta(seconds=181))


def counts(job_id: int) -> tuple:
    job = ImportJob.objects.get(pk=job_id)
    return job.status, job.rows_read, job.created, job.updated, job.unchanged, job.rejected, job.attempts


def assert_as_uninterrupted(client, partner, job_id: int, attempts: int) -> None:
    assert counts(job_id) == ("succeeded", 13, 9, 0, 0, 4, attempts)
    assert Facility.objects.filter(owner=partner).count() == 9
    bad = rejected_csv(client, job_id)
    assert [(r["line"], r["external_id"]) for r in bad] == [("5", "F-3"), ("7", "F-5"), ("9", "F-7"), ("14", "F-2")]
    assert "earlier" in bad[3]["error"]
    assert not list(imports.import_dir().iterdir()), "the file is deleted once the job has finished"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_job_whose_worker_died_is_sent_again_and_resumes_after_its_last_committed_chunk(
    file_format, publisher, partner, eager_tasks, monkeypatch
):
    job_id = upload(publisher, "facilities", plants(file_format), f"plants.{file_format}", run=False).json()["id"]
    die_in_chunk(monkeypatch, 2, WorkerDied())
    with pytest.raises(WorkerDied):
        imports.import_execute(job_id)
    # Chunk 1 committed (F-0..F-3, F-3 rejected); chunk 2's writes were rolled back with it.
    assert counts(job_id) == ("running", 4, 3, 0, 0, 1, 1)
    assert Facility.objects.filter(owner=partner).count() == 3
    assert imports.file_of(ImportJob.objects.get(pk=job_id)).exists(), "kept for the claim that resumes it"

    monkeypatch.undo()  # the next worker is healthy (the fixture's settings stay)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 4)
    assert imports.resend_stalled() == 0, "a live heartbeat: the worker may only be slow"
    assert imports.import_execute(job_id) is None, "a second message for a live claim runs nothing"
    lease_expired(job_id)
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)  # the re-send job, as beat runs it
    assert "resend-stalled-runs: 1" in out.getvalue()
    assert_as_uninterrupted(publisher, partner, job_id, attempts=2)
    assert ImportRejectedRow.objects.filter(job_id=job_id).count() == 4
    assert imports.resend_stalled() == 0
    # One audit event per committed chunk that wrote: chunks 1, 2 (resumed) and 3; none from the rolled-back one.
    assert AuditEvent.objects.filter(action="facility.import").count() == 3


def test_a_worker_that_lost_its_lease_commits_nothing_more(publisher, partner, eager_tasks, monkeypatch):
    """A worker taken for dead while only slow: another claim took the job, so its chunk in progress is rolled back
    and it stops, leaving the job and its file to the claim that holds it."""
    job_id = upload(publisher, "facilities", plants(), run=False).json()["id"]
    real, calls = imports._check_chunk, []

    def check_chunk(*args):
        calls.append(1)
        if len(calls) == 2:  # meanwhile the sweep re-sent the job and another worker claimed it
            ImportJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
        return real(*args)

    monkeypatch.setattr(imports, "_check_chunk", check_chunk)
    assert imports.import_execute(job_id) is None
    assert counts(job_id) == ("running", 4, 3, 0, 0, 1, 2)
    assert Facility.objects.filter(owner=partner).count() == 3
    assert imports.file_of(ImportJob.objects.get(pk=job_id)).exists()

    monkeypatch.setattr(imports, "_check_chunk", real)
    lease_expired(job_id)  # the claim that took it over died too
    assert imports.resend_stalled() == 1
    assert_as_uninterrupted(publisher, partner, job_id, attempts=3)


def test_a_job_out_of_task_time_gives_itself_back_and_goes_on(publisher, partner, eager_tasks, monkeypatch):
    die_in_chunk(monkeypatch, 3, SoftTimeLimitExceeded())
    job_id = upload(publisher, "facilities", plants()).json()["id"]  # runs (eager), sends itself again at chunk 3
    assert_as_uninterrupted(publisher, partner, job_id, attempts=2)


def test_a_job_whose_message_was_lost_is_sent_again(publisher, partner, eager_tasks):
    job_id = upload(publisher, "facilities", plants(), run=False).json()["id"]
    assert imports.resend_stalled() == 0, "its message may still be on its way"
    ImportJob.objects.filter(pk=job_id).update(created_at=timezone.now() - timedelta(seconds=121))
    assert imports.resend_stalled() == 1
    assert_as_uninterrupted(publisher, partner, job_id, attempts=1)


def test_a_job_that_stops_its_worker_every_time_is_failed(publisher, partner, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(imports.enqueue, "send", lambda task, ids, force=False: sent.extend(ids) or len(ids))
    job_id = upload(publisher, "facilities", plants(), run=False).json()["id"]
    ImportJob.objects.filter(pk=job_id).update(status="running", attempts=settings.IMPORT_MAX_ATTEMPTS - 1)
    lease_expired(job_id)
    assert imports.resend_stalled() == 1 and sent == [job_id]
    ImportJob.objects.filter(pk=job_id).update(attempts=settings.IMPORT_MAX_ATTEMPTS, requeued_at=None)
    lease_expired(job_id)
    assert imports.resend_stalled() == 0 and sent == [job_id]
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == "failed" and "abandoned" in job.error
    assert not imports.file_of(job).exists()
