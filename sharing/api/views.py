from datetime import UTC, date, datetime, time
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from sharing.api import audit_pages, feed_cursor, filtersets
from sharing.api import serializers as s
from sharing.api.changes import audit_synced, change_entries, feed_page
from sharing.api.errors import handler404
from sharing.api.list_rows import OrjsonRenderer
from sharing.api.pagination import link_header
from sharing.api.permissions import AllowAny
from sharing.choices import Role
from sharing.health import broker_status
from sharing.models import AuditEvent, Partner, Product, ReviewSector, SharingGroup
from sharing.principal import principal_of
from sharing.querysets import caller_partner_id
from sharing.selectors import access_log_for
from sharing.services import groups as group_services
from sharing.services import partners as partner_services

ALL_ROLES = set(Role.values)


class ApiRootView(APIView):
    """Where to start: links to every collection."""

    permission_classes = [AllowAny]
    authentication_classes = []
    links = [
        "partner-list",
        "me",
        "health",
        "audit-event-list",
    ]

    @extend_schema(responses=inline_serializer("ApiRoot", {"links": serializers.DictField()}))
    def get(self, request):
        return Response({"links": {name: reverse(name, request=request) for name in self.links}})


class HealthView(APIView):
    """Database and broker reachability, for load balancers: 200 while the database answers.

    Throttled per client address at the anonymous rate, like any call without a key; the broker's answer may be
    a few seconds old (``HEALTH_BROKER_CACHE_SECONDS``).
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: s.HealthSerializer, 503: s.HealthSerializer})
    def get(self, request):
        database = "ok"
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:
            database = "down"
        broker = broker_status(max_age=settings.HEALTH_BROKER_CACHE_SECONDS)
        overall = "down" if database != "ok" else ("degraded" if broker == "down" else "ok")
        code = status.HTTP_503_SERVICE_UNAVAILABLE if overall == "down" else status.HTTP_200_OK
        return Response({"status": overall, "database": database, "broker": broker}, status=code)


class MeView(APIView):
    """The caller: its partner, roles, and the key or user it came with."""

    required_roles = {}

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        principal = principal_of(request)
        key = principal.key
        data = {
            "partner": principal.partner,
            "roles": sorted(principal.roles),
            "key_name": key.name if key else None,
            "key_prefix": key.prefix if key else None,
            "key_expires_at": key.expiry_date if key else None,
            "read_only": principal.read_only,
            "user": principal.user.get_username() if principal.user else None,
            "is_staff": principal.is_staff,
        }
        return Response(s.MeSerializer(data).data)


class PartnerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Participating governments and agencies. Administrators add, change and suspend them."""

    queryset = Partner.objects.all()
    serializer_class = s.PartnerSerializer
    filterset_class = filtersets.PartnerFilterSet
    ordering_fields = ["code", "name", "id"]
    ordering = ["code"]
    required_roles = {}
    staff_only_writes = True
    staff_may_write = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.PartnerUpdateSerializer if self.action == "partial_update" else s.PartnerSerializer

    def perform_create(self, serializer):
        serializer.instance = partner_services.partner_create(
            principal=principal_of(self.request), **serializer.validated_data
        )

    @extend_schema(request=s.PartnerUpdateSerializer, responses=s.PartnerSerializer)
    def partial_update(self, request, *args, **kwargs):
        partner = self.get_object()
        serializer = s.PartnerUpdateSerializer(partner, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        partner = partner_services.partner_update(
            partner=partner, principal=principal_of(request), **serializer.validated_data
        )
        return Response(s.PartnerSerializer(partner).data)


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail: a partner sees the events on its own records (who read or changed them); staff all."""

    queryset = AuditEvent.objects.none()
    serializer_class = s.AuditEventSerializer
    filterset_class = filtersets.AuditEventFilterSet
    ordering_fields = ["occurred_at", "id"]
    ordering = ["-occurred_at", "-id"]  # newest first (ids are random)
    required_roles = {"GET": {Role.READER, Role.PUBLISHER}}

    def get_queryset(self):
        principal = principal_of(self.request)
        events = AuditEvent.objects.select_related("actor_partner", "object_owner", "actor_user")
        if principal is not None and principal.is_staff:
            return events
        if principal is None or principal.partner_id is None:
            return events.none()
        return events.for_owner(principal.partner_id)


@cache
def _access_log_plan():
    return s.AuditEventSerializer.row_plan()


class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who read your non-public records: other partners' reads (lists, details, syncs) of what you published."""

    queryset = AuditEvent.objects.none()
    serializer_class = s.AuditEventSerializer
    filterset_class = filtersets.AccessLogFilterSet
    required_roles = {"GET": {Role.READER, Role.PUBLISHER}}
    ordering = ["-occurred_at", "-id"]  # newest first (ids are random)
    ordering_fields = ["occurred_at", "id"]

    def get_queryset(self):
        return access_log_for(principal_of(self.request))

    def list(self, request, *args, **kwargs):
        # The page read as rows, not model instances (``AuditEventSerializer.row_plan``: the serializer's body),
        # rendered by orjson when JSON is asked for: on a trail of tens of millions of rows the database answers
        # a page in a few milliseconds, and building instances and serialising them was most of the request's
        # time (bench/audit.py). (A comment, not a docstring: the docstring is the endpoint's description.)
        paths, rows = _access_log_plan()
        queryset = self.filter_queryset(self.get_queryset())
        ordering = [name.lstrip("-") for name in self.paginator.get_ordering(request, queryset, self)]
        values = queryset.values(*dict.fromkeys((*paths, *ordering)))
        # On the partitioned trail, the current month first (``audit_pages``: the planner's choice for that month).
        page = self.paginate_queryset(audit_pages.NewestMonthFirst(values) if audit_pages.partitioned() else values)
        if type(request.accepted_renderer) is JSONRenderer:
            request.accepted_renderer = OrjsonRenderer()
        return self.get_paginated_response(rows(page, principal_of(request)))


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The product catalogue: public (TLP:CLEAR), managed by administrators in the admin."""

    queryset = Product.objects.prefetch_related("inputs__input")
    serializer_class = s.ProductSerializer
    filterset_class = filtersets.ProductFilterSet
    permission_classes = [AllowAny]
    ordering_fields = ["code", "name", "id"]
    ordering = ["code"]
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"  # product codes are slugs: anything else (a NUL byte) is a 404


class ReviewSectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The sectors and industrial bases reviews are organised by, and their products: public (TLP:CLEAR), extended by
    the secretariat in the admin."""

    queryset = ReviewSector.objects.prefetch_related("products")
    serializer_class = s.ReviewSectorSerializer
    filterset_class = filtersets.ReviewSectorFilterSet
    permission_classes = [AllowAny]
    ordering_fields = ["code", "name", "kind", "id"]
    ordering = ["code"]  # unique: the cursor's position
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


class SharingGroupViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The sharing groups the caller's partner belongs to (staff: all). Administrators create groups and
    change their members; a change takes effect on the next request and reaches the members' feeds."""

    queryset = SharingGroup.objects.none()
    serializer_class = s.SharingGroupSerializer
    required_roles = {}
    staff_only_writes = True
    staff_may_write = True
    ordering = ["name"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        principal = principal_of(self.request)
        groups = SharingGroup.objects.prefetch_related("members")
        if principal is None:
            return groups.none()
        if principal.is_staff:
            return groups
        return groups.filter(members=principal.partner_id)

    def perform_create(self, serializer):
        serializer.instance = group_services.group_create(
            principal=principal_of(self.request), name=serializer.validated_data["name"],
            description=serializer.validated_data.get("description", ""),
        )

    @extend_schema(request=s.GroupMembersChangeSerializer, responses=s.SharingGroupSerializer)
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Adds and removes members by partner code."""
        group = self.get_object()
        change = s.GroupMembersChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        principal = principal_of(request)
        if change.validated_data["remove"]:
            group_services.group_remove_members(group=group, partners=change.validated_data["remove"],
                                                principal=principal)
        if change.validated_data["add"]:
            group_services.group_add_members(group=group, partners=change.validated_data["add"], principal=principal)
        return Response(s.SharingGroupSerializer(self.get_queryset().get(pk=group.pk)).data)


class ChangesView(APIView):
    """Everything that changed after a cursor that the caller may see, deletions included, in order.

    Pages like every list: start without a cursor, then follow ``next`` (a URL holding the sealed cursor and the
    ``page_size`` asked for), also given as a ``Link: <...>; rel="next"`` header while ``has_more``. Unlike a
    list's, ``next`` is never null: it is where to resume the next sync. A record that the caller can no longer
    see (its marking tightened, or the caller left a group) comes as a deletion; one it can newly see comes as an
    upsert, however old. The cursor is opaque and sealed (``feed_cursor``), and entries carry no change number:
    neither may count the changes the caller cannot see.

    The old parameters, ``after`` and ``limit``, keep working until ``FEED_LEGACY_PARAMS_SUNSET``, with the old
    answer (``next`` the bare token), ``Deprecation`` and ``Sunset`` headers; after that date they are a 400.
    """

    required_roles = {"GET": {Role.READER, Role.PUBLISHER}}
    default_page_size = 500
    max_page_size = 1000

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, description="The cursor in the last page's `next` URL (leave it out to "
                             "start). Opaque: a fresh token each time, even when nothing changed."),
            OpenApiParameter("page_size", int, description="Changes per page, at most 1,000 (default 500)."),
            OpenApiParameter("after", str, deprecated=True, description="Deprecated name of `cursor` (0 to start); "
                             "answered with the old page (`next` the bare token) and Deprecation and Sunset "
                             "headers until `FEED_LEGACY_PARAMS_SUNSET`, a 400 from then on."),
            OpenApiParameter("limit", int, deprecated=True, description="Deprecated name of `page_size`, as `after`."),
        ],
        responses=s.ChangesPageSerializer,
    )
    def get(self, request):
        params = request.query_params
        legacy = [name for name in ("after", "limit") if name in params]
        if legacy:
            _refuse_mixed_or_sunset(legacy, [name for name in ("cursor", "page_size") if name in params])
        cursor_param, size_param = ("after", "limit") if legacy else ("cursor", "page_size")
        asked = _non_negative_int(params.get(size_param, str(self.default_page_size)), size_param)
        page_size = min(asked or self.default_page_size, self.max_page_size)
        principal = principal_of(request)
        partner_id = caller_partner_id(principal)
        try:
            after = feed_cursor.decode(params.get(cursor_param, "0"), partner_id)
        except feed_cursor.InvalidCursor:
            raise ValidationError({cursor_param: [
                "Not a cursor this feed gave you: follow `next` unchanged, or leave the cursor out to sync again "
                "from the start."
            ]}) from None
        page, position, has_more = feed_page(principal, after, page_size)
        results = change_entries(principal, page)
        audit_synced(principal, page)
        token = feed_cursor.encode(position, partner_id)
        next_url = self._next_url(request, token, page_size if size_param in params else None)
        if legacy:
            response = Response({"results": results, "next": token, "has_more": has_more})
            response["Deprecation"] = _structured_date(settings.FEED_LEGACY_PARAMS_DEPRECATED)
            response["Sunset"] = http_date(_epoch(settings.FEED_LEGACY_PARAMS_SUNSET))
            extra = (f'<{request.build_absolute_uri(reverse("sharing-guide"))}>; rel="deprecation"; type="text/html"',)
        else:
            response = Response({"results": results, "next": next_url, "has_more": has_more})
            extra = ()
        links = link_header(next_url=next_url if has_more else None, extra=extra)
        if links:
            response["Link"] = links
        return response

    @staticmethod
    def _next_url(request, token: str, page_size: int | None) -> str:
        url = request.build_absolute_uri(request.path)
        url = replace_query_param(url, "cursor", token)
        return url if page_size is None else replace_query_param(url, "page_size", page_size)


def _refuse_mixed_or_sunset(legacy: list[str], current: list[str]) -> None:
    """The feed's old parameters alongside the new ones are ambiguous; after the sunset they are refused."""
    if current:
        raise ValidationError({name: [f"Use `cursor` and `page_size` only: `{name}` is the deprecated form of one "
                                      "of them, and cannot be mixed with them."] for name in legacy})
    if timezone.now().date() >= settings.FEED_LEGACY_PARAMS_SUNSET:
        sunset = settings.FEED_LEGACY_PARAMS_SUNSET.isoformat()
        raise ValidationError({name: [f"No longer taken since {sunset}: follow the `next` URL, or pass the cursor "
                                      "as `cursor` and the page size as `page_size`."] for name in legacy})


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time.min, tzinfo=UTC).timestamp())


def _structured_date(day: date) -> str:
    """RFC 9745's Deprecation value: an RFC 9651 Date, ``@`` and the seconds since the epoch."""
    return f"@{_epoch(day)}"


def _non_negative_int(value: str, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or number > 2**62:
        raise ValidationError({name: ["Must be a non-negative whole number."]})
    return number


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Unknown addresses under /api/ answer with a 404 problem, whatever DEBUG says.

    A plain view, not a DRF one: the browsable API's breadcrumbs list every DRF view that a prefix of the
    address resolves to, and this catch-all matched "/api/v1" and "/api/v1/products" ("Not Found / Api Root /
    Not Found")."""
    return handler404(request)
