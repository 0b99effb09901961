from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scope_enum import ScopeEnum

if TYPE_CHECKING:
    from ..models.capacity_figure import CapacityFigure
    from ..models.capacity_share import CapacityShare
    from ..models.coverage_suppressed import CoverageSuppressed
    from ..models.demand_figure import DemandFigure
    from ..models.months_covered import MonthsCovered
    from ..models.stock_figure import StockFigure


T = TypeVar("T", bound="Coverage")


@_attrs_define
class Coverage:
    """
    Attributes:
        product (str):
        unit (str):
        partner (None | str):
        scope (ScopeEnum): * `partner` - partner
            * `alliance` - alliance
        countries (list[str]): Where the capacity counted is.
        on (datetime.date): The reference date: stockpiles expiring on or before it are left out.
        as_of (datetime.date | None): The latest as-of date of the records counted.
        min_contributors (int): K: partners whose hidden records a cell needs.
        coverage (str): What the figures cover.
        stockpile (StockFigure):
        demand (DemandFigure):
        capacity (CapacityFigure):
        months_covered (MonthsCovered):
        capacity_share (CapacityShare):
        suppressed_cells (int):
        suppressed (list[CoverageSuppressed]):
    """

    product: str
    unit: str
    partner: None | str
    scope: ScopeEnum
    countries: list[str]
    on: datetime.date
    as_of: datetime.date | None
    min_contributors: int
    coverage: str
    stockpile: StockFigure
    demand: DemandFigure
    capacity: CapacityFigure
    months_covered: MonthsCovered
    capacity_share: CapacityShare
    suppressed_cells: int
    suppressed: list[CoverageSuppressed]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        unit = self.unit

        partner: None | str
        partner = self.partner

        scope = self.scope.value

        countries = self.countries

        on = self.on.isoformat()

        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        min_contributors = self.min_contributors

        coverage = self.coverage

        stockpile = self.stockpile.to_dict()

        demand = self.demand.to_dict()

        capacity = self.capacity.to_dict()

        months_covered = self.months_covered.to_dict()

        capacity_share = self.capacity_share.to_dict()

        suppressed_cells = self.suppressed_cells

        suppressed = []
        for suppressed_item_data in self.suppressed:
            suppressed_item = suppressed_item_data.to_dict()
            suppressed.append(suppressed_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "unit": unit,
                "partner": partner,
                "scope": scope,
                "countries": countries,
                "on": on,
                "as_of": as_of,
                "min_contributors": min_contributors,
                "coverage": coverage,
                "stockpile": stockpile,
                "demand": demand,
                "capacity": capacity,
                "months_covered": months_covered,
                "capacity_share": capacity_share,
                "suppressed_cells": suppressed_cells,
                "suppressed": suppressed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capacity_figure import CapacityFigure  # noqa: PLC0415
        from ..models.capacity_share import CapacityShare  # noqa: PLC0415
        from ..models.coverage_suppressed import CoverageSuppressed  # noqa: PLC0415
        from ..models.demand_figure import DemandFigure  # noqa: PLC0415
        from ..models.months_covered import MonthsCovered  # noqa: PLC0415
        from ..models.stock_figure import StockFigure  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        unit = d.pop("unit")

        def _parse_partner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        partner = _parse_partner(d.pop("partner"))

        scope = ScopeEnum(d.pop("scope"))

        countries = cast(list[str], d.pop("countries"))

        on = datetime.date.fromisoformat(d.pop("on"))

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

        stockpile = StockFigure.from_dict(d.pop("stockpile"))

        demand = DemandFigure.from_dict(d.pop("demand"))

        capacity = CapacityFigure.from_dict(d.pop("capacity"))

        months_covered = MonthsCovered.from_dict(d.pop("months_covered"))

        capacity_share = CapacityShare.from_dict(d.pop("capacity_share"))

        suppressed_cells = d.pop("suppressed_cells")

        suppressed = []
        _suppressed = d.pop("suppressed")
        for suppressed_item_data in _suppressed:
            suppressed_item = CoverageSuppressed.from_dict(suppressed_item_data)

            suppressed.append(suppressed_item)

        coverage = cls(
            product=product,
            unit=unit,
            partner=partner,
            scope=scope,
            countries=countries,
            on=on,
            as_of=as_of,
            min_contributors=min_contributors,
            coverage=coverage,
            stockpile=stockpile,
            demand=demand,
            capacity=capacity,
            months_covered=months_covered,
            capacity_share=capacity_share,
            suppressed_cells=suppressed_cells,
            suppressed=suppressed,
        )

        coverage.additional_properties = d
        return coverage

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
