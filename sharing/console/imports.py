"""The publisher's imports in the console: upload a CSV or XLSX file of a kind, download the kind's template,
follow the job's progress (htmx polls the live part, as on a match run's page), download the rejected rows.

The same service functions as POST/GET /api/v1/imports/ (``sharing.interchange.imports``): the upload's checks
(kind, format, size, header: a 400 page naming what is wrong), the partner's own imports only (another partner's
is a 404), the rejected rows' CSV and its audit event, the template.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from sharing.choices import Role
from sharing.console.auth import console_view, visible_or_404
from sharing.interchange import imports
from sharing.models import ImportJob

PUBLISHER = [Role.PUBLISHER]  # as the API: imports are the publisher's
RECENT = 20


class UploadForm(forms.Form):
    kind = forms.ChoiceField(choices=[(path, path) for path in imports.KIND_PATHS])
    file = forms.FileField(help_text="CSV (UTF-8, a header row of the API's field names) or XLSX.")


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return visible_or_404(imports.imports_of(request.principal), pk=pk)


def _page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    jobs = list(imports.imports_of(request.principal)[:RECENT])
    return render(request, "console/imports/list.html",
                  {"nav": "imports", "form": form, "jobs": jobs, "kinds": list(imports.KIND_PATHS),
                   "path_of": imports.PATH_OF_KIND}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@console_view(PUBLISHER)
def imports_page(request: HttpRequest) -> HttpResponse:
    """Upload a file (POST) and the partner's latest imports (GET)."""
    if request.method != "POST":
        return _page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        job = imports.import_create(principal=request.principal, kind_path=form.cleaned_data["kind"],
                                    upload=form.cleaned_data["file"])
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return _page(request, form, status=400)
    messages.success(request, "File received. This page follows the import.")
    return redirect("console:import-detail", pk=job.pk)


def _context(request: HttpRequest, pk: int) -> dict:
    job = _job(request, pk)
    return {"nav": "imports", "job": job, "kind_path": imports.PATH_OF_KIND.get(job.kind, job.kind),
            "live": job.status in ("queued", "running")}


@require_safe
@console_view(PUBLISHER)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "console/imports/detail.html", _context(request, pk))


@require_safe
@console_view(PUBLISHER)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's live part alone (htmx polls it every two seconds while the job is queued or running)."""
    return render(request, "console/imports/_progress.html", _context(request, pk))


@require_safe
@console_view(PUBLISHER)
def import_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows that were not stored, as CSV (GET /api/v1/imports/{id}/rejected/)."""
    return imports.rejected_response(_job(request, pk), request.principal, head=request.method == "HEAD")


@require_safe
@console_view(PUBLISHER)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The kind's CSV template (GET /api/v1/imports/templates/{kind}.csv)."""
    response = imports.template_response(kind)
    if response is None:
        raise Http404("No such kind of record.")
    return response
