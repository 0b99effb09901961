from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExposureTotal")


@_attrs_define
class ExposureTotal:
    """
    Attributes:
        through_country (float):
        unknown (float): Share whose trace ends at a supplier that publishes no further links you may see.
        cyclic (float): Share whose trace ends looping back to a facility on its path.
        definition (str):
    """

    through_country: float
    unknown: float
    cyclic: float
    definition: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        through_country = self.through_country

        unknown = self.unknown

        cyclic = self.cyclic

        definition = self.definition

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "through_country": through_country,
                "unknown": unknown,
                "cyclic": cyclic,
                "definition": definition,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        through_country = d.pop("through_country")

        unknown = d.pop("unknown")

        cyclic = d.pop("cyclic")

        definition = d.pop("definition")

        exposure_total = cls(
            through_country=through_country,
            unknown=unknown,
            cyclic=cyclic,
            definition=definition,
        )

        exposure_total.additional_properties = d
        return exposure_total

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
