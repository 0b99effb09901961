"""The catalogue (public) and what partners publish: facilities, capacity, stockpiles, supply links."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_countries.fields import CountryField

from sharing.choices import FacilityKind, FacilityStatus, Marking, Sector, Unit
from sharing.models.ids import RandomIdModel
from sharing.querysets import PublishedQuerySet

QUANTITY = {"max_digits": 20, "decimal_places": 3, "validators": [MinValueValidator(0)]}
_HS_CODE = re.compile(r"^\d{4}(\d{2}){0,3}$")


def normalise_hs_code(code: str) -> str:
    return str(code).replace(".", "").replace(" ", "")


def validate_hs_codes(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("HS codes must be a list.")
    bad = [c for c in value if not isinstance(c, str) or not _HS_CODE.match(normalise_hs_code(c))]
    if bad:
        raise ValidationError(f"Not HS codes (4, 6, 8 or 10 digits, e.g. 2846.90): {', '.join(map(str, bad))}.")


class SharingGroup(RandomIdModel):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField("sharing.Partner", related_name="sharing_groups", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    code = models.SlugField(max_length=40, unique=True, allow_unicode=False)
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    hs_codes = models.JSONField(default=list, blank=True, validators=[validate_hs_codes])
    unit = models.CharField(max_length=16, choices=Unit.choices)
    description = models.TextField(blank=True)
    reference_unit_cost = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text="Reference cost of one unit, in the reporting currency (PROCUREMENT_CURRENCY): the cost the "
                  "content share uses for a component whose supplier is unknown or hidden.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        self.hs_codes = [normalise_hs_code(code) for code in self.hs_codes if isinstance(code, str)] or self.hs_codes


class ProductInput(models.Model):
    """One line of a bill of materials: so much of ``input`` per unit of ``product``."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="inputs")
    input = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="used_in")
    quantity_per_unit = models.DecimalField(max_digits=20, decimal_places=6, validators=[MinValueValidator(0)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "input"], name="unique_bom_line")]

    def __str__(self) -> str:
        return f"{self.product} <- {self.quantity_per_unit} {self.input}"

    def clean(self) -> None:
        if self.product_id is None or self.input_id is None:
            return
        if self.product_id == self.input_id:
            raise ValidationError({"input": "A product cannot be an input of itself."})
        # A cycle exists if the product is already among the input's own (transitive) inputs.
        frontier, seen = {self.input_id}, set()
        while frontier:
            if self.product_id in frontier:
                raise ValidationError({"input": "This input would make the bill of materials circular."})
            seen |= frontier
            frontier = set(
                ProductInput.objects.filter(product_id__in=frontier).values_list("input_id", flat=True)
            ) - seen


class ChangeSequence(models.Model):
    """One row: the last change number handed out. Its row lock, held to commit, orders the changes feed."""

    value = models.BigIntegerField(default=0)


class Published(RandomIdModel):
    """What every published record carries: owner, the owner's key, marking, version, tombstone."""

    owner = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(max_length=100)
    marking = models.CharField(max_length=16, choices=Marking.choices, default=Marking.GREEN)
    groups = models.ManyToManyField(SharingGroup, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    seq = models.BigIntegerField(db_index=True, help_text="Change number of the last change, for the feed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    kind: str = ""
    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def facility_fields(cls) -> tuple[str, ...]:
        """The foreign keys to facilities whose visibility this record's visibility depends on."""
        return ()

    def __str__(self) -> str:
        return f"{self.kind}:{self.owner_id}:{self.external_id}"


def _unique_external_id(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["owner", "external_id"], name=f"unique_{name}_external_id")


class Facility(Published):
    kind = "facility"
    name = models.CharField(max_length=200)
    country = CountryField(help_text="Where the facility is, not who publishes it.")
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    facility_kind = models.CharField(max_length=32, choices=FacilityKind.choices)
    status = models.CharField(max_length=16, choices=FacilityStatus.choices, default=FacilityStatus.OPERATING)
    operator = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [_unique_external_id("facility")]
        indexes = [
            models.Index(fields=["country"]), models.Index(fields=["latitude", "longitude"]),
            # What the visibility rule and the country filter read of a live facility, for the pages of the
            # records that reference one (capacity, stockpile): read ids first (page_sql.PageQuery._ids_first),
            # each candidate's facility is an index-only probe, not the index and the table.
            models.Index(fields=["id"], include=["country", "owner", "marking"],
                         condition=models.Q(deleted_at__isnull=True), name="facility_visible"),
        ]
        verbose_name_plural = "facilities"


class Capacity(Published):
    """A facility's monthly output of a product."""

    kind = "capacity"
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="capacities")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    nominal = models.DecimalField(**QUANTITY)
    in_use = models.DecimalField(**QUANTITY)
    spare = models.DecimalField(**QUANTITY)
    surge = models.DecimalField(**QUANTITY, default=0)
    lead_time_days = models.PositiveIntegerField(default=0)
    releasable = models.DecimalField(**QUANTITY, default=0, help_text="Part of spare releasable in an emergency.")
    unit_cost = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text="Cost of one unit of this output, in the reporting currency (PROCUREMENT_CURRENCY). Part of the "
                  "record: shown only to those who may see the record.",
    )
    as_of = models.DateField()

    @classmethod
    def facility_fields(cls) -> tuple[str, ...]:
        return ("facility",)

    class Meta:
        constraints = [_unique_external_id("capacity")]
        # Pages of a product in id order; a product in a country (through its facilities); a partner's records
        # of a product. The facility's own foreign-key index covers lookups by facility alone.
        indexes = [
            models.Index(fields=["product", "id"]),
            models.Index(fields=["facility", "product"]),
            models.Index(fields=["owner", "product"]),
            # Covers the analytics' cell aggregation (sharing/analytics/disclosure.py): an index-only scan
            # instead of reading a product's rows scattered over the table (about 2x faster at 1M rows).
            models.Index(
                fields=["product", "facility", "owner", "marking", "nominal", "spare", "as_of", "id", "deleted_at"],
                condition=models.Q(deleted_at__isnull=True), name="capacity_cells",
            ),
            # Lists ordered by releasable (``?ordering=-releasable``, an analyst's "who can release most"):
            # PostgreSQL walks this backwards and stops after a page, where it sorted every match (about 5,000
            # rows, 20 ms of the database's CPU per request at 100,000 rows; 1 ms with the index).
            models.Index(
                fields=["releasable"], condition=models.Q(deleted_at__isnull=True), name="capacity_releasable",
            ),
            # A partner's capacity of a product by spare (``?partner=..&product=..&ordering=-spare``, "who of them
            # has most to spare"; the partner filter looks the partner's id up first, see filtersets._CodeById):
            # walked backwards, a page read in order, where the (owner, product) index made PostgreSQL fetch and
            # sort every such row (some 5,000 scattered over the table at 1,000,000 rows: a median 44-56 ms a
            # page query at load 5; 7 ms with it). Updates of spare pay for it as they already do for
            # capacity_cells (no HOT update when spare changes either way).
            models.Index(
                fields=["owner", "product", "spare"], condition=models.Q(deleted_at__isnull=True),
                name="capacity_owner_product_spare",
            ),
            # A product's page read ids first (page_sql.PageQuery._ids_first): its live records in id order with
            # what the visibility rule and the facility join read, an index-only scan where the (product, id)
            # index fetched every candidate's row from the table (some 540 scattered rows to keep 100).
            models.Index(fields=["product", "id"], include=["facility", "owner", "marking"],
                         condition=models.Q(deleted_at__isnull=True), name="capacity_page"),
        ]
        verbose_name_plural = "capacities"


