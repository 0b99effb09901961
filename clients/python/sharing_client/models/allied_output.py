from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.allied_output_basis_enum import AlliedOutputBasisEnum

if TYPE_CHECKING:
    from ..models.bottleneck import Bottleneck
    from ..models.stage import Stage
    from ..models.suppressed_stage_cell import SuppressedStageCell


T = TypeVar("T", bound="AlliedOutput")


@_attrs_define
class AlliedOutput:
    """
    Attributes:
        as_of (datetime.date | None): The latest as-of date of the capacity counted.
        min_contributors (int): K: partners whose hidden records a cell needs.
        coverage (str): What the totals cover.
        suppressed_cells (int):
        suppressed (list[SuppressedStageCell]):
        product (str):
        unit (str):
        basis (AlliedOutputBasisEnum): * `nominal` - nominal
            * `spare` - spare
        countries (list[str] | None): The countries whose facilities count (null with excluding).
        excluding (list[str] | None):
        achievable (str): The most of the end product a month.
        bottleneck (Bottleneck):
        stages (list[Stage]):
        solver (str):
    """

    as_of: datetime.date | None
    min_contributors: int
    coverage: str
    suppressed_cells: int
    suppressed: list[SuppressedStageCell]
    product: str
    unit: str
    basis: AlliedOutputBasisEnum
    countries: list[str] | None
    excluding: list[str] | None
    achievable: str
    bottleneck: Bottleneck
    stages: list[Stage]
    solver: str
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

        basis = self.basis.value

        countries: list[str] | None
        if isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        excluding: list[str] | None
        if isinstance(self.excluding, list):
            excluding = self.excluding

        else:
            excluding = self.excluding

        achievable = self.achievable

        bottleneck = self.bottleneck.to_dict()

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)

        solver = self.solver

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
                "basis": basis,
                "countries": countries,
                "excluding": excluding,
                "achievable": achievable,
                "bottleneck": bottleneck,
                "stages": stages,
                "solver": solver,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bottleneck import Bottleneck  # noqa: PLC0415
        from ..models.stage import Stage  # noqa: PLC0415
        from ..models.suppressed_stage_cell import SuppressedStageCell  # noqa: PLC0415

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
            suppressed_item = SuppressedStageCell.from_dict(suppressed_item_data)

            suppressed.append(suppressed_item)

        product = d.pop("product")

        unit = d.pop("unit")

        basis = AlliedOutputBasisEnum(d.pop("basis"))

        def _parse_countries(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                countries_type_0 = cast(list[str], data)

                return countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        countries = _parse_countries(d.pop("countries"))

        def _parse_excluding(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                excluding_type_0 = cast(list[str], data)

                return excluding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        excluding = _parse_excluding(d.pop("excluding"))

        achievable = d.pop("achievable")

        bottleneck = Bottleneck.from_dict(d.pop("bottleneck"))

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in _stages:
            stages_item = Stage.from_dict(stages_item_data)

            stages.append(stages_item)

        solver = d.pop("solver")

        allied_output = cls(
            as_of=as_of,
            min_contributors=min_contributors,
            coverage=coverage,
            suppressed_cells=suppressed_cells,
            suppressed=suppressed,
            product=product,
            unit=unit,
            basis=basis,
            countries=countries,
            excluding=excluding,
            achievable=achievable,
            bottleneck=bottleneck,
            stages=stages,
            solver=solver,
        )

        allied_output.additional_properties = d
        return allied_output

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
