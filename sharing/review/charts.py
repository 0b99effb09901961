"""The sector report's charts as geometry: what each SVG draws, computed here, drawn by the report's template.

Pure functions of the JSON report (no ORM, no request): every figure they show is one the JSON report holds, so the
HTML and PDF forms cannot say more than the JSON does. Text is never put into markup here: the template escapes it
(publishers' names are hostile input).

How each chart treats a missing figure: a figure hidden by the disclosure rule is drawn as no bar at all, with the
word "suppressed" where its value would be (never a zero-length bar that reads as 0); a figure that is absent for
another reason (no demand recorded, no score) reads "no data". Colours are SVG presentation attributes (not CSS): the
page's Content-Security-Policy allows no inline style, and WeasyPrint draws presentation attributes as a browser does.
A colour never carries meaning alone: partner and non-partner countries are also named so in the bar's label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 590  # SVG user units; the page scales the drawing
LABEL_W = 200  # the row labels' column
BAR_X = LABEL_W + 10
BAR_W = 250  # the bars' full scale
VALUE_X = BAR_X + BAR_W + 8
ROW = 22
BAR_H = 14
TOP = 8  # space above the first row
AXIS_H = 22  # the tick labels under the last row

INK = "#1b1f23"
MUTED = "#5b6168"
GRID = "#c4c9ce"
PARTNER = "#0b5cad"
NON_PARTNER = "#c2410c"
NEUTRAL = "#0b5cad"
SCORE = "#7a1f8a"
# Partners at a stage of allied-only output, in the order of their codes; distinct for the colour-blind (Okabe-Ito).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

SUPPRESSED = "suppressed"
NO_DATA = "no data"


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    fill: str
    label: str  # the segment's tooltip and table text: "AU-DISR: 10 t"


@dataclass(frozen=True)
class Row:
    label: str
    y: int
    value_text: str  # a figure, "suppressed" or "no data"
    segments: tuple[Segment, ...] = ()
    hidden: bool = False  # suppressed or no data: no bar, the value text says why
    emphasis: bool = False  # drawn in bold (the non-partner total, the bottleneck stage)

    @property
    def bar_y(self) -> int:
        return self.y + (ROW - BAR_H) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW // 2 + 4

    @property
    def bar_h(self) -> int:
        return BAR_H


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class Chart:
    """One SVG: an id prefix for its <title> and <desc>, the rows, the scale's ticks, and a legend."""

    key: str
    title: str
    desc: str
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[tuple[str, str], ...] = ()  # (fill, label)
    marker: Tick | None = None  # a reference line across the rows (100 % of demand)
    width: int = WIDTH
    label_x: int = LABEL_W
    value_x: int = VALUE_X
    bar_x: int = BAR_X
    bar_end: int = BAR_X + BAR_W

    @property
    def rows_bottom(self) -> int:
        return TOP + len(self.rows) * ROW

    @property
    def height(self) -> int:
        return self.rows_bottom + AXIS_H

    @property
    def tick_y(self) -> int:
        return self.rows_bottom + 16


@dataclass
class ProductCharts:
    countries: Chart
    dependence: Chart
    coverage_months: Chart
    coverage_capacity: Chart
    allied_output: Chart | None
    partners: list[tuple[str, str]] = field(default_factory=list)


def percent(share: float | None) -> str:
    return f"{share * 100:.1f} %"


def number(value: float) -> str:
    if value == int(value) and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def figure_text(value: float | None, suppressed: bool, fmt) -> str:
    if value is None:
        return SUPPRESSED if suppressed else NO_DATA
    return fmt(value)


def _scale_x(value: float, top: float) -> int:
    if top <= 0:
        return 0
    return round(min(max(value, 0.0), top) / top * BAR_W)


def _share_ticks() -> tuple[Tick, ...]:
    return tuple(Tick(BAR_X + round(BAR_W * step / 4), f"{step * 25} %") for step in range(5))


def _nice_top(largest: float, floor: float) -> float:
    """A round upper end for the scale: at least ``floor``, 1, 2 or 5 times a power of ten."""
    top = max(largest, floor)
    power = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= top:
            return step * power
    return 10 * power  # not reached


def _value_ticks(top: float, fmt) -> tuple[Tick, ...]:
    return tuple(Tick(BAR_X + round(BAR_W * step / 4), fmt(top * step / 4)) for step in range(5))


def _bar_row(index: int, label: str, value: float | None, top: float, *, suppressed: bool, fill: str, fmt,
             emphasis: bool = False) -> Row:
    text = figure_text(value, suppressed, fmt)
    y = TOP + index * ROW
    if value is None:
        return Row(label, y, text, hidden=True, emphasis=emphasis)
    segment = Segment(BAR_X, _scale_x(value, top), fill, f"{label}: {text}")
    return Row(label, y, text, (segment,), emphasis=emphasis)


def _describe(rows: tuple[Row, ...] | list[Row]) -> str:
    return "; ".join(f"{row.label}: {row.value_text}" for row in rows) or "No rows."


