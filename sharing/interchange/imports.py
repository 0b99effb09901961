"""File imports: a partner's CSV or XLSX file of one published kind, upserted through the bulk path in chunks.

The rule: a file row is a bulk row. Its cells are named by the columns the API takes (the kind's input fields),
turned into what a JSON client would send (a whole number for an integer field, true/false for a flag, the list
of groups from ``;``-separated names), and then validated and stored by exactly the code of ``bulk/``
(``check_rows`` and ``apply_records``), one chunk of ``CHUNK_ROWS`` rows per transaction. So a row that bulk
accepts, an import accepts, and the second import of the same file leaves every good row unchanged.

The upload never sits whole in memory: Django streams it to a temporary file, which is copied in blocks to
``IMPORT_DIR`` (shared by the web and worker processes); the job reads it row by row (``csv`` over the file, or
openpyxl in read-only mode, which parses the sheet's XML as a stream) and deletes it when done. A header with an
unknown, repeated or missing required column is refused before the job starts (400), naming the columns.

A worker that dies mid-job leaves the job ``running``: each chunk commits with its counts and a heartbeat, under
the claim that runs the job (``attempts``); the periodic re-send sends a job without a heartbeat for
IMPORT_LEASE_SECONDS again, and the new claim skips the committed chunks' rows (validating them again, writing
nothing, to know which external ids they named) and goes on. A job out of task time gives itself back the same way.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import fields

from sharing.api.published_serializers import INPUT_SERIALIZERS, WriteContext
from sharing.api.row_validation import RowValidator, check_rows
from sharing.choices import Role
from sharing.models import ImportJob, ImportRejectedRow, PartnerAPIKey
from sharing.principal import Principal
from sharing.services import enqueue
from sharing.services.audit import audit_record
from sharing.services.publishing import apply_records

# The kinds by the path name of their list, as the API spells them.
KIND_PATHS = {"facilities": "facility", "capacities": "capacity", "stockpiles": "stockpile",
              "supply-links": "supply_link", "demands": "demand", "waivers": "waiver",
              "purchase-totals": "purchase_total"}
PATH_OF_KIND = {kind: path for path, kind in KIND_PATHS.items()}
FORMATS = ("csv", "xlsx")
CHUNK_ROWS = 5000  # the most rows one bulk call takes (MAX_BULK_ROWS): a chunk is a full bulk call
GROUP_SEPARATOR = ";"
_WHOLE = re.compile(r"^-?\d{1,18}$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class ImportRefused(ValidationError):
    """The upload cannot start: a field error for the caller (400)."""


# --- the columns of a kind --------------------------------------------------------------------------------------


def _input_fields(kind: str) -> dict[str, fields.Field]:
    serializer = INPUT_SERIALIZERS[kind]()
    return {name: field for name, field in serializer.fields.items() if not field.read_only}


def columns_of(kind: str) -> list[str]:
    """The columns a file of ``kind`` may have: the API's input fields, the required ones first."""
    found = _input_fields(kind)
    return [n for n, f in found.items() if f.required] + [n for n, f in found.items() if not f.required]


def required_columns(kind: str) -> list[str]:
    return [name for name, field in _input_fields(kind).items() if field.required]


def template_csv(kind: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(columns_of(kind))
    return buffer.getvalue()


def check_header(kind: str, header: list[str]) -> list[str]:
    """The header's column names, or ImportRefused naming what is wrong with it."""
    names = [str(name).strip() if name is not None else "" for name in header]
    while names and names[-1] == "":  # trailing empty cells of a spreadsheet's first row
        names.pop()
    allowed = set(columns_of(kind))
    unknown = [name or "(empty)" for name in names if name not in allowed]
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    missing = [name for name in required_columns(kind) if name not in names]
    errors = []
    if unknown:
        errors.append(f"Unknown columns: {', '.join(unknown)}. The columns of {PATH_OF_KIND[kind]} are: "
                      f"{', '.join(columns_of(kind))}.")
    if repeated:
        errors.append(f"Columns named twice: {', '.join(repeated)}.")
    if missing:
        errors.append(f"Required columns missing: {', '.join(missing)}.")
    if errors:
        raise ImportRefused({"file": errors})
    return names


# --- reading a file, row by row ---------------------------------------------------------------------------------


def _xlsx_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused({"file": [f"Not a readable XLSX workbook ({type(exc).__name__})."]}) from None
    return workbook


def read_rows(path: Path, file_format: str) -> Iterator[list[str]]:
    """The file's rows, the header first, each as a list of texts."""
    if file_format == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            try:
                yield from csv.reader(handle)
            except UnicodeDecodeError as exc:
                raise ImportRefused({"file": [f"Not UTF-8 text (byte {exc.start} of a line)."]}) from None
        return
    workbook = _open_xlsx(path)
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_xlsx_text(value) for value in values]
    finally:
        workbook.close()


