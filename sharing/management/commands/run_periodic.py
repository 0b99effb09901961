"""Runs every periodic job of CELERY_BEAT_SCHEDULE once, now, in this process.

The jobs run on their schedule under Celery beat (``make run`` and ``make serve-prod`` start it; see
sharing/periodic.py); this is for running them at once by hand or from a script.
"""

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run each periodic job of CELERY_BEAT_SCHEDULE once, now (they run on schedule under Celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", required=True, help="Run every job once and exit.")

    def handle(self, *args, **options):
        current_app.loader.import_default_modules()  # registers the tasks, as a worker or beat does
        failed = []
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            try:
                result = current_app.tasks[entry["task"]].apply(throw=True).get()
            except Exception as exc:
                self.stderr.write(f"{name} failed: {exc!r}")
                failed.append(name)
                continue
            self.stdout.write(f"{name}: {result}")
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
