"""Report runs: a sector report asked for over the API or in the console, computed by a Celery job with the
requester's visibility, and shown to the requesting partner alone (anyone else gets 404), as scenario runs are."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from sharing.analytics.disclosure import audit_aggregate_kinds
from sharing.choices import RunStatus
from sharing.models import ReportRun, ReviewSector
from sharing.principal import Principal
from sharing.services import enqueue, runs
from sharing.services.audit import audit_record


def report_request(
    *, principal: Principal, sector: ReviewSector, as_of: date, compare_to: ReportRun | None = None,
    idempotency_key: str = "",
) -> tuple[ReportRun, bool]:
    """Stores a run and queues its job (sent once the transaction commits). Returns the run and whether it was
    created now; the same idempotency key returns the first run."""
    partner = principal.partner
    if idempotency_key:
        existing = ReportRun.objects.filter(requested_by=partner, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    with transaction.atomic():
        run, created = runs.create_once(
            ReportRun, partner=partner, idempotency_key=idempotency_key, requested_by_key=principal.label[:120],
            sector=sector, as_of=as_of, compare_to=compare_to,
        )
        if not created:
            return run, False
        audit_record(action="report_run.request", principal=principal, object_type="report_run", object_id=run.pk,
                     object_owner=partner, detail={"sector": sector.code, "as_of": as_of.isoformat(),
                                                   "compare_to": compare_to.pk if compare_to else None})
        enqueue.after_commit(enqueue.RUN_REPORT, [run.pk])
    return run, True


def _progress(run_id: int):
    def tell(stage: str, percent: int) -> None:
        # Outside any transaction: each step is committed at once, so a poll sees it.
        ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            progress_stage=stage[:200], progress_percent=max(0, min(100, percent)))
    return tell


def report_execute(run_id: int) -> ReportRun:
    """Computes a run with its requester's current visibility. Idempotent: a finished run is left alone."""
    from sharing.api.allied import audit_links
    from sharing.api.published_views import audit_reads
    from sharing.review.report import build_report

    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("requested_by", "sector").get(pk=run_id)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        run.status, run.started_at = RunStatus.RUNNING, timezone.now()
        run.progress_stage, run.progress_percent = "started", 0
        run.save(update_fields=["status", "started_at", "progress_stage", "progress_percent"])
    partner = run.requested_by
    if not partner.is_active:
        return report_fail(run_id, "The requesting partner is suspended.")
    earlier = None
    if run.compare_to_id is not None:
        earlier = ReportRun.objects.filter(pk=run.compare_to_id, requested_by=partner,
                                           status=RunStatus.SUCCEEDED).values_list("result", flat=True).first()
        if earlier is None:
            return report_fail(run_id, "The report to compare with is no longer available.")
    principal = Principal(partner=partner)
    report = build_report(principal=principal, sector=run.sector, as_of=run.as_of, compare_to=earlier,
                          compare_to_id=run.compare_to_id, progress=_progress(run_id))
    with transaction.atomic():
        run.result = report.body
        run.status, run.finished_at = RunStatus.SUCCEEDED, timezone.now()
        run.progress_stage, run.progress_percent = "done", 100
        run.save(update_fields=["result", "status", "finished_at", "progress_stage", "progress_percent"])
        detail = {"report_run": run.pk, "sector": run.sector.code}
        audit_aggregate_kinds(principal, "report", report.reads.aggregates, detail)
        for kind, records in report.reads.records.items():
            audit_reads(principal, kind, list(records.values()))
        audit_links(principal, report.reads.dependence, {"analytics": "report", **detail})
    return run


def report_fail(run_id: int, error: str) -> ReportRun:
    return runs.fail_run(ReportRun, run_id, error)
