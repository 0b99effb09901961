from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CapacityRatio")


@_attrs_define
class CapacityRatio:
    """
    Attributes:
        spare (float | None): Spare capacity a month / demand a month.
        releasable (float | None): Releasable capacity a month / demand a month.
    """

    spare: float | None
    releasable: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spare: float | None
        spare = self.spare

        releasable: float | None
        releasable = self.releasable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spare": spare,
                "releasable": releasable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_spare(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        spare = _parse_spare(d.pop("spare"))

        def _parse_releasable(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        releasable = _parse_releasable(d.pop("releasable"))

        capacity_ratio = cls(
            spare=spare,
            releasable=releasable,
        )

        capacity_ratio.additional_properties = d
        return capacity_ratio

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
