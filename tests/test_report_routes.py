"""GET /api/v1/reports/{id}/report.html and report.pdf (sharing/api/report_renders.py): the demo's critical-minerals
report asked for through the job, rendered, and read back with the tools a person would use (pdftoppm, pdftotext,
the Nu Html Checker); the run's visibility (404 alike for another partner's run, whatever its state, and for no run),
409 while not done, 503 without the PDF renderer, the page's strict CSP, the audit of each read, and constant reads.
"""

from __future__ import annotations

import importlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing.api import report_renders
from sharing.models import AuditEvent, Partner, ReportRun, ReviewSector
from sharing.review import charts
from sharing.review.render import PdfRendererUnavailable
from tests.factories import PartnerFactory
from tests.report_tools import pdf_page_text, pdf_pages_as_png, pixels_of, vnu_messages
from tests.test_report_render import sample

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def demo(tmp_path):
    # A transactional test on the same worker may have flushed what migration 0016 seeded: seed it again.
    importlib.import_module("sharing.migrations.0016_review_sectors").seed(apps, None)
    call_command("load_demo", keys_file=str(tmp_path / "demo-keys.txt"), stdout=StringIO())
    return {p.code: p for p in Partner.objects.all()}


def test_the_demo_critical_minerals_report_as_pdf_and_html(demo, client_for, django_capture_on_commit_callbacks,
                                                           tmp_path):
    japan = client_for(demo["JP-METI"], ["reader"])
    with django_capture_on_commit_callbacks(execute=True):
        asked = japan.post("/api/v1/reports/", {"sector": "critical-minerals"}, format="json")
    assert asked.status_code == 202, asked.content
    run = japan.get(asked["Location"]).json()
    assert run["status"] == "succeeded", run["error"]
    report = run["result"]

    pdf = japan.get(f"/api/v1/reports/{run['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (f'attachment; filename="report-critical-minerals-{run["as_of"]}-'
                                          f'{run["id"]}.pdf"')
    pages = pdf_pages_as_png(pdf.content, tmp_path)
    # The title page with the ranking, then one page per product (no earlier report: no changes page).
    assert report["changes"] is None and len(pages) == 1 + len(report["products"])
    first = " ".join(pdf_page_text(pdf.content, 1).split())
    assert "Supply-chain review: Critical minerals and materials" in first and "Vulnerability ranking" in first
    assert pixels_of(pages[0], charts.SCORE) > 300  # the ranking chart's bars are drawn on page 1
    for number, product in enumerate(report["products"], start=2):
        assert " ".join(pdf_page_text(pdf.content, number).split()).startswith(
            f"{product['name']} ({product['code']})")

    page = japan.get(f"/api/v1/reports/{run['id']}/report.html")
    assert page.status_code == 200 and page["Content-Type"] == "text/html; charset=utf-8"
    assert page["Content-Security-Policy"] == report_renders.REPORT_CSP
    html = page.content.decode()
    assert "<script" not in html and "<title>Supply-chain review: Critical minerals and materials</title>" in html
    messages = vnu_messages(html)
    assert [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"] == []

    reads = AuditEvent.objects.filter(action="report_run.read", object_id=str(run["id"]))
    assert sorted(e.detail["format"] for e in reads) == ["html", "pdf"]
    assert {e.actor_partner_id for e in reads} == {demo["JP-METI"].pk}


@pytest.fixture
def runs(client_for):
    owner, other = PartnerFactory(code="JP-METI"), PartnerFactory(code="US-DOC")
    sector, _ = ReviewSector.objects.get_or_create(code="critical-minerals",
                                                   defaults={"name": "Critical minerals", "kind": "supply_chain"})

    def run(status: str, partner=owner) -> ReportRun:
        return ReportRun.objects.create(requested_by=partner, sector=sector, as_of=date(2026, 11, 30), status=status,
                                        result=sample() if status == "succeeded" else None)

    return {"owner": client_for(owner, ["reader"]), "other": client_for(other, ["reader"]), "run": run,
            "other_partner": other}


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_another_partners_report_is_a_404_whatever_its_state(runs, form):
    """Nothing tells another partner that a run exists, nor how far it got: every state answers as no run does."""
    answers = []
    for status in ("succeeded", "queued", "running", "failed"):
        response = runs["other"].get(f"/api/v1/reports/{runs['run'](status).pk}/report.{form}")
        answers.append((response.status_code, response.json()["detail"], response["Content-Type"]))
    missing = runs["other"].get(f"/api/v1/reports/{2**52 + 7}/report.{form}")
    assert set(answers) == {(404, missing.json()["detail"], missing["Content-Type"])}
    assert missing.status_code == 404
    assert not AuditEvent.objects.filter(action="report_run.read").exists()


@pytest.mark.parametrize("form", ["html", "pdf"])
@pytest.mark.parametrize("status", ["queued", "running", "failed"])
def test_a_report_not_done_is_a_409_problem(runs, form, status):
    run = runs["run"](status)
    response = runs["owner"].get(f"/api/v1/reports/{run.pk}/report.{form}")
    assert response.status_code == 409 and response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"].startswith(f"Report {run.pk} is {status}: its {form.upper()} exists once")
    assert not AuditEvent.objects.filter(action="report_run.read").exists()


def test_without_the_pdf_renderer_the_pdf_is_a_503_problem_and_the_html_still_renders(runs, monkeypatch):
    def unavailable(report):
        raise PdfRendererUnavailable("the PDF renderer cannot load: OSError")

    monkeypatch.setattr(report_renders, "render_report_pdf", unavailable)
    run = runs["run"]("succeeded")
    response = runs["owner"].get(f"/api/v1/reports/{run.pk}/report.pdf")
    assert response.status_code == 503 and response["Content-Type"].startswith("application/problem+json")
    assert "PDF renderer cannot load" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action="report_run.read").exists()
    assert runs["owner"].get(f"/api/v1/reports/{run.pk}/report.html").status_code == 200


