"""Background work: started after commit, and started again when starting it failed.

Every piece of background work is a row written in the same transaction as the change that asks for it: a match
run or a scenario run in status ``queued``, a webhook delivery ``pending``. The Celery message that starts it is
only a wake-up call, sent once that transaction has committed (``after_commit``). When the broker is unreachable
then, the change stands and its caller is answered success; the failure is logged and the row waits. A periodic
job sends again what has waited too long (``BACKGROUND_RESEND_AFTER_SECONDS``): ``resend_stalled_runs`` here for
runs still queued, ``webhooks.retry_due`` for deliveries never tried or due again, ``imports.resend_stalled`` for
file imports queued as long or running without a heartbeat (they resume after their last committed chunk). Both run from
``CELERY_BEAT_SCHEDULE`` (and from ``run_periodic`` in the embedded default).

Why re-send from the rows rather than keep a transactional outbox table: the rows already are the outbox. Each is
written in the transaction of the change, and says by its status whether its work is done. An outbox would be a
second record of the same fact, written on every enqueue and deleted after, for no stronger guarantee.

A message may therefore arrive twice (re-sent while the first was only slow, or redelivered by the broker), so
every task is idempotent: a match run or scenario run that has finished is left alone, and a second execution of a
run in progress waits on the run's lock and then finds it finished (``match_execute``); a webhook delivery is
claimed by one conditional update before it is sent (``webhooks.deliver``), so only one process sends each attempt.

Arrows run one way: services call this module with a task's name, tasks call services; nothing here imports
``sharing.tasks``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from sharing.choices import RunStatus
from sharing.models import MatchRun, ReportRun, ScenarioRun

logger = logging.getLogger(__name__)

RUN_MATCH = "sharing.run_match"
RUN_SCENARIO = "sharing.run_scenario"
RUN_REPORT = "sharing.run_report"
DELIVER_WEBHOOK = "sharing.deliver_webhook"
DELIVER_SUBSCRIPTION = "sharing.deliver_subscription"
DELIVER_SUBSCRIPTIONS = "sharing.deliver_subscriptions"
RUN_IMPORT = "sharing.run_import"

# One quick retry covers a pooled broker connection that went stale (the broker restarted); more would hold the
# caller's answer for seconds while the broker is down, for work that the periodic job sends again anyway.
_PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0.2, "interval_step": 0, "interval_max": 0.2}
# After a failed send, sends in this process are skipped (left to the periodic job) for this long, so that one
# request that commits several pieces of work waits for one failed connection, not one per piece.
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def after_commit(task_name: str, ids: Iterable[int]) -> None:
    """Starts the task for each id once the current transaction commits (at once outside a transaction)."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: send(task_name, ids))


def send(task_name: str, ids: Iterable[int], *, force: bool = False) -> int:
    """Sends one message per id; returns how many were sent. A broker failure is logged, never raised: the work
    is already stored and the periodic job sends it again. ``force`` ignores the back-off (the periodic job)."""
    global _broker_down_until
    task = current_app.tasks[task_name]
    eager = bool(current_app.conf.task_always_eager)
    ids = list(ids)
    sent = 0
    for pk in ids:
        if not eager and not force and time.monotonic() < _broker_down_until:
            break
        try:
            task.apply_async((pk,), retry=True, retry_policy=_PUBLISH_RETRY)
        except BrokerUnreachable as exc:
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning("broker unreachable: %s for %s left for the periodic re-send (%s)",
                           task_name, ids[sent:], type(exc).__name__)
            break
        sent += 1
    else:
        _broker_down_until = 0.0
    return sent


# A change wakes the subscriptions' pump this long after it (one message per window per process, however many
# changes commit in it: the pump sent for the first runs after the others have committed and sends them all).
WAKE_SUBSCRIPTIONS_SECONDS = 1.0
_last_wake = 0.0
_wake_down_until = 0.0  # its own back-off: a failed wake-up must not hold back the sends of stored work


def wake_subscriptions() -> None:
    """Called where change numbers are taken: once the change commits, the subscriptions' pump runs within about a
    second, rather than at the next periodic run (SUBSCRIPTION_POLL_SECONDS), which stays as the safety net. Not
    in-process (eager, the embedded default): there the pump would send batches inside the publishing request, so
    the periodic job alone sends them."""
    if not current_app.conf.task_always_eager:
        transaction.on_commit(_wake)


def _wake() -> None:
    global _last_wake, _wake_down_until
    now = time.monotonic()
    if now - _last_wake < WAKE_SUBSCRIPTIONS_SECONDS or now < _wake_down_until:
        return
    _last_wake = now
    try:
        current_app.tasks[DELIVER_SUBSCRIPTIONS].apply_async(
            countdown=WAKE_SUBSCRIPTIONS_SECONDS, retry=True, retry_policy=_PUBLISH_RETRY,
        )
    except BrokerUnreachable as exc:
        _wake_down_until = now + BROKER_BACKOFF_SECONDS
        logger.warning("broker unreachable: subscriptions left for the periodic run (%s)", type(exc).__name__)


def reset_backoff() -> None:
    """Forget a broker failure (tests, and a process that knows the broker is back)."""
    global _broker_down_until
    _broker_down_until = 0.0


def stall_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.BACKGROUND_RESEND_AFTER_SECONDS)


def resend_stalled_runs(now: datetime | None = None) -> int:
    """Sends again the match, scenario and report runs still queued BACKGROUND_RESEND_AFTER_SECONDS after they were
    queued (or last re-sent): their first message was never sent, or was lost. Returns how many were sent."""
    now = now or timezone.now()
    cutoff = stall_cutoff(now)
    stalled = Q(status=RunStatus.QUEUED, created_at__lte=cutoff) & (
        Q(requeued_at__isnull=True) | Q(requeued_at__lte=cutoff)
    )
    total = 0
    for model, task_name in ((MatchRun, RUN_MATCH), (ScenarioRun, RUN_SCENARIO), (ReportRun, RUN_REPORT)):
        ids = list(model.objects.filter(stalled).order_by("created_at", "pk").values_list("pk", flat=True)[:500])
        if not ids:
            continue
        # Marked before sending: in-process (eager) the task runs inside send and must find the mark written.
        model.objects.filter(pk__in=ids).update(requeued_at=now)
        sent = send(task_name, ids, force=True)
        if sent < len(ids):
            model.objects.filter(pk__in=ids[sent:], requeued_at=now).update(requeued_at=None)
        logger.info("re-sent %d stalled %s", sent, model._meta.verbose_name_plural)
        total += sent
    fail_abandoned_runs(now)
    return total


def fail_abandoned_runs(now: datetime | None = None) -> int:
    """Marks failed the runs still ``running`` well past the task time limit: the worker that had them was stopped
    by that limit (Celery acknowledges such a task, so it is never delivered again) or died, and its transaction
    wrote nothing. Left as they were they would say ``running`` for ever; failed, the coordinator sees it and can
    match again. The wait is the hard time limit plus the re-send wait, so no live task is ever marked."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.BACKGROUND_RESEND_AFTER_SECONDS)
    failed = 0
    for model in (MatchRun, ScenarioRun, ReportRun):
        failed += model.objects.filter(status=RunStatus.RUNNING, started_at__lte=cutoff).update(
            status=RunStatus.FAILED, error="abandoned: no result within the task time limit", finished_at=now
        )
    if failed:
        logger.warning("marked %d abandoned runs failed", failed)
    return failed
