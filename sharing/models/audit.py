"""The append-only audit trail: who did what to which object, when, from where."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from sharing.choices import AuditOutcome
from sharing.models.ids import RandomIdModel


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")

    def update_or_create(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")

    def for_owner(self, partner_id: int) -> "AuditEventQuerySet":
        return self.filter(object_owner_id=partner_id)


class AuditEvent(RandomIdModel):
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor_partner = models.ForeignKey(
        "sharing.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The key's public prefix, not a foreign key: the record must outlive the key and never change.
    actor_key_prefix = models.CharField(max_length=16, blank=True)
    actor_key_name = models.CharField(max_length=50, blank=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # A list read records every id it returned in one event rather than one event per row.
    object_ids = models.JSONField(default=list, blank=True)
    object_owner = models.ForeignKey(
        "sharing.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS)
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # An owner's trail newest first, in the lists' exact order: on the partitioned table (PostgreSQL) each
            # month's index is read in order and merged, and a page stops after its rows (bench/audit.py).
            models.Index(fields=["object_owner", "-occurred_at", "-id"]),
            # The access log filtered by reader (?partner=): that reader's rows of the owner, in list order.
            models.Index(fields=["object_owner", "actor_partner", "-occurred_at", "-id"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%dT%H:%M:%S} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")
