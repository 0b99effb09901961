"""The sector report (issue 14 part 5): a supply-chain review of every product of a sector or industrial base, as
one JSON document (api_docs/report.schema.json).

Nothing here computes a figure of its own. Each section of a product is the answer of the analytics function that
the product's API endpoint calls, under the reader's ``Viewer``, so every figure obeys the disclosure rule
(sharing/analytics/disclosure.py) exactly as the endpoint does: a figure suppressed there is suppressed (null and
marked) here, and a figure published there is the same figure here.

- concentration, HHI band, non-partner share: ``concentration`` (GET /analytics/concentration/?product=)
- chokepoints, single-source buyers: ``chokepoints`` (GET /analytics/chokepoints/)
- dependence on outside the alliance, by tier: ``dependence_for`` (GET /analytics/dependence/), for the reader's
  own partner, all the sector's products in one walk (its reads are per sector, not per product)
- stockpile coverage, spare and releasable capacity against demand: ``coverage`` (GET /analytics/coverage/), for
  the reader's partner and for the alliance
- allied-only output and its bottleneck: ``allied_output`` (GET /analytics/allied-capacity/), partner countries

Reads are per sector, not per product: the sector's capacity cells by (product, country) once, from which each
product's concentration, chokepoints and coverage cells are taken (``concentration_each``, ``chokepoints_each``,
``coverage_each``: the batch forms the endpoints call with one product, so the same code gives the same figures);
stockpiles and demand once for both coverage scopes; chokepoints' facilities and single-supplier links once.
What stays per product is allied-only output (its flow network is built per product).

What the report adds is arithmetic on published figures only: the vulnerability score (``SCORE_METHOD``), the
ranking, and the changes against an earlier report, read from the two stored reports (nothing computed again,
and nothing given for a figure that is null in either): no report minus another, and no report minus an endpoint's
answer, isolates anything that no published cell shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sharing.analytics.allied_output import allied_output
from sharing.analytics.concentration import (
    chokepoints_each,
    concentration_each,
    partner_countries,
    product_country_cells,
)
from sharing.analytics.coverage import coverage_each, scope_of
from sharing.analytics.dependence import dependence_for, origin_of
from sharing.analytics.disclosure import Viewer
from sharing.analytics.exposure import Exposure
from sharing.models import Partner, Product, ReviewSector
from sharing.principal import Principal

SCHEMA_VERSION = 1
CHOKEPOINT_ROWS = 5
COVERAGE_TARGET_MONTHS = 6
WEIGHTS: dict[str, float] = {
    "concentration": 0.25,
    "non_partner_share": 0.2,
    "dependence": 0.2,
    "stockpile_gap": 0.15,
    "allied_shortfall": 0.2,
}
SCORE_METHOD = (
    "Each product's vulnerability score is 100 times the weighted mean of five components in 0..1: concentration "
    "(HHI / 10,000), the non-partner share of capacity, the reader's dependence on suppliers outside the alliance "
    "at any tier (share of its supply), the stockpile gap (1 - the alliance's releasable stockpile months of "
    f"demand / {COVERAGE_TARGET_MONTHS}, floored at 0) and the allied shortfall (1 - allied-only output / the "
    "product's published capacity, floored at 0). A component that is unknown (no demand, no visible supply, no "
    "capacity) or withheld by the disclosure rule is left out and the others' weights are scaled to sum to 1; with "
    "no component known the score is null. Every component is a published figure of this report."
)
# The figures compared with an earlier report (dotted paths into a product's entry).
COMPARED = (
    "concentration.total", "concentration.hhi", "concentration.hhi_band", "concentration.non_partner_share",
    "concentration.top_country", "single_source_buyers", "dependence.overall",
    "coverage.partner.months_total", "coverage.partner.months_releasable",
    "coverage.alliance.months_total", "coverage.alliance.months_releasable",
    "coverage.alliance.spare_share_of_demand", "allied_output.output", "allied_output.bottleneck.product",
    "vulnerability.score",
)

Progress = Callable[[str, int], None]


@dataclass
class Reads:
    """What the report disclosed, for the audit trail: non-public records by kind and owner in published
    aggregates (for each product the largest count among its sections: they read the same records), and records
    shown one by one."""

    aggregates: dict[str, Counter] = field(default_factory=dict)
    records: dict[str, dict] = field(default_factory=dict)  # kind -> id -> record (each once)
    dependence: list[Exposure] = field(default_factory=list)

    def add_aggregate(self, kind: str, per_section: list[Counter]) -> None:
        merged: Counter = Counter()
        for counter in per_section:
            merged |= counter
        self.aggregates.setdefault(kind, Counter()).update(merged)

    def add_records(self, kind: str, records: list) -> None:
        shown = self.records.setdefault(kind, {})
        for record in records:
            shown.setdefault(record.pk, record)


@dataclass
class Report:
    body: dict
    reads: Reads


def _num(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def _concentration(body: dict, partners: set[str]) -> dict:
    countries = [
        {"country": row["country"], "nominal": _num(row["nominal"]), "share": row["share"],
         "partner": row["partner_country"], "suppressed": False}
        for row in body["countries"]
    ] + [
        {"country": entry["country"], "nominal": None, "share": None, "partner": entry["country"] in partners,
         "suppressed": True}
        for entry in body["suppressed"]
    ]
    return {
        "total": _num(body["total"]["nominal"]),
        "hhi": body["hhi"],
        "hhi_band": body["hhi_band"],
        "non_partner_share": body["non_partner_share"],
        "top_country": body["top_country"]["country"] if body["top_country"] else None,
        "countries": countries,
        "suppressed": body["suppressed_cells"],
    }


def _chokepoints(body: dict) -> dict:
    return {
        "countries": [{"rank": row["rank"], "country": row["country"], "share": row["share"]}
                      for row in body["countries"][:CHOKEPOINT_ROWS]],
        "facilities": [{"rank": row["rank"], "facility": row["facility"], "share": row["share"]}
                       for row in body["facilities"][:CHOKEPOINT_ROWS]],
    }


def _dependence(answer: Exposure, partner: Partner) -> dict:
    from sharing.api.allied import _figures  # the endpoint's own figures (rounding included)

    if not answer.supply_volume:
        return {"origin": "outside_alliance", "partner": partner.code, "supply_per_month": None, "overall": None,
                "unknown": None, "tiers": []}
    figures = _figures(answer)
    return {
        "origin": "outside_alliance",
        "partner": partner.code,
        "supply_per_month": _num(figures["supply_volume_per_month"]),
        "overall": figures["through_origin"],
        "unknown": figures["unknown"],
        "tiers": [{"tier": t["tier"], "share": t["share"]} for t in figures["tiers"]],
    }


def _coverage(body: dict) -> dict:
    months, shares = body["months_covered"], body["capacity_share"]
    suppressed = [entry["measure"] if "country" not in entry else f"{entry['measure']}:{entry['country']}"
                  for entry in body["suppressed"]]
    return {
        "scope": body["scope"],
        "partner": body["partner"],
        "months_total": months["total_demand"]["stockpile"],
        "months_releasable": months["total_demand"]["releasable"],
        "months_total_critical": months["critical_demand"]["stockpile"],
        "months_releasable_critical": months["critical_demand"]["releasable"],
        "spare_share_of_demand": shares["total_demand"]["spare"],
        "releasable_capacity_share_of_demand": shares["total_demand"]["releasable"],
        "demand_per_month": _num(body["demand"]["total_per_month"]),
        "suppressed": suppressed,
    }


def _allied(body: dict, total: float | None) -> dict:
    output = _num(body["achievable"])
    has_capacity = any(stage["capacity"] for stage in body["stages"])
    return {
        "countries": body["countries"] or [],
        "output": output,
        "share_of_capacity": round(output / total, 6) if output is not None and total else None,
        "bottleneck": {key: body["bottleneck"][key] for key in ("product", "countries", "limited_by")}
        if has_capacity else None,
        "stages": [
            {"product": stage["product"], "depth": stage["depth"], "capacity": _num(stage["capacity"]),
             "used": _num(stage["used"]),
             "partners": [{"partner": p["partner"], "quantity": _num(p["quantity"])} for p in stage["partners"]],
             "undisclosed": _num(stage["undisclosed"])}
            for stage in body["stages"]
        ],
        "suppressed": body["suppressed_cells"],
    }


def vulnerability(entry: dict) -> dict:
    """The documented score (``SCORE_METHOD``) of one product's entry."""
    hhi = entry["concentration"]["hhi"]
    months = entry["coverage"]["alliance"]["months_releasable"]
    allied_share = entry["allied_output"]["share_of_capacity"]
    components: dict[str, float | None] = {
        "concentration": round(hhi / 10000, 6) if hhi is not None else None,
        "non_partner_share": entry["concentration"]["non_partner_share"],
        "dependence": entry["dependence"]["overall"],
        "stockpile_gap": round(max(0.0, 1 - months / COVERAGE_TARGET_MONTHS), 6) if months is not None else None,
        "allied_shortfall": round(max(0.0, 1 - allied_share), 6) if allied_share is not None else None,
    }
    known = {name: value for name, value in components.items() if value is not None}
    weight = sum(WEIGHTS[name] for name in known)
    score = round(100 * sum(WEIGHTS[name] * value for name, value in known.items()) / weight, 1) if weight else None
    return {"score": score, "components": components}


