"""The published kinds over HTTP: reads through ``visible_to``, writes by the owner's publishers only."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from django_filters.widgets import BaseCSVWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from sharing.api import filtersets
from sharing.api.errors import Conflict, PreconditionFailed, problem_response
from sharing.api.list_rows import ListPlan, OrjsonRenderer, list_plan, page_groups, viewer_of, with_groups
from sharing.api.page_sql import PageQuery, row_keys
from sharing.api.published_serializers import (
    INPUT_SERIALIZERS,
    OUTPUT_SERIALIZERS,
    WriteContext,
    as_input,
    attach_groups,
)
from sharing.api.row_validation import RowValidator, check_rows
from sharing.choices import Marking, Role
from sharing.interchange import exports
from sharing.models import PUBLISHED_MODELS, Facility, Partner, Product, Published
from sharing.principal import principal_of
from sharing.querysets import caller_group_ids, caller_partner_id
from sharing.selectors import marking_history
from sharing.services.audit import audit_record_many, audit_record_many_overlapped, audit_row
from sharing.services.publishing import (
    DependentRecordsExist,
    RecordExists,
    apply_records,
    record_delete,
    record_save,
)

MAX_BULK_ROWS = 5000

BULK_REQUEST = inline_serializer(
    "BulkUpsertRequest",
    {
        "records": serializers.ListField(child=serializers.DictField(), max_length=MAX_BULK_ROWS),
        "all_or_nothing": serializers.BooleanField(default=False),
    },
)
BULK_RESPONSE = inline_serializer(
    "BulkUpsertResult",
    {
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "rejected": serializers.IntegerField(),
        "results": inline_serializer(
            "BulkRowResult",
            {
                "index": serializers.IntegerField(),
                "external_id": serializers.CharField(allow_null=True),
                "status": serializers.ChoiceField(choices=["created", "updated", "unchanged", "rejected"]),
                "id": serializers.IntegerField(allow_null=True),
                "version": serializers.IntegerField(allow_null=True),
                "errors": serializers.DictField(required=False, help_text="Field errors of a rejected row."),
            },
            many=True,
        ),
    },
)


MARKING_HISTORY = inline_serializer(
    "MarkingHistoryEntry",
    {
        "version": serializers.IntegerField(),
        "changed_at": serializers.DateTimeField(),
        "marking": serializers.CharField(),
        "groups": serializers.ListField(child=serializers.CharField()),
        "previous_marking": serializers.CharField(allow_null=True),
        "previous_groups": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


# What a list page shows of each related object (its primary key is always loaded).
# The columns of related objects that some kind's list shows (a waiver's list shows its product's sector).
_SHOWN = {Partner: {"code"}, Product: {"code", "unit", "sector"},
          Facility: {"external_id", "owner", "name", "country"}}


def _unshown(model: type[Published], related: tuple[str, ...]) -> list[str]:
    """The columns a list page of ``model`` never reads: bookkeeping of its own, and all but what the page
    shows of the related objects it selects."""
    unshown = ["seq", "deleted_at"]
    for path in related:
        target = model
        for name in path.split("__"):
            target = target._meta.get_field(name).related_model
        unshown += [f"{path}__{f.name}" for f in target._meta.concrete_fields
                    if not f.primary_key and f.name not in _SHOWN[target]]
    return unshown


def _field_names(serializer: serializers.Serializer) -> dict:
    """A representation's shape (names only, nested serializers as dicts), for the export's columns."""
    return {name: _field_names(field) if isinstance(field, serializers.Serializer) else None
            for name, field in serializer.fields.items() if not field.write_only}


# The visibility rule's queryset depends only on the kind, list or detail, and the caller's partner and groups:
# built (Q objects resolved to joins and lookups, about 1 ms of CPU for a capacity page) once per such shape and
# process, then cloned per request (``.all()``, as DRF clones a view's class-level queryset: some 10 us). Never
# evaluated itself. Bounded: emptied when it reaches _SHAPES_LIMIT shapes.
_shapes: dict[tuple, QuerySet] = {}
_SHAPES_LIMIT = 1024


def _cloned(shape: tuple, build) -> QuerySet:
    """A clone of the queryset ``build()`` gave for this shape in this process (built now if none did)."""
    template = _shapes.get(shape)
    if template is None:
        template = build()
        if len(_shapes) >= _SHAPES_LIMIT:
            _shapes.clear()
        _shapes[shape] = template
    return template.all()


def published_queryset(kind: str, principal, *, listing: bool) -> QuerySet:
    """What a caller may read of one kind, as its list (``listing``) or its detail loads it: for the API and the
    console alike."""
    shape = (kind, listing, caller_partner_id(principal), tuple(sorted(caller_group_ids(principal))))
    return _cloned(shape, lambda: _published_queryset(kind, shape[2], shape[3], listing=listing))


def rows_shape(kind: str, principal, plan: ListPlan, ordering: tuple[str, ...]) -> tuple:
    """What ``rows_queryset``'s queryset depends on."""
    return ("rows", kind, caller_partner_id(principal), tuple(sorted(caller_group_ids(principal))), id(plan),
            ordering)