def _header_of(path: Path, file_format: str) -> list[str]:
    rows = read_rows(path, file_format)
    try:
        return next(rows)
    except StopIteration:
        raise ImportRefused({"file": ["The file is empty: its first row must name the columns."]}) from None
    finally:
        rows.close()


def _converters(kind: str) -> dict[str, Any]:
    """Per column, how a cell becomes the value a JSON client would send."""
    out = {}
    for name, field in _input_fields(kind).items():
        if isinstance(field, fields.ListField):
            out[name] = lambda text: [part.strip() for part in text.split(GROUP_SEPARATOR) if part.strip()]
        elif isinstance(field, fields.BooleanField):
            out[name] = lambda text: True if text.lower() in _TRUE else False if text.lower() in _FALSE else text
        elif isinstance(field, fields.IntegerField):
            out[name] = lambda text: int(text) if _WHOLE.match(text) else text
        else:
            out[name] = None
    return out


def rows_of(
    kind: str, header: list[str], cells: Iterator[list[str]]
) -> Iterator[tuple[int, dict[str, str], dict[str, Any] | str]]:
    """(line, the cells by column, the bulk row) per non-empty line; a line with more cells than the header has
    an error text instead of a row. An empty cell is an absent field (its default applies)."""
    convert = _converters(kind)
    width = len(header)
    for line, values in enumerate(cells, start=2):
        if not any(value.strip() for value in values):
            continue
        named = dict(zip(header, values, strict=False))
        if len(values) > width and any(value.strip() for value in values[width:]):
            yield line, named, f"This row has {len(values)} cells; the header names {width} columns."
            continue
        row: dict[str, Any] = {}
        for name, text in named.items():
            if text == "":
                continue
            conv = convert[name]
            row[name] = conv(text) if conv is not None else text
        yield line, named, row


# --- the job ----------------------------------------------------------------------------------------------------


def import_dir() -> Path:
    directory = Path(settings.IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def file_of(job: ImportJob) -> Path:
    return import_dir() / f"{job.pk}.{job.file_format}"


def format_of(name: str, content_type: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".csv") or content_type in ("text/csv", "application/csv"):
        return "csv"
    if lowered.endswith(".xlsx") or content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ):
        return "xlsx"
    return None


def import_create(*, principal: Principal, kind_path: str, upload) -> ImportJob:
    """Checks the upload's kind, format and header, stores it for the job, and queues the job after commit."""
    kind = KIND_PATHS.get(kind_path)
    if kind is None:
        raise ImportRefused({"kind": [f"Not a published kind: choose one of {', '.join(KIND_PATHS)}."]})
    file_format = format_of(upload.name or "", getattr(upload, "content_type", "") or "")
    if file_format is None:
        raise ImportRefused({"file": ["Send a .csv (UTF-8) or .xlsx file."]})
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused({"file": [f"At most {settings.IMPORT_MAX_BYTES} bytes a file."]})
    job = ImportJob(
        partner=principal.partner, requested_by_key=principal.pk or "", kind=kind, file_format=file_format,
        file_name=(upload.name or "")[:200], file_size=upload.size,
    )
    path = file_of(job)
    with open(path, "wb") as out:
        for block in upload.chunks():
            out.write(block)
    try:
        job.columns = check_header(kind, _header_of(path, file_format))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    with transaction.atomic():
        job.save(force_insert=True)
        audit_record(
            action="import.create", principal=principal, object_type="import", object_id=job.pk,
            object_owner=principal.partner,
            detail={"kind": kind, "format": file_format, "bytes": upload.size, "file_name": job.file_name},
        )
        enqueue.after_commit(enqueue.RUN_IMPORT, [job.pk])
    return job


def imports_of(principal: Principal | None) -> QuerySet[ImportJob]:
    """The imports the caller may see: its partner's, newest first (another partner's are not there: a 404)."""
    if principal is None or principal.partner_id is None:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(partner_id=principal.partner_id).order_by("-created_at", "-id")


def _principal_of(job: ImportJob) -> Principal | None:
    """The uploader as it is now: a key revoked or a partner suspended since the upload stops the job."""
    source, _, ident = job.requested_by_key.partition(":")
    if source == "key":
        key = PartnerAPIKey.objects.select_related("partner").filter(prefix=ident).first()
        if key is None or key.revoked or key.has_expired:
            return None
        return Principal.for_key(key)
    if source == "user":
        user = get_user_model().objects.filter(pk=ident, is_active=True).first()
        return Principal.for_user(user) if user is not None else None
    return None


class LeaseLost(Exception):
    """Another claim runs this job now (this worker was taken for dead): stop, and write nothing more."""