def ranking(products: list[dict]) -> list[dict]:
    """Highest score first; unscored products last; ties by code."""
    ordered = sorted(products, key=lambda p: (p["vulnerability"]["score"] is None,
                                              -(p["vulnerability"]["score"] or 0), p["code"]))
    return [{"rank": rank, "code": p["code"], "name": p["name"], "score": p["vulnerability"]["score"]}
            for rank, p in enumerate(ordered, start=1)]


def _at(entry: dict, path: str) -> Any:
    value: Any = entry
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _withheld(entry: dict, path: str) -> bool:
    """Whether a null figure was withheld by the disclosure rule (rather than unknown): its section says so."""
    section = path.split(".")[0]
    if section == "coverage":
        return bool(entry["coverage"][path.split(".")[1]]["suppressed"])
    if section in ("concentration", "allied_output"):
        return bool(entry[section]["suppressed"])
    if section == "dependence":
        return False  # from the links the reader sees: never suppressed, null only when unknown
    return bool(entry.get("suppressed_cells"))  # the score: null when no component is known


def changes(before: dict, after_products: list[dict], before_id: int) -> dict:
    """What changed since an earlier report: products added and removed, and each compared figure that differs,
    read from the two reports as stored (no figure is computed again). A figure null in either report has no
    change; ``suppressed`` says that the rule withheld it in either."""
    earlier = {p["code"]: p for p in before.get("products", [])}
    later = {p["code"]: p for p in after_products}
    figures = []
    for code in sorted(set(earlier) & set(later)):
        for path in COMPARED:
            old, new = _at(earlier[code], path), _at(later[code], path)
            if old == new:
                continue
            numeric = isinstance(old, int | float) and isinstance(new, int | float)
            withheld = (old is None and _withheld(earlier[code], path)) or (
                new is None and _withheld(later[code], path))
            figures.append({"product": code, "figure": path, "before": old, "after": new,
                            "change": round(new - old, 6) if numeric else None, "suppressed": withheld})
    return {
        "compare_to": before_id,
        "products_added": sorted(set(later) - set(earlier)),
        "products_removed": sorted(set(earlier) - set(later)),
        "figures": figures,
    }