def rows_queryset(kind: str, principal, plan: ListPlan, ordering: tuple[str, ...]) -> QuerySet:
    """``published_queryset``'s list as the rows of ``plan`` (``.values()`` of its columns, expressions and the
    ``ordering``'s columns, with each row's groups): built once per shape too (resolving the page's columns and
    expressions is some 1 ms of CPU a request), then filtered and ordered per request like the list's queryset."""
    shape = rows_shape(kind, principal, plan, ordering)
    model = PUBLISHED_MODELS[kind]
    return _cloned(shape, lambda: with_groups(model, plan.values(
        _published_queryset(kind, shape[2], shape[3], listing=True), *ordering)))


# The kinds whose pages are read ids first (``page_sql.PageQuery._ids_first``), when one of the filters named here
# has a value: those the covering indexes of migration 0029 lead with (a capacity's or stockpile's product, whose
# visibility and country filter read their facility's too). Without one the ids' query reads the table anyway,
# and reading the page's rows again by their ids cost more than it saved (capacity pages: the first page with no
# filter 1.13x, ?updated_after= 1.21x, a page of 1,000 of a sector 1.8x the backend's CPU a statement). Not
# facilities: a country's page gained 17% (1.17 -> 0.97 ms) but ?country=JP&marking=AMBER lost 20-35%
# (1.6 -> 2.2 ms, its matches sparse in id order where the one query took them by the country index).
IDS_FIRST = {"capacity": frozenset(("product",)), "stockpile": frozenset(("product",))}


def page_ids_queryset(kind: str, principal) -> QuerySet:
    """What a caller may read of one kind, without columns or related objects: the records whose ids a page read
    ids first chooses (by the list's filters, order and position). Built once per shape."""
    shape = ("page ids", kind, caller_partner_id(principal), tuple(sorted(caller_group_ids(principal))))
    return _cloned(shape, lambda: PUBLISHED_MODELS[kind].objects.visible_as(shape[2], shape[3], paged=True))


def page_rows_queryset(kind: str, plan: ListPlan, ordering: tuple[str, ...]) -> QuerySet:
    """``rows_queryset``'s columns, expressions and groups for any record of the kind, without its filters and
    visibility rule: what a page read ids first reads for the ids ``page_ids_queryset`` chose. Built once per
    shape."""
    model = PUBLISHED_MODELS[kind]
    related = RELATED[kind]
    return _cloned(("page rows", kind, id(plan), ordering), lambda: with_groups(model, plan.values(
        model.objects.select_related("owner", *related).defer(*_unshown(model, ("owner", *related))), *ordering)))


def _published_queryset(kind: str, partner_id: int | None, group_ids: tuple[int, ...], *, listing: bool) -> QuerySet:
    model, related = PUBLISHED_MODELS[kind], RELATED[kind]
    queryset = model.objects.visible_as(partner_id, group_ids, paged=True).select_related("owner", *related)
    if not listing:
        return queryset.prefetch_related("groups")
    # A list reads the groups of its page in one query (attach_groups); a prefetch would build a manager
    # and a queryset per record. It loads only the columns its page shows (a page of 100 capacities is
    # some 500 model instances, and every timestamp left out is a thousand fewer to parse).
    return queryset.defer(*_unshown(model, ("owner", *related)))


