"""Analytics over HTTP: concentration, chokepoints and disruption scenarios, under disclosure control.

Reading needs a key with the ``reader`` role; a caller without a key gets 401 (aggregates of what partners share
are not public). Every figure is computed from cells published under sharing/analytics/disclosure.py.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.analytics import scenarios
from sharing.analytics.concentration import chokepoints, concentration
from sharing.analytics.disclosure import Viewer, audit_aggregate
from sharing.api.emergency import IDEMPOTENCY_KEY, _idempotency_key
from sharing.api.fields import choice_field, country_field
from sharing.api.published_views import audit_reads
from sharing.choices import Role, RunStatus, Sector
from sharing.models import Facility, Partner, Product, ScenarioRun
from sharing.principal import Principal, principal_of

MAX_LIST = 1000
READER = {Role.READER}


def quantity(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=30, decimal_places=3, **kwargs)


def fraction(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, min_value=0, max_value=1, **kwargs)


# --- answers ---------------------------------------------------------------------------------------------------


class MeasuresSerializer(serializers.Serializer):
    nominal = quantity()
    spare = quantity()


class CountryCapacitySerializer(serializers.Serializer):
    country = serializers.CharField()
    nominal = quantity()
    spare = quantity()
    share = fraction(help_text="Share of the published total (0..1).")
    partner_country = serializers.BooleanField(help_text="The country of an active partner.")


class SuppressedCellSerializer(serializers.Serializer):
    product = serializers.CharField(required=False)
    country = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Always true: the cell has no value here.")


class TopCountrySerializer(serializers.Serializer):
    country = serializers.CharField()
    share = fraction()


class DisclosureFields(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True, help_text="The latest as-of date of the capacity counted.")
    min_contributors = serializers.IntegerField(help_text="K: partners whose hidden records a cell needs.")
    coverage = serializers.CharField(help_text="What the totals cover.")
    suppressed_cells = serializers.IntegerField()
    suppressed = SuppressedCellSerializer(many=True)


class ConcentrationSerializer(DisclosureFields):
    product = serializers.CharField(allow_null=True)
    sector = serializers.CharField(allow_null=True)
    products = serializers.ListField(child=serializers.CharField())
    unit = serializers.CharField(allow_null=True, help_text="Null when a sector's products differ in unit.")
    total = MeasuresSerializer()
    countries = CountryCapacitySerializer(many=True)
    hhi = serializers.FloatField(allow_null=True, help_text="Sum of squared percentage shares, 0..10,000.")
    hhi_band = serializers.ChoiceField(
        choices=["unconcentrated", "moderately concentrated", "highly concentrated"], allow_null=True
    )
    top_country = TopCountrySerializer(allow_null=True)
    partner_share = fraction()
    non_partner_share = fraction()


class AnalyticsFacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    owner = serializers.CharField()


class RankedCountrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    country = serializers.CharField()
    nominal = quantity()
    share = fraction()


class RankedFacilitySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    facility = AnalyticsFacilitySerializer()
    nominal = quantity()
    share = fraction()


class SingleSupplierSerializer(serializers.Serializer):
    buyer = AnalyticsFacilitySerializer()
    supplier = AnalyticsFacilitySerializer()
    volume_per_month = quantity()
    links = serializers.ListField(child=serializers.IntegerField())


class NominalSerializer(serializers.Serializer):
    nominal = quantity()


class ChokepointsSerializer(DisclosureFields):
    product = serializers.CharField()
    unit = serializers.CharField()
    total = NominalSerializer()
    countries = RankedCountrySerializer(many=True)
    facilities = RankedFacilitySerializer(many=True)
    single_supplier_buyers = SingleSupplierSerializer(many=True)
    single_supplier_buyer_count = serializers.IntegerField()


class ScenarioCountrySerializer(serializers.Serializer):
    country = serializers.CharField()
    baseline = quantity()
    lost = quantity()


class ScenarioProductSerializer(serializers.Serializer):
    product = serializers.CharField()
    unit = serializers.CharField()
    tier = serializers.IntegerField(help_text="0: hit directly; n: through n steps of the bill of materials.")
    baseline = quantity()
    lost = quantity(help_text="Lost directly (countries, partners, facilities taken out).")
    knock_on_lost = quantity(help_text="Lost because an input falls short.")
    remaining = quantity()
    lost_share = fraction()
    limited_by = serializers.CharField(allow_null=True, help_text="The input that falls shortest.")
    demand = quantity(allow_null=True)
    shortfall = quantity(allow_null=True)
    shortfall_share = fraction()
    on_bom_cycle = serializers.BooleanField()
    countries = ScenarioCountrySerializer(many=True)
    suppressed_cells = serializers.IntegerField()
    suppressed = SuppressedCellSerializer(many=True)


class ScenarioResultSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True)
    min_contributors = serializers.IntegerField()
    coverage = serializers.CharField()
    products = ScenarioProductSerializer(many=True)
    suppressed_cells = serializers.IntegerField()


class ScenarioInputSerializer(serializers.Serializer):
    countries = serializers.ListField(child=country_field(), required=False, default=list, max_length=MAX_LIST)
    partners = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="code", queryset=Partner.objects.all()),
        required=False, default=list, max_length=MAX_LIST, help_text="Partner codes.",
    )
    facilities = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=Facility.objects.none()),
        required=False, default=list, max_length=MAX_LIST, help_text="Ids of facilities you can see.",
    )
    demand = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=3, min_value=0),
        required=False, default=dict, help_text="Demand a month by product code.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A facility the caller cannot see is refused in the very words used for one that does not exist.
        self.fields["facilities"].child.queryset = Facility.objects.visible_to(self.context.get("principal"))

    def validate_demand(self, value: dict) -> dict:
        if len(value) > MAX_LIST:
            raise serializers.ValidationError(f"At most {MAX_LIST} products.")
        known = set(Product.objects.filter(code__in=list(value)).values_list("code", flat=True))
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(f"Unknown product(s): {', '.join(unknown)}.")
        return value

    def validate(self, attrs: dict) -> dict:
        if not any(attrs.get(name) for name in ("countries", "partners", "facilities", "demand")):
            raise serializers.ValidationError("Take out at least one country, partner or facility, or give demand.")
        return attrs

    def as_inputs(self) -> dict:
        """As stored on the run: codes and ids, sorted and without repeats."""
        data = self.validated_data
        return {
            "countries": sorted({str(c) for c in data["countries"]}),
            "partners": sorted({p.code for p in data["partners"]}),
            "facilities": sorted({f.pk for f in data["facilities"]}),
            "demand": {code: str(q) for code, q in sorted(data["demand"].items())},
        }


class ScenarioRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.code", read_only=True)
    inputs = serializers.JSONField(read_only=True)
    result = ScenarioResultSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=RunStatus.choices, read_only=True)

    class Meta:
        model = ScenarioRun
        fields = ["id", "requested_by", "status", "inputs", "result", "error", "created_at", "started_at",
                  "finished_at"]
        read_only_fields = fields


# --- queries ---------------------------------------------------------------------------------------------------


class ConcentrationQuery(serializers.Serializer):
    product = serializers.SlugRelatedField(slug_field="code", queryset=Product.objects.all(), required=False)
    sector = choice_field(Sector.choices, required=False)

    def validate(self, attrs: dict) -> dict:
        if ("product" in attrs) == ("sector" in attrs):
            raise serializers.ValidationError("Give either product or sector.")
        return attrs


class ChokepointsQuery(serializers.Serializer):
    product = serializers.SlugRelatedField(slug_field="code", queryset=Product.objects.all())
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    return query.validated_data


def concentration_data(principal: Principal | None, *, product: Product | None = None,
                       sector: str | None = None) -> dict:
    """The concentration answer exactly as the API gives it (and audits it): for the API view and the console."""
    products = [product] if product else list(Product.objects.filter(sector=sector))
    answer = concentration(viewer=Viewer.of(principal), products=products, product=product, sector=sector)
    audit_aggregate(principal, "concentration", answer.aggregate_reads,
                    {"product": product.code if product else None, "sector": sector})
    return ConcentrationSerializer(answer.body).data


def chokepoints_data(principal: Principal | None, *, product: Product, limit: int = 20) -> dict:
    """The chokepoints answer exactly as the API gives it (and audits it): for the API view and the console."""
    answer = chokepoints(viewer=Viewer.of(principal), product=product, limit=limit)
    audit_aggregate(principal, "chokepoints", answer.aggregate_reads, {"product": product.code})
    for kind, records in answer.record_reads.items():
        audit_reads(principal, kind, records)
    return ChokepointsSerializer(answer.body).data


PRODUCT = OpenApiParameter("product", str, description="A product code from the catalogue.")


class ConcentrationView(APIView):
    """Capacity of a product (or a sector's products) by country: shares, HHI, top country, partner share.

    Totals, shares and the index cover published cells only; suppressed cells are listed, without values.
    """

    required_roles = {"GET": READER}

    @extend_schema(
        parameters=[PRODUCT, OpenApiParameter("sector", str, enum=Sector.values, description="Instead of product.")],
        responses=ConcentrationSerializer,
    )
    def get(self, request):
        query = _query(ConcentrationQuery, request)
        return Response(concentration_data(principal_of(request), product=query.get("product"),
                                           sector=query.get("sector")))


class ChokepointsView(APIView):
    """The countries and facilities whose loss removes most of a product's capacity, ranked, and the buyers that
    depend on a single supplier for it. Facilities and links are those you can see."""

    required_roles = {"GET": READER}

    @extend_schema(
        parameters=[PRODUCT, OpenApiParameter("limit", int, description="Rows per ranking, 1..100 (20).")],
        responses=ChokepointsSerializer,
    )
    def get(self, request):
        query = _query(ChokepointsQuery, request)
        return Response(chokepoints_data(principal_of(request), product=query["product"], limit=query["limit"]))


class ScenarioViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Disruption scenarios. A small one is answered at once (200); a large one runs as a job (202): poll it.

    A run is visible to its requesting partner only.
    """

    serializer_class = ScenarioRunSerializer
    queryset = ScenarioRun.objects.none()
    required_roles = {"GET": READER, "POST": READER}
    ordering = ["-created_at", "-id"]  # newest first (ids are random)
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        principal = principal_of(self.request)
        if principal is None or principal.partner_id is None:
            return ScenarioRun.objects.none()
        return ScenarioRun.objects.filter(requested_by_id=principal.partner_id).select_related("requested_by")

    @extend_schema(
        request=ScenarioInputSerializer,
        responses={200: ScenarioRunSerializer, 202: ScenarioRunSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def create(self, request, *args, **kwargs):
        principal = principal_of(request)
        key = _idempotency_key(request)
        given = ScenarioInputSerializer(data=request.data, context={"principal": principal})
        given.is_valid(raise_exception=True)
        inputs = given.as_inputs()
        if scenarios.runs_in_background(scenarios.scenario_from_inputs(inputs)):
            from sharing.api.errors import ServiceUnavailable
            from sharing.health import broker_reachable

            if not broker_reachable():
                raise ServiceUnavailable("The job queue is unreachable; nothing was queued. Try again shortly.")
        run, queued = scenarios.scenario_request(principal=principal, inputs=inputs, idempotency_key=key)
        run.refresh_from_db()
        code = status.HTTP_202_ACCEPTED if queued else status.HTTP_200_OK
        response = Response(self.get_serializer(run).data, status=code)
        response["Location"] = f"/api/v1/analytics/scenarios/{run.pk}/"
        return response
