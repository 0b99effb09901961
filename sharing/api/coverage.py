"""Stockpile coverage over HTTP: validate the question, ask the analytics, audit what went into the answer."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.analytics.coverage import coverage
from sharing.analytics.disclosure import Viewer, audit_aggregate_kinds
from sharing.api.analytics import READER
from sharing.api.analytics import quantity as amount
from sharing.api.exposure import CodeField
from sharing.models import Partner, Product
from sharing.principal import principal_of


class CoverageQuerySerializer(serializers.Serializer):
    product = CodeField(slug_field="code", queryset=Product.objects.all(), help_text="The product's code.")
    partner = CodeField(slug_field="code", queryset=Partner.objects.all(), required=False,
                        help_text="A partner's code: its own stockpiles against its own demand. Omitted: the alliance.")


def months(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, min_value=0, **kwargs)


class StockFigureSerializer(serializers.Serializer):
    suppressed = serializers.BooleanField(help_text="True: the figure is withheld (null values), not zero.")
    quantity = amount(allow_null=True)
    releasable = amount(allow_null=True)
    as_of = serializers.DateField(allow_null=True)


class DemandFigureSerializer(serializers.Serializer):
    suppressed = serializers.BooleanField()
    total_per_month = amount(allow_null=True)
    critical_per_month = amount(allow_null=True, help_text="Defence plus health.")
    defence_per_month = amount(allow_null=True)
    health_per_month = amount(allow_null=True)
    as_of = serializers.DateField(allow_null=True, help_text="The latest as-of date of the demand counted.")


class CapacityFigureSerializer(serializers.Serializer):
    suppressed = serializers.BooleanField(help_text="True when every cell with capacity is suppressed.")
    complete = serializers.BooleanField(help_text="False when some country cells are suppressed and left out.")
    spare = amount(allow_null=True, help_text="Spare output a month, over published country cells.")
    releasable = amount(allow_null=True)
    as_of = serializers.DateField(allow_null=True)


class StockMonthsSerializer(serializers.Serializer):
    stockpile = months(help_text="Stockpiled quantity / demand a month.")
    releasable = months(help_text="Releasable stockpiled quantity / demand a month.")


class MonthsCoveredSerializer(serializers.Serializer):
    suppressed = serializers.BooleanField()
    total_demand = StockMonthsSerializer()
    critical_demand = StockMonthsSerializer()


class CapacityRatioSerializer(serializers.Serializer):
    spare = months(help_text="Spare capacity a month / demand a month.")
    releasable = months(help_text="Releasable capacity a month / demand a month.")


class CapacityShareSerializer(serializers.Serializer):
    suppressed = serializers.BooleanField()
    total_demand = CapacityRatioSerializer()
    critical_demand = CapacityRatioSerializer()


class CoverageSuppressedSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=["stockpile", "demand", "capacity"])
    country = serializers.CharField(required=False, help_text="Capacity cells only.")
    suppressed = serializers.BooleanField(help_text="Always true: the cell has no value here.")


class CoverageSerializer(serializers.Serializer):
    product = serializers.CharField()
    unit = serializers.CharField()
    partner = serializers.CharField(allow_null=True)
    scope = serializers.ChoiceField(choices=["partner", "alliance"])
    countries = serializers.ListField(child=serializers.CharField(), help_text="Where the capacity counted is.")
    on = serializers.DateField(help_text="The reference date: stockpiles expiring on or before it are left out.")
    as_of = serializers.DateField(allow_null=True, help_text="The latest as-of date of the records counted.")
    min_contributors = serializers.IntegerField(help_text="K: partners whose hidden records a cell needs.")
    coverage = serializers.CharField(help_text="What the figures cover.")
    stockpile = StockFigureSerializer()
    demand = DemandFigureSerializer()
    capacity = CapacityFigureSerializer()
    months_covered = MonthsCoveredSerializer()
    capacity_share = CapacityShareSerializer()
    suppressed_cells = serializers.IntegerField()
    suppressed = CoverageSuppressedSerializer(many=True)


class CoverageView(APIView):
    """Months of demand a partner's (or the alliance's) stockpiles cover, total and releasable, against total and
    critical demand; spare and releasable capacity as a share of a month's demand. Under disclosure control: a
    withheld figure says ``"suppressed": true``."""

    required_roles = {"GET": READER}

    @extend_schema(
        parameters=[
            OpenApiParameter("product", str, required=True, description="A product code from the catalogue."),
            OpenApiParameter("partner", str, description="A partner code; omitted: the alliance."),
        ],
        responses=CoverageSerializer,
    )
    def get(self, request):
        query = CoverageQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        principal = principal_of(request)
        product, partner = query.validated_data["product"], query.validated_data.get("partner")
        answer = coverage(viewer=Viewer.of(principal), product=product, partner=partner, on=timezone.now().date())
        detail = {"product": product.code, "partner": partner.code if partner else None}
        audit_aggregate_kinds(principal, "coverage", answer.reads, detail)
        return Response(CoverageSerializer(answer.body).data)
