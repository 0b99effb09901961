from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.measure_enum import MeasureEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="CoverageSuppressed")


@_attrs_define
class CoverageSuppressed:
    """
    Attributes:
        measure (MeasureEnum): * `stockpile` - stockpile
            * `demand` - demand
            * `capacity` - capacity
        suppressed (bool): Always true: the cell has no value here.
        country (str | Unset): Capacity cells only.
    """

    measure: MeasureEnum
    suppressed: bool
    country: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        measure = self.measure.value

        suppressed = self.suppressed

        country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "measure": measure,
                "suppressed": suppressed,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measure = MeasureEnum(d.pop("measure"))

        suppressed = d.pop("suppressed")

        country = d.pop("country", UNSET)

        coverage_suppressed = cls(
            measure=measure,
            suppressed=suppressed,
            country=country,
        )

        coverage_suppressed.additional_properties = d
        return coverage_suppressed

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
