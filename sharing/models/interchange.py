"""Subscriptions to changes: the changes feed pushed to one of a partner's webhook endpoints, in batches."""

from django.db import models
from django_countries.fields import CountryField

from sharing.models.ids import RandomIdModel

SUBSCRIPTION_KINDS = [("facility", "facility"), ("capacity", "capacity"), ("stockpile", "stockpile"),
                      ("supply_link", "supply_link"), ("demand", "demand")]


class Subscription(RandomIdModel):
    """One kind of published record, optionally one product (capacities, stockpiles, supply links, demand) or one
    country (facilities), sent to one endpoint of the partner.

    ``position`` is the last change the endpoint acknowledged (answered 2xx), a feed position: the next batch is
    the partner's changes feed after it. It is never handed out as a number (it counts hidden changes too); the
    API and every batch show it sealed, as the feed's cursor."""

    partner = models.ForeignKey("sharing.Partner", on_delete=models.CASCADE, related_name="subscriptions")
    endpoint = models.ForeignKey("sharing.WebhookEndpoint", on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=20, choices=SUBSCRIPTION_KINDS)
    product = models.ForeignKey("sharing.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    country = CountryField(blank=True, default="")
    active = models.BooleanField(default=True)
    position = models.BigIntegerField(default=0)
    # Delivery state: one sender at a time (a lease), and the back-off after a failed batch.
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed attempts since the last acknowledged one.")
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True, default="")
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_acknowledged_at = models.DateTimeField(null=True, blank=True)
    batches_acknowledged = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["active", "next_attempt_at"])]


IMPORT_STATUSES = [("queued", "queued"), ("running", "running"), ("succeeded", "succeeded"), ("failed", "failed")]


class ImportJob(RandomIdModel):
    """One uploaded CSV or XLSX file of a published kind, upserted through the bulk path in chunks by a Celery job.

    The file waits in ``IMPORT_DIR`` (a directory the web and worker processes share) until the job has read it;
    the counts grow chunk by chunk, each chunk's count committed with its records, so a poll shows progress.

    A running job holds a lease: ``attempts`` numbers the claim that runs it, and ``heartbeat_at`` is renewed with
    each committed chunk. A job whose worker died (no heartbeat for IMPORT_LEASE_SECONDS) is sent again by the
    periodic re-send (``requeued_at``) and resumes after its last committed chunk; a chunk is committed only while
    its claim still holds the job, so a slow worker that lost its lease writes nothing twice."""

    partner = models.ForeignKey("sharing.Partner", on_delete=models.CASCADE, related_name="imports")
    requested_by_key = models.CharField(max_length=120, blank=True, help_text="The key or user that uploaded.")
    kind = models.CharField(max_length=20)
    file_format = models.CharField(max_length=8)  # csv | xlsx
    file_name = models.CharField(max_length=200, blank=True)
    file_size = models.BigIntegerField(default=0)
    columns = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=IMPORT_STATUSES, default="queued")
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Claims so far; the running one's number is its lease.")
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="The running claim's last committed chunk.")
    requeued_at = models.DateTimeField(null=True, blank=True, help_text="When a stalled job was last sent again.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "created_at"])]


class ImportRejectedRow(models.Model):
    """A row of an import that was not stored: its line in the file, the cells as read, and why."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField(help_text="The row's line in the file (the header is line 1).")
    cells = models.JSONField(default=dict)
    errors = models.JSONField(default=dict)

    class Meta:
        ordering = ["job", "line"]
        indexes = [models.Index(fields=["job", "line"])]
