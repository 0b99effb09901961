"""Runs the periodic jobs (offer and request expiry, webhook retries) without Celery beat.

The embedded default has no broker and no beat; ``make run`` starts this beside the server so that deadlines
and expiries are still honoured. In production Celery beat runs the same schedule (CELERY_BEAT_SCHEDULE).
"""

import time

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Run the periodic jobs of CELERY_BEAT_SCHEDULE in this process (for the embedded default)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        due = {name: 0.0 for name in schedule}
        while True:
            now = time.monotonic()
            for name, entry in schedule.items():
                if once or now >= due[name]:
                    try:
                        result = current_app.tasks[entry["task"]].apply().get()
                        if result:
                            self.stdout.write(f"{name}: {result}")
                    except Exception as exc:
                        self.stderr.write(f"{name} failed: {exc}")
                    due[name] = now + float(entry["schedule"])
            if once:
                return
            time.sleep(5)
            close_old_connections()  # a long-running loop must not keep a connection the server has dropped
