"""Loads the demo: allied partners and a key for each, and the published network (sharing/demo_data.py).

Run again, it keeps what is there and loads nothing twice. With DEMO_PEOPLE on (it follows DJANGO_DEBUG) it also
creates a demo person per role, with a known password and authenticator secret, and prints them (demo only).
Demo keys are shown once when issued; their secrets are kept in ``var/demo-keys.txt`` (readable by the owner only)
so that a later ``make run`` can print them again. This is for a developer's machine only: production keys are
issued with ``issue_key``.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sharing.models import Partner, PartnerAPIKey
from sharing.services.demo import (
    DEMO_KEY_NAME,
    DemoDataError,
    demo_data_module,
    load_network,
    load_people,
    validate_demo_data,
)
from sharing.services.partners import key_issue, key_revoke, partner_create

DEMO_ROLES = ["reader", "publisher", "responder", "coordinator"]


def demo_partners(data) -> list[tuple[str, str, str]]:
    return [(p["code"], p["name"], p["country"]) for p in data.PARTNERS]


class Command(BaseCommand):
    help = "Load demo partners, keys and data (idempotent) and print the demo API keys."

    def add_arguments(self, parser):
        parser.add_argument("--keys-file", default=str(Path(settings.VAR_DIR) / "demo-keys.txt"))

    def handle(self, *args, keys_file, **options):
        keys_path = Path(keys_file)
        known = self._read_keys(keys_path)
        try:
            data = demo_data_module()
            validate_demo_data(data)  # before anything is written
            with transaction.atomic():
                loaded = self._load(data, known)
                people = load_people(data, {p.code: p for p in Partner.objects.all()}) if settings.DEMO_PEOPLE else []
        except DemoDataError as exc:
            raise CommandError(f"The demo was not loaded: {exc}") from exc
        self._write_keys(keys_path, known)
        self.stdout.write(loaded)
        self.stdout.write("Demo API keys (send as `Authorization: Api-Key <key>`):")
        for code, secret in sorted(known.items()):
            self.stdout.write(f"  {code:<12} {secret}")
        console = settings.CONSOLE_BASE_URL.rstrip("/")
        self.stdout.write(f"Console: {console}/console/ (sign in at {console}/accounts/login/)")
        if people:
            self.stdout.write(
                f"Demo people (DEMO ONLY: known password and second-factor secrets). Password for each: "
                f"{data.DEMO_PASSWORD}\n"
                "Add a secret to an authenticator app (or `make demo-codes` prints the current codes):"
            )
            for person in people:
                self.stdout.write(f"  {person['username']:<18} {person['partner']:<10} {','.join(person['roles']):<21} "
                                  f"TOTP secret {person['secret']}")

    def _load(self, data, known: dict[str, str]) -> str:
        for code, name, country in demo_partners(data):
            partner = Partner.objects.filter(code=code).first() or partner_create(
                code=code, name=name, country=country
            )
            secret = known.get(code)
            usable = secret and PartnerAPIKey.objects.filter(
                partner=partner, name=DEMO_KEY_NAME, revoked=False, prefix=secret.split(".")[0]
            ).exists()
            if not usable:
                # The secret is lost (or never made): end any old demo key and issue a new one.
                for old in PartnerAPIKey.objects.filter(partner=partner, name=DEMO_KEY_NAME, revoked=False):
                    key_revoke(key=old)
                _, known[code] = key_issue(partner=partner, name=DEMO_KEY_NAME, roles=DEMO_ROLES)
        return load_network(data)

    @staticmethod
    def _read_keys(path: Path) -> dict[str, str]:
        if not path.exists():
            return {}
        pairs = (line.split(maxsplit=1) for line in path.read_text().splitlines() if line.strip())
        return {code: secret.strip() for code, secret in pairs}

    @staticmethod
    def _write_keys(path: Path, keys: dict[str, str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.writelines(f"{code} {secret}\n" for code, secret in sorted(keys.items()))