def country_chart(key: str, product: dict) -> Chart:
    """Capacity share by country, partner and non-partner countries told apart, the non-partner total first."""
    concentration = product.get("concentration") or {}
    countries = concentration.get("countries") or []
    suppressed_count = concentration.get("suppressed") or 0
    ordered = sorted(countries, key=lambda c: (c.get("share") is None, -(c.get("share") or 0), c.get("country", "")))
    rows = [_bar_row(0, "Non-partner total", concentration.get("non_partner_share"), 1.0,
                     suppressed=bool(suppressed_count) or any(c.get("suppressed") for c in countries),
                     fill=NON_PARTNER, fmt=percent, emphasis=True)]
    for country in ordered:
        kind = "partner" if country.get("partner") else "non-partner"
        rows.append(_bar_row(len(rows), f"{country.get('country', '?')} ({kind})", country.get("share"), 1.0,
                             suppressed=bool(country.get("suppressed")),
                             fill=PARTNER if country.get("partner") else NON_PARTNER, fmt=percent))
    title = f"{product.get('name', '')}: capacity share by country"
    desc = _describe(rows)
    if suppressed_count:
        desc += f". {suppressed_count} cell(s) suppressed by the disclosure rule."
    return Chart(f"{key}-countries", title, desc, tuple(rows), _share_ticks(),
                 legend=((PARTNER, "Partner country"), (NON_PARTNER, "Non-partner country")))


def dependence_chart(key: str, product: dict) -> Chart:
    """The reader's supply from outside the alliance, tier by tier, overall, and the part of unknown origin."""
    dependence = product.get("dependence") or {}
    rows: list[Row] = []
    for tier in dependence.get("tiers") or []:
        rows.append(_bar_row(len(rows), f"Tier {tier.get('tier')}", tier.get("share"), 1.0, suppressed=False,
                             fill=NON_PARTNER, fmt=percent))
    rows.append(_bar_row(len(rows), "Overall", dependence.get("overall"), 1.0, suppressed=False,
                         fill=NON_PARTNER, fmt=percent, emphasis=True))
    rows.append(_bar_row(len(rows), "Origin unknown", dependence.get("unknown"), 1.0, suppressed=False,
                         fill=MUTED, fmt=percent))
    reader = dependence.get("partner") or "the reader"
    title = f"{product.get('name', '')}: share of {reader}'s supply from outside the alliance, by tier"
    return Chart(f"{key}-dependence", title, _describe(rows), tuple(rows), _share_ticks())


def months(value: float) -> str:
    return f"{value:.1f} months"


MONTH_FIGURES = (("total", "months_total"), ("releasable", "months_releasable"),
                 ("total, critical", "months_total_critical"), ("releasable, critical", "months_releasable_critical"))
CAPACITY_FIGURES = (("spare capacity", "spare_share_of_demand"),
                    ("releasable capacity", "releasable_capacity_share_of_demand"))
SCOPES = (("partner", "Own"), ("alliance", "Alliance"))


def coverage_withheld(scope: dict, name: str) -> bool:
    """Whether a null coverage figure was withheld by the disclosure rule (its scope lists what was withheld:
    ``stockpile``, ``demand``, ``capacity:<country>``), rather than absent (no demand or stockpile recorded)."""
    withheld = scope.get("suppressed") or []
    if "demand" in withheld:
        return True
    if name.startswith("months_"):
        return "stockpile" in withheld
    return any(str(item).startswith("capacity") for item in withheld)


def _coverage_rows(product: dict, figures, top_floor: float, fmt) -> tuple[tuple[Row, ...], float]:
    coverage = product.get("coverage") or {}
    cells = [(f"{prefix}, {label}", (coverage.get(scope) or {}), name)
             for scope, prefix in SCOPES for label, name in figures]
    values = [scope.get(name) for _, scope, name in cells]
    top = _nice_top(max([v for v in values if v is not None] or [0.0]), top_floor)
    rows = tuple(_bar_row(index, label, value, top, suppressed=coverage_withheld(scope, name), fill=NEUTRAL, fmt=fmt)
                 for index, ((label, scope, name), value) in enumerate(zip(cells, values, strict=True)))
    return rows, top


def coverage_months_chart(key: str, product: dict, target_months: float | None) -> Chart:
    """Months of demand that stockpiles cover, total and releasable, against all demand and its critical part: the
    reader's own stockpiles and demand, then the alliance's; the score's coverage target marked."""
    rows, top = _coverage_rows(product, MONTH_FIGURES, max(6.0, target_months or 0.0), months)
    reader = ((product.get("coverage") or {}).get("partner") or {}).get("partner") or "the reader"
    title = f"{product.get('name', '')}: months of demand covered by stockpiles ({reader}'s own, and the alliance's)"
    desc = _describe(rows)
    marker = None
    if target_months:
        marker = Tick(BAR_X + _scale_x(target_months, top), f"the coverage target of {target_months:g} months")
        desc += f". A dashed line marks {marker.label}."
    return Chart(f"{key}-coverage-months", title, desc, rows, _value_ticks(top, lambda v: f"{v:g}"), marker=marker)


