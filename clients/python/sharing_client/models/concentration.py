from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hhi_band_enum import HhiBandEnum

if TYPE_CHECKING:
    from ..models.country_capacity import CountryCapacity
    from ..models.measures import Measures
    from ..models.suppressed_cell import SuppressedCell
    from ..models.top_country import TopCountry


T = TypeVar("T", bound="Concentration")


@_attrs_define
class Concentration:
    """
    Attributes:
        as_of (datetime.date | None): The latest as-of date of the capacity counted.
        min_contributors (int): K: partners whose hidden records a cell needs.
        coverage (str): What the totals cover.
        suppressed_cells (int):
        suppressed (list[SuppressedCell]):
        product (None | str):
        sector (None | str):
        products (list[str]):
        unit (None | str): Null when a sector's products differ in unit.
        total (Measures):
        countries (list[CountryCapacity]):
        hhi (float | None): Sum of squared percentage shares, 0..10,000.
        hhi_band (HhiBandEnum | None):
        top_country (None | TopCountry):
        partner_share (float | None):
        non_partner_share (float | None):
    """

    as_of: datetime.date | None
    min_contributors: int
    coverage: str
    suppressed_cells: int
    suppressed: list[SuppressedCell]
    product: None | str
    sector: None | str
    products: list[str]
    unit: None | str
    total: Measures
    countries: list[CountryCapacity]
    hhi: float | None
    hhi_band: HhiBandEnum | None
    top_country: None | TopCountry
    partner_share: float | None
    non_partner_share: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.top_country import TopCountry  # noqa: PLC0415

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

        product: None | str
        product = self.product

        sector: None | str
        sector = self.sector

        products = self.products

        unit: None | str
        unit = self.unit

        total = self.total.to_dict()

        countries = []
        for countries_item_data in self.countries:
            countries_item = countries_item_data.to_dict()
            countries.append(countries_item)

        hhi: float | None
        hhi = self.hhi

        hhi_band: None | str
        if isinstance(self.hhi_band, HhiBandEnum):
            hhi_band = self.hhi_band.value
        else:
            hhi_band = self.hhi_band

        top_country: dict[str, Any] | None
        if isinstance(self.top_country, TopCountry):
            top_country = self.top_country.to_dict()
        else:
            top_country = self.top_country

        partner_share: float | None
        partner_share = self.partner_share

        non_partner_share: float | None
        non_partner_share = self.non_partner_share

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
                "sector": sector,
                "products": products,
                "unit": unit,
                "total": total,
                "countries": countries,
                "hhi": hhi,
                "hhi_band": hhi_band,
                "top_country": top_country,
                "partner_share": partner_share,
                "non_partner_share": non_partner_share,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.country_capacity import CountryCapacity  # noqa: PLC0415
        from ..models.measures import Measures  # noqa: PLC0415
        from ..models.suppressed_cell import SuppressedCell  # noqa: PLC0415
        from ..models.top_country import TopCountry  # noqa: PLC0415

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

        def _parse_product(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product = _parse_product(d.pop("product"))

        def _parse_sector(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sector = _parse_sector(d.pop("sector"))

        products = cast(list[str], d.pop("products"))

        def _parse_unit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        unit = _parse_unit(d.pop("unit"))

        total = Measures.from_dict(d.pop("total"))

        countries = []
        _countries = d.pop("countries")
        for countries_item_data in _countries:
            countries_item = CountryCapacity.from_dict(countries_item_data)

            countries.append(countries_item)

        def _parse_hhi(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hhi = _parse_hhi(d.pop("hhi"))

        def _parse_hhi_band(data: object) -> HhiBandEnum | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hhi_band_type_0 = HhiBandEnum(data)

                return hhi_band_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HhiBandEnum | None, data)

        hhi_band = _parse_hhi_band(d.pop("hhi_band"))

        def _parse_top_country(data: object) -> None | TopCountry:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                top_country_type_1 = TopCountry.from_dict(data)

                return top_country_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TopCountry, data)

        top_country = _parse_top_country(d.pop("top_country"))

        def _parse_partner_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        partner_share = _parse_partner_share(d.pop("partner_share"))

        def _parse_non_partner_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        non_partner_share = _parse_non_partner_share(d.pop("non_partner_share"))

        concentration = cls(
            as_of=as_of,
            min_contributors=min_contributors,
            coverage=coverage,
            suppressed_cells=suppressed_cells,
            suppressed=suppressed,
            product=product,
            sector=sector,
            products=products,
            unit=unit,
            total=total,
            countries=countries,
            hhi=hhi,
            hhi_band=hhi_band,
            top_country=top_country,
            partner_share=partner_share,
            non_partner_share=non_partner_share,
        )

        concentration.additional_properties = d
        return concentration

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
