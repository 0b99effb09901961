"""The publisher's console pages: my partner's records of each kind with their markings, one record with its
marking history, and who read my data (the access log).

Each is the API's answer for the same caller: the lists are GET /api/v1/<kind>/?partner=<my code> and
GET /api/v1/access-log/ (the same querysets, filter sets, cursor pages, serializers and read audit); a record is
GET /api/v1/<kind>/<id>/ and its history /markings/ (hidden: 404; another partner's: 403, as the API answers).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from sharing.api.filtersets import (
    AccessLogFilterSet,
    CapacityFilterSet,
    FacilityFilterSet,
    StockpileFilterSet,
    SupplyLinkFilterSet,
)
from sharing.api.published_serializers import OUTPUT_SERIALIZERS, attach_groups
from sharing.api.published_views import audit_reads, published_queryset
from sharing.api.serializers import AuditEventSerializer
from sharing.choices import Marking, Role
from sharing.console.auth import console_view, refuse
from sharing.console.paging import InvalidQuery, Page, cursor_page, query_errors
from sharing.models import PUBLISHED_MODELS, Published
from sharing.principal import Principal
from sharing.selectors import access_log_for, marking_history

# The kinds as the console's addresses name them, with what a list of them is called.
KINDS = {
    "facilities": ("facility", "Facilities", FacilityFilterSet),
    "capacities": ("capacity", "Capacities", CapacityFilterSet),
    "stockpiles": ("stockpile", "Stockpiles", StockpileFilterSet),
    "supply-links": ("supply_link", "Supply links", SupplyLinkFilterSet),
}
# The filters the record lists offer (the API's own, by the same names); the owner is always the person's partner.
RECORD_FILTERS = ("marking", "external_id", "updated_after")
ACCESS_LOG_FILTERS = ("kind", "partner", "after", "before")


class NotYours(Exception):
    """A record the caller may see but did not publish: its history is its owner's (the API's 403)."""


def kind_of(slug: str) -> tuple[str, str, type]:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("No such kind of record.") from None


def _only(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in names:
        values = [v for v in query.getlist(name) if v != ""]
        if values:
            kept.setlist(name, values)
    return kept


def my_records(request: HttpRequest, principal: Principal, slug: str) -> tuple[object, Page, list[dict]]:
    """A page of the caller's partner's records of one kind, as GET /api/v1/<kind>/?partner=<code> gives it."""
    kind, _, filterset_class = kind_of(slug)
    data = _only(request.GET, RECORD_FILTERS)
    data["partner"] = principal.partner.code
    filterset = filterset_class(data=data, queryset=published_queryset(kind, principal, listing=True),
                                request=request)
    if not filterset.is_valid():
        raise InvalidQuery(query_errors(filterset.errors))
    try:
        page = cursor_page(request, filterset.qs, ("id",))
    except ValidationError as exc:
        raise InvalidQuery(query_errors(exc.detail)) from None
    model = PUBLISHED_MODELS[kind]
    attach_groups(model, page.rows)
    audit_reads(principal, kind, page.rows)
    rows = OUTPUT_SERIALIZERS[kind](page.rows, many=True, context={"principal": principal}).data
    return filterset, page, rows


def my_record(principal: Principal, slug: str, pk: str) -> tuple[Published, dict, list[dict]]:
    """One record and its marking history, as GET /api/v1/<kind>/<id>/ and .../markings/ give them."""
    kind, _, _ = kind_of(slug)
    if not pk.isdigit() or int(pk) >= 2**63:
        raise Http404("No such record.")
    record = published_queryset(kind, principal, listing=False).filter(pk=int(pk)).first()
    if record is None:
        raise Http404("No such record.")
    if record.owner_id != principal.partner_id:
        raise NotYours()
    audit_reads(principal, kind, [record])
    data = OUTPUT_SERIALIZERS[kind](record, context={"principal": principal}).data
    return record, data, marking_history(record)


def access_log(request: HttpRequest, principal: Principal) -> tuple[AccessLogFilterSet, Page, list[dict]]:
    """Who read my partner's non-public records, as GET /api/v1/access-log/ gives it, newest first."""
    filterset = AccessLogFilterSet(data=_only(request.GET, ACCESS_LOG_FILTERS), queryset=access_log_for(principal),
                                   request=request)
    if not filterset.is_valid():
        raise InvalidQuery(query_errors(filterset.errors))
    try:
        page = cursor_page(request, filterset.qs, ("-occurred_at", "-id"))
    except ValidationError as exc:
        raise InvalidQuery(query_errors(exc.detail)) from None
    rows = AuditEventSerializer(page.rows, many=True, context={"request": request}).data
    return filterset, page, rows


# --- views ---------------------------------------------------------------------------------------------------

# As the API: reading published records and the access log needs the reader or the publisher role.
READS = {Role.READER, Role.PUBLISHER}


def _kinds() -> list[tuple[str, str]]:
    return [(slug, label) for slug, (_, label, _) in KINDS.items()]


@require_safe
@console_view(READS)
def records_page(request: HttpRequest, kind: str = "facilities") -> HttpResponse:
    """My partner's records of one kind, with their markings and groups, page by page."""
    _, label, _ = kind_of(kind)
    context = {"nav": "records", "kind": kind, "label": label, "kinds": _kinds(), "markings": Marking.choices,
               "query": request.GET}
    try:
        filterset, page, rows = my_records(request, request.principal, kind)
    except InvalidQuery as exc:
        return render(request, "console/publisher/records.html", {**context, "errors": exc.errors}, status=400)
    return render(request, "console/publisher/records.html", {**context, "page": page, "rows": rows})


@require_safe
@console_view(READS)
def record_page(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    """One of my records, its marking and groups now, and their history."""
    _, label, _ = kind_of(kind)
    try:
        record, data, history = my_record(request.principal, kind, pk)
    except NotYours:
        return refuse(request, "Only the partner that published a record may see its marking history.")
    return render(request, "console/publisher/record.html",
                  {"nav": "records", "kind": kind, "label": label, "record": record, "data": data,
                   "history": history})


@require_safe
@console_view(READS)
def access_log_page(request: HttpRequest) -> HttpResponse:
    """Who read my partner's data: other partners' reads of our non-public records, newest first."""
    context = {"nav": "access-log", "kinds": [(kind, label) for kind, label, _ in KINDS.values()],
               "query": request.GET}
    try:
        filterset, page, rows = access_log(request, request.principal)
    except InvalidQuery as exc:
        return render(request, "console/publisher/access_log.html", {**context, "errors": exc.errors}, status=400)
    return render(request, "console/publisher/access_log.html", {**context, "page": page, "rows": rows})
