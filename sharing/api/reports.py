"""Sector reports over HTTP (issue 14 part 5): ask for one (a Celery job: 202 and a Location to poll), follow its
progress, read its JSON when done. A report is visible to its requesting partner only (anyone else: 404), as a
scenario run is; asking needs the ``reader`` role, as every analytics answer does.

The report's JSON is described by api_docs/report.schema.json (JSON Schema 2020-12); this module documents the
run around it.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from sharing.api.analytics import READER
from sharing.api.emergency import IDEMPOTENCY_KEY, _idempotency_key
from sharing.api.report_renders import ReportRenderingMixin
from sharing.choices import RunStatus
from sharing.models import ReportRun, ReviewSector
from sharing.principal import principal_of
from sharing.review import runs


class ReportRequestSerializer(serializers.Serializer):
    sector = serializers.SlugRelatedField(slug_field="code", queryset=ReviewSector.objects.all(),
                                          help_text="A sector or industrial base code (GET /api/v1/sectors/).")
    as_of = serializers.DateField(required=False, help_text="The review's reference date (default: today, UTC): "
                                                            "stockpiles expiring on or before it are left out.")
    compare_to = serializers.PrimaryKeyRelatedField(
        queryset=ReportRun.objects.none(), required=False, allow_null=True,
        help_text="The id of an earlier report of yours, of the same sector and finished: the result says what "
                  "changed since.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Another partner's report is refused in the very words used for one that does not exist.
        principal = self.context.get("principal")
        partner_id = principal.partner_id if principal is not None else None
        self.fields["compare_to"].queryset = ReportRun.objects.filter(requested_by_id=partner_id).select_related(
            "sector")

    def validate(self, attrs: dict) -> dict:
        earlier = attrs.get("compare_to")
        if earlier is not None:
            if earlier.status != RunStatus.SUCCEEDED:
                raise serializers.ValidationError({"compare_to": ["That report has not succeeded: nothing to compare "
                                                                  "with."]})
            if earlier.sector_id != attrs["sector"].pk:
                raise serializers.ValidationError({"compare_to": [
                    f"That report is of sector {earlier.sector.code}, not {attrs['sector'].code}."]})
        attrs.setdefault("as_of", timezone.now().date())
        return attrs


class ReportProgressSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text="What the job is doing (e.g. 'product 3 of 9: cobalt').")
    percent = serializers.IntegerField(min_value=0, max_value=100)


@extend_schema_field(OpenApiTypes.OBJECT)
class ReportResultField(serializers.JSONField):
    """The JSON report, as api_docs/report.schema.json describes it (null until the run has succeeded)."""


class ReportRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.code", read_only=True)
    sector = serializers.CharField(source="sector.code", read_only=True)
    compare_to = serializers.IntegerField(source="compare_to_id", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=RunStatus.choices, read_only=True)
    progress = serializers.SerializerMethodField()
    result = ReportResultField(read_only=True, allow_null=True,
                               help_text="The JSON report (api_docs/report.schema.json) once the run has succeeded.")
    error = serializers.CharField(read_only=True, help_text="Why the run failed (empty otherwise).")

    class Meta:
        model = ReportRun
        fields = ["id", "requested_by", "sector", "as_of", "compare_to", "status", "progress", "result", "error",
                  "created_at", "started_at", "finished_at"]
        read_only_fields = fields

    @extend_schema_field(ReportProgressSerializer)
    def get_progress(self, run: ReportRun) -> dict:
        return {"stage": run.progress_stage or run.status, "percent": run.progress_percent}


class ReportRunListSerializer(ReportRunSerializer):
    """A list row: the run without its (large) result; read it at the run's own URL."""

    class Meta(ReportRunSerializer.Meta):
        fields = [name for name in ReportRunSerializer.Meta.fields if name != "result"]
        read_only_fields = fields


class ReportViewSet(ReportRenderingMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its result.

    A run is visible to its requesting partner only.
    """

    serializer_class = ReportRunSerializer
    queryset = ReportRun.objects.none()
    required_roles = {"GET": READER, "POST": READER}
    ordering = ["-created_at", "-id"]  # newest first (ids are random)
    ordering_fields = ["id", "created_at"]

    def get_serializer_class(self):
        return ReportRunListSerializer if self.action == "list" else ReportRunSerializer

    def get_queryset(self):
        principal = principal_of(self.request)
        if principal is None or principal.partner_id is None:
            return ReportRun.objects.none()
        runs_of_caller = ReportRun.objects.filter(requested_by_id=principal.partner_id).select_related(
            "requested_by", "sector")
        return runs_of_caller.defer("result") if self.action == "list" else runs_of_caller

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportRunSerializer},
                   parameters=[IDEMPOTENCY_KEY])
    def create(self, request, *args, **kwargs):
        principal = principal_of(request)
        key = _idempotency_key(request)
        given = ReportRequestSerializer(data=request.data, context={"principal": principal})
        given.is_valid(raise_exception=True)
        data = given.validated_data
        from sharing.api.errors import ServiceUnavailable
        from sharing.health import broker_reachable

        if not broker_reachable():
            raise ServiceUnavailable("The job queue is unreachable; nothing was queued. Try again shortly.")
        run, _ = runs.report_request(principal=principal, sector=data["sector"], as_of=data["as_of"],
                                     compare_to=data.get("compare_to"), idempotency_key=key)
        run.refresh_from_db()
        response = Response(ReportRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = f"/api/v1/reports/{run.pk}/"
        return response
