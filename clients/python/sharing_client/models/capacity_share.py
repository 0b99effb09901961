from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.capacity_ratio import CapacityRatio


T = TypeVar("T", bound="CapacityShare")


@_attrs_define
class CapacityShare:
    """
    Attributes:
        suppressed (bool):
        total_demand (CapacityRatio):
        critical_demand (CapacityRatio):
    """

    suppressed: bool
    total_demand: CapacityRatio
    critical_demand: CapacityRatio
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
        from ..models.capacity_ratio import CapacityRatio  # noqa: PLC0415

        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        total_demand = CapacityRatio.from_dict(d.pop("total_demand"))

        critical_demand = CapacityRatio.from_dict(d.pop("critical_demand"))

        capacity_share = cls(
            suppressed=suppressed,
            total_demand=total_demand,
            critical_demand=critical_demand,
        )

        capacity_share.additional_properties = d
        return capacity_share

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
