"""The multi-tier exposure answer over HTTP: validate the question, ask the analytics, audit what it read."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.analytics.exposure import Exposure, exposure_for
from sharing.api.fields import country_field
from sharing.choices import Marking, Role
from sharing.models import Facility, Partner, Product
from sharing.principal import Principal, principal_of
from sharing.services.audit import audit_record_many, audit_row

SHARES = "Shares are fractions of the partner's supply of the product (0..1), rounded to 6 decimals."
BASIS = (
    "Only the supply links and facilities you may see were used: a link you may not see counts as no link, so "
    "its weight is reported as unknown, exactly as if it had not been published."
)
AS_OF_BASIS = "The latest updated_at of the supply links used."
TOTAL_DEFINITION = (
    "through_country: the share of the partner's supply whose path passes through the country at one tier or "
    "more, each unit counted once however many of its tiers are in the country (within the depth bound)."
)


class CodeField(serializers.SlugRelatedField):
    """A catalogue object by its code; text no code can be (control characters, too long) is not looked up:
    PostgreSQL refuses NUL characters with an error, which must stay a 400."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 100 or any(ord(c) < 32 or ord(c) == 127 for c in data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=repr(data)[:50])
        return super().to_internal_value(data)


class ExposureQuerySerializer(serializers.Serializer):
    product = CodeField(slug_field="code", queryset=Product.objects.all(), help_text="The product's code.")
    partner = CodeField(slug_field="code", queryset=Partner.objects.all(),
                        help_text="The partner whose supply is traced (a public code).")
    country = country_field(help_text="ISO 3166-1 alpha-2 code of the country of origin asked about.")
    max_tiers = serializers.IntegerField(required=False, min_value=1,
                                         help_text="Follow at most this many tiers (at most EXPOSURE_MAX_TIERS).")

    def validate_max_tiers(self, value: int) -> int:
        if value > settings.EXPOSURE_MAX_TIERS:
            raise serializers.ValidationError(f"At most {settings.EXPOSURE_MAX_TIERS}.")
        return value


class ExposureTierSerializer(serializers.Serializer):
    tier = serializers.IntegerField()
    from_country = serializers.FloatField(help_text="Share whose supplier at this tier is in the country.")
    traced = serializers.FloatField(help_text="Share that reaches a supplier you may see at this tier.")
    unknown = serializers.FloatField(
        help_text="Share whose origin at this tier is unknown: a supplier before it publishes no further links "
                  "that you may see.")
    cyclic = serializers.FloatField(
        help_text="Share that looped back to a facility already on its path before this tier (not followed).")
    suppliers = serializers.IntegerField(help_text="Distinct supplier facilities at this tier.")


class ExposureFacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    facility_kind = serializers.CharField()
    owner = serializers.CharField(help_text="The publishing partner's code.")


class ExposurePathStepSerializer(serializers.Serializer):
    tier = serializers.IntegerField(help_text="0 is the partner's own facility.")
    facility = ExposureFacilitySerializer()
    product = serializers.CharField(allow_null=True, help_text="What this facility supplies on the path.")
    supply_link = serializers.IntegerField(allow_null=True, help_text="The link to the facility one tier down.")
    share_of_buyer = serializers.FloatField(allow_null=True,
                                            help_text="The link's share of the supply of the facility it feeds.")
    share_of_supply = serializers.FloatField(help_text="Share of the partner's supply on the path up to here.")


class ExposureTotalSerializer(serializers.Serializer):
    through_country = serializers.FloatField()
    unknown = serializers.FloatField(help_text="Share whose trace ends at a supplier that publishes no further "
                                               "links you may see.")
    cyclic = serializers.FloatField(help_text="Share whose trace ends looping back to a facility on its path.")
    definition = serializers.CharField()


class ExposureSerializer(serializers.Serializer):
    product = serializers.CharField()
    partner = serializers.CharField()
    country = serializers.CharField()
    supply_volume_per_month = serializers.DecimalField(
        max_digits=30, decimal_places=3,
        help_text="The partner's visible supply of the product (sum of the links into its facilities).")
    tiers = ExposureTierSerializer(many=True)
    total = ExposureTotalSerializer()
    top_path = ExposurePathStepSerializer(
        many=True, help_text="The single path carrying the largest share of the supply to a supplier in the "
                             "country, from the partner's facility upstream (empty if none).")
    max_tiers = serializers.IntegerField()
    depth_limit_reached = serializers.BooleanField(
        help_text="True when suppliers at the last tier publish further links that were not followed.")
    work_limit_reached = serializers.BooleanField(
        help_text="True when the walk stopped before max_tiers: tangled cycles gave one tier more distinct paths "
                  "than the server follows (EXPOSURE_MAX_STATES); ask for fewer tiers.")
    beyond_depth = serializers.FloatField(help_text="Share at the last tier whose further links were not followed.")
    supply_links_used = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    as_of_basis = serializers.CharField()
    basis = serializers.CharField()
    shares = serializers.CharField()


def _share(value: float) -> float:
    return round(value, 6)


