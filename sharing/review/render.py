"""The sector report's rendered forms (issue 14 part 5): an HTML page with server-drawn SVG charts, and a PDF of the
same page.

One template draws both: ``render_report_html(report)`` is the page served to a browser, linking the report
stylesheet as a static file (the route's Content-Security-Policy allows no inline style or script, and the page
needs neither); ``render_report_pdf(report)`` lays the same HTML (``for_pdf=True``: no link, the stylesheet is handed
to the renderer directly) out as A4 pages with WeasyPrint. Why WeasyPrint rather than ReportLab: it draws the HTML
and SVG the page already has, so the PDF cannot drift from the HTML and there is one template to keep accessible and
escaped; ReportLab would need every chart and table drawn a second time in its own API. Its cost is Debian's Pango
(``make report-tools`` installs it when missing); where the library cannot load, ``PdfRendererUnavailable`` is
raised, which the API answers as a 503 problem rather than a 500.

The renderer fetches nothing: its URL fetcher refuses every URL (no internet on the networks this runs on, and no
file of the server's may be pulled into a report). Fonts come from the system's fontconfig (DejaVu, a Debian package).
Input is the JSON report as built by ``sharing.review.report`` and read back from the report run; every text in it
(sector, product, facility and partner names) is escaped by the template's autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from sharing.review import charts
from sharing.review.charts import NO_DATA, SUPPRESSED, figure_text, number, percent

TEMPLATE = "sharing/review/report.html"
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "sharing" / "report.css"
STYLESHEET_STATIC = "sharing/report.css"


class PdfRendererUnavailable(RuntimeError):
    """WeasyPrint (or the Pango it loads) is not installed: the PDF cannot be made on this server."""


@dataclass(frozen=True)
class Figure:
    label: str
    text: str
    hidden: bool = False


def _figure(label: str, value: Any, suppressed: bool, fmt) -> Figure:
    return Figure(label, figure_text(value, suppressed, fmt), value is None)


def _hhi_text(value: float) -> str:
    return f"{value:,.0f}"


def _product_view(index: int, product: dict, target_months: float | None) -> dict:
    concentration = product.get("concentration") or {}
    withheld = bool(concentration.get("suppressed"))
    unit = product.get("unit") or ""

    def quantity(value: float) -> str:
        return f"{number(value)} {unit}".strip()

    band = concentration.get("hhi_band")
    summary = [
        _figure("Capacity per month", concentration.get("total"), withheld, quantity),
        _figure("HHI (0 to 10,000)", concentration.get("hhi"), withheld, _hhi_text),
        Figure("HHI band", band or (SUPPRESSED if withheld else NO_DATA), band is None),
        _figure("Non-partner share", concentration.get("non_partner_share"), withheld, percent),
        _figure("Single-source buyers", product.get("single_source_buyers"), False, lambda v: f"{v:,}"),
        Figure("Suppressed cells", f"{product.get('suppressed_cells') or 0:,}"),
    ]
    chokepoints = product.get("chokepoints") or {}
    facilities = [
        {"rank": point.get("rank"), "name": (point.get("facility") or {}).get("name", ""),
         "country": (point.get("facility") or {}).get("country", ""),
         "owner": (point.get("facility") or {}).get("owner", ""),
         "share": _figure("share", point.get("share"), False, percent)}
        for point in chokepoints.get("facilities") or []
    ]
    countries = [{"rank": point.get("rank"), "country": point.get("country", ""),
                  "share": _figure("share", point.get("share"), False, percent)}
                 for point in chokepoints.get("countries") or []]
    allied = product.get("allied_output") or {}
    bottleneck = allied.get("bottleneck") or {}
    vulnerability = product.get("vulnerability") or {}
    components = [Figure(name.replace("_", " "), "unknown or suppressed" if value is None else f"{value:.2f}",
                         value is None)
                  for name, value in (vulnerability.get("components") or {}).items()]
    product_charts = charts.product_charts(index, product, target_months)
    return {
        "index": index, "anchor": f"product-{index}", "code": product.get("code", ""),
        "name": product.get("name", ""), "unit": unit, "summary": summary,
        "chokepoint_facilities": facilities, "chokepoint_countries": countries,
        "charts": product_charts, "coverage_table": _coverage_table(product_charts),
        "allied_output": _figure("Allied-only output per month", allied.get("output"),
                                 bool(allied.get("suppressed")), quantity),
        "allied_share": None if allied.get("share_of_capacity") is None else percent(allied["share_of_capacity"]),
        "allied_countries": ", ".join(allied.get("countries") or []),
        "bottleneck": bottleneck.get("product"), "bottleneck_countries": ", ".join(bottleneck.get("countries") or []),
        "bottleneck_limit": (bottleneck.get("limited_by") or "").replace("_", " "),
        "score": _figure("Vulnerability score", vulnerability.get("score"), False, lambda v: f"{v:.1f}"),
        "components": components,
    }


COVERAGE_LABELS = (
    "Months covered: total stockpiles, all demand", "Months covered: releasable stockpiles, all demand",
    "Months covered: total stockpiles, critical demand", "Months covered: releasable stockpiles, critical demand",
    "Spare capacity per month, share of monthly demand", "Releasable capacity per month, share of monthly demand",
)


def _coverage_table(product_charts: charts.ProductCharts) -> list[tuple[str, charts.Row, charts.Row]]:
    """The two coverage charts as one table: a row per figure, the reader's own and the alliance's side by side (the
    charts hold each scope's figures in that order)."""
    table = []
    for chart in (product_charts.coverage_months, product_charts.coverage_capacity):
        half = len(chart.rows) // 2
        table += zip(chart.rows[:half], chart.rows[half:], strict=True)
    return [(label, own, alliance) for label, (own, alliance) in zip(COVERAGE_LABELS, table, strict=True)]


def _change_text(value: Any, suppressed: bool) -> str:
    if value is None:
        return SUPPRESSED if suppressed else NO_DATA
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.4f}".rstrip("0").rstrip(".")  # as stored: a change's figure may be a share or an index


