"""The append-only audit trail: who did what to which object, when, from where."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sharing.choices import AuditOutcome
from sharing.models.ids import RandomIdModel, audit_id


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
    # No default: the id carries the month of ``occurred_at`` and is drawn from it when the row is written
    # (``save`` here, ``sharing.services.audit.audit_record_many``), so it cannot be drawn before the time is final
    # (sharing/models/ids.py).
    id = models.BigIntegerField(primary_key=True, editable=False)
    # The indexes are what the trail's queries read, nothing more: every audit write (one a read of the service)
    # updates each of them (migration 0025 says which query needs which). The foreign keys get none of their own:
    # partners are never deleted (suspended), the owner is the first column of the owner's indexes, and a user's
    # rows (sign-ins, console actions; a few) are found by a partial index when Django checks PROTECT on delete.
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor_partner = models.ForeignKey(
        "sharing.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The key's public prefix, not a foreign key: the record must outlive the key and never change.
    actor_key_prefix = models.CharField(max_length=16, blank=True)
    actor_key_name = models.CharField(max_length=50, blank=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # A list read records every id it returned in one event rather than one event per row.
    object_ids = models.JSONField(default=list, blank=True)
    object_owner = models.ForeignKey(
        "sharing.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    outcome = models.CharField(max_length=16, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS)
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # An owner's trail newest first (the access log, the owner's /audit-events/): each month's index read
            # backwards and the months appended in order; ties of the same instant put in id order by an
            # incremental sort. Ascending and without the id, so that the page splits of live inserts (always at
            # the owner's newest end) leave full pages: with "-occurred_at, -id" they leave half-full ones and the
            # index is about twice the size (migration 0025).
            models.Index(fields=["object_owner", "occurred_at"], name="audit_owner_time_idx"),
            # The access log filtered by reader (?partner=), in the same order.
            models.Index(fields=["object_owner", "actor_partner", "occurred_at"], name="audit_owner_reader_time_idx"),
            # An object's history (staff: /audit-events/?object_type=&object_id=); by action (staff, the admin).
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action"], name="audit_action_idx"),
            # Deleting a user checks PROTECT here; key-authenticated rows (nearly all) have no user and no entry.
            models.Index(fields=["actor_user"], name="audit_actor_user_idx", condition=Q(actor_user__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%dT%H:%M:%S} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit events cannot be changed.")
        if self.pk is None:
            self.pk = self._drawn_id = audit_id(self.occurred_at)
        kwargs["force_insert"] = True  # a new row: no UPDATE tried first (the id has no default to tell Django)
        super().save(*args, **kwargs)

    def _new_id(self) -> int:
        return audit_id(self.occurred_at)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")
