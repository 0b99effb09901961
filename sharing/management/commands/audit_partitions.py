"""Makes the audit trail's monthly partitions ahead and applies the retention (PostgreSQL; nothing on SQLite).

The periodic job ``audit-partitions`` does the same every six hours (sharing/services/audit_partitions.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from sharing.services import audit_partitions


class Command(BaseCommand):
    help = "Make the audit trail's next monthly partitions; export then drop those past AUDIT_RETENTION_MONTHS."

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=None,
                            help=f"Months after this one to make (default AUDIT_PARTITIONS_AHEAD, "
                                 f"{settings.AUDIT_PARTITIONS_AHEAD}).")
        parser.add_argument("--no-retention", action="store_true", help="Only make partitions.")

    def handle(self, *args, **options):
        if not audit_partitions.is_partitioned():
            self.stdout.write("The audit table is not partitioned here (SQLite keeps one plain table): nothing to do.")
            return
        for name in audit_partitions.ensure_partitions(ahead=options["ahead"]):
            self.stdout.write(f"made {name}")
        if options["no_retention"]:
            return
        for export in audit_partitions.apply_retention():
            self.stdout.write(f"exported {export.partition}: {export.rows} rows to {export.path} "
                              f"(sha256 {export.sha256}), table dropped")
