"""Prints the current second-factor (TOTP) code of each demo person: DEMO ONLY, for a developer without an
authenticator app. Refuses to run unless DEMO_PEOPLE is on, and shows only the demo people (sharing/demo_data.py)."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sharing.services.demo import demo_data_module, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current authenticator codes of the demo people (demo only)."

    def handle(self, *args, **options):
        import time

        if not settings.DEMO_PEOPLE:
            raise CommandError("Demo people exist only with DEMO_PEOPLE on (development).")
        names = [p["username"] for p in getattr(demo_data_module(), "PEOPLE", [])]
        existing = set(get_user_model().objects.filter(username__in=names).values_list("username", flat=True))
        now = time.time()
        counter, left = int(now) // 30, 30 - int(now) % 30
        for name in names:
            if name in existing:
                self.stdout.write(f"  {name:<18} {format_hotp_value(hotp_value(demo_totp_secret(name), counter))}")
        if not existing:
            self.stdout.write("No demo people yet: `make run` (or manage.py load_demo) creates them.")
        else:
            self.stdout.write(f"(valid for {left} more seconds)")
