from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StockMonths")


@_attrs_define
class StockMonths:
    """
    Attributes:
        stockpile (float | None): Stockpiled quantity / demand a month.
        releasable (float | None): Releasable stockpiled quantity / demand a month.
    """

    stockpile: float | None
    releasable: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stockpile: float | None
        stockpile = self.stockpile

        releasable: float | None
        releasable = self.releasable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "stockpile": stockpile,
                "releasable": releasable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_stockpile(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stockpile = _parse_stockpile(d.pop("stockpile"))

        def _parse_releasable(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        releasable = _parse_releasable(d.pop("releasable"))

        stock_months = cls(
            stockpile=stockpile,
            releasable=releasable,
        )

        stock_months.additional_properties = d
        return stock_months

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