# Validated filter sets by what their validation reads: the filter set class, the model, and the values the request
# gives each of its form's fields. Validating is building the filter set (a copy of each filter) and its form (a
# bound field per filter) and cleaning every field, some 0.6 ms of CPU a list request, and a client pages through
# one filter's answers with the same values. Only valid ones are kept (an invalid request is validated, and
# answered 400, each time), and only for filter sets whose validation reads nothing but those values
# (``_reads_only_its_fields``), when no filter with a ``method`` (which may read the request) has a value. A kept
# filter set is shared by the requests of its shape and never changed by them: ``PageQuery`` reads its cleaned
# data (copied) and calls its filters, which keep no state. Bounded: emptied when it reaches _FILTERSETS_LIMIT.
_filtersets: dict[tuple, Any] = {}
_FILTERSETS_LIMIT = 256
_form_fields: dict[type, tuple[str, ...] | None] = {}
# The widgets whose ``value_from_datadict`` reads the field's own name and nothing else (``data.get(name)``, or
# ``data.getlist(name)``).
_PLAIN_READS = (forms.Widget.value_from_datadict, forms.SelectMultiple.value_from_datadict,
                BaseCSVWidget.value_from_datadict)


def _reads_only_its_fields(filterset) -> tuple[str, ...] | None:
    """The form's field names, if validating the filter set reads nothing from the request but their values (and
    nothing from the database: a model choice's validation looks its value up, in rows that change and may depend
    on who asks)."""
    cls = type(filterset)
    if cls not in _form_fields:
        form = filterset.form
        plain = (filterset.form_prefix is None and type(form).clean is forms.Form.clean
                 and type(form)._post_clean is forms.Form._post_clean
                 and all(type(field.widget).value_from_datadict in _PLAIN_READS for field in form.fields.values())
                 and not any(isinstance(field, forms.ModelChoiceField) for field in form.fields.values())
                 and all(not hasattr(form, f"clean_{name}") for name in form.fields))
        _form_fields[cls] = tuple(form.fields) if plain else None
    return _form_fields[cls]


def _filterset_key(filterset_class, view, request, names: tuple[str, ...]) -> tuple:
    """A kept filter set's key: its class, the view's model, and the request's values for each of its form's fields."""
    params = request.query_params
    return (filterset_class, view.model, *(tuple(params.getlist(name)) for name in names))


def _validated_filterset(request, view):
    """The view's filter set for this request, validated as ``DjangoFilterBackend`` does (a 400 when it is not)."""
    backend = DjangoFilterBackend()
    filterset_class = backend.get_filterset_class(view)
    names = _form_fields.get(filterset_class)
    key = None
    if names is not None:
        key = _filterset_key(filterset_class, view, request, names)
        found = _filtersets.get(key)
        if found is not None:
            return found
    filterset = backend.get_filterset(request, view.model.objects.none(), view)
    if filterset is None:
        return None
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    if key is None:
        if _reads_only_its_fields(filterset) is None:
            return filterset
        key = _filterset_key(filterset_class, view, request, _form_fields[filterset_class])
    if any((filterset.filters[name].method is not None or getattr(filterset.filters[name], "reads_request", False))
           and value not in EMPTY_VALUES for name, value in filterset.form.cleaned_data.items()):
        return filterset  # a method filter may read the request (others say so): this one is the request's own
    filterset.request = None
    if len(_filtersets) >= _FILTERSETS_LIMIT:
        _filtersets.clear()
    _filtersets[key] = filterset
    return filterset


def etag_of(record: Published) -> str:
    return f'"{record.kind}-{record.pk}-v{record.version}"'


def check_if_match(request, record: Published) -> None:
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    offered = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if etag_of(record) not in offered:
        raise PreconditionFailed()


def audit_reads(principal, kind: str, records, action: str = "read") -> None:
    """One audit event per owner per call, naming the non-public records it returned."""
    # One INSERT for all of them: a page of a hundred rows from six owners was six round trips on every read.
    audit_record_many(_read_events(
        principal, kind, ((record.pk, record.owner_id, record.marking) for record in records), action))


def _read_events(principal, kind: str, rows, action: str = "read") -> list[dict]:
    """One event per owner of the (id, owner id, marking) rows, naming its non-public ones in the order given."""
    by_owner: dict[int, list[int]] = defaultdict(list)
    for pk, owner_id, marking in rows:
        if marking != Marking.CLEAR:
            by_owner[owner_id].append(pk)
    return [
        audit_row(
            action=f"{kind}.{action}", principal=principal, object_type=kind,
            object_id=ids[0] if len(ids) == 1 else "", object_ids=ids, object_owner=owner_id,
        )
        for owner_id, ids in by_owner.items()
    ]


