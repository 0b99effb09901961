"""Named choices of the domain, one class each, so code says ``Role.PUBLISHER`` and never a bare string."""

from django.db import models


class Role(models.TextChoices):
    READER = "reader", "Reader"
    PUBLISHER = "publisher", "Publisher"
    RESPONDER = "responder", "Responder"
    COORDINATOR = "coordinator", "Coordinator"


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Success"
    DENIED = "denied", "Denied"
    FAILED = "failed", "Failed"
