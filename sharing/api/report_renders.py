"""The sector report's rendered forms over HTTP: ``GET /api/v1/reports/{id}/report.html`` and ``report.pdf``
(issue 14 part 5), actions of the reports viewset (``sharing.api.reports``) mixed in from here.

Same rule as the run's JSON: the requesting partner's alone (anyone else, and any id that does not exist, gets 404),
the reader role. A run that has not succeeded has nothing to render: 409 with its status. Each rendering is
audited as a read of the run (``report_run.read``, its format in the detail). The forms are drawn from the stored
JSON result, never computed again, so they say exactly what the JSON says.

The HTML page is served with its own strict Content-Security-Policy: nothing but its same-origin stylesheet may
load, no script at all (the page has none; its charts are inline SVG). The PDF comes as an attachment; where the PDF
renderer cannot load on this server (WeasyPrint without Pango), the answer is a 503 problem, never a 500.
The PDF is rendered once, the first time it is asked for, and served from the database after (``ReportPdf``): a
HEAD or a second GET costs a read, not seconds of rendering.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.decorators import action

from sharing.api.errors import Conflict, ServiceUnavailable
from sharing.choices import RunStatus
from sharing.interchange.exports import ExportRenderer
from sharing.models import ReportPdf, ReportRun
from sharing.principal import principal_of
from sharing.review.render import PdfRendererUnavailable, render_report_html, render_report_pdf
from sharing.services.audit import audit_record

# The report page: its stylesheet from this origin, nothing else (no script, no inline style, no frame, no form).
REPORT_CSP = "; ".join([
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])


class ReportHtmlRenderer(ExportRenderer):
    """Names text/html for content negotiation; the action builds the page itself, a problem renders as JSON."""

    media_type = "text/html"
    format = "html"


class ReportPdfRenderer(ExportRenderer):
    """Names application/pdf for content negotiation; the action builds the file, a problem renders as JSON."""

    media_type = "application/pdf"
    format = "pdf"


NOT_DONE = OpenApiResponse(description="The run has not succeeded (queued, running or failed): nothing to render "
                                       "yet; the problem names its status.")
HIDDEN = OpenApiResponse(description="No report of yours has this id.")


def stored_pdf(run: ReportRun) -> bytes:
    """The run's PDF: rendered once, the first time it is asked for, and kept (``ReportPdf``); two first requests
    at once both render, and the first stored stays (the same bytes: the rendering is a function of the result)."""
    stored = ReportPdf.objects.filter(run_id=run.pk).values_list("content", flat=True).first()
    if stored is not None:
        return bytes(stored)
    try:
        pdf = render_report_pdf(run.result)
    except PdfRendererUnavailable as exc:
        raise ServiceUnavailable("The PDF renderer cannot load on this server (WeasyPrint needs Pango: "
                                 "`make report-tools`); the report's JSON and HTML forms are available.") from exc
    ReportPdf.objects.bulk_create([ReportPdf(run_id=run.pk, content=pdf)], ignore_conflicts=True)
    return pdf


class ReportRenderingMixin:
    """The ``report.html`` and ``report.pdf`` actions of the reports viewset."""

    def _rendered_run(self, file_format: str) -> ReportRun:
        run = self.get_object()  # the caller's own runs only: 404 otherwise
        if run.status != RunStatus.SUCCEEDED:
            raise Conflict(f"Report {run.pk} is {run.status}: its {file_format.upper()} exists once it has "
                           f"succeeded. Poll /api/v1/reports/{run.pk}/ for its progress.")
        return run

    def _audit_read(self, run: ReportRun, file_format: str) -> None:
        audit_record(action="report_run.read", principal=principal_of(self.request), object_type="report_run",
                     object_id=run.pk, object_owner=run.requested_by_id, detail={"format": file_format})

    @extend_schema(
        operation_id="reports_report_html",
        responses={(200, "text/html"): OpenApiTypes.STR, 404: HIDDEN, 409: NOT_DONE},
        description="The finished report as one HTML page: server-drawn SVG charts, each with a table of the same "
                    "figures; suppressed cells read \"suppressed\". No script; served with a strict "
                    "Content-Security-Policy.",
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path=r"report\.html", url_name="html", pagination_class=None,
            filter_backends=[], renderer_classes=[ReportHtmlRenderer, renderers.JSONRenderer])
    def report_html(self, request, *args, **kwargs):
        """The report as an HTML page with charts."""
        run = self._rendered_run("html")
        html = render_report_html(run.result)
        self._audit_read(run, "html")
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = REPORT_CSP
        return response

    @extend_schema(
        operation_id="reports_report_pdf",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: HIDDEN, 409: NOT_DONE,
                   503: OpenApiResponse(description="The PDF renderer cannot load on this server.")},
        description="The finished report as an A4 PDF (the HTML page laid out by WeasyPrint), as an attachment.",
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path=r"report\.pdf", url_name="pdf", pagination_class=None,
            filter_backends=[], renderer_classes=[ReportPdfRenderer, renderers.JSONRenderer])
    def report_pdf(self, request, *args, **kwargs):
        """The report as a PDF file."""
        run = self._rendered_run("pdf")
        pdf = stored_pdf(run)
        self._audit_read(run, "pdf")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"report-{run.sector.code}-{run.as_of.isoformat()}-{run.pk}.pdf")
        return response
