from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scenario_product import ScenarioProduct


T = TypeVar("T", bound="ScenarioResult")


@_attrs_define
class ScenarioResult:
    """
    Attributes:
        as_of (datetime.date | None):
        min_contributors (int):
        coverage (str):
        products (list[ScenarioProduct]):
        suppressed_cells (int):
    """

    as_of: datetime.date | None
    min_contributors: int
    coverage: str
    products: list[ScenarioProduct]
    suppressed_cells: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        min_contributors = self.min_contributors

        coverage = self.coverage

        products = []
        for products_item_data in self.products:
            products_item = products_item_data.to_dict()
            products.append(products_item)

        suppressed_cells = self.suppressed_cells

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "min_contributors": min_contributors,
                "coverage": coverage,
                "products": products,
                "suppressed_cells": suppressed_cells,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scenario_product import ScenarioProduct  # noqa: PLC0415

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

        products = []
        _products = d.pop("products")
        for products_item_data in _products:
            products_item = ScenarioProduct.from_dict(products_item_data)

            products.append(products_item)

        suppressed_cells = d.pop("suppressed_cells")

        scenario_result = cls(
            as_of=as_of,
            min_contributors=min_contributors,
            coverage=coverage,
            products=products,
            suppressed_cells=suppressed_cells,
        )

        scenario_result.additional_properties = d
        return scenario_result

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
