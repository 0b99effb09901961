from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.stock_months import StockMonths


T = TypeVar("T", bound="MonthsCovered")


@_attrs_define
class MonthsCovered:
    """
    Attributes:
        suppressed (bool):
        total_demand (StockMonths):
        critical_demand (StockMonths):
    """

    suppressed: bool
    total_demand: StockMonths
    critical_demand: StockMonths
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        suppressed = self.suppressed

        total_demand = self.total_demand.to_dict()

        critical_demand = self.critical_demand.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "suppressed": suppressed,
                "total_demand": total_demand,
                "critical_demand": critical_demand,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stock_months import StockMonths  # noqa: PLC0415

        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        total_demand = StockMonths.from_dict(d.pop("total_demand"))

        critical_demand = StockMonths.from_dict(d.pop("critical_demand"))

        months_covered = cls(
            suppressed=suppressed,
            total_demand=total_demand,
            critical_demand=critical_demand,
        )

        months_covered.additional_properties = d
        return months_covered

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
