"""The periodic jobs run wherever the service runs, in processes that nothing else has prepared.

Each test starts Celery beat exactly as the Makefile does, in a fresh process, against a database that a third
process filled (tests/periodic_scene.py): an offer past its response deadline and a webhook delivery whose retry
is due. Beat must expire the offer and send the retry. On SQLite (no broker) beat runs the jobs itself, as under
`make run`; with PostgreSQL and Redis it sends them to a Celery worker, as under `make serve-prod`.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CELERY = [sys.executable, "-m", "celery", "-A", "config"]


def clean_env(**extra) -> dict:
    """A shell's environment: no pytest, no DJANGO_* left over from the test process."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_")) and k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_DEBUG="1", WEBHOOK_ALLOW_PRIVATE_ADDRESSES="1", NO_PROXY="127.0.0.1,localhost",
               PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def python(env, *args) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return (done.stdout.strip().splitlines() or [""])[-1]


def start(command, env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def stop(*processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def run_beat_until_done(env, processes, scene, logs) -> dict:
    """Waits (bounded) until the offers have expired and the retry was sent, or a process ends."""
    deadline = time.monotonic() + 90
    state = {}
    while time.monotonic() < deadline:
        for process in processes:
            assert process.poll() is None, "\n".join(log.read_text() for log in logs)
        state = json.loads(python(env, "-m", "tests.periodic_scene", "status"))
        expired = all(state["offers"][str(pk)] == "expired" for pk in scene["offers"])
        if expired and state["deliveries"][str(scene["delivery"])][0] == "succeeded":
            return state
        time.sleep(1)
    raise AssertionError(f"beat did not run the jobs: {state}\n" + "\n".join(log.read_text() for log in logs))


@pytest.mark.skipif("sqlite" not in os.environ.get("DATABASE_URL", "sqlite"), reason="the embedded default")
def test_make_run_beat_expires_offers_and_retries_webhooks_in_a_fresh_process(tmp_path, receiver):
    env = clean_env(VAR_DIR=str(tmp_path))
    python(env, "manage.py", "migrate", "--no-input", "-v0")
    scene = json.loads(python(env, "-m", "tests.periodic_scene", "setup", receiver.url()))
    log = tmp_path / "beat.log"
    beat = start([*CELERY, "--quiet", "beat", "-l", "WARNING"], env, log)  # as `make run`
    try:
        state = run_beat_until_done(env, [beat], scene, [log])
    finally:
        stop(beat)
    assert str(scene["delivery"]) in receiver.webhook_ids()
    assert state["deliveries"][str(scene["delivery"])] == ["succeeded", 2]


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
                    reason="needs PostgreSQL and Redis (CI's second run)")
def test_serve_prod_beat_sends_jobs_to_a_worker_from_a_fresh_process(transactional_db, tmp_path, receiver):
    db = connection.settings_dict
    database = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    scene = json.loads(python(clean_env(DATABASE_URL=database), "-m", "tests.periodic_scene", "setup", receiver.url()))
    queue = f"test-periodic-{uuid.uuid4().hex[:8]}"
    env = clean_env(DATABASE_URL=database, REDIS_URL=os.environ["REDIS_URL"], CELERY_QUEUE=queue)
    logs = [tmp_path / "worker.log", tmp_path / "beat.log"]
    worker = start([*CELERY, "worker", "--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle",
                    "--without-heartbeat", "-l", "INFO"], env, logs[0])
    beat = start([*CELERY, "beat", "-l", "INFO"], env, logs[1])  # as `make serve-prod`
    try:
        state = run_beat_until_done(env, [worker, beat], scene, logs)
    finally:
        stop(beat, worker)
    assert str(scene["delivery"]) in receiver.webhook_ids()
    assert state["deliveries"][str(scene["delivery"])] == ["succeeded", 2]
    assert "Sending due task expire-offers" in logs[1].read_text()
