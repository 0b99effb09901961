"""The supply-chain review's questions over HTTP: allied-only output, and dependence on one country.

Both need a key with the ``reader`` role. Allied-only output is an aggregate under disclosure control
(sharing/analytics/allied_output.py); dependence uses only the supply links the caller may see
(sharing/analytics/dependence.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django_countries import countries as iso_countries
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.analytics.allied_output import BASES, allied_output
from sharing.analytics.dependence import dependence_for, origin_of, ranked
from sharing.analytics.disclosure import Viewer, audit_aggregate
from sharing.analytics.exposure import Exposure
from sharing.api.analytics import DisclosureFields, fraction, quantity
from sharing.api.exposure import CodeField
from sharing.api.fields import choice_field, country_field
from sharing.api.published_views import audit_reads
from sharing.choices import Marking, Role, Sector
from sharing.models import Partner, Product
from sharing.principal import principal_of
from sharing.services.audit import audit_record

READER = {Role.READER}
MAX_COUNTRIES = 300


class CountryListField(serializers.CharField):
    """A comma-separated list of ISO 3166-1 alpha-2 codes (any case), without repeats in the result."""

    def to_internal_value(self, data) -> list[str]:
        text = super().to_internal_value(data)
        codes = [part.strip().upper() for part in text.split(",")]
        if not text.strip() or any(not code for code in codes):
            raise serializers.ValidationError("Give ISO 3166-1 alpha-2 country codes separated by commas, e.g. "
                                              '"JP,KR,US".')
        if len(codes) > MAX_COUNTRIES:
            raise serializers.ValidationError(f"At most {MAX_COUNTRIES} countries.")
        unknown = [code for code in codes if code not in iso_countries]
        if unknown:
            shown = ", ".join(f'"{code[:8]}"' for code in unknown[:5])
            raise serializers.ValidationError(f"Not ISO 3166-1 alpha-2 country codes: {shown}.")
        return sorted(set(codes))


class ProductCodeField(serializers.CharField):
    """A product code: text no code can be is a 400; a well-formed code not in the catalogue is a 404."""

    def to_internal_value(self, data) -> str:
        text = super().to_internal_value(data)
        if not text or len(text) > 40 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
            raise serializers.ValidationError("Not a product code (letters, digits, '-' and '_', at most 40).")
        return text


def product_or_404(code: str) -> Product:
    product = Product.objects.filter(code=code).first()
    if product is None:
        raise NotFound(f'No product with the code "{code}" in the catalogue.')
    return product


# --- allied-only output ------------------------------------------------------------------------------------------


class AlliedQuery(serializers.Serializer):
    product = ProductCodeField(max_length=100)
    countries = CountryListField(required=False, max_length=2000)
    excluding = CountryListField(required=False, max_length=2000)
    basis = choice_field(list(BASES), default="nominal")

    def validate(self, attrs: dict) -> dict:
        if "countries" in attrs and "excluding" in attrs:
            raise serializers.ValidationError("Give countries or excluding, not both.")
        return attrs


class StagePartnerSerializer(serializers.Serializer):
    partner = serializers.CharField(help_text="The code of the partner that publishes the facilities.")
    quantity = quantity(help_text="Their output at this stage in the plan, a month.")


class StageSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="The stage: a product of the bill of materials.")
    unit = serializers.CharField()
    depth = serializers.IntegerField(help_text="0: the end product; n: n steps down the bill of materials.")
    per_unit_of_end_product = serializers.FloatField(help_text="Units of this stage in one unit of the end product "
                                                               "(9 significant digits).")
    capacity = quantity(help_text="Capacity counted at this stage (published cells, allowed countries), a month.")
    used = quantity(help_text="Output at this stage in the plan, a month.")
    utilisation = fraction(help_text="used / capacity.")
    capacity_limit = quantity(help_text="capacity / per_unit_of_end_product: the most of the end product this "
                                        "stage's capacity allows, supply links aside.")
    countries = serializers.ListField(child=serializers.CharField(),
                                      help_text="Countries of the facilities that carry flow at this stage.")
    partners = StagePartnerSerializer(many=True, help_text="Partners whose facilities (that you may see) carry "
                                                            "flow, most first.")
    undisclosed = quantity(help_text="Flow from capacity you may not see (published cells of K or more partners).")


class BottleneckSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="The stage with the lowest ceiling (ties: the lowest "
                                              "capacity_limit, then nearer the end product).")
    countries = serializers.ListField(child=serializers.CharField(),
                                      help_text="Countries of its facilities that carry flow.")
    ceiling = quantity(help_text="The most of the end product if this stage alone were limited.")
    limited_by = serializers.ChoiceField(
        choices=["capacity", "supply_links"],
        help_text="supply_links: the ceiling is below the stage's capacity_limit, its supply links limit it.")


class SuppressedStageCellSerializer(serializers.Serializer):
    product = serializers.CharField()
    country = serializers.CharField()
    suppressed = serializers.BooleanField()


class AlliedOutputSerializer(DisclosureFields):
    product = serializers.CharField()
    unit = serializers.CharField()
    basis = serializers.ChoiceField(choices=list(BASES))
    countries = serializers.ListField(child=serializers.CharField(), allow_null=True,
                                      help_text="The countries whose facilities count (null with excluding).")
    excluding = serializers.ListField(child=serializers.CharField(), allow_null=True)
    achievable = quantity(help_text="The most of the end product a month.")
    bottleneck = BottleneckSerializer()
    stages = StageSerializer(many=True)
    solver = serializers.CharField()
    suppressed = SuppressedStageCellSerializer(many=True)


class AlliedCapacityView(APIView):
    """The most of a product that facilities in a chosen set of countries can make together in a month, through
    every stage of its bill of materials; the bottleneck stage; and who carries each stage.

    Facilities count by where they are. Without ``countries`` or ``excluding``: the countries of active partners.
    Under disclosure control: capacity you may not see counts only from published cells, as one undisclosed pool
    per stage and country; suppressed cells are left out whole and listed.
    """

    required_roles = {"GET": READER}

    @extend_schema(
        parameters=[
            OpenApiParameter("product", str, required=True, description="The end product's code."),
            OpenApiParameter("countries", str, description="Comma-separated ISO 3166-1 alpha-2 codes: only "
                                                           "facilities in these countries count."),
            OpenApiParameter("excluding", str, description="Instead of countries: facilities anywhere but in "
                                                           "these countries count."),
            OpenApiParameter("basis", str, enum=list(BASES),
                             description="nominal (default): what the facilities can make; spare: what they "
                                         "could add now."),
        ],
        responses=AlliedOutputSerializer,
    )
    def get(self, request):
        query = AlliedQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        product = product_or_404(data["product"])
        principal = principal_of(request)
        answer = allied_output(viewer=Viewer.of(principal), product=product, countries=data.get("countries"),
                               excluding=data.get("excluding"), basis=data["basis"])
        audit_aggregate(principal, "allied_capacity", answer.aggregate_reads, {"product": product.code})
        for kind, records in answer.record_reads.items():
            audit_reads(principal, kind, records)
        return Response(AlliedOutputSerializer(answer.body).data)


# --- dependence --------------------------------------------------------------------------------------------------


class OriginQuery(serializers.Serializer):
    partner = CodeField(slug_field="code", queryset=Partner.objects.all(),
                        help_text="The partner whose supply is traced (a public code).")
    country = country_field(required=False, help_text="ISO 3166-1 alpha-2 code of the country asked about.")
    outside_alliance = serializers.BooleanField(required=False, default=False)
    max_tiers = serializers.IntegerField(required=False, min_value=1)

    def validate_max_tiers(self, value: int) -> int:
        if value > settings.EXPOSURE_MAX_TIERS:
            raise serializers.ValidationError(f"At most {settings.EXPOSURE_MAX_TIERS}.")
        return value

    def validate(self, attrs: dict) -> dict:
        if bool(attrs.get("country")) == bool(attrs.get("outside_alliance")):
            raise serializers.ValidationError("Give either country or outside_alliance=true.")
        return attrs


class DependenceQuery(OriginQuery):
    product = ProductCodeField(max_length=100)


class RankingQuery(OriginQuery):
    sector = choice_field(Sector.choices)


class DependenceTierSerializer(serializers.Serializer):
    tier = serializers.IntegerField()
    share = serializers.FloatField(help_text="Share of the supply whose supplier at this tier is in the origin.")
    traced = serializers.FloatField()
    unknown = serializers.FloatField()
    cyclic = serializers.FloatField()
    suppliers = serializers.IntegerField()


class OriginSerializer(serializers.Serializer):
    country = serializers.CharField(allow_null=True)
    outside_alliance = serializers.BooleanField()
    alliance_countries = serializers.ListField(child=serializers.CharField(), allow_null=True,
                                               help_text="With outside_alliance: the countries of active partners.")


class DependenceFiguresSerializer(serializers.Serializer):
    product = serializers.CharField()
    supply_volume_per_month = quantity()
    tiers = DependenceTierSerializer(many=True)
    through_origin = serializers.FloatField(help_text="Share whose path touches the origin at any tier, once.")
    first_tier = serializers.FloatField(help_text="Share bought directly from suppliers in the origin.")
    unknown = serializers.FloatField()
    cyclic = serializers.FloatField()
    depth_limit_reached = serializers.BooleanField()
    work_limit_reached = serializers.BooleanField()
    supply_links_used = serializers.IntegerField()


class DependenceSerializer(DependenceFiguresSerializer):
    partner = serializers.CharField()
    origin = OriginSerializer()
    max_tiers = serializers.IntegerField()
    basis = serializers.CharField()


class RankedDependenceSerializer(DependenceFiguresSerializer):
    rank = serializers.IntegerField()


class DependenceRankingSerializer(serializers.Serializer):
    partner = serializers.CharField()
    sector = serializers.CharField()
    origin = OriginSerializer()
    max_tiers = serializers.IntegerField()
    products = RankedDependenceSerializer(many=True)
    basis = serializers.CharField()


DEPENDENCE_BASIS = (
    "Only the supply links and facilities you may see were used: a link you may not see counts as no link, so its "
    "weight is unknown, exactly as if it had not been published. Shares are fractions of the partner's supply."
)


def _r(value: float) -> float:
    return round(value, 6)


def _figures(answer: Exposure) -> dict:
    return {
        "product": answer.product.code,
        "supply_volume_per_month": answer.supply_volume,
        "tiers": [{"tier": t.tier, "share": _r(t.from_country), "traced": _r(t.traced), "unknown": _r(t.unknown),
                   "cyclic": _r(t.cyclic), "suppliers": t.suppliers} for t in answer.tiers],
        "through_origin": _r(answer.through_country),
        "first_tier": _r(answer.tiers[0].from_country) if answer.tiers else 0.0,
        "unknown": _r(answer.unknown),
        "cyclic": _r(answer.cyclic),
        "depth_limit_reached": answer.depth_limit_reached,
        "work_limit_reached": answer.work_limit_reached,
        "supply_links_used": len(answer.links_used),
    }


def _origin(data: dict, origin) -> dict:
    if data.get("outside_alliance"):
        return {"country": None, "outside_alliance": True, "alliance_countries": sorted(origin.countries)}
    return {"country": str(data["country"]), "outside_alliance": False, "alliance_countries": None}


def audit_links(principal, answers: list[Exposure], detail: dict) -> None:
    """As for exposure: one event per owner and kind, naming the non-public links and supplier facilities used."""
    by_owner: dict[tuple[str, int], set[int]] = defaultdict(set)
    for answer in answers:
        for link in answer.links_used:
            if link.marking != Marking.CLEAR:
                by_owner[("supply_link", link.owner_id)].add(link.id)
            if link.supplier_marking != Marking.CLEAR:
                by_owner[("facility", link.supplier_owner_id)].add(link.supplier_id)
    for (kind, owner_id), ids in sorted(by_owner.items()):
        ordered = sorted(ids)
        audit_record(action=f"{kind}.read", principal=principal, object_type=kind,
                     object_id=ordered[0] if len(ordered) == 1 else "", object_ids=ordered, object_owner=owner_id,
                     detail=detail)


ORIGIN_PARAMETERS = [
    OpenApiParameter("partner", str, required=True, description="Partner code."),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code of the country asked about."),
    OpenApiParameter("outside_alliance", bool,
                     description="true: ask about every country outside the alliance instead of one country."),
    OpenApiParameter("max_tiers", int, description="Tiers to follow at most (default and ceiling: "
                                                   "EXPOSURE_MAX_TIERS)."),
]


class DependenceView(APIView):
    """How much of a partner's supply of a product comes, tier by tier, from one country or from outside the
    alliance. Only the links and facilities you may see are used."""

    required_roles = {"GET": READER}

    @extend_schema(
        parameters=[OpenApiParameter("product", str, required=True, description="Product code."),
                    *ORIGIN_PARAMETERS],
        responses=DependenceSerializer,
    )
    def get(self, request):
        query = DependenceQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        product = product_or_404(data["product"])
        principal = principal_of(request)
        origin = origin_of(country=data.get("country"), outside_alliance=data["outside_alliance"])
        (answer,) = dependence_for(principal=principal, products=[product], partner=data["partner"], origin=origin,
                                   max_tiers=data.get("max_tiers"))
        audit_links(principal, [answer], {"analytics": "dependence", "product": product.code,
                                          "partner": data["partner"].code})
        body = {**_figures(answer), "partner": data["partner"].code, "origin": _origin(data, origin),
                "max_tiers": answer.max_tiers, "basis": DEPENDENCE_BASIS}
        return Response(DependenceSerializer(body).data)


class DependenceRankingView(APIView):
    """The products of a sector ranked by a partner's dependence on one country (or on outside the alliance):
    the share of its supply whose path touches the origin at any tier, highest first."""

    required_roles = {"GET": READER}

    @extend_schema(
        parameters=[OpenApiParameter("sector", str, required=True, enum=Sector.values, description="The sector."),
                    *ORIGIN_PARAMETERS],
        responses=DependenceRankingSerializer,
    )
    def get(self, request):
        query = RankingQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        principal = principal_of(request)
        origin = origin_of(country=data.get("country"), outside_alliance=data["outside_alliance"])
        products = list(Product.objects.filter(sector=data["sector"]).order_by("code"))
        answers = ranked(dependence_for(principal=principal, products=products, partner=data["partner"],
                                        origin=origin, max_tiers=data.get("max_tiers")))
        audit_links(principal, answers, {"analytics": "dependence_ranking", "sector": data["sector"],
                                         "partner": data["partner"].code})
        body = {
            "partner": data["partner"].code, "sector": data["sector"], "origin": _origin(data, origin),
            "max_tiers": answers[0].max_tiers if answers else data.get("max_tiers") or settings.EXPOSURE_MAX_TIERS,
            "products": [{"rank": rank, **_figures(a)} for rank, a in enumerate(answers, start=1)],
            "basis": DEPENDENCE_BASIS,
        }
        return Response(DependenceRankingSerializer(body).data)
