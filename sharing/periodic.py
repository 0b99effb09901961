"""Celery beat's scheduler, the same in both modes: django-celery-beat's DatabaseScheduler.

The periodic jobs are declared in one place, ``CELERY_BEAT_SCHEDULE`` in settings. When beat starts, each entry
is written to django-celery-beat's tables (so the admin shows every job, its interval and its last run, and a job
can be disabled there); an entry that has left the settings is removed. Beat then runs the database schedule.

- ``make serve-prod``: one ``celery beat`` sends due jobs to the Redis broker, and the workers run them.
- ``make run`` (embedded, no broker): the same ``celery beat`` runs beside the server; with
  ``CELERY_TASK_ALWAYS_EAGER`` on, beat's ``task.apply_async`` runs each due job in the beat process itself,
  so no broker and no worker are needed.

Beat falls back to sending a job by name when its task is not registered in the process, which in the embedded
mode would lose it without a word; so a job whose task is not registered stops beat at start-up instead.
"""

from django.core.exceptions import ImproperlyConfigured
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

FROM_SETTINGS = "From CELERY_BEAT_SCHEDULE: its interval and arguments are set from the settings when beat starts."


class Scheduler(DatabaseScheduler):
    def setup_schedule(self) -> None:
        self.app.loader.import_default_modules()  # the tasks of every installed app, as a worker has them
        schedule = self.app.conf.beat_schedule
        missing = sorted({entry["task"] for entry in schedule.values()} - set(self.app.tasks))
        if missing:
            raise ImproperlyConfigured(f"CELERY_BEAT_SCHEDULE names tasks that are not registered: {missing}")
        super().setup_schedule()
        PeriodicTask.objects.filter(description=FROM_SETTINGS).exclude(name__in=list(schedule)).delete()

    def update_from_dict(self, mapping: dict) -> None:
        super().update_from_dict({name: {"description": FROM_SETTINGS, **fields} for name, fields in mapping.items()})
