"""File imports over HTTP: upload (202), progress, rejected rows as CSV, a template per kind. A partner's own
imports only (others' are 404); the ``publisher`` role (``sharing.interchange.imports``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.choices import Role
from sharing.interchange import imports
from sharing.models import ImportJob
from sharing.principal import principal_of


class ImportJobSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text="The kind's path name, e.g. facilities.")
    format = serializers.CharField(source="file_format")

    class Meta:
        model = ImportJob
        fields = ["id", "kind", "format", "file_name", "file_size", "columns", "status", "rows_read", "created",
                  "updated", "unchanged", "rejected", "error", "created_at", "started_at", "finished_at"]
        read_only_fields = fields

    def get_kind(self, job: ImportJob) -> str:
        return imports.PATH_OF_KIND.get(job.kind, job.kind)


UPLOAD = inline_serializer("ImportUpload", {
    "kind": serializers.ChoiceField(choices=list(imports.KIND_PATHS)),
    "file": serializers.FileField(help_text="CSV (UTF-8, a header row of the API's field names) or XLSX."),
})


class ImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your partner's file imports: a CSV or XLSX file of one published kind, upserted by external_id through the
    bulk path in the background. Poll the import for its progress; download the rows it did not store, with why."""

    queryset = ImportJob.objects.none()
    serializer_class = ImportJobSerializer
    required_roles = {"*": {Role.PUBLISHER}}
    parser_classes = [MultiPartParser]
    ordering = ["-created_at", "-id"]
    ordering_fields = ["created_at", "id"]
    filterset_fields = ["status"]

    def get_queryset(self):
        return imports.imports_of(principal_of(self.request))

    @extend_schema(request={"multipart/form-data": UPLOAD},
                   responses={202: ImportJobSerializer, 400: OpenApiResponse(description="Kind, format or header.")})
    def create(self, request, *args, **kwargs):
        """Uploads a file; answers 202 with the import, which runs in the background."""
        principal = principal_of(request)
        if principal is None or principal.partner_id is None:
            raise serializers.ValidationError({"kind": ["Imports are made for a partner: use a partner's key."]})
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["Attach the file (multipart field `file`)."]})
        try:
            job = imports.import_create(principal=principal, kind_path=request.data.get("kind", ""), upload=upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        job.refresh_from_db()
        response = Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = f"{request.path}{job.pk}/"
        return response

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR}, filters=False)
    @action(detail=True, methods=["get"], url_path="rejected", pagination_class=None, filter_backends=[])
    def rejected(self, request, *args, **kwargs):
        """The rows that were not stored, as CSV: the file's line, its cells under the file's columns, and why."""
        job = self.get_object()
        return imports.rejected_response(job, principal_of(request), head=request.method == "HEAD")


class ImportTemplateView(APIView):
    """The CSV template of a published kind, for imports."""

    required_roles = {"*": {Role.PUBLISHER}}

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.STR},
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(imports.KIND_PATHS))],
    )
    def get(self, request, kind: str):
        """An empty CSV of a kind: its header row, the columns the API takes (required ones first)."""
        response = imports.template_response(kind)
        if response is None:
            raise NotFound(f"No published kind {kind!r}: one of {', '.join(imports.KIND_PATHS)}.")
        return response
