"""The sector report's HTML and PDF forms (sharing/review/render.py) from the sample report (tests/fixtures/
report_sample.json, the JSON report's agreed shape): suppressed cells read "suppressed" and draw no bar, every chart
has a title, a description and a table of the same figures, hostile names are text, the page needs no inline script
or style, the HTML passes the Nu Html Checker, and the PDF's pages (through pdftoppm) are as many as expected, the
first with the title and a drawn chart.
"""

from __future__ import annotations

import builtins
import copy
import json
import re
from pathlib import Path

import html5lib
import pytest
from django.contrib.staticfiles import finders

from sharing.review import charts, render
from tests.report_tools import pdf_page_text, pdf_pages_as_png, pixels_of, vnu_messages

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "report_sample.json"
HOSTILE = "<script>alert(\"x\")</script> O'Brien & \"Sons\" </svg><b onmouseover='1'>"
NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def hostile_sample() -> dict:
    """The sample with publisher- and partner-supplied text replaced by markup, quotes and ampersands."""
    report = copy.deepcopy(sample())
    report["title"] = f"Supply-chain review: {HOSTILE}"
    report["sector"]["name"] = report["sector"]["description"] = HOSTILE
    report["reader"]["name"] = HOSTILE
    report["disclosure"]["note"] = HOSTILE
    report["score"]["method"] = HOSTILE
    cobalt = report["products"][0]
    cobalt["name"] = f"Cobalt {HOSTILE}"
    cobalt["chokepoints"]["facilities"][0]["facility"]["name"] = HOSTILE
    cobalt["chokepoints"]["facilities"][0]["facility"]["owner"] = HOSTILE
    cobalt["allied_output"]["stages"][0]["partners"][0]["partner"] = HOSTILE
    cobalt["allied_output"]["stages"][0]["product"] = HOSTILE
    report["ranking"][0]["name"] = f"Cobalt {HOSTILE}"
    report["changes"]["products_added"] = [HOSTILE]
    return report


def parse(html: str):
    return html5lib.parse(html, namespaceHTMLElements=True)


def text_of(element) -> str:
    return "".join(element.itertext())


def plots(document) -> list:
    return [svg for svg in document.iter(f"{SVG}svg") if "plot" in (svg.get("class") or "").split()]


def plot(document, key: str):
    found = [svg for svg in plots(document) if svg.get("aria-labelledby", "").startswith(f"{key}-title ")]
    assert len(found) == 1, key
    return found[0]


def bars(svg) -> list:
    """The data bars of a chart: its rects that carry a <title> (the segment's figure)."""
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


def table_cells(document, caption_start: str) -> list[list[str]]:
    """The first table whose caption starts so, as rows of cell texts (the header row first)."""
    tables = [t for t in document.iter(f"{NS}table")
              if text_of(t.find(f"{NS}caption")).startswith(caption_start)]
    assert tables, caption_start
    return [[text_of(cell).strip() for cell in row if cell.tag in (f"{NS}th", f"{NS}td")]
            for row in tables[0].iter(f"{NS}tr")]


def table_rows(document, caption_start: str) -> dict[str, list[str]]:
    return {cells[0]: cells[1:] for cells in table_cells(document, caption_start)}


# --- the charts' geometry and the page's content ----------------------------------------------------------------


def test_a_suppressed_country_share_reads_suppressed_and_draws_no_bar():
    chart = charts.country_chart("p1", sample()["products"][0])
    rows = {row.label: row for row in chart.rows}
    belgium = rows["BE (partner)"]
    assert belgium.hidden and belgium.value_text == "suppressed" and belgium.segments == ()
    china = rows["CN (non-partner)"]
    assert china.value_text == "72.8 %" and china.segments[0].width == round(0.727848 * charts.BAR_W)
    assert china.segments[0].fill == charts.NON_PARTNER and rows["JP (partner)"].segments[0].fill == charts.PARTNER
    assert rows["Non-partner total"].value_text == "81.0 %"

    document = parse(render.render_report_html(sample()))
    svg = plot(document, "p1-countries")
    assert len(bars(svg)) == len(chart.rows) - 1  # every country but Belgium, and the non-partner total
    assert "suppressed" in [text_of(t) for t in svg.iter(f"{SVG}text")]
    assert "BE (partner): suppressed" in text_of(svg.find(f"{SVG}desc"))
    assert table_rows(document, "Capacity share by country")["BE (partner)"] == ["suppressed"]


