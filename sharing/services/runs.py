"""What background runs (scenario runs, report runs) share: made once per idempotency key, failed with a reason.

Both models carry ``requested_by``, ``idempotency_key`` (unique per partner when not empty), ``status``, ``error``
and ``finished_at``.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sharing.choices import RunStatus


def create_once(model: type[models.Model], *, partner, idempotency_key: str, **fields) -> tuple[models.Model, bool]:
    """A new run, or the one the same idempotency key made when the same key arrives twice at once (the other
    request won the insert). Returns the run and whether it was made now. The caller looks up a replayed key first."""
    try:
        with transaction.atomic():
            return model.objects.create(requested_by=partner, idempotency_key=idempotency_key, **fields), True
    except IntegrityError:
        if not idempotency_key:
            raise
        return model.objects.get(requested_by=partner, idempotency_key=idempotency_key), False


def fail_run(model: type[models.Model], run_id: int, error: str):
    """Marks a run failed with its reason (a succeeded run is left alone) and returns it."""
    model.objects.filter(pk=run_id).exclude(status=RunStatus.SUCCEEDED).update(
        status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    return model.objects.get(pk=run_id)
