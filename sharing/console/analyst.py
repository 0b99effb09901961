"""The analyst's console pages: the product catalogue, and a product's concentration, chokepoints, exposure tiers
and the facilities the person may see, on a map.

Every figure is the API's own answer for the same caller: ``product_figures`` calls the functions the API views call
(``concentration_data``, ``chokepoints_data``, ``exposure_answer``: the same disclosure control, the same audit) and
the lists use the API's querysets, filter sets and cursor pages. Nothing here computes a figure of its own; it only
lays the answers out (bar widths for the chart, the map's points).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_countries import countries
from rest_framework.exceptions import ValidationError

from sharing.api.analytics import chokepoints_data, concentration_data
from sharing.api.exposure import ExposureQuerySerializer, exposure_answer
from sharing.api.filtersets import FacilityFilterSet, ProductFilterSet
from sharing.api.published_serializers import OUTPUT_SERIALIZERS, attach_groups
from sharing.api.published_views import audit_reads, published_queryset
from sharing.choices import Role, Sector
from sharing.console.auth import console_view
from sharing.console.paging import InvalidQuery, Page, cursor_page, query_errors
from sharing.models import Facility, Partner, Product
from sharing.principal import Principal

CHART_WIDTH = 480  # the bar area of the share chart, in SVG user units
CHART_ROW = 28


# --- the catalogue -------------------------------------------------------------------------------------------


def product_list(request: HttpRequest) -> tuple[ProductFilterSet, Page]:
    """The catalogue as GET /api/v1/products/ lists it, with its filters (search, sector), page by page."""
    filterset = ProductFilterSet(data=request.GET, queryset=Product.objects.prefetch_related("inputs__input"),
                                 request=request)
    if not filterset.is_valid():
        raise InvalidQuery(query_errors(filterset.errors))
    try:
        page = cursor_page(request, filterset.qs, ("code",))
    except ValidationError as exc:
        raise InvalidQuery(query_errors(exc.detail)) from None
    return filterset, page


# --- a product's page ----------------------------------------------------------------------------------------


@dataclass
class ChartBar:
    country: str
    name: str
    share: float | None
    width: int
    y: int
    suppressed: bool = False

    @property
    def label_y(self) -> int:
        return self.y + CHART_ROW // 2 + 4


@dataclass
class ProductFigures:
    product: Product
    concentration: dict
    chokepoints: dict
    exposure: dict | None
    exposure_query: dict
    exposure_errors: dict = field(default_factory=dict)
    facilities: list[dict] = field(default_factory=list)
    facility_page: Page | None = None

    @property
    def chart(self) -> list[ChartBar]:
        """One bar per published country (share of the published total), then one row per suppressed cell."""
        bars = []
        for index, row in enumerate(self.concentration["countries"]):
            share = row["share"]
            bars.append(ChartBar(row["country"], countries.name(row["country"]) or row["country"], share,
                                 round((share or 0) * CHART_WIDTH), index * CHART_ROW))
        for cell in self.concentration["suppressed"]:
            bars.append(ChartBar(cell["country"], countries.name(cell["country"]) or cell["country"], None, 0,
                                 len(bars) * CHART_ROW, suppressed=True))
        return bars

    @property
    def chart_height(self) -> int:
        return max(1, len(self.chart)) * CHART_ROW

    @property
    def map_points(self) -> list[dict]:
        """What the map script draws: the facilities listed on this page (the table under the map holds the same)."""
        return [
            {"id": f["id"], "name": f["name"], "country": f["country"], "kind": f["kind"],
             "status": f["status"], "owner": f["owner"], "lat": float(f["latitude"]), "lon": float(f["longitude"])}
            for f in self.facilities
        ]

    @property
    def map_shares(self) -> dict[str, float]:
        """Published country shares by ISO 3166-1 numeric code (the boundaries' ids), for shading."""
        shares = {}
        for row in self.concentration["countries"]:
            numeric = countries.numeric(row["country"], padded=True)
            if numeric and row["share"] is not None:
                shares[numeric] = row["share"]
        return shares


def exposure_question(request: HttpRequest, principal: Principal, product: Product,
                      concentration: dict) -> dict:
    """The exposure question the page answers: the partner (the person's own by default), the country (the top
    country by default) and the tiers, from the query string."""
    top = concentration.get("top_country") or {}
    question = {
        "product": product.code,
        "partner": request.GET.get("partner") or (principal.partner.code if principal.partner else ""),
        "country": request.GET.get("country") or top.get("country") or "",
    }
    if request.GET.get("max_tiers"):
        question["max_tiers"] = request.GET["max_tiers"]
    return question


def product_figures(request: HttpRequest, principal: Principal, product: Product) -> ProductFigures:
    """Everything the product page shows, each figure from the code path its API endpoint runs, for this caller:
    GET /api/v1/analytics/concentration/?product=, /chokepoints/?product=, /exposure/?product=&partner=&country=
    and /api/v1/facilities/?product= (the page of facilities the map draws)."""
    concentration = concentration_data(principal, product=product)
    chokepoints = chokepoints_data(principal, product=product)
    question = exposure_question(request, principal, product, concentration)
    figures = ProductFigures(product=product, concentration=concentration, chokepoints=chokepoints, exposure=None,
                             exposure_query=question)
    if question["country"] and question["partner"]:
        query = ExposureQuerySerializer(data=question)
        if query.is_valid():
            figures.exposure = exposure_answer(principal, **query.validated_data)
        else:
            figures.exposure_errors = query_errors(query.errors)
    figures.facilities, figures.facility_page = product_facilities(request, principal, product)
    return figures


def product_facilities(request: HttpRequest, principal: Principal, product: Product) -> tuple[list[dict], Page]:
    """A page of the facilities with capacity of the product that the caller may see, as
    GET /api/v1/facilities/?product=<code> gives it (and audits it)."""
    filterset = FacilityFilterSet(data={"product": product.code},
                                  queryset=published_queryset("facility", principal, listing=True), request=request)
    if not filterset.is_valid():  # pragma: no cover - the product code comes from the catalogue
        raise InvalidQuery(query_errors(filterset.errors))
    try:
        page = cursor_page(request, filterset.qs, ("id",))
    except ValidationError as exc:
        raise InvalidQuery(query_errors(exc.detail)) from None
    attach_groups(Facility, page.rows)
    audit_reads(principal, "facility", page.rows)
    rows = OUTPUT_SERIALIZERS["facility"](page.rows, many=True, context={"principal": principal}).data
    return rows, page


def exposure_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The partners (codes are public) and countries the exposure form offers."""
    partners = list(Partner.objects.order_by("code").values_list("code", "name"))
    return partners, [(str(code), str(name)) for code, name in countries]


# --- views ---------------------------------------------------------------------------------------------------

READER = {Role.READER}


@require_safe
@console_view()
def products_page(request: HttpRequest) -> HttpResponse:
    """The catalogue (public), searchable by code or name and filterable by sector."""
    try:
        filterset, page = product_list(request)
    except InvalidQuery as exc:
        return render(request, "console/analyst/products.html",
                      {"nav": "products", "errors": exc.errors, "sectors": Sector.choices, "query": request.GET},
                      status=400)
    return render(request, "console/analyst/products.html",
                  {"nav": "products", "page": page, "sectors": Sector.choices, "query": request.GET,
                   "filterset": filterset})


@require_safe
@console_view(READER)
def product_page(request: HttpRequest, code: str) -> HttpResponse:
    """A product's concentration, chokepoints, exposure tiers and the facilities the person may see."""
    product = Product.objects.prefetch_related("inputs__input").filter(code=code).first()
    if product is None:
        raise Http404("No such product.")
    partners, country_choices = exposure_choices()
    context = {"nav": "products", "product": product, "partners": partners, "countries": country_choices,
               "chart_width": CHART_WIDTH, "chart_row": CHART_ROW}
    try:
        figures = product_figures(request, request.principal, product)
    except InvalidQuery as exc:
        return render(request, "console/analyst/product.html", {**context, "errors": exc.errors}, status=400)
    status = 400 if figures.exposure_errors else 200
    return render(request, "console/analyst/product.html", {**context, "figures": figures}, status=status)