def _lease_cutoff(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def stalled_q(now: datetime) -> Q:
    """Running jobs whose claim shows no sign of life: its worker died, or gave the job back (time limit)."""
    return Q(status="running") & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lte=_lease_cutoff(now)))


def import_execute(job_id: int) -> ImportJob | None:
    """Runs a queued import to the end, or resumes a stalled one after its last committed chunk.

    Idempotent: a job finished, or running under a live claim, is left alone. The claim is one conditional update
    (numbered by ``attempts``), so of two messages for the same job only one runs it."""
    now = timezone.now()
    claimable = Q(pk=job_id) & (Q(status="queued") | stalled_q(now))
    if not ImportJob.objects.filter(claimable).update(
        status="running", started_at=Coalesce("started_at", Value(now)), heartbeat_at=now,
        attempts=F("attempts") + 1,
    ):
        return None
    job = ImportJob.objects.select_related("partner").get(pk=job_id)
    path = file_of(job)
    try:
        principal = _principal_of(job)
        if principal is None or principal.partner_id != job.partner_id or not principal.has_role(Role.PUBLISHER):
            raise ImportRefused("The key or user that uploaded the file may no longer publish.")
        _run(job, principal, path)
    except LeaseLost:
        return None  # the claim that holds the job now finishes it (and its file)
    except SoftTimeLimitExceeded:
        # The task's time is up: its chunk in progress is rolled back. Give the job back and send it again at
        # once: the next claim goes on after the last committed chunk (the periodic re-send if this send fails).
        if ImportJob.objects.filter(pk=job_id, attempts=job.attempts, status="running").update(heartbeat_at=None):
            enqueue.send(enqueue.RUN_IMPORT, [job_id])
        return None
    except Exception as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        if ImportJob.objects.filter(pk=job_id, attempts=job.attempts).update(
            status="failed", error=message[:2000], finished_at=timezone.now()
        ):
            path.unlink(missing_ok=True)
        if not isinstance(exc, ValidationError):
            raise
    else:
        if ImportJob.objects.filter(pk=job_id, attempts=job.attempts).update(
            status="succeeded", finished_at=timezone.now()
        ):
            path.unlink(missing_ok=True)
    # Not in a ``finally``: a worker stopped mid-job (or killed) leaves the file for the claim that resumes it.
    job.refresh_from_db()
    return job


def _run(job: ImportJob, principal: Principal, path: Path) -> None:
    cells = read_rows(path, job.file_format)
    header = check_header(job.kind, next(cells))
    rows = rows_of(job.kind, header, cells)
    serializer_class = INPUT_SERIALIZERS[job.kind]
    seen: set[str] = set()
    done = 0
    # Resumed: the rows of the committed chunks are read again and validated (nothing written) only to know the
    # external ids they named, so a later repeat of one is rejected exactly as in an uninterrupted run.
    while done < job.rows_read and (chunk := list(islice(rows, min(CHUNK_ROWS, job.rows_read - done)))):
        _check_chunk(principal, serializer_class, chunk, seen)
        done += len(chunk)
        _heartbeat(job)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        _import_chunk(job, principal, serializer_class, chunk, seen)


def _heartbeat(job: ImportJob) -> None:
    if not ImportJob.objects.filter(pk=job.pk, attempts=job.attempts, status="running").update(
        heartbeat_at=timezone.now()
    ):
        raise LeaseLost


def _check_chunk(principal: Principal, serializer_class, chunk: list, seen: set[str]) -> tuple[list, list]:
    """Bulk's validation of one chunk: a result per row and the accepted (index, RecordInput)."""
    rows = [row for _, _, row in chunk]
    context = WriteContext(principal.partner, principal, [r for r in rows if isinstance(r, dict)])
    validator = RowValidator(serializer_class(context={"write": context}))
    results, accepted = check_rows(validator, [r if isinstance(r, dict) else None for r in rows], seen)
    for result in results:
        row = chunk[result["index"]][2]
        if isinstance(row, str):
            result["errors"] = {"non_field_errors": [row]}
    return results, accepted