IF_MATCH = OpenApiParameter(
    "If-Match", location=OpenApiParameter.HEADER, required=False,
    description="The ETag you read; a stale one gets 412 and nothing changes.",
)


class PublishedViewSet(viewsets.ModelViewSet):
    """Shared by facilities, capacities, stockpiles, supply links and demands.

    Without a key, only TLP:CLEAR records are shown. With a key, reading needs the ``reader`` (or
    ``publisher``) role; writing needs ``publisher``, and only on your own partner's records. A
    record you may not see answers 404 on every path, writes included.
    """

    kind: str = ""
    related: tuple[str, ...] = ()
    required_roles = {
        "GET": {Role.READER, Role.PUBLISHER},
        "POST": {Role.PUBLISHER},
        "PUT": {Role.PUBLISHER},
        "PATCH": {Role.PUBLISHER},
        "DELETE": {Role.PUBLISHER},
    }
    ordering = ["id"]
    ordering_fields = ["id", "updated_at", "external_id"]
    public_read = True  # without a key, only TLP:CLEAR records
    export_formats: tuple[str, ...] = ("csv", "xlsx")
    export_columns: tuple[str, ...] | None = None  # default: every field of the list's rows, nested ones dotted

    @property
    def model(self) -> type[Published]:
        return PUBLISHED_MODELS[self.kind]

    def get_queryset(self):
        return published_queryset(self.kind, principal_of(self.request), listing=self.action == "list")

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return INPUT_SERIALIZERS[self.kind]
        return OUTPUT_SERIALIZERS[self.kind]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "principal": principal_of(self.request)}

    def output(self, record: Published, **kwargs) -> Response:
        data = OUTPUT_SERIALIZERS[self.kind](record, context=self.get_serializer_context()).data
        response = Response(data, **kwargs)
        response["ETag"] = etag_of(record)
        return response

    def reload(self, record: Published) -> Published:
        return self.get_queryset().get(pk=record.pk)

    # reads ------------------------------------------------------------------------------------------------------

    def get_renderers(self):
        found = super().get_renderers()
        if getattr(self, "action", None) in ("list", "metadata"):  # OPTIONS answers as GET would
            found += [exports.renderer(name) for name in self.export_formats]
        return found

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format in self.export_formats:
            return self.export(request, request.accepted_renderer.format)
        plan = list_plan(self.kind, connection.vendor == "postgresql") if settings.SHARING_LIST_ROWS else None
        if plan is not None and self.paginator is not None:
            return self.list_rows(request, plan)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        attach_groups(self.model, page)
        audit_reads(principal_of(request), self.kind, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def list_rows(self, request, plan: ListPlan) -> Response:
        """The list page as rows (``sharing.api.list_rows``): the same body, bytes and audit as the serializers'
        page, without a model instance; rendered by orjson when JSON is asked for."""
        principal = principal_of(request)
        # The ordering's columns too: the cursor reads its position from the page's last row. (The ordering
        # filter reads the view's ordering fields, not the queryset.)
        ordering = tuple(dict.fromkeys(name.lstrip("-") for name in self.paginator.get_ordering(
            request, self.model.objects.none(), self)))
        if list(self.filter_backends) == [DjangoFilterBackend, OrderingFilter]:
            # The filter set validated here, the queryset built and compiled only when this shape's SQL is not
            # known yet (``sharing.api.page_sql``); the ordering filter's order is the paginator's anyway.
            filterset = _validated_filterset(request, self)
            queryset = PageQuery(rows_shape(self.kind, principal, plan, ordering), self.model,
                                 lambda: rows_queryset(self.kind, principal, plan, ordering), filterset,
                                 ids_first=(lambda: page_ids_queryset(self.kind, principal),
                                            lambda: page_rows_queryset(self.kind, plan, ordering), IDS_FIRST[self.kind])
                                 if self.kind in IDS_FIRST else None)
        else:
            queryset = self.filter_queryset(rows_queryset(self.kind, principal, plan, ordering))
        page = self.paginate_queryset(queryset)
        groups = page_groups(self.model, page)
        if type(request.accepted_renderer) is JSONRenderer:
            request.accepted_renderer = OrjsonRenderer()
        # The audit INSERT's commit overlaps building the page (nothing in the block reads the database).
        with audit_record_many_overlapped(_read_events(
                principal, self.kind, row_keys(page, "id", "owner_id", "marking"))):
            return self.get_paginated_response(plan.rows(page, groups, viewer_of(principal)))

    def export(self, request, file_format: str):
        """The whole filtered list (every row, not a page) as a file: the list's queryset, filters, ordering and
        rows (``sharing.interchange.exports``); one audit event per owner naming every non-public record."""
        name = self.basename_plural()
        if request.method == "HEAD":  # the same answer without the body (nothing is read)
            return HttpResponse(content_type=exports.MEDIA_TYPES[file_format])
        # Every column of the records and of the related objects selected: a GeoJSON point is the facility's.
        queryset = self.filter_queryset(self.get_queryset()).defer(None).defer("seq", "deleted_at")
        audit_reads(principal_of(request), self.kind, [
            self.model(pk=pk, owner_id=owner_id, marking=marking) for pk, owner_id, marking in
            queryset.exclude(marking=Marking.CLEAR).values_list("pk", "owner_id", "marking")
        ], "export")
        serializer = OUTPUT_SERIALIZERS[self.kind](context=self.get_serializer_context())
        columns = list(self.export_columns or exports.columns_of(_field_names(serializer)))

        def records():
            batch: list[Published] = []
            for record in queryset.iterator(chunk_size=exports.BATCH):
                batch.append(record)
                if len(batch) == exports.BATCH:
                    attach_groups(self.model, batch)  # one query a batch, not one a row
                    yield from batch
                    batch = []
            attach_groups(self.model, batch)
            yield from batch

        rows = (serializer.to_representation(record) for record in records())
        if file_format == "csv":
            return exports.csv_response(rows, columns, name)
        if file_format == "xlsx":
            return exports.xlsx_response(rows, columns, name)
        place = (lambda r: r) if self.kind == "facility" else (lambda r: r.facility)
        return exports.geojson_response(
            ((serializer.to_representation(r), place(r).longitude, place(r).latitude) for r in records()), name,
        )

    def basename_plural(self) -> str:
        return self.request.path.rstrip("/").rsplit("/", 1)[-1]

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        audit_reads(principal_of(request), self.kind, [record])
        return self.output(record)

    # writes -----------------------------------------------------------------------------------------------------

    def _own(self, record: Published) -> None:
        principal = principal_of(self.request)
        if record.owner_id != principal.partner_id:
            raise PermissionDenied("Only the partner that published a record may change it.")

    def _validated(self, data, owner) -> serializers.Serializer:
        principal = principal_of(self.request)
        context = WriteContext(owner, principal, [data] if isinstance(data, dict) else [])
        serializer = INPUT_SERIALIZERS[self.kind](data=data, context={"write": context})
        serializer.is_valid(raise_exception=True)
        return serializer

    def create(self, request, *args, **kwargs):
        principal = principal_of(request)
        serializer = self._validated(request.data, principal.partner)
        item = serializer.to_record_input()
        try:
            outcome = record_save(
                kind=self.kind, owner=principal.partner, item=item, principal=principal, action="create"
            )
        except RecordExists as exc:
            raise Conflict("You already have a record with this external_id: update it, or use bulk upsert.") from exc
        if outcome.status == "rejected":  # a rule of the kind beyond its fields (a waiver's dates)
            raise ValidationError(outcome.errors)
        return self.output(self.reload(outcome.record), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        record = self.get_object()
        self._own(record)
        check_if_match(request, record)
        data = request.data
        if not isinstance(data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        if partial:
            data = {**as_input(record), **data}
        data = {"external_id": record.external_id, **data}
        if data["external_id"] != record.external_id:
            raise ValidationError({"external_id": ["The external_id of a record cannot change."]})
        principal = principal_of(request)
        serializer = self._validated(data, principal.partner)
        with transaction.atomic():
            fresh = self.model.objects.select_for_update(of=("self",)).get(pk=record.pk)
            check_if_match(request, fresh)
            outcome = apply_records(
                kind=self.kind, owner=principal.partner, items=[serializer.to_record_input()],
                principal=principal, action="update",
            )[0]
        if outcome.status == "rejected":
            raise ValidationError(outcome.errors)
        return self.output(self.reload(outcome.record))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self._own(record)
        try:
            with transaction.atomic():
                fresh = self.model.objects.select_for_update(of=("self",)).get(pk=record.pk)
                check_if_match(request, fresh)
                record_delete(record=fresh, principal=principal_of(request))
        except DependentRecordsExist as exc:
            raise Conflict(str(exc)) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=MARKING_HISTORY)
    # Not a list to page or filter: without these the schema declared a cursor page and the list's filters.
    @action(detail=True, methods=["get"], url_path="markings", pagination_class=None, filter_backends=[])
    def markings(self, request, *args, **kwargs):
        """The record's marking and groups over time (owner only)."""
        record = self.get_object()
        self._own(record)
        return Response(marking_history(record))

    @extend_schema(
        request=BULK_REQUEST,
        responses={200: BULK_RESPONSE, 400: OpenApiResponse(description="All-or-nothing and a row was rejected.")},
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request, *args, **kwargs):
        """Upserts up to 5,000 of your records by external_id, reporting per row what happened."""
        principal = principal_of(request)
        body = request.data
        if not isinstance(body, dict) or not isinstance(body.get("records"), list):
            raise ValidationError({"records": ["Send {\"records\": [...], \"all_or_nothing\": false}."]})
        rows = body["records"]
        all_or_nothing = body.get("all_or_nothing", False)
        if not isinstance(all_or_nothing, bool):
            raise ValidationError({"all_or_nothing": ["Must be true or false."]})
        if len(rows) > MAX_BULK_ROWS:
            raise ValidationError({"records": [f"At most {MAX_BULK_ROWS} records a call; send {len(rows)} in parts."]})
        context = WriteContext(principal.partner, principal, rows)
        # One serializer validates every row: a new one per row would deep-copy its fields 5,000 times.
        validator = RowValidator(INPUT_SERIALIZERS[self.kind](context={"write": context}))
        results, accepted = check_rows(validator, rows)
        rejected = sum(1 for r in results if r.get("status") == "rejected")
        if all_or_nothing and rejected:
            return problem_response(
                400, f"{rejected} of {len(rows)} records were rejected; nothing was stored.",
                slug="validation-error",
                errors={str(r["index"]): r["errors"] for r in results if r.get("status") == "rejected"},
                instance=request.path,
            )
        with transaction.atomic():
            outcomes = apply_records(
                kind=self.kind, owner=principal.partner, items=[item for _, item in accepted],
                principal=principal, action="bulk_upsert",
            )
            refused = [(index, o) for (index, _), o in zip(accepted, outcomes, strict=True) if o.status == "rejected"]
            if all_or_nothing and refused:
                transaction.set_rollback(True)
                return problem_response(
                    400, f"{len(refused)} of {len(rows)} records were rejected; nothing was stored.",
                    slug="validation-error", errors={str(index): o.errors for index, o in refused},
                    instance=request.path,
                )
        for (index, _), outcome in zip(accepted, outcomes, strict=True):
            if outcome.status == "rejected":
                results[index].update(status="rejected", errors=outcome.errors)
                continue
            results[index].update(status=outcome.status, id=outcome.record.pk, version=outcome.record.version)
        counts = {name: sum(1 for r in results if r["status"] == name) for name in
                  ("created", "updated", "unchanged", "rejected")}
        return Response({**counts, "results": results})


@extend_schema_serializer(many=False)  # one collection, never a page of them
class FeatureCollection(serializers.Serializer):
    """GeoJSON (RFC 7946): the whole filtered list as points, each feature's id the record's."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = serializers.ListField(child=serializers.DictField())


# The list's other forms, as the schema declares them (one body per media type; geojson for facilities and capacities).
GEOJSON_KINDS = ("facility", "capacity")
EXPORT_SCHEMAS = {
    "csv": OpenApiTypes.STR,
    "xlsx": OpenApiTypes.BINARY,
    "geojson": FeatureCollection,
}


def published_viewset(
    kind: str, filterset, related: tuple[str, ...], doc: str, base: type[PublishedViewSet] = PublishedViewSet,
) -> type[PublishedViewSet]:
    write, read = INPUT_SERIALIZERS[kind], OUTPUT_SERIALIZERS[kind]
    viewset = type(
        f"{PUBLISHED_MODELS[kind].__name__}ViewSet",
        (base,),
        {"kind": kind, "filterset_class": filterset, "related": related, "__doc__": doc},
    )
    formats = ("csv", "xlsx", "geojson") if kind in GEOJSON_KINDS else ("csv", "xlsx")
    listed = {(200, "application/json"): read(many=True)}
    listed.update({(200, exports.MEDIA_TYPES[name]): EXPORT_SCHEMAS[name] for name in formats})
    return extend_schema_view(
        list=extend_schema(responses=listed, parameters=[OpenApiParameter(
            "format", str, enum=["json", *formats],
            description="csv, xlsx: every matching record (not a page), streamed, with an id column; geojson "
                        "(facilities and capacities): a FeatureCollection of points. Or ask by Accept.",
        )]),
        retrieve=extend_schema(responses=read),
        create=extend_schema(request=write, responses={201: read, 409: OpenApiResponse(description="Exists.")}),
        update=extend_schema(request=write, responses={200: read, 412: STALE}, parameters=[IF_MATCH]),
        partial_update=extend_schema(request=write, responses={200: read, 412: STALE}, parameters=[IF_MATCH]),
        destroy=extend_schema(responses={204: None, 409: OpenApiResponse(description="Has dependents."),
                                         412: STALE}, parameters=[IF_MATCH]),
    )(viewset)


STALE = OpenApiResponse(description="If-Match does not match the record's current ETag.")


_FACILITY_REF = ("facility", "facility__owner", "product")
# The related objects each kind's list and detail show (selected with the record).
RELATED: dict[str, tuple[str, ...]] = {
    "facility": (),
    "capacity": _FACILITY_REF,
    "stockpile": _FACILITY_REF,
    "supply_link": ("supplier", "supplier__owner", "buyer", "buyer__owner", "product"),
    "demand": ("product",),
    "purchase_total": (),
    "waiver": ("product",),
}

FacilityViewSet = published_viewset(
    "facility", filtersets.FacilityFilterSet, RELATED["facility"],
    "Mines, refineries, fabs, plants and warehouses that partners publish.",
)
FacilityViewSet.ordering_fields = [*PublishedViewSet.ordering_fields, "name", "country"]
FacilityViewSet.export_formats = ("csv", "xlsx", "geojson")
CapacityViewSet = published_viewset(
    "capacity", filtersets.CapacityFilterSet, RELATED["capacity"], "A facility's monthly output of a product."
)
CapacityViewSet.export_formats = ("csv", "xlsx", "geojson")  # points at the facility's location
CapacityViewSet.ordering_fields = [
    *PublishedViewSet.ordering_fields, "nominal", "spare", "releasable", "as_of", "lead_time_days",
]
StockpileViewSet = published_viewset(
    "stockpile", filtersets.StockpileFilterSet, RELATED["stockpile"], "Quantities of a product held at a site."
)
StockpileViewSet.ordering_fields = [*PublishedViewSet.ordering_fields, "quantity", "releasable", "expiry", "as_of"]
SupplyLinkViewSet = published_viewset(
    "supply_link", filtersets.SupplyLinkFilterSet, RELATED["supply_link"],
    "Supplier facility to buyer facility for a product, with volume per month.",
)
SupplyLinkViewSet.ordering_fields = [*PublishedViewSet.ordering_fields, "volume_per_month"]
DemandViewSet = published_viewset(
    "demand", filtersets.DemandFilterSet, RELATED["demand"],
    "A partner's monthly requirement of a product, and its critical part (defence, health), as of a date.",
)
DemandViewSet.ordering_fields = [
    *PublishedViewSet.ordering_fields, "total_per_month", "defence_per_month", "health_per_month", "as_of",
]

PurchaseTotalViewSet = published_viewset(
    "purchase_total", filtersets.PurchaseTotalFilterSet, RELATED["purchase_total"],
    "Purchase totals of an agency in a quarter through one channel or marketplace: domestic, allied and other "
    "value, in the reporting currency (PROCUREMENT_CURRENCY).",
)
PurchaseTotalViewSet.ordering_fields = [*PublishedViewSet.ordering_fields, "year", "quarter"]