def report_context(report: dict, *, for_pdf: bool = False) -> dict:
    """What the template draws, all figures already in words: the template only lays them out."""
    score = report.get("score") or {}
    changes = report.get("changes")
    target = score.get("coverage_target_months")
    return {
        "report": report, "for_pdf": for_pdf, "stylesheet": STYLESHEET_STATIC,
        "title": report.get("title") or "Supply-chain review",
        "sector": report.get("sector") or {}, "reader": report.get("reader") or {},
        "disclosure": report.get("disclosure") or {}, "compare_to": report.get("compare_to"),
        "suppressed_cells": report.get("suppressed_cells") or 0,
        "score_method": score.get("method", ""),
        "weights": [(name.replace("_", " "), f"{weight:.2f}") for name, weight in (score.get("weights") or {}).items()],
        "ranking": charts.ranking_chart(report),
        "products": [_product_view(i, p, target) for i, p in enumerate(report.get("products") or [], start=1)],
        "changes": changes and {
            "compare_to": changes.get("compare_to"),
            "added": changes.get("products_added") or [], "removed": changes.get("products_removed") or [],
            "figures": [{"product": f.get("product", ""), "figure": f.get("figure", ""),
                         "before": _change_text(f.get("before"), bool(f.get("suppressed"))),
                         "after": _change_text(f.get("after"), bool(f.get("suppressed"))),
                         "change": _change_text(f.get("change"), bool(f.get("suppressed"))),
                         "suppressed": bool(f.get("suppressed"))}
                        for f in changes.get("figures") or []],
        },
    }


def render_report_html(report: dict, *, for_pdf: bool = False) -> str:
    """The report as one HTML document: charts as inline SVG, each with a table of the same figures."""
    return render_to_string(TEMPLATE, report_context(report, for_pdf=for_pdf))


def _weasyprint():
    """WeasyPrint, imported on first use: it loads Pango through cffi, which fails with OSError when missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # the package, or the system library it loads
        raise PdfRendererUnavailable(f"the PDF renderer cannot load: {type(exc).__name__}") from exc
    return weasyprint


def _refusing_fetcher(weasyprint):
    class RefusingFetcher(weasyprint.urls.URLFetcher):
        """Fetches nothing: a report holds everything it shows, and the server must not pull in a URL or file."""

        def fetch(self, url, headers=None):
            raise ValueError("the report renderer fetches no URL")

    return RefusingFetcher()


def render_report_pdf(report: dict) -> bytes:
    """The report as an A4 PDF: the HTML of ``render_report_html(for_pdf=True)`` laid out by WeasyPrint."""
    weasyprint = _weasyprint()
    html = render_report_html(report, for_pdf=True)
    fetcher = _refusing_fetcher(weasyprint)
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
