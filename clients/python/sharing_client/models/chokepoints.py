from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.nominal import Nominal
    from ..models.ranked_country import RankedCountry
    from ..models.ranked_facility import RankedFacility
    from ..models.single_supplier import SingleSupplier
    from ..models.suppressed_cell import SuppressedCell


T = TypeVar("T", bound="Chokepoints")


@_attrs_define
class Chokepoints:
    """
    Attributes:
        as_of (datetime.date | None): The latest as-of date of the capacity counted.
        min_contributors (int): K: partners whose hidden records a cell needs.
        coverage (str): What the totals cover.
        suppressed_cells (int):
        suppressed (list[SuppressedCell]):
        product (str):
        unit (str):
        total (Nominal):
        countries (list[RankedCountry]):
        facilities (list[RankedFacility]):
        single_supplier_buyers (list[SingleSupplier]):
        single_supplier_buyer_count (int):
    """

    as_of: datetime.date | None
    min_contributors: int
    coverage: str
    suppressed_cells: int
    suppressed: list[SuppressedCell]
    product: str
    unit: str
    total: Nominal
    countries: list[RankedCountry]
    facilities: list[RankedFacility]
    single_supplier_buyers: list[SingleSupplier]
    single_supplier_buyer_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        min_contributors = self.min_contributors

        coverage = self.coverage

        suppressed_cells = self.suppressed_cells

        suppressed = []
        for suppressed_item_data in self.suppressed:
            suppressed_item = suppressed_item_data.to_dict()
            suppressed.append(suppressed_item)

        product = self.product

        unit = self.unit

        total = self.total.to_dict()

        countries = []
        for countries_item_data in self.countries:
            countries_item = countries_item_data.to_dict()
            countries.append(countries_item)

        facilities = []
        for facilities_item_data in self.facilities:
            facilities_item = facilities_item_data.to_dict()
            facilities.append(facilities_item)

        single_supplier_buyers = []
        for single_supplier_buyers_item_data in self.single_supplier_buyers:
            single_supplier_buyers_item = single_supplier_buyers_item_data.to_dict()
            single_supplier_buyers.append(single_supplier_buyers_item)

        single_supplier_buyer_count = self.single_supplier_buyer_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "min_contributors": min_contributors,
                "coverage": coverage,
                "suppressed_cells": suppressed_cells,
                "suppressed": suppressed,
                "product": product,
                "unit": unit,
                "total": total,
                "countries": countries,
                "facilities": facilities,
                "single_supplier_buyers": single_supplier_buyers,
                "single_supplier_buyer_count": single_supplier_buyer_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nominal import Nominal  # noqa: PLC0415
        from ..models.ranked_country import RankedCountry  # noqa: PLC0415
        from ..models.ranked_facility import RankedFacility  # noqa: PLC0415
        from ..models.single_supplier import SingleSupplier  # noqa: PLC0415
        from ..models.suppressed_cell import SuppressedCell  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_as_of(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        min_contributors = d.pop("min_contributors")

        coverage = d.pop("coverage")

        suppressed_cells = d.pop("suppressed_cells")

        suppressed = []
        _suppressed = d.pop("suppressed")
        for suppressed_item_data in _suppressed:
            suppressed_item = SuppressedCell.from_dict(suppressed_item_data)

            suppressed.append(suppressed_item)

        product = d.pop("product")

        unit = d.pop("unit")

        total = Nominal.from_dict(d.pop("total"))

        countries = []
        _countries = d.pop("countries")
        for countries_item_data in _countries:
            countries_item = RankedCountry.from_dict(countries_item_data)

            countries.append(countries_item)

        facilities = []
        _facilities = d.pop("facilities")
        for facilities_item_data in _facilities:
            facilities_item = RankedFacility.from_dict(facilities_item_data)

            facilities.append(facilities_item)

        single_supplier_buyers = []
        _single_supplier_buyers = d.pop("single_supplier_buyers")
        for single_supplier_buyers_item_data in _single_supplier_buyers:
            single_supplier_buyers_item = SingleSupplier.from_dict(
                single_supplier_buyers_item_data
            )

            single_supplier_buyers.append(single_supplier_buyers_item)

        single_supplier_buyer_count = d.pop("single_supplier_buyer_count")

        chokepoints = cls(
            as_of=as_of,
            min_contributors=min_contributors,
            coverage=coverage,
            suppressed_cells=suppressed_cells,
            suppressed=suppressed,
            product=product,
            unit=unit,
            total=total,
            countries=countries,
            facilities=facilities,
            single_supplier_buyers=single_supplier_buyers,
            single_supplier_buyer_count=single_supplier_buyer_count,
        )

        chokepoints.additional_properties = d
        return chokepoints

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
