import copy
import unicodedata
from datetime import UTC

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField

from sharing.choices import FacilityKind, FacilityStatus, Marking, Sector, SectorKind, WaiverReason, WaiverStatus
from sharing.models import (
    AuditEvent,
    Capacity,
    Demand,
    Facility,
    Partner,
    Product,
    PurchaseTotal,
    ReviewSector,
    Stockpile,
    SupplyLink,
    Waiver,
)
from sharing.principal import principal_of


class _UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, handed to the database in UTC. PostgreSQL refuses an offset beyond 15:59
    (``?after=9527-03-05T09:10:01+17:03`` was a DataError, a 500); an instant outside the representable years
    once converted is a 400."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Enter a date and time within the years 1 to 9999 (UTC).", code="invalid")


class _UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = _UtcIsoDateTimeField


class _IdFilter(django_filters.NumberFilter):
    """A record id: a whole number within the database's range, else 400 (a float such as -1.8e308 reached
    the database as an integer it cannot hold: a 500 on SQLite)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class _BoundedNumber(django_filters.NumberFilter):
    """A quantity or coordinate: at most 20 digits, as the columns hold (a bigger one is a 400, not a 500)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(*args, **kwargs)


class PartnerFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter()
    country = django_filters.CharFilter()
    status = django_filters.MultipleChoiceFilter(choices=Partner._meta.get_field("status").choices)

    class Meta:
        model = Partner
        fields = ["code", "country", "status"]


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter()
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    actor_partner = django_filters.CharFilter(field_name="actor_partner__code")
    outcome = django_filters.CharFilter()
    occurred_after = _UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gt")
    occurred_before = _UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "actor_partner", "outcome"]


class _CodeIn(django_filters.BaseInFilter, django_filters.CharFilter):
    """A comma-separated list: ``?country=JP,KR``."""


class _CodeById(_CodeIn):
    """Codes of a referenced row (a product, a partner). One code (the usual question) is matched by the row's id,
    found first by a scalar subquery: PostgreSQL then walks an index on the foreign key (with the ordering's
    column after it) in page order and stops after a page, where a join on the code made it read and sort every
    match (a product: 5.9 -> 1.3 ms at 100,000 capacity rows; a partner and a product ordered by -spare, with the
    capacity_owner_product_spare index: a median 44-56 -> 7 ms a page query at 1,000,000 rows, load 5)."""

    def __init__(self, *args, target, **kwargs):
        self.target = target
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value and len(value) == 1 and self.lookup_expr == "in" and not self.exclude:
            found = self.target.objects.filter(code=value[0]).values("pk")[:1]
            return qs.filter(**{f"{self.field_name.removesuffix('__code')}_id": Subquery(found)})
        return super().filter(qs, value)


class _MadeAt(_CodeIn):
    """Facilities with capacity the caller may see of one of the products named (``?product=LIOH,NMC``): only
    capacity the caller can see may say what a facility makes. A declared filter rather than a filter set's method
    so that its pages are compiled once per shape (``page_sql.SLOTTED``): its SQL depends on nothing but the number
    of codes and the caller's partner and groups, which the page's shape holds (the load test's page of 50
    facilities of a product, bench/load/profile.py: 14.1-16.7 -> 5.3-7.4 ms of Python CPU a request, most of it
    had been building and compiling this ``EXISTS`` on every request).

    The products' ids are found first (as ``_CodeById``): the capacity's (facility_id, product_id) index then
    answers "does this facility make it" in one probe per facility, where a join on the code read every capacity
    row of each facility and its product (full scale, a page of 50: PostgreSQL 9.1-10.0 -> 5.3-7.1 ms).

    It reads the caller from the request: a filter set that used it is never kept for another request
    (``published_views._validated_filterset``)."""

    reads_request = True

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        if len(value) == 1:
            product_filter = {"product_id": Subquery(Product.objects.filter(code__in=value).values("pk")[:1])}
        else:
            product_filter = {"product_id__in": Subquery(Product.objects.filter(code__in=value).values("pk"))}
        return _with_visible_capacity(qs, self.parent.request, **product_filter)


def _with_visible_capacity(queryset, request, **capacity_filter):
    # Only capacity the caller can see may say what a facility makes.
    capacities = Capacity.objects.visible_to(principal_of(request)).filter(**capacity_filter)
    return queryset.filter(Exists(capacities.filter(facility_id=OuterRef("pk"))))


class _StoredFormCharFilter(django_filters.CharFilter):
    """Looks a text up in the form it is stored under (NFC, ``sharing.text``), so that an identifier sent decomposed
    finds the record it names, as writes do."""

    def filter(self, qs, value):
        return super().filter(qs, unicodedata.normalize("NFC", value) if value else value)