def sector_products(sector: ReviewSector) -> list[Product]:
    return list(Product.objects.filter(sector.member_products_q()).distinct().order_by("code"))


def build_report(
    *, principal: Principal, sector: ReviewSector, as_of: date, compare_to: dict | None = None,
    compare_to_id: int | None = None, progress: Progress | None = None, generated_at: datetime | None = None,
) -> Report:
    """The report of ``sector`` as ``principal``'s partner may see it. ``compare_to`` is an earlier report's
    stored result (and ``compare_to_id`` its id). ``progress(stage, percent)`` is told as products are done."""
    partner = principal.partner
    if partner is None:
        raise ValueError("A report is read by a partner: the principal has none.")
    tell = progress or (lambda stage, percent: None)
    viewer = Viewer.of(principal)
    reads = Reads()
    tell("reading the sector", 1)
    products = sector_products(sector)
    partners = partner_countries()
    alliance = sorted(partners)
    outside = origin_of(country=None, outside_alliance=True)
    tell("dependence on outside the alliance", 5)
    dependence = {a.product.pk: a for a in dependence_for(principal=principal, products=products, partner=partner,
                                                          origin=outside)}
    reads.dependence = list(dependence.values())
    # The sector's capacity cells by (product, country), read once: each product's concentration, chokepoints and
    # coverage (both scopes) take their cells from it, as each endpoint's own read of that product would give them.
    tell("concentration, chokepoints and coverage", 8)
    cells = product_country_cells(viewer, products, ("nominal", "spare", "releasable"))
    concentrations = concentration_each(viewer=viewer, products=products, table=cells, partners=partners)
    chokes = chokepoints_each(viewer=viewer, products=products, limit=CHOKEPOINT_ROWS, table=cells)
    covers = coverage_each(viewer=viewer, products=products, scopes=[partner, None], on=as_of, table=cells)
    entries = []
    for index, product in enumerate(products):
        tell(f"product {index + 1} of {len(products)}: {product.code}", 10 + int(85 * index / max(1, len(products))))
        conc, choke = concentrations[product.pk], chokes[product.pk]
        own, allied_cover = covers[(product.pk, scope_of(partner))], covers[(product.pk, scope_of(None))]
        allied = allied_output(viewer=viewer, product=product, countries=alliance)
        reads.add_aggregate("capacity", [conc.aggregate_reads, choke.aggregate_reads, allied.aggregate_reads,
                                         own.reads["capacity"], allied_cover.reads["capacity"]])
        for kind in ("stockpile", "demand"):
            reads.add_aggregate(kind, [own.reads[kind], allied_cover.reads[kind]])
        for answer in (choke, allied):
            for kind, records in answer.record_reads.items():
                reads.add_records(kind, records)
        section = _concentration(conc.body, partners)
        entry = {
            "code": product.code,
            "name": product.name,
            "unit": product.unit,
            "suppressed_cells": conc.body["suppressed_cells"] + own.body["suppressed_cells"]
            + allied_cover.body["suppressed_cells"] + allied.body["suppressed_cells"],
            "concentration": section,
            "chokepoints": _chokepoints(choke.body),
            "single_source_buyers": choke.body["single_supplier_buyer_count"],
            "dependence": _dependence(dependence[product.pk], partner),
            "coverage": {"partner": _coverage(own.body), "alliance": _coverage(allied_cover.body)},
            "allied_output": _allied(allied.body, section["total"]),
        }
        entry["vulnerability"] = vulnerability(entry)
        entries.append(entry)
    tell("ranking", 96)
    body = {
        "schema_version": SCHEMA_VERSION,
        "title": f"Supply-chain review: {sector.name}",
        "sector": {"code": sector.code, "name": sector.name, "kind": sector.kind, "description": sector.description},
        "as_of": as_of.isoformat(),
        "generated_at": (generated_at or timezone.now()).isoformat().replace("+00:00", "Z"),
        "reader": {"partner": partner.code, "name": partner.name, "country": str(partner.country)},
        "disclosure": {
            "min_contributors": viewer.min_contributors,
            "note": (f"Every figure is computed with {partner.code}'s visibility. A cell holding records "
                     f"{partner.code} cannot see counts only when at least {viewer.min_contributors} other partners "
                     "contribute them; otherwise it is suppressed: null, marked, and left out of every total, share "
                     "and index. Facilities and supply links are those the reader can see."),
        },
        "compare_to": None,
        "score": {"method": SCORE_METHOD, "weights": dict(WEIGHTS), "coverage_target_months": COVERAGE_TARGET_MONTHS},
        "products": entries,
        "ranking": ranking(entries),
        "suppressed_cells": sum(entry["suppressed_cells"] for entry in entries),
        "changes": None,
    }
    if compare_to is not None:
        tell("comparing with the earlier report", 98)
        body["compare_to"] = {"id": compare_to_id, "as_of": compare_to["as_of"],
                              "generated_at": compare_to["generated_at"]}
        body["changes"] = changes(compare_to, entries, compare_to_id)
    return Report(body, reads)