def test_head_answers_as_get_without_a_body(runs):
    run = runs["run"]("succeeded")
    for form, media in (("html", "text/html; charset=utf-8"), ("pdf", "application/pdf")):
        head = runs["owner"].head(f"/api/v1/reports/{run.pk}/report.{form}")
        assert head.status_code == 200 and head["Content-Type"] == media and head.content == b""


def test_a_browser_or_pdf_client_gets_the_file_and_a_problem_as_json(runs):
    """Content negotiation: a browser's Accept, or one that asks for a PDF only, gets the form; an error is still
    the JSON problem."""
    run = runs["run"]("succeeded")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert runs["owner"].get(f"/api/v1/reports/{run.pk}/report.html", HTTP_ACCEPT=browser).status_code == 200
    assert runs["owner"].get(f"/api/v1/reports/{run.pk}/report.pdf",
                             HTTP_ACCEPT="application/pdf").status_code == 200
    hidden = runs["other"].get(f"/api/v1/reports/{run.pk}/report.pdf", HTTP_ACCEPT="application/pdf")
    assert hidden.status_code == 404 and hidden["Content-Type"].startswith("application/problem+json")


def test_the_reads_do_not_grow_with_the_report(runs):
    """A rendering reads the run (with its partner and sector) and writes one audit event, however many products
    the report holds."""
    small = runs["run"]("succeeded")
    large = runs["run"]("succeeded")
    report = sample()
    report["products"] = report["products"] * 6
    large.result = report
    large.save(update_fields=["result"])
    runs["owner"].get(f"/api/v1/reports/{small.pk}/report.html")  # the key's first use fills its cache
    counts = []
    for run in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert runs["owner"].get(f"/api/v1/reports/{run.pk}/report.html").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_pdf_is_rendered_once_then_served_as_stored(runs, monkeypatch):
    """The first GET renders and keeps the file; a HEAD and a second GET read it back (the same bytes) without
    rendering again; each GET is still audited. Another partner's request renders nothing."""
    from sharing.models import ReportPdf

    rendered = []
    real = report_renders.render_report_pdf

    def counting(report):
        rendered.append(1)
        return real(report)

    monkeypatch.setattr(report_renders, "render_report_pdf", counting)
    run = runs["run"]("succeeded")
    assert runs["other"].get(f"/api/v1/reports/{run.pk}/report.pdf").status_code == 404
    assert rendered == [] and not ReportPdf.objects.exists()
    first = runs["owner"].get(f"/api/v1/reports/{run.pk}/report.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF-") and len(rendered) == 1
    assert bytes(ReportPdf.objects.get(run=run).content) == first.content
    head = runs["owner"].head(f"/api/v1/reports/{run.pk}/report.pdf")
    again = runs["owner"].get(f"/api/v1/reports/{run.pk}/report.pdf")
    assert head.status_code == 200 and head.content == b"" and again.content == first.content
    assert len(rendered) == 1
    assert AuditEvent.objects.filter(action="report_run.read", object_id=str(run.pk)).count() == 3
