"""Sector reports in the console: start one for a sector, watch its progress (htmx polls the live part), read its
ranking and the JSON summary.

The same service and rules as the API (sharing/api/reports.py): the ``reader`` role; a request is checked by the
API's own serializer (``ReportRequestSerializer``) and stored by ``runs.report_request``; a run is the requesting
partner's alone (another's is a 404); the run is shown through the API's ``ReportRunSerializer``, so the console
shows what GET /api/v1/reports/{id}/ gives the same caller, no more and no less.
"""

from __future__ import annotations

import json
import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from sharing.api.reports import ReportRequestSerializer, ReportRunSerializer
from sharing.choices import Role, RunStatus
from sharing.console.auth import console_view, visible_or_404
from sharing.console.forms import DateInput, validate_as_api
from sharing.console.pagination import page_of
from sharing.models import ReportRun, ReviewSector
from sharing.review import runs

READ_ROLES = (Role.READER,)  # as the API's POST and GET /api/v1/reports/


def reports_of(principal):
    """The API's report list for this caller: its partner's own runs, newest first."""
    return (ReportRun.objects.select_related("requested_by", "sector")
            .filter(requested_by_id=principal.partner_id).order_by("-created_at", "-id"))


class ReportForm(forms.Form):
    sector = forms.ModelChoiceField(queryset=ReviewSector.objects.all(), to_field_name="code",
                                    empty_label="Choose a sector or industrial base")
    as_of = forms.DateField(widget=DateInput, required=False, label="Reference date",
                            help_text="Stockpiles expiring on or before it are left out (default: today).")
    compare_to = forms.ModelChoiceField(queryset=ReportRun.objects.none(), required=False,
                                        label="Compare with an earlier report",
                                        empty_label="No comparison",
                                        help_text="One of your finished reports of the same sector.")
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, principal=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].label_from_instance = lambda s: f"{s.name} ({s.get_kind_display().lower()})"
        self.fields["compare_to"].queryset = reports_of(principal).filter(status=RunStatus.SUCCEEDED).defer("result")
        self.fields["compare_to"].label_from_instance = (
            lambda r: f"Report {r.pk}: {r.sector.code}, as of {r.as_of:%Y-%m-%d}")


def _list_page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    return render(request, "console/reports/list.html", {
        "nav": "reports", "form": form, "page": page_of(request, reports_of(request.principal).defer("result")),
    }, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@console_view(READ_ROLES)
def report_list(request: HttpRequest) -> HttpResponse:
    """Your partner's reports, and the form that starts one (the API's POST /api/v1/reports/)."""
    principal = request.principal
    if request.method != "POST":
        return _list_page(request, ReportForm(principal=principal, initial={"idempotency_key": uuid.uuid4().hex}))
    form = ReportForm(request.POST, principal=principal)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    data = form.cleaned_data
    given = {"sector": data["sector"].code, "as_of": data["as_of"],
             "compare_to": data["compare_to"].pk if data["compare_to"] else None}
    body = ReportRequestSerializer(data={k: v for k, v in given.items() if v is not None},
                                   context={"principal": principal})
    if not validate_as_api(form, body):
        return _list_page(request, form, status=400)
    from sharing.health import broker_reachable

    if not broker_reachable():
        messages.error(request, "The job queue is unreachable; nothing was queued. Try again shortly.")
        return _list_page(request, form, status=503)
    run, _ = runs.report_request(principal=principal, sector=body.validated_data["sector"],
                                 as_of=body.validated_data["as_of"], compare_to=body.validated_data.get("compare_to"),
                                 idempotency_key=data["idempotency_key"])
    messages.success(request, "Report queued. This page follows it.")
    return redirect("console:report-detail", pk=run.pk)


def _report_context(request: HttpRequest, pk: int) -> dict:
    run = visible_or_404(reports_of(request.principal), pk=pk)
    data = ReportRunSerializer(run).data
    result = data["result"]
    return {
        "nav": "reports", "run": data, "result": result,
        "live": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "summary": json.dumps({key: result[key] for key in ("title", "sector", "as_of", "reader", "disclosure",
                                                            "ranking", "suppressed_cells", "changes")},
                              indent=2) if result else "",
        "ranking": _ranking_rows(result) if result else [],
        # The rendered forms of a finished report: the API's routes, which take the person's session as the API
        # takes a key (the same run, the same 404 for anyone else).
        "report_links": [
            {"title": "Read the report as a page, with charts (HTML)", "url": f"/api/v1/reports/{run.pk}/report.html"},
            {"title": "Download the report as a PDF", "url": f"/api/v1/reports/{run.pk}/report.pdf"},
        ] if run.status == RunStatus.SUCCEEDED else [],
    }


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _ranking_rows(result: dict) -> list[dict]:
    """The report's ranking with a few of each product's figures beside it (laid out, not computed again)."""
    products = {p["code"]: p for p in result["products"]}
    rows = []
    for row in result["ranking"]:
        product = products[row["code"]]
        rows.append({**row, "unit": product["unit"], "hhi": product["concentration"]["hhi"],
                     "non_partner": _percent(product["concentration"]["non_partner_share"]),
                     "dependence": _percent(product["dependence"]["overall"]),
                     "output": product["allied_output"]["output"]})
    return rows


@require_safe
@console_view(READ_ROLES)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "console/reports/detail.html", _report_context(request, pk))


@require_safe
@console_view(READ_ROLES)
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's live part alone (htmx polls it every two seconds while the run is queued or running)."""
    return render(request, "console/reports/_progress.html", _report_context(request, pk))