def coverage_capacity_chart(key: str, product: dict) -> Chart:
    """Spare and releasable capacity per month as a share of monthly demand, with demand (100 %) marked."""
    rows, top = _coverage_rows(product, CAPACITY_FIGURES, 1.0, percent)
    title = f"{product.get('name', '')}: capacity per month against monthly demand (own, and the alliance's)"
    marker = Tick(BAR_X + _scale_x(1.0, top), "100 % of monthly demand")
    desc = _describe(rows) + f". A dashed line marks {marker.label}."
    return Chart(f"{key}-coverage-capacity", title, desc, rows,
                 _value_ticks(top, lambda v: f"{v * 100:g} %"), marker=marker)


def allied_output_chart(key: str, product: dict) -> tuple[Chart | None, list[tuple[str, str]]]:
    """Allied-only output by stage of the bill of materials: each stage's bar is its capacity in the allowed
    countries, filled by what each partner's facilities carry (and, in grey, flow through capacity the reader may not
    see). Stages are in different products and units, so each bar is drawn to its own stage's capacity."""
    allied = product.get("allied_output") or {}
    stages = allied.get("stages") or []
    partners = sorted({p.get("partner", "") for stage in stages for p in stage.get("partners") or []})
    colours = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(partners)}
    bottleneck = (allied.get("bottleneck") or {}).get("product")
    rows = []
    for index, stage in enumerate(stages):
        name = stage.get("product", "")
        label = f"{name} (bottleneck)" if name == bottleneck else name
        y = TOP + index * ROW
        parts = [(p.get("partner", ""), p.get("quantity")) for p in stage.get("partners") or []
                 if p.get("quantity") is not None]
        if stage.get("undisclosed"):
            parts.append(("not disclosed", stage["undisclosed"]))
        used = stage.get("used")
        if used is None and not parts:
            rows.append(Row(label, y, SUPPRESSED if allied.get("suppressed") else NO_DATA, hidden=True,
                            emphasis=name == bottleneck))
            continue
        carried = sum(quantity for _, quantity in parts)
        top = stage.get("capacity") or max(used or 0.0, carried) or 1.0
        segments, running = [], 0.0
        for partner, quantity in sorted(parts, key=lambda part: (part[0] == "not disclosed", part[0])):
            start = BAR_X + _scale_x(running, top)
            running += quantity
            fill = MUTED if partner == "not disclosed" else colours[partner]
            segments.append(Segment(start, BAR_X + _scale_x(running, top) - start, fill,
                                    f"{partner}: {number(quantity)}"))
        capacity = stage.get("capacity")
        value = number(used if used is not None else carried)
        value += f" of {number(capacity)}" if capacity is not None else ""
        rows.append(Row(label, y, value, tuple(segments), emphasis=name == bottleneck))
    if not rows:
        return None, []
    desc = "; ".join(f"{row.label}: {row.value_text}" + (" (" + ", ".join(s.label for s in row.segments) + ")"
                                                         if row.segments else "") for row in rows)
    title = (f"{product.get('name', '')}: allied-only output by stage and partner, per month "
             "(each bar is the stage's capacity in the allowed countries)")
    legend = tuple((colours[code], code) for code in partners)
    if any(stage.get("undisclosed") for stage in stages):
        legend += ((MUTED, "not disclosed"),)
    ticks = tuple(Tick(BAR_X + round(BAR_W * step / 4), f"{step * 25} %") for step in range(5))
    chart = Chart(f"{key}-allied", title, desc, tuple(rows), ticks, legend=legend)
    return chart, [(code, colours[code]) for code in partners]


def product_charts(index: int, product: dict, target_months: float | None = None) -> ProductCharts:
    key = f"p{index}"
    allied, partners = allied_output_chart(key, product)
    return ProductCharts(country_chart(key, product), dependence_chart(key, product),
                         coverage_months_chart(key, product, target_months), coverage_capacity_chart(key, product),
                         allied, partners)


def ranking_chart(report: dict) -> Chart:
    """Products by vulnerability score (0 to 100, higher is more vulnerable), in rank order."""
    ranking = sorted(report.get("ranking") or [], key=lambda r: (r.get("rank") is None, r.get("rank") or 0))
    rows = []
    for entry in ranking:
        rank = entry.get("rank")
        label = f"{rank}. {entry.get('name', '')}" if rank is not None else str(entry.get("name", ""))
        rows.append(_bar_row(len(rows), label, entry.get("score"), 100.0, suppressed=False, fill=SCORE,
                             fmt=lambda v: f"{v:.1f}"))
    return Chart("ranking", "Products ranked by vulnerability score (0 to 100)", _describe(rows), tuple(rows),
                 _value_ticks(100.0, lambda v: f"{v:g}"))