class _ShallowCopies(dict):
    """A class's filters or form fields, copied for each request one level deep (``copy.copy`` of each) where
    django-filter and Django's forms deep-copy them (``copy.deepcopy(base_filters)``, ``deepcopy(base_fields)``):
    a deep copy of a filter copies its form field, widget, choices and validators, some 1 ms of CPU a list request
    for a dozen filters. Validating and filtering set attributes on the copies (``model``, ``parent``) and never
    change what they share (a field's widget, choices, validators, a filter's ``extra``). A filter with a ``method``
    gets its own bound method again (``FilterMethod`` names the filter it belongs to)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, item in self.items():
            item = copy.copy(item)
            if isinstance(item, django_filters.Filter) and item._method is not None:
                item.method = item._method
            copies[name] = item
        return copies


class PublishedFilterSet(django_filters.FilterSet):
    """The filters every published kind has. Its form class is built once per filter set class, not once per
    request (django-filter builds every form field and a new class each time): none of these filters' fields
    depends on the request, and each request's form still gets its own copies of the fields (shallow ones,
    ``_ShallowCopies``), so nothing a request validates is shared; the filters likewise."""

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), _ShallowCopies):
            for item in cls.base_filters.values():
                _ = item.field  # built once here, shared by the copies (``Filter.field`` caches it)
            cls.base_filters = _ShallowCopies(cls.base_filters)
        super().__init__(*args, **kwargs)

    @classmethod
    def _form_class(cls, build):
        form = cls.__dict__.get("_built_form_class")
        if form is None:
            form = build()
            form.base_fields = _ShallowCopies(form.base_fields)
            cls._built_form_class = form
        return form

    def get_form_class(self):
        return self._form_class(super().get_form_class)

    partner = _CodeById(field_name="owner__code", target=Partner, help_text="Owner partner codes, comma-separated.")
    # distinct=False: these filters follow only to-one relations, so no row can repeat, and the DISTINCT that
    # django-filter adds by default makes PostgreSQL sort every match before it can return a page.
    marking = django_filters.MultipleChoiceFilter(choices=Marking.choices, distinct=False)
    external_id = _StoredFormCharFilter()
    updated_after = _UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")


class FacilityFilterSet(PublishedFilterSet):
    country = _CodeIn(field_name="country")
    kind = django_filters.MultipleChoiceFilter(
        field_name="facility_kind", choices=FacilityKind.choices, distinct=False
    )
    status = django_filters.MultipleChoiceFilter(choices=FacilityStatus.choices, distinct=False)
    min_latitude = _BoundedNumber(field_name="latitude", lookup_expr="gte")
    max_latitude = _BoundedNumber(field_name="latitude", lookup_expr="lte")
    min_longitude = _BoundedNumber(field_name="longitude", lookup_expr="gte")
    max_longitude = _BoundedNumber(field_name="longitude", lookup_expr="lte")
    product = _MadeAt(help_text="Facilities with capacity you may see of one of these products (codes, "
                              "comma-separated).")
    sector = django_filters.CharFilter(method="filter_sector")

    class Meta:
        model = Facility
        fields = ["partner", "marking", "external_id", "country", "kind", "status"]

    def filter_sector(self, queryset, name, value):
        return _with_visible_capacity(queryset, self.request, product__sector__in=value.split(","))


class _ProductRecordFilterSet(PublishedFilterSet):
    product = _CodeById(field_name="product__code", target=Product, help_text="Product codes, comma-separated.")
    sector = django_filters.MultipleChoiceFilter(
        field_name="product__sector", choices=Sector.choices, distinct=False
    )


class CapacityFilterSet(_ProductRecordFilterSet):
    country = _CodeIn(field_name="facility__country", help_text="Country of the facility.")
    facility = _IdFilter(field_name="facility_id")
    as_of_after = django_filters.DateFilter(field_name="as_of", lookup_expr="gte")
    as_of_before = django_filters.DateFilter(field_name="as_of", lookup_expr="lte")
    min_releasable = _BoundedNumber(field_name="releasable", lookup_expr="gte")

    class Meta:
        model = Capacity
        fields = ["partner", "marking", "external_id", "product", "sector", "country", "facility"]


class StockpileFilterSet(_ProductRecordFilterSet):
    country = _CodeIn(field_name="facility__country")
    facility = _IdFilter(field_name="facility_id")
    expires_before = django_filters.DateFilter(field_name="expiry", lookup_expr="lt")

    class Meta:
        model = Stockpile
        fields = ["partner", "marking", "external_id", "product", "sector", "country", "facility"]


class SupplyLinkFilterSet(_ProductRecordFilterSet):
    supplier = _IdFilter(field_name="supplier_id")
    buyer = _IdFilter(field_name="buyer_id")
    supplier_country = _CodeIn(field_name="supplier__country")
    buyer_country = _CodeIn(field_name="buyer__country")

    class Meta:
        model = SupplyLink
        fields = ["partner", "marking", "external_id", "product", "sector", "supplier", "buyer"]


class DemandFilterSet(_ProductRecordFilterSet):
    as_of_after = django_filters.DateFilter(field_name="as_of", lookup_expr="gte")
    as_of_before = django_filters.DateFilter(field_name="as_of", lookup_expr="lte")

    class Meta:
        model = Demand
        fields = ["partner", "marking", "external_id", "product", "sector"]


class ProductFilterSet(django_filters.FilterSet):
    sector = django_filters.MultipleChoiceFilter(choices=Sector.choices)
    code = _CodeIn(field_name="code")
    hs_code = django_filters.CharFilter(method="filter_hs_code")
    search = django_filters.CharFilter(method="filter_search", max_length=100,
                                       help_text="Products whose code or name contains this text.")

    class Meta:
        model = Product
        fields = ["sector", "code"]

    def filter_search(self, queryset, name, value):
        text = unicodedata.normalize("NFC", value.strip())
        return queryset.filter(Q(code__icontains=text) | Q(name__icontains=text)) if text else queryset

    def filter_hs_code(self, queryset, name, value):
        wanted = value.replace(".", "")
        return queryset.filter(pk__in=[p.pk for p in queryset if any(c.startswith(wanted) for c in p.hs_codes)])


class ReviewSectorFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=SectorKind.choices)
    product = django_filters.CharFilter(method="filter_product", help_text="Entries a product (by code) belongs to.")

    class Meta:
        model = ReviewSector
        fields = ["kind"]

    def filter_product(self, queryset, name, value):
        product = Product.objects.filter(code=value).first()
        if product is None:
            return queryset.none()
        return queryset.filter(Q(products=product) | Q(product_sector=product.sector)).distinct()


class AccessLogFilterSet(django_filters.FilterSet):
    partner = django_filters.CharFilter(method="filter_partner", help_text="The reading partner's code.")
    kind = django_filters.CharFilter(field_name="object_type")
    after = _UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    before = _UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    record = django_filters.CharFilter(method="filter_record", help_text="Reads that included this record id.")

    class Meta:
        model = AuditEvent
        fields = ["partner", "kind"]

    def filter_partner(self, queryset, name, value):
        # The reader's id found first: a constant the planner can see lets each month's (owner, reader, time)
        # index be read in the page's order; joined by code, the planner read all of that reader's rows of the
        # owner and sorted them (bench/audit.py).
        reader = Partner.objects.filter(code=value).values_list("pk", flat=True).first()
        if reader is None:
            return queryset.none()
        return queryset.filter(actor_partner_id=reader)

    def filter_record(self, queryset, name, value):
        if connection.vendor == "postgresql":
            # In the query (jsonb containment): the trail may hold tens of millions of the owner's rows.
            return queryset.filter(object_ids__contains=[value])
        # SQLite has no JSON containment lookup; its plain table is small.
        matching = queryset.select_related(None).values_list("pk", "object_ids")
        return queryset.filter(pk__in=[pk for pk, ids in matching if value in ids])


class WaiverFilterSet(_ProductRecordFilterSet):
    """The registry's filters; ``q`` searches the texts (``sharing.procurement.selectors.search``)."""

    agency = django_filters.CharFilter(field_name="agency", lookup_expr="icontains", help_text="Part of the name.")
    reason = django_filters.MultipleChoiceFilter(choices=WaiverReason.choices, distinct=False)
    status = django_filters.MultipleChoiceFilter(choices=WaiverStatus.choices, distinct=False)
    origin_country = _CodeIn(field_name="origin_country", help_text="Countries of origin, comma-separated.")
    buying_country = _CodeIn(field_name="owner__country", help_text="Countries of the buying partners.")
    hs_code = django_filters.CharFilter(
        method="filter_hs_code", help_text="HS code or its first digits.", max_length=13,
        validators=[RegexValidator(r"^[0-9][0-9. ]*$", "Digits only, e.g. 8505 or 8505.11.")],
    )
    proposed_after = django_filters.DateFilter(field_name="proposed_on", lookup_expr="gte")
    proposed_before = django_filters.DateFilter(field_name="proposed_on", lookup_expr="lte")
    posted_after = django_filters.DateFilter(field_name="posted_on", lookup_expr="gte")
    posted_before = django_filters.DateFilter(field_name="posted_on", lookup_expr="lte")
    decided_after = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")
    q = django_filters.CharFilter(method="filter_search", max_length=200,
                                  help_text="Words that must all appear (whole words, any case) in the texts.")

    class Meta:
        model = Waiver
        fields = ["partner", "marking", "external_id", "product", "sector", "reason", "status", "origin_country"]

    def filter_hs_code(self, queryset, name, value):
        digits = value.replace(".", "").replace(" ", "")
        return queryset.filter(hs_code__startswith=digits)

    def filter_search(self, queryset, name, value):
        from sharing.procurement.selectors import search

        return search(queryset, value)


class PurchaseTotalFilterSet(PublishedFilterSet):
    agency = django_filters.CharFilter(field_name="agency", lookup_expr="iexact", help_text="The agency's name.")
    channel = django_filters.CharFilter(field_name="channel", lookup_expr="iexact")
    year = _BoundedNumber(field_name="year", min_value=1900, max_value=2200)
    quarter = _BoundedNumber(field_name="quarter", min_value=1, max_value=4)

    class Meta:
        model = PurchaseTotal
        fields = ["partner", "marking", "external_id", "agency", "channel", "year", "quarter"]