def test_withheld_coverage_reads_suppressed_and_unrecorded_coverage_reads_no_data():
    document = parse(render.render_report_html(sample()))
    cobalt = table_rows(document, "Stockpile coverage and capacity")
    # Cobalt: the alliance's stockpiles are withheld ("stockpile" in its suppressed list); its capacity is not.
    assert cobalt["Months covered: total stockpiles, all demand"] == ["2.9 months", "suppressed"]
    assert cobalt["Spare capacity per month, share of monthly demand"] == ["23.8 %", "31.0 %"]
    svg = plot(document, "p1-coverage-months")
    assert len(bars(svg)) == 4  # the reader's own four figures; none of the alliance's withheld ones
    # Lithium: the reader records no demand or stockpile of it: nothing is withheld, so "no data", not "suppressed".
    lithium = charts.coverage_months_chart("p2", sample()["products"][1], 6)
    own = [row for row in lithium.rows if row.label.startswith("Own")]
    assert {row.value_text for row in own} == {"no data"} and not any(row.segments for row in own)


def test_the_changes_table_gives_no_difference_for_a_suppressed_figure():
    document = parse(render.render_report_html(sample()))
    assert table_cells(document, "Figures that changed") == [
        ["Product", "Figure", "Before", "After", "Change"],
        ["cobalt", "concentration.hhi", "5,100.2", "5,436.7", "336.5"],
        ["cobalt", "coverage.alliance.months_releasable", "1.4", "suppressed", "suppressed"],
        ["cobalt", "vulnerability.score", "64.1", "67.7", "3.6"],
    ]


def test_every_chart_has_a_title_a_description_and_a_table():
    report = sample()
    document = parse(render.render_report_html(report))
    svgs = plots(document)
    assert len(svgs) == 1 + 5 * len(report["products"])  # ranking; per product 2 + 2 coverage + allied output
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert {title_id, desc_id} <= ids
        assert svg.find(f"{SVG}title").get("id") == title_id and text_of(svg.find(f"{SVG}title")).strip()
        assert svg.find(f"{SVG}desc").get("id") == desc_id and text_of(svg.find(f"{SVG}desc")).strip()
    # Each chart's panel holds a table whose rows are the chart's rows.
    ranking = table_rows(document, "Products ranked by vulnerability score")
    assert ranking == {"Rank and product": ["Score"], "1. Cobalt (refined)": ["67.7"], "2. Lithium carbonate": ["59.6"]}
    parents = {child: parent for parent in document.iter() for child in parent}
    for figure in document.iter(f"{NS}figure"):
        beside = parents[figure]  # the chart's block: a panel's chart-and-table pair, or the ranking's section
        while "side" not in (beside.get("class") or "").split() and beside.tag != f"{NS}section":
            beside = parents[beside]
        assert list(beside.iter(f"{NS}table")), text_of(figure.find(f"{NS}figcaption"))


def test_names_are_text_never_markup():
    html = render.render_report_html(hostile_sample())
    assert "<script" not in html and "<b onmouseover" not in html and "</svg><b" not in html
    document = parse(html)
    assert not list(document.iter(f"{NS}script")) and not list(document.iter(f"{NS}b"))
    assert text_of(document.find(f"{NS}head/{NS}title")) == f"Supply-chain review: {HOSTILE}"
    assert text_of(document.find(f".//{NS}h1")) == f"Supply-chain review: {HOSTILE}"
    facilities = table_rows(document, "Chokepoint facilities")
    assert facilities["1"] == [HOSTILE, "FI", HOSTILE, "8.2 %"]
    allied = plot(document, "p1-allied")
    assert HOSTILE in text_of(allied.find(f"{SVG}desc"))
    assert [t for t in allied.iter(f"{SVG}title") if text_of(t).startswith(f"{HOSTILE}:")]
    # No attribute carries a name: ids and classes are the renderer's own.
    for element in document.iter():
        for value in element.attrib.values():
            assert "<" not in value and "Brien" not in value


