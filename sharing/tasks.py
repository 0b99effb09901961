"""Celery tasks: thin wrappers that look objects up by id and call a service."""

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError

from sharing.choices import DeliveryStatus
from sharing.interchange import subscriptions
from sharing.services import audit_partitions as audit_partitions_service
from sharing.services import enqueue, matching, webhooks

TRANSIENT = (OperationalError, InterfaceError)


def _run_job(task, execute, fail, run_id: int) -> None:
    """A match or scenario run: a transient database error is retried; any other marks the run failed."""
    try:
        execute(run_id)
    except TRANSIENT as exc:
        raise task.retry(exc=exc, countdown=min(60, 2**task.request.retries))
    except Exception as exc:
        fail(run_id, f"database error: {exc}" if isinstance(exc, DatabaseError) else f"{type(exc).__name__}: {exc}")
        raise


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5, name="sharing.run_match")
def run_match(self, run_id: int) -> None:
    """Idempotent: a finished run is left alone; a redelivered one is redone without duplicate offers."""
    _run_job(self, matching.match_execute, matching.match_fail, run_id)


@shared_task(bind=True, acks_late=True, max_retries=None, name="sharing.deliver_webhook")
def deliver_webhook(self, delivery_id: int) -> str:
    delivery = webhooks.deliver(delivery_id)
    if delivery is None:
        return "not claimed"  # sent already, not due, or another process is sending it: its retries are its own
    if delivery.status != DeliveryStatus.PENDING:
        return delivery.status
    if not self.request.is_eager:
        raise self.retry(countdown=webhooks.retry_delay(delivery.attempts))
    # In-process (no broker): retry at once only when no backoff is asked for; otherwise the delivery stays
    # pending with its next_attempt_at, and retry_due_webhooks sends it when it is due.
    while delivery is not None and delivery.status == DeliveryStatus.PENDING and (
        webhooks.retry_delay(delivery.attempts) == 0
    ):
        delivery = webhooks.deliver(delivery_id)
    return delivery.status if delivery is not None else "not claimed"


@shared_task(acks_late=True, name="sharing.deliver_subscription")
def deliver_subscription(subscription_id: int) -> str:
    """Idempotent: a subscription is sent by one process at a time (its lease), from its acknowledged position."""
    return subscriptions.deliver(subscription_id)


@shared_task(name="sharing.deliver_subscriptions")
def deliver_subscriptions() -> int:
    """Starts a delivery for every subscription behind the changes feed."""
    return subscriptions.deliver_due()


@shared_task(name="sharing.retry_due_webhooks")
def retry_due_webhooks() -> int:
    """Deliveries due again, and those whose first message was never sent (broker down) or was lost."""
    return webhooks.retry_due()


@shared_task(name="sharing.resend_stalled_runs")
def resend_stalled_runs() -> int:
    """Match, scenario and report runs still queued long after they were queued: their message was not sent or was
    lost; and imports queued as long, or running without a heartbeat (their worker died): they resume."""
    from sharing.interchange import imports

    return enqueue.resend_stalled_runs() + imports.resend_stalled()


@shared_task(name="sharing.expire_offers")
def expire_offers() -> int:
    return matching.offers_expire()


@shared_task(name="sharing.expire_requests")
def expire_requests() -> int:
    return matching.requests_expire()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5, name="sharing.run_scenario")
def run_scenario(self, run_id: int) -> None:
    """Idempotent: a finished run is left alone; a redelivered one is computed again."""
    from sharing.analytics import scenarios

    _run_job(self, scenarios.scenario_execute, scenarios.scenario_fail, run_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5, name="sharing.run_report")
def run_report(self, run_id: int) -> None:
    """Idempotent: a finished run is left alone; a redelivered one is computed again."""
    from sharing.review import runs

    _run_job(self, runs.report_execute, runs.report_fail, run_id)


@shared_task(name="sharing.audit_partitions")
def audit_partitions() -> str:
    """The audit trail's monthly partitions made ahead, and those past AUDIT_RETENTION_MONTHS exported and dropped."""
    made = audit_partitions_service.ensure_partitions()
    exported = audit_partitions_service.apply_retention()
    return f"made {len(made)}, exported {len(exported)}"


@shared_task(acks_late=True, reject_on_worker_lost=True, name="sharing.run_import")
def run_import(job_id: int) -> str:
    """Idempotent: a job already claimed is left alone (and a file imported again changes nothing)."""
    from sharing.interchange import imports

    job = imports.import_execute(job_id)
    return job.status if job is not None else "not claimed"
