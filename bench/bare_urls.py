"""The read benchmark's yardstick: a bare DRF ModelViewSet over the service's own capacity table, as one would write it
by the DRF tutorial (ModelSerializer, DjangoFilterBackend, CursorPagination, select_related/prefetch_related so it is
no strawman), with no authentication, no visibility rule, no throttle and no audit. Routed only by
``bench/bare_settings.py`` in the benchmark's own gunicorn; the service's URL conf never includes it."""

from __future__ import annotations

import django_filters
from django.urls import include, path
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions, routers, serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer

from sharing.models import Capacity, Facility


class BareFacilityRef(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.code")

    class Meta:
        model = Facility
        fields = ["id", "external_id", "owner", "name", "country"]


class BareCapacitySerializer(serializers.ModelSerializer):
    """The same fields as the service's capacity output (sharing.api.published_serializers.CapacityOutput)."""

    owner = serializers.CharField(source="owner.code")
    groups = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    facility = BareFacilityRef()
    product = serializers.CharField(source="product.code")

    class Meta:
        model = Capacity
        fields = ["id", "external_id", "owner", "marking", "groups", "version", "created_at", "updated_at",
                  "facility", "product", "nominal", "in_use", "spare", "surge", "lead_time_days", "releasable",
                  "unit_cost", "as_of"]


class BareCapacityFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__code")
    country = django_filters.BaseInFilter(field_name="facility__country")

    class Meta:
        model = Capacity
        fields = ["product", "country"]


class BarePage(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "-id"


class BareCapacityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Capacity.objects.select_related("owner", "product", "facility__owner").prefetch_related("groups")
    serializer_class = BareCapacitySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = BareCapacityFilter
    pagination_class = BarePage
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []
    renderer_classes = [JSONRenderer]


router = routers.SimpleRouter()
router.register("capacities", BareCapacityViewSet, basename="bare-capacity")

urlpatterns = [path("api/v1/", include(router.urls))]