def _facilities(answer: Exposure, principal) -> dict[int, dict]:
    ids = {step.facility_id for step in answer.top_path}
    if not ids:
        return {}
    # Already shown to be visible (they are ends of visible links); filtered again so no path can widen it.
    rows = (Facility.objects.visible_to(principal).filter(pk__in=ids)
            .values("id", "name", "country", "facility_kind", "owner__code", "owner_id", "marking"))
    return {r["id"]: r for r in rows}


def exposure_data(answer: Exposure, facilities: dict[int, dict]) -> dict:
    shown = {
        pk: {"id": pk, "name": f["name"], "country": f["country"], "facility_kind": f["facility_kind"],
             "owner": f["owner__code"]}
        for pk, f in facilities.items()
    }
    codes = dict(Product.objects.filter(pk__in={s.product_id for s in answer.top_path if s.product_id})
                 .values_list("pk", "code")) if answer.top_path else {}
    return {
        "product": answer.product.code,
        "partner": answer.partner.code,
        "country": answer.country,
        "supply_volume_per_month": answer.supply_volume,
        "tiers": [
            {"tier": t.tier, "from_country": _share(t.from_country), "traced": _share(t.traced),
             "unknown": _share(t.unknown), "cyclic": _share(t.cyclic), "suppliers": t.suppliers}
            for t in answer.tiers
        ],
        "total": {"through_country": _share(answer.through_country), "unknown": _share(answer.unknown),
                  "cyclic": _share(answer.cyclic), "definition": TOTAL_DEFINITION},
        "top_path": [
            {"tier": s.tier, "facility": shown[s.facility_id], "product": codes.get(s.product_id),
             "supply_link": s.link_id,
             "share_of_buyer": None if s.share_of_buyer is None else _share(s.share_of_buyer),
             "share_of_supply": _share(s.share_of_supply)}
            for s in answer.top_path
        ],
        "max_tiers": answer.max_tiers,
        "depth_limit_reached": answer.depth_limit_reached,
        "work_limit_reached": answer.work_limit_reached,
        "beyond_depth": _share(answer.beyond_depth),
        "supply_links_used": len(answer.links_used),
        "as_of": answer.as_of,
        "as_of_basis": AS_OF_BASIS,
        "basis": BASIS,
        "shares": SHARES,
    }


def audit_exposure_read(principal, answer: Exposure, facilities: dict[int, dict]) -> None:
    """As for any read of non-public records: one event per owner and kind, naming the records used.

    The links walked and their supplier facilities, and the facilities the top path names (the partner's own
    facility at tier 0 among them).
    """
    detail = {"analytics": "exposure", "product": answer.product.code, "partner": answer.partner.code,
              "country": answer.country}
    by_owner: dict[tuple[str, int], set[int]] = defaultdict(set)
    for link in answer.links_used:
        if link.marking != Marking.CLEAR:
            by_owner[("supply_link", link.owner_id)].add(link.id)
        if link.supplier_marking != Marking.CLEAR:
            by_owner[("facility", link.supplier_owner_id)].add(link.supplier_id)
    for pk, facility in facilities.items():
        if facility["marking"] != Marking.CLEAR:
            by_owner[("facility", facility["owner_id"])].add(pk)
    events = []
    for (kind, owner_id), ids in sorted(by_owner.items()):
        ordered = sorted(ids)
        events.append(audit_row(action=f"{kind}.read", principal=principal, object_type=kind,
                                  object_id=ordered[0] if len(ordered) == 1 else "", object_ids=ordered,
                                  object_owner=owner_id, detail=detail))
    audit_record_many(events)  # one INSERT, whatever the number of owners


def exposure_answer(principal: Principal | None, *, product: Product, partner: Partner, country: str,
                    max_tiers: int | None = None) -> dict:
    """The exposure answer exactly as the API gives it (and audits it): for the API view and the console."""
    answer = exposure_for(principal=principal, product=product, partner=partner, country=country,
                          max_tiers=max_tiers)
    facilities = _facilities(answer, principal)
    audit_exposure_read(principal, answer, facilities)
    return ExposureSerializer(exposure_data(answer, facilities)).data


class ExposureView(APIView):
    """How much of a partner's supply of a product comes, tier by tier, from a country.

    Walks supply links upstream from the partner's facilities, through the bill of materials (an input's
    volume divided by its quantity per unit), using only the links and facilities you may see. A facility
    already on a path is not followed again (cycles); the walk stops at ``max_tiers``. Needs the ``reader`` role;
    reads of non-public links and facilities are audited for their owners.
    """

    required_roles = {"GET": {Role.READER}}

    @extend_schema(
        parameters=[
            OpenApiParameter("product", str, required=True, description="Product code."),
            OpenApiParameter("partner", str, required=True, description="Partner code."),
            OpenApiParameter("country", str, required=True, description="ISO 3166-1 alpha-2 country code."),
            OpenApiParameter("max_tiers", int, required=False,
                             description="Tiers to follow at most (default and ceiling: EXPOSURE_MAX_TIERS)."),
        ],
        responses=ExposureSerializer,
    )
    def get(self, request):
        query = ExposureQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(exposure_answer(principal_of(request), **query.validated_data))
