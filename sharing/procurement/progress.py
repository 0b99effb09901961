"""Agency progress (issue 15 part 6): per partner, agency and quarter, the domestic and allied shares of purchases,
the waivers by reason and value, and the concentration of purchases by channel or marketplace.

Only records the caller may see are read (purchase totals and waivers alike), so no figure depends on a hidden
record and no disclosure threshold is needed: an aggregate of visible records discloses nothing the caller could
not add up itself. Two partners may therefore get different answers.

- Shares are of the total value (domestic + allied + other) of the cell's purchase totals.
- Channel HHI: the sum of the squared percentage shares of each channel's total value (0..10,000; above 2,500 is
  highly concentrated): one marketplace taking most purchases is a dependence too.
- A waiver falls in the quarter of the day it was posted for review, or else proposed; one with neither date is
  in no quarter. Agencies match without regard to case. Waiver values keep their own currencies.
Two queries whatever the number of cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sharing.models import Partner, PurchaseTotal, Waiver
from sharing.principal import Principal

ZERO = Decimal(0)


@dataclass
class Cell:
    partner: str
    agency: str
    year: int
    quarter: int
    domestic: Decimal = ZERO
    allied: Decimal = ZERO
    other: Decimal = ZERO
    channels: dict[str, Decimal] = field(default_factory=dict)
    waivers: dict[str, dict] = field(default_factory=dict)  # reason -> {"count": n, "values": {currency: value}}

    @property
    def total(self) -> Decimal:
        return self.domestic + self.allied + self.other

    def share(self, part: Decimal) -> Decimal | None:
        return part * 100 / self.total if self.total else None

    @property
    def channel_hhi(self) -> Decimal | None:
        if not self.total:
            return None
        return sum(((value * 100 / self.total) ** 2 for value in self.channels.values()), ZERO)


@dataclass
class Progress:
    cells: list[Cell]
    records_used: set[tuple[str, int, int, str]]


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def agency_progress(*, principal: Principal, partner: Partner | None = None, agency: str | None = None,
                    year: int | None = None, quarter: int | None = None) -> Progress:
    totals = PurchaseTotal.objects.visible_to(principal)
    waivers = Waiver.objects.visible_to(principal)
    if partner is not None:
        totals, waivers = totals.filter(owner=partner), waivers.filter(owner=partner)
    if agency:
        totals, waivers = totals.filter(agency__iexact=agency), waivers.filter(agency__iexact=agency)
    if year is not None:
        totals = totals.filter(year=year)
    if quarter is not None:
        totals = totals.filter(quarter=quarter)
    cells: dict[tuple, Cell] = {}
    used: set[tuple[str, int, int, str]] = set()

    def cell(code: str, name: str, y: int, q: int) -> Cell:
        key = (code, name.casefold(), y, q)
        if key not in cells:
            cells[key] = Cell(code, name, y, q)
        return cells[key]

    for row in totals.values("id", "owner_id", "owner__code", "marking", "agency", "year", "quarter", "channel",
                             "domestic_value", "allied_value", "other_value").order_by("id"):
        used.add(("purchase_total", row["owner_id"], row["id"], row["marking"]))
        c = cell(row["owner__code"], row["agency"], row["year"], row["quarter"])
        c.domestic += row["domestic_value"]
        c.allied += row["allied_value"]
        c.other += row["other_value"]
        value = row["domestic_value"] + row["allied_value"] + row["other_value"]
        c.channels[row["channel"]] = c.channels.get(row["channel"], ZERO) + value

    for row in waivers.values("id", "owner_id", "owner__code", "marking", "agency", "reason", "value", "currency",
                              "posted_on", "proposed_on").order_by("id"):
        day = row["posted_on"] or row["proposed_on"]
        if day is None:
            continue
        y, q = _quarter(day)
        if (year is not None and y != year) or (quarter is not None and q != quarter):
            continue
        used.add(("waiver", row["owner_id"], row["id"], row["marking"]))
        c = cell(row["owner__code"], row["agency"], y, q)
        entry = c.waivers.setdefault(row["reason"], {"count": 0, "values": defaultdict(lambda: ZERO)})
        entry["count"] += 1
        entry["values"][row["currency"]] += row["value"]

    ordered = sorted(cells.values(), key=lambda c: (c.partner, c.agency.casefold(), c.year, c.quarter))
    return Progress(cells=ordered, records_used=used)
