from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContentThreshold")


@_attrs_define
class ContentThreshold:
    """
    Attributes:
        percent (str):
        delivery_year (int):
        fallback (bool):
        counts (str):
    """

    percent: str
    delivery_year: int
    fallback: bool
    counts: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        percent = self.percent

        delivery_year = self.delivery_year

        fallback = self.fallback

        counts = self.counts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "percent": percent,
                "delivery_year": delivery_year,
                "fallback": fallback,
                "counts": counts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        percent = d.pop("percent")

        delivery_year = d.pop("delivery_year")

        fallback = d.pop("fallback")

        counts = d.pop("counts")

        content_threshold = cls(
            percent=percent,
            delivery_year=delivery_year,
            fallback=fallback,
            counts=counts,
        )

        content_threshold.additional_properties = d
        return content_threshold

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
