"""Analytics that run as jobs: disruption scenarios, kept so that their requester can poll the answer."""

from django.db import models

from sharing.choices import RunStatus
from sharing.models.ids import RandomIdModel


class ScenarioRun(RandomIdModel):
    """One disruption scenario: what was taken out, and the answer as the requesting partner may see it.

    The answer is computed with the requester's visibility when the scenario runs, and shown to that partner
    alone (anyone else gets 404).
    """

    requested_by = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    requested_by_key = models.CharField(max_length=120, blank=True, help_text="The key or user that asked.")
    idempotency_key = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    inputs = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    requeued_at = models.DateTimeField(null=True, blank=True, help_text="When a stalled run was last sent again.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                name="unique_scenario_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["requested_by", "id"])]

    def __str__(self) -> str:
        return f"scenario {self.pk} ({self.status})"


class ReportRun(RandomIdModel):
    """One sector report (issue 14 part 5): the review of a sector's products, computed by a job with the
    requesting partner's visibility and shown to that partner alone (anyone else gets 404).

    ``progress_stage`` and ``progress_percent`` are written by the job as it goes through the products;
    ``result`` holds the JSON report (api_docs/report.schema.json) once it has succeeded.
    """

    requested_by = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    requested_by_key = models.CharField(max_length=120, blank=True, help_text="The key or user that asked.")
    idempotency_key = models.CharField(max_length=200, blank=True)
    sector = models.ForeignKey("sharing.ReviewSector", on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(help_text="The review's reference date.")
    compare_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="An earlier report of the same sector by the same partner: the result says what changed.",
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_stage = models.CharField(max_length=200, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    requeued_at = models.DateTimeField(null=True, blank=True, help_text="When a stalled run was last sent again.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                name="unique_report_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.status})"


class ReportPdf(models.Model):
    """The PDF of a succeeded report run, rendered the first time it is asked for and served from here after.

    WeasyPrint takes seconds a report (16 s for the demo's sector on this project's CI machine) and the PDF is a
    pure function of the run's stored result, which never changes once the run has succeeded: rendering it again
    for every GET (and every HEAD) would let one reader keep a web worker busy at will. Its own table, so that no
    query of runs ever reads the file by accident.
    """

    run = models.OneToOneField(ReportRun, on_delete=models.CASCADE, primary_key=True, related_name="+")
    content = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"PDF of report {self.run_id}"
