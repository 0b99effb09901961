"""The console's sector-report pages: start a report for a sector, follow its progress (htmx polls the live part
while it runs), read the ranking and the JSON summary; the same run as GET /api/v1/reports/{id}/ for the same
partner, another partner's report a 404, nothing inline (strict CSP)."""

import re

import pytest

from sharing.choices import RunStatus
from sharing.models import ReportRun, ReviewSector
from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, output, site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def scene():
    jp, us = PartnerFactory(code="JP-METI", country="JP"), PartnerFactory(code="US-DOC", country="US")
    product = ProductFactory(code="MAG", name="Magnets", unit="t")
    output(us, site(us, "CN"), product, 300)
    output(jp, site(jp, "JP"), product, 100)
    sector = ReviewSector.objects.create(code="magnets", name="Magnets", kind="supply_chain")
    sector.products.set([product])
    reader = sign_in(make_person(jp, ("reader",), username="jp-reader"), address="192.0.2.31")
    other = sign_in(make_person(us, ("reader",), username="us-reader"), address="192.0.2.32")
    return {"jp": jp, "us": us, "sector": sector, "reader": reader, "other": other}


def no_inline(html: str) -> None:
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_start_a_report_follow_it_and_read_its_ranking(scene, django_capture_on_commit_callbacks):
    page = scene["reader"].get("/console/reports/")
    assert page.status_code == 200 and "Start a report" in page.content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.content.decode()).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = scene["reader"].post("/console/reports/", {"sector": "magnets", "idempotency_key": key})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/console/reports/{run.pk}/"
    assert run.status == RunStatus.SUCCEEDED and run.requested_by == scene["jp"]
    # The same form sent again (a double click) makes no second run.
    scene["reader"].post("/console/reports/", {"sector": "magnets", "idempotency_key": key})
    assert ReportRun.objects.count() == 1
    html = scene["reader"].get(response["Location"]).content.decode()
    no_inline(html)
    assert "Supply-chain review: Magnets" in html and "Products ranked by vulnerability score" in html
    assert "hx-get" not in html, "a finished report is not polled"
    score = run.result["ranking"][0]["score"]
    assert f"<td class=\"num\">{score}</td>" in html
    assert "&quot;ranking&quot;" in html  # the JSON summary
    # The rendered forms are linked, and open with the person's session; not for another partner.
    links = re.findall(r'<a href="(/api/v1/reports/\d+/report\.(?:html|pdf))">', html)
    assert links == [f"/api/v1/reports/{run.pk}/report.html", f"/api/v1/reports/{run.pk}/report.pdf"]
    page = scene["reader"].get(links[0])
    assert page.status_code == 200 and "Supply-chain review: Magnets" in page.content.decode()
    pdf = scene["reader"].get(links[1])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert [scene["other"].get(link).status_code for link in links] == [404, 404]
    # Another partner's report does not exist for it, nor its live part.
    assert scene["other"].get(response["Location"]).status_code == 404
    assert scene["other"].get(f"/console/reports/{run.pk}/progress/").status_code == 404


def test_a_running_report_is_polled_and_shows_its_stage(scene):
    run = ReportRun.objects.create(requested_by=scene["jp"], sector=scene["sector"], as_of="2026-11-30",
                                   status=RunStatus.RUNNING, progress_stage="product 1 of 1: MAG",
                                   progress_percent=10)
    html = scene["reader"].get(f"/console/reports/{run.pk}/").content.decode()
    no_inline(html)
    assert f'hx-get="/console/reports/{run.pk}/progress/"' in html and 'hx-trigger="every 2s"' in html
    assert "Product 1 of 1: MAG (10%)" in html
    assert "/report.html" not in html and "/report.pdf" not in html, "no rendered form before it has succeeded"
    part = scene["reader"].get(f"/console/reports/{run.pk}/progress/").content.decode()
    assert part.lstrip().startswith("<section") and "<html" not in part


def test_a_bad_form_says_why_and_starts_nothing(scene):
    response = scene["reader"].post("/console/reports/", {"sector": "no-such", "as_of": "yesterday"})
    assert response.status_code == 400 and not ReportRun.objects.exists()
    html = response.content.decode()
    assert html.count('role="alert"') >= 2
    # Another partner's report cannot be named for comparison (not among the choices, refused if sent).
    theirs = ReportRun.objects.create(requested_by=scene["us"], sector=scene["sector"], as_of="2026-11-30",
                                      status=RunStatus.SUCCEEDED, result={})
    response = scene["reader"].post("/console/reports/", {"sector": "magnets", "compare_to": theirs.pk})
    assert response.status_code == 400 and ReportRun.objects.count() == 1
    assert f"Report {theirs.pk}" not in scene["reader"].get("/console/reports/").content.decode()