def _import_chunk(job: ImportJob, principal: Principal, serializer_class, chunk: list, seen: set[str]) -> None:
    """One chunk: bulk's validation and upsert, the counts and the rejected rows, in one transaction, committed only
    while this claim holds the job (the same update renews its heartbeat)."""
    results, accepted = _check_chunk(principal, serializer_class, chunk, seen)
    with transaction.atomic():
        outcomes = apply_records(
            kind=job.kind, owner=principal.partner, items=[item for _, item in accepted], principal=principal,
            action="import",
        )
        for (index, _), outcome in zip(accepted, outcomes, strict=True):
            results[index]["status"] = outcome.status
            if outcome.status == "rejected":
                results[index]["errors"] = outcome.errors
        counts = {name: sum(1 for r in results if r.get("status") == name)
                  for name in ("created", "updated", "unchanged", "rejected")}
        ImportRejectedRow.objects.bulk_create([
            ImportRejectedRow(job=job, line=chunk[r["index"]][0], cells=chunk[r["index"]][1],
                              errors=_plain(r["errors"]))
            for r in results if r.get("status") == "rejected"
        ])
        if not ImportJob.objects.filter(pk=job.pk, attempts=job.attempts, status="running").update(
            rows_read=F("rows_read") + len(chunk), created=F("created") + counts["created"],
            updated=F("updated") + counts["updated"], unchanged=F("unchanged") + counts["unchanged"],
            rejected=F("rejected") + counts["rejected"], heartbeat_at=timezone.now(),
        ):
            raise LeaseLost  # rolls the chunk back: the claim that took the job over writes it
    job.rows_read += len(chunk)
    job.created += counts["created"]
    job.updated += counts["updated"]
    job.unchanged += counts["unchanged"]
    job.rejected += counts["rejected"]


def resend_stalled(now: datetime | None = None) -> int:
    """The periodic re-send's part for imports: jobs still queued BACKGROUND_RESEND_AFTER_SECONDS after they were
    queued (their message was lost) and running jobs without a heartbeat for IMPORT_LEASE_SECONDS (their worker
    died) are sent again, at most once per re-send wait; one that has been claimed IMPORT_MAX_ATTEMPTS times is
    failed instead (a file that kills its worker every time). Returns how many were sent."""
    now = now or timezone.now()
    cutoff = enqueue.stall_cutoff(now)
    stalled = ((Q(status="queued", created_at__lte=cutoff) | stalled_q(now))
               & (Q(requeued_at__isnull=True) | Q(requeued_at__lte=cutoff)))
    given_up = ImportJob.objects.filter(stalled, attempts__gte=settings.IMPORT_MAX_ATTEMPTS)
    for job_id in given_up.values_list("pk", flat=True):
        if ImportJob.objects.filter(stalled, pk=job_id, attempts__gte=settings.IMPORT_MAX_ATTEMPTS).update(
            status="failed", finished_at=now,
            error=f"abandoned: its worker stopped {settings.IMPORT_MAX_ATTEMPTS} times without finishing",
        ):
            file_of(ImportJob.objects.get(pk=job_id)).unlink(missing_ok=True)
    ids = list(ImportJob.objects.filter(stalled).order_by("created_at", "pk").values_list("pk", flat=True)[:500])
    if not ids:
        return 0
    ImportJob.objects.filter(pk__in=ids).update(requeued_at=now)  # before sending: eager runs inside send
    sent = enqueue.send(enqueue.RUN_IMPORT, ids, force=True)
    if sent < len(ids):
        ImportJob.objects.filter(pk__in=ids[sent:], requeued_at=now).update(requeued_at=None)
    return sent


def rejected_response(job: ImportJob, principal: Principal, *, head: bool = False) -> HttpResponse:
    """The rows of ``job`` that were not stored, as a CSV attachment: the file's line, its cells under the file's
    columns, and why (``error``). Audited as the owner's read. The API and the console answer with this."""
    from sharing.interchange import exports

    audit_record(action="import.rejected_read", principal=principal, object_type="import", object_id=job.pk,
                 object_owner=job.partner_id)
    if head:  # the same answer without a body (a stream would be read for nothing)
        return HttpResponse(content_type="text/csv; charset=utf-8")
    columns = ["line", *job.columns, "error"]
    rows = ImportRejectedRow.objects.filter(job=job).order_by("line").values_list("line", "cells", "errors")
    return exports.csv_response(
        ({**cells, "line": line, "error": error_text(errors)} for line, cells, errors in
         rows.iterator(chunk_size=2000)),
        columns, f"import-{job.pk}-rejected",
    )


def template_response(kind_path: str) -> HttpResponse | None:
    """The CSV template of a kind (by its path name) as an attachment, or None for a kind that is not published."""
    kind = KIND_PATHS.get(kind_path)
    if kind is None:
        return None
    response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind_path}-template.csv"'
    return response


def _plain(errors) -> Any:
    """DRF's error details as plain lists and texts (JSON)."""
    if isinstance(errors, dict):
        return {str(k): _plain(v) for k, v in errors.items()}
    if isinstance(errors, list | tuple):
        return [_plain(v) for v in errors]
    return str(errors)


def error_text(errors: dict) -> str:
    """A rejected row's errors in one cell: ``field: message; field: message``."""
    parts = []
    for name, messages in (errors or {}).items():
        if isinstance(messages, dict):
            messages = [f"{k}: {v}" for k, v in messages.items()]
        for message in messages if isinstance(messages, list) else [messages]:
            parts.append(f"{name}: {message}")
    return "; ".join(parts)
