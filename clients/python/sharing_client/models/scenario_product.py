from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scenario_country import ScenarioCountry
    from ..models.suppressed_cell import SuppressedCell


T = TypeVar("T", bound="ScenarioProduct")


@_attrs_define
class ScenarioProduct:
    """
    Attributes:
        product (str):
        unit (str):
        tier (int): 0: hit directly; n: through n steps of the bill of materials.
        baseline (str):
        lost (str): Lost directly (countries, partners, facilities taken out).
        knock_on_lost (str): Lost because an input falls short.
        remaining (str):
        lost_share (float | None):
        limited_by (None | str): The input that falls shortest.
        demand (None | str):
        shortfall (None | str):
        shortfall_share (float | None):
        on_bom_cycle (bool):
        countries (list[ScenarioCountry]):
        suppressed_cells (int):
        suppressed (list[SuppressedCell]):
    """

    product: str
    unit: str
    tier: int
    baseline: str
    lost: str
    knock_on_lost: str
    remaining: str
    lost_share: float | None
    limited_by: None | str
    demand: None | str
    shortfall: None | str
    shortfall_share: float | None
    on_bom_cycle: bool
    countries: list[ScenarioCountry]
    suppressed_cells: int
    suppressed: list[SuppressedCell]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        unit = self.unit

        tier = self.tier

        baseline = self.baseline

        lost = self.lost

        knock_on_lost = self.knock_on_lost

        remaining = self.remaining

        lost_share: float | None
        lost_share = self.lost_share

        limited_by: None | str
        limited_by = self.limited_by

        demand: None | str
        demand = self.demand

        shortfall: None | str
        shortfall = self.shortfall

        shortfall_share: float | None
        shortfall_share = self.shortfall_share

        on_bom_cycle = self.on_bom_cycle

        countries = []
        for countries_item_data in self.countries:
            countries_item = countries_item_data.to_dict()
            countries.append(countries_item)

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
                "tier": tier,
                "baseline": baseline,
                "lost": lost,
                "knock_on_lost": knock_on_lost,
                "remaining": remaining,
                "lost_share": lost_share,
                "limited_by": limited_by,
                "demand": demand,
                "shortfall": shortfall,
                "shortfall_share": shortfall_share,
                "on_bom_cycle": on_bom_cycle,
                "countries": countries,
                "suppressed_cells": suppressed_cells,
                "suppressed": suppressed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scenario_country import ScenarioCountry  # noqa: PLC0415
        from ..models.suppressed_cell import SuppressedCell  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        unit = d.pop("unit")

        tier = d.pop("tier")

        baseline = d.pop("baseline")

        lost = d.pop("lost")

        knock_on_lost = d.pop("knock_on_lost")

        remaining = d.pop("remaining")

        def _parse_lost_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lost_share = _parse_lost_share(d.pop("lost_share"))

        def _parse_limited_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        limited_by = _parse_limited_by(d.pop("limited_by"))

        def _parse_demand(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        demand = _parse_demand(d.pop("demand"))

        def _parse_shortfall(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        shortfall = _parse_shortfall(d.pop("shortfall"))

        def _parse_shortfall_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        shortfall_share = _parse_shortfall_share(d.pop("shortfall_share"))

        on_bom_cycle = d.pop("on_bom_cycle")

        countries = []
        _countries = d.pop("countries")
        for countries_item_data in _countries:
            countries_item = ScenarioCountry.from_dict(countries_item_data)

            countries.append(countries_item)

        suppressed_cells = d.pop("suppressed_cells")

        suppressed = []
        _suppressed = d.pop("suppressed")
        for suppressed_item_data in _suppressed:
            suppressed_item = SuppressedCell.from_dict(suppressed_item_data)

            suppressed.append(suppressed_item)

        scenario_product = cls(
            product=product,
            unit=unit,
            tier=tier,
            baseline=baseline,
            lost=lost,
            knock_on_lost=knock_on_lost,
            remaining=remaining,
            lost_share=lost_share,
            limited_by=limited_by,
            demand=demand,
            shortfall=shortfall,
            shortfall_share=shortfall_share,
            on_bom_cycle=on_bom_cycle,
            countries=countries,
            suppressed_cells=suppressed_cells,
            suppressed=suppressed,
        )

        scenario_product.additional_properties = d
        return scenario_product

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
