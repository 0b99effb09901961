from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sharing.models import Partner
from sharing.services.partners import key_issue


class Command(BaseCommand):
    help = "Issue an API key to a partner. The key is printed alone on the last line, once."

    def add_arguments(self, parser):
        parser.add_argument("code", help="The partner's code, e.g. JP-METI")
        parser.add_argument("--roles", required=True, help="Comma-separated: reader,publisher,responder,coordinator")
        parser.add_argument("--name", required=True)
        parser.add_argument("--expires-in-days", type=int, default=None)
        parser.add_argument("--read-only", action="store_true")
        parser.add_argument("--allowed-networks", default="", help="Comma-separated CIDR blocks")

    def handle(self, *args, code, roles, name, expires_in_days, read_only, allowed_networks, **options):
        try:
            partner = Partner.objects.get(code=code)
        except Partner.DoesNotExist as exc:
            raise CommandError(f"No partner with code {code}.") from exc
        expiry = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            key, secret = key_issue(
                partner=partner,
                name=name,
                roles=[r.strip() for r in roles.split(",") if r.strip()],
                expiry_date=expiry,
                read_only=read_only,
                allowed_networks=[n.strip() for n in allowed_networks.split(",") if n.strip()],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stderr.write(f"Issued key {key.prefix} '{name}' to {code} with roles {', '.join(key.roles)}.")
        self.stderr.flush()
        self.stdout.write(secret)
