from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExposureTier")


@_attrs_define
class ExposureTier:
    """
    Attributes:
        tier (int):
        from_country (float): Share whose supplier at this tier is in the country.
        traced (float): Share that reaches a supplier you may see at this tier.
        unknown (float): Share whose origin at this tier is unknown: a supplier before it publishes no further links
            that you may see.
        cyclic (float): Share that looped back to a facility already on its path before this tier (not followed).
        suppliers (int): Distinct supplier facilities at this tier.
    """

    tier: int
    from_country: float
    traced: float
    unknown: float
    cyclic: float
    suppliers: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tier = self.tier

        from_country = self.from_country

        traced = self.traced

        unknown = self.unknown

        cyclic = self.cyclic

        suppliers = self.suppliers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tier": tier,
                "from_country": from_country,
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

        from_country = d.pop("from_country")

        traced = d.pop("traced")

        unknown = d.pop("unknown")

        cyclic = d.pop("cyclic")

        suppliers = d.pop("suppliers")

        exposure_tier = cls(
            tier=tier,
            from_country=from_country,
            traced=traced,
            unknown=unknown,
            cyclic=cyclic,
            suppliers=suppliers,
        )

        exposure_tier.additional_properties = d
        return exposure_tier

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
