from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DependenceTier")


@_attrs_define
class DependenceTier:
    """
    Attributes:
        tier (int):
        share (float): Share of the supply whose supplier at this tier is in the origin.
        traced (float):
        unknown (float):
        cyclic (float):
        suppliers (int):
    """

    tier: int
    share: float
    traced: float
    unknown: float
    cyclic: float
    suppliers: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tier = self.tier

        share = self.share

        traced = self.traced

        unknown = self.unknown

        cyclic = self.cyclic

        suppliers = self.suppliers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tier": tier,
                "share": share,
                "traced": traced,
                "unknown": unknown,
                "cyclic": cyclic,
                "suppliers": suppliers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tier = d.pop("tier")

        share = d.pop("share")

        traced = d.pop("traced")

        unknown = d.pop("unknown")

        cyclic = d.pop("cyclic")

        suppliers = d.pop("suppliers")

        dependence_tier = cls(
            tier=tier,
            share=share,
            traced=traced,
            unknown=unknown,
            cyclic=cyclic,
            suppliers=suppliers,
        )

        dependence_tier.additional_properties = d
        return dependence_tier

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