class Stockpile(Published):
    kind = "stockpile"
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stockpiles")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(**QUANTITY)
    releasable = models.DecimalField(**QUANTITY, default=0)
    expiry = models.DateField(null=True, blank=True)
    as_of = models.DateField()

    @classmethod
    def facility_fields(cls) -> tuple[str, ...]:
        return ("facility",)

    class Meta:
        constraints = [_unique_external_id("stockpile")]
        indexes = [
            models.Index(fields=["product", "id"]),
            models.Index(fields=["facility", "product"]),
            models.Index(fields=["owner", "product"]),
            # As capacity_page.
            models.Index(fields=["product", "id"], include=["facility", "owner", "marking"],
                         condition=models.Q(deleted_at__isnull=True), name="stockpile_page"),
        ]


class SupplyLink(Published):
    kind = "supply_link"
    supplier = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="supplies")
    buyer = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="purchases")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    volume_per_month = models.DecimalField(**QUANTITY)

    @classmethod
    def facility_fields(cls) -> tuple[str, ...]:
        return ("supplier", "buyer")

    class Meta:
        constraints = [
            _unique_external_id("supply_link"),
            models.CheckConstraint(condition=~models.Q(supplier=models.F("buyer")), name="link_parties_differ"),
        ]
        indexes = [models.Index(fields=["product", "id"])]


class Demand(Published):
    """A partner's monthly requirement of a product, as of a date, in the product's unit.

    The critical part is held as two figures, defence and health (``critical_per_month`` is their sum), rather
    than one critical quantity with a category: a partner's requirement usually has both, and coverage can then
    be asked against either or both without a second record. Both together never exceed the total.
    """

    kind = "demand"
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    total_per_month = models.DecimalField(**QUANTITY)
    defence_per_month = models.DecimalField(**QUANTITY, default=0, help_text="Part of the total for defence.")
    health_per_month = models.DecimalField(**QUANTITY, default=0, help_text="Part of the total for health.")
    as_of = models.DateField()

    class Meta:
        constraints = [
            _unique_external_id("demand"),
            models.CheckConstraint(
                condition=models.Q(
                    total_per_month__gte=models.F("defence_per_month") + models.F("health_per_month")
                ),
                name="demand_critical_within_total",
            ),
        ]
        indexes = [models.Index(fields=["product", "id"]), models.Index(fields=["owner", "product", "as_of"])]

    @property
    def critical_per_month(self):
        return self.defence_per_month + self.health_per_month


class AccessChange(models.Model):
    """A partner gained or lost sight of a record (marking, groups or membership changed).

    Written only when an audience changes, never for ordinary edits, so the feed can tell a partner of
    records it can newly see (older ones included) and report as deleted the ones it can no longer see.
    """

    seq = models.BigIntegerField(db_index=True)
    partner = models.ForeignKey("sharing.Partner", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    record_id = models.BigIntegerField()
    gained = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["partner", "seq"])]


class MarkingChange(models.Model):
    """The history of a record's marking and groups: one row at creation and one per change."""

    kind = models.CharField(max_length=16)
    record_id = models.BigIntegerField()
    owner = models.ForeignKey("sharing.Partner", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    seq = models.BigIntegerField()
    marking = models.CharField(max_length=16, choices=Marking.choices)
    groups = models.JSONField(default=list)
    previous_marking = models.CharField(max_length=16, blank=True)
    previous_groups = models.JSONField(default=list, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "record_id", "seq"])]


PUBLISHED_MODELS: dict[str, type[Published]] = {
    model.kind: model for model in (Facility, Capacity, Stockpile, SupplyLink, Demand)
}
