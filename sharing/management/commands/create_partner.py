from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sharing.services.partners import partner_create


class Command(BaseCommand):
    help = "Add a partner government or agency."

    def add_arguments(self, parser):
        parser.add_argument("code", help="e.g. JP-METI")
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. JP")

    def handle(self, *args, code, name, country, **options):
        try:
            partner = partner_create(code=code, name=name, country=country.upper())
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(f"Created partner {partner.code} ({partner.name}, {partner.country}).")
