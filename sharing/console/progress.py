"""The agency-progress page (issue 15 part 6): GET /api/v1/procurement/progress/ for the signed-in person, as a
server-drawn SVG chart (per agency and quarter, the domestic, allied and other shares of purchases) with a table
that holds the same figures, the channel concentration (HHI) and the waivers by reason and value.

The figures come from ``progress_answer``, the function the API view calls, with the same query serializer: the
page cannot disagree with the API, and it audits reads of non-public records as the API does. No script: the
chart is SVG drawn here, styled from the analyst stylesheet (strict CSP).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sharing.api.procurement import ProgressQuerySerializer, progress_answer
from sharing.choices import Role
from sharing.console.auth import console_view
from sharing.console.paging import query_errors
from sharing.models import Partner

BAR_X = 310  # where the bars start, after the row labels (SVG user units)
BAR_WIDTH = 400  # 100 %
ROW = 30
PARTS = ("domestic", "allied", "other")
FILTERS = ("partner", "agency", "year", "quarter")


@dataclass
class Segment:
    part: str
    share: Decimal
    x: int
    width: int


@dataclass
class ChartRow:
    label: str
    y: int
    segments: list[Segment]
    total: str

    @property
    def text_y(self) -> int:
        return self.y + ROW // 2 + 4

    @property
    def bar_y(self) -> int:
        return self.y + 5


def chart_rows(cells: list[dict]) -> list[ChartRow]:
    """One stacked bar per cell with purchases: each part's share as a width, edges rounded from the running total
    so that the parts always fill the bar exactly. A cell with waivers only has no bar (no total to share)."""
    rows = []
    for cell in cells:
        if cell["domestic_share"] is None:
            continue
        segments, running, edge = [], Decimal(0), BAR_X
        for part in PARTS:
            share = Decimal(cell[f"{part}_share"])
            running += share
            end = BAR_X + round(min(running, Decimal(100)) * BAR_WIDTH / 100)
            segments.append(Segment(part, share, edge, max(0, end - edge)))
            edge = end
        label = f"{cell['partner']} {cell['agency']} {cell['year']} Q{cell['quarter']}"
        rows.append(ChartRow(label, len(rows) * ROW, segments, cell["total_value"]))
    return rows


@require_safe
@console_view({Role.READER})
def progress_page(request: HttpRequest) -> HttpResponse:
    """Agency progress for the person, filtered as the API is (partner, agency, year, quarter)."""
    given = {name: request.GET.get(name, "") for name in FILTERS}
    context = {"nav": "progress", "given": given, "quarters": (1, 2, 3, 4),
               "partners": list(Partner.objects.order_by("code").values_list("code", "name")),
               "bar_x": BAR_X, "bar_width": BAR_WIDTH, "row": ROW}
    query = ProgressQuerySerializer(data={name: value for name, value in given.items() if value})
    if not query.is_valid():
        return render(request, "console/analyst/progress.html", {**context, "errors": query_errors(query.errors)},
                      status=400)
    answer = progress_answer(request.principal, query.validated_data)
    rows = chart_rows(answer["cells"])
    return render(request, "console/analyst/progress.html", {
        **context, "answer": answer, "chart": rows, "chart_height": max(1, len(rows)) * ROW + 4,
        "label_x": BAR_X - 8, "value_x": BAR_X + BAR_WIDTH + 8,
    })