def test_the_page_needs_no_inline_script_or_style_and_loads_only_its_stylesheet():
    html = render.render_report_html(sample())
    document = parse(html)
    assert not list(document.iter(f"{NS}script")) and not list(document.iter(f"{NS}style"))
    for element in document.iter():
        assert "style" not in element.attrib
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    links = list(document.iter(f"{NS}link"))
    assert [(link.get("rel"), link.get("href")) for link in links] == [("stylesheet", "/static/sharing/report.css")]
    assert set(re.findall(r"https?://[^\"' <]+", html)) == {"http://www.w3.org/2000/svg"}
    assert finders.find("sharing/report.css") == str(render.STYLESHEET)
    # The PDF's HTML links nothing: the renderer is handed the stylesheet itself.
    assert not list(parse(render.render_report_html(sample(), for_pdf=True)).iter(f"{NS}link"))


def test_a_missing_pdf_renderer_is_reported_not_a_crash(monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(render.PdfRendererUnavailable, match="OSError"):
        render.render_report_pdf(sample())
    monkeypatch.setattr(builtins, "__import__", real_import)
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)  # not installed: ImportError
    with pytest.raises(render.PdfRendererUnavailable, match="ModuleNotFoundError"):
        render.render_report_pdf(sample())


def test_the_pdf_renderer_fetches_no_url():
    weasyprint = render._weasyprint()
    fetcher = render._refusing_fetcher(weasyprint)
    for url in ("file:///etc/hostname", "http://127.0.0.1/", "data:text/css,body{}"):
        with pytest.raises(ValueError, match="fetches no URL"):
            fetcher.fetch(url)


# --- through the tools: the Nu Html Checker, pdftoppm and pdftotext ------------------------------------------------


def test_the_html_passes_the_nu_html_checker():
    messages = vnu_messages(render.render_report_html(sample()), render.render_report_html(hostile_sample()))
    assert [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"] == []


def test_the_pdf_has_a_page_per_section_the_title_and_a_chart_on_page_one(tmp_path):
    report = sample()
    pdf = render.render_report_pdf(report)
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages_as_png(pdf, tmp_path)
    # The title page with the ranking, one page per product, one for the changes.
    assert len(pages) == 1 + len(report["products"]) + 1
    first = pdf_page_text(pdf, 1)
    assert report["title"] in " ".join(first.split())
    assert "Vulnerability ranking" in first
    # The ranking's bars are drawn: pixels of their colour on page 1 (a rendering without the chart has none).
    assert pixels_of(pages[0], charts.SCORE) > 300
    for number, product in enumerate(report["products"], start=2):
        text = " ".join(pdf_page_text(pdf, number).split())
        assert text.startswith(f"{product['name']} ({product['code']})")
        assert pixels_of(pages[number - 1], charts.NON_PARTNER) > 100  # its concentration and dependence bars
    assert pdf_page_text(pdf, len(pages)).lstrip().startswith("What changed since report 5183924471203317")


def test_the_pdf_says_suppressed_and_prints_names_as_written():
    pdf = render.render_report_pdf(hostile_sample())
    cobalt = " ".join(pdf_page_text(pdf, 2).split())
    assert "BE (partner) suppressed" in cobalt
    assert "Alliance, total suppressed" in cobalt
    first = " ".join(pdf_page_text(pdf, 1).split())
    assert " ".join(f"Supply-chain review: {HOSTILE}".split()) in first
