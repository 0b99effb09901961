"""Background work whose message was never sent or was lost is sent again by the periodic job, once per wait."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sharing.models import MatchRun, ScenarioRun
from sharing.services import enqueue
from tests.factories import PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_process(settings):
    from config.celery import app

    app.conf.task_always_eager = True
    settings.BACKGROUND_RESEND_AFTER_SECONDS = 120
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def queued(model, minutes_ago, **fields):
    run = model.objects.create(**fields)
    model.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return run


def test_a_scenario_run_whose_message_was_lost_is_run_by_the_periodic_job():
    run = queued(ScenarioRun, 5, requested_by=PartnerFactory(), inputs={"countries": ["MY"]})
    fresh = queued(ScenarioRun, 0, requested_by=PartnerFactory(), inputs={"countries": ["MY"]})
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    assert "resend-stalled-runs: 1" in out.getvalue()
    assert ScenarioRun.objects.get(pk=run.pk).status == "succeeded"
    assert ScenarioRun.objects.get(pk=fresh.pk).status == "queued"  # its own message may still be on its way


def test_a_run_sent_again_is_not_sent_again_before_another_wait(monkeypatch):
    sent = []
    monkeypatch.setattr(enqueue, "send", lambda task, ids, force=False: sent.extend(ids) or len(ids))
    run = queued(MatchRun, 10, product=ProductFactory())
    assert enqueue.resend_stalled_runs() == 1 and sent == [run.pk]
    assert enqueue.resend_stalled_runs() == 0 and sent == [run.pk]  # the queue may only be slow
    MatchRun.objects.filter(pk=run.pk).update(requeued_at=timezone.now() - timedelta(minutes=3))
    assert enqueue.resend_stalled_runs() == 1 and sent == [run.pk, run.pk]
    MatchRun.objects.filter(pk=run.pk).update(status="succeeded", requeued_at=None)
    assert enqueue.resend_stalled_runs() == 0


def test_a_run_whose_resend_failed_is_tried_again_at_the_next_run(monkeypatch):
    monkeypatch.setattr(enqueue, "send", lambda task, ids, force=False: 0)  # the broker still down
    run = queued(MatchRun, 10, product=ProductFactory())
    assert enqueue.resend_stalled_runs() == 0
    assert MatchRun.objects.get(pk=run.pk).requeued_at is None


def test_a_run_abandoned_past_the_time_limit_is_marked_failed_and_a_live_one_is_not(settings):
    settings.CELERY_TASK_TIME_LIMIT = 300
    partner, product = PartnerFactory(), ProductFactory()
    long_ago = timezone.now() - timedelta(seconds=300 + 120 + 5)
    abandoned = MatchRun.objects.create(product=product, requested_by=partner, status="running", started_at=long_ago)
    scenario = ScenarioRun.objects.create(requested_by=partner, inputs={"countries": ["MY"]}, status="running",
                                          started_at=long_ago)
    live = MatchRun.objects.create(product=product, requested_by=partner, status="running",
                                   started_at=timezone.now() - timedelta(seconds=290))
    call_command("run_periodic", "--once", stdout=StringIO())
    for run in (MatchRun.objects.get(pk=abandoned.pk), ScenarioRun.objects.get(pk=scenario.pk)):
        assert (run.status, run.error) == ("failed", "abandoned: no result within the task time limit")
        assert run.finished_at is not None
    assert MatchRun.objects.get(pk=live.pk).status == "running"
