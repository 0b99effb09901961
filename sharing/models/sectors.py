"""The catalogue of sectors and industrial bases that supply-chain reviews are organised by.

The secretariat extends it in the admin. An entry's products are those of its catalogue sector (``product_sector``:
every product whose ``sector`` it is, including products added later) and any named one by one (``products``): an
industrial base such as defence draws on products of several supply chains.
"""

from django.db import models
from django.db.models import Q

from sharing.choices import Sector, SectorKind


class ReviewSector(models.Model):
    code = models.SlugField(max_length=40, unique=True, allow_unicode=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=SectorKind.choices)
    description = models.TextField(blank=True)
    product_sector = models.CharField(
        max_length=32, choices=Sector.choices, blank=True,
        help_text="Every product of this catalogue sector belongs to the entry, those added later included.",
    )
    products = models.ManyToManyField(
        "sharing.Product", blank=True, related_name="review_sectors",
        help_text="Further products, named one by one (an industrial base draws on several supply chains).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = "sector or industrial base"
        verbose_name_plural = "sectors and industrial bases"

    def __str__(self) -> str:
        return self.code

    def member_products_q(self) -> Q:
        """The products of the entry, as a filter on Product."""
        q = Q(pk__in=self.products.values("pk"))
        return q | Q(sector=self.product_sector) if self.product_sector else q
