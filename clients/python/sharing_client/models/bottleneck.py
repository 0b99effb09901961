from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.limited_by_enum import LimitedByEnum

T = TypeVar("T", bound="Bottleneck")


@_attrs_define
class Bottleneck:
    """
    Attributes:
        product (str): The stage with the lowest ceiling (ties: the lowest capacity_limit, then nearer the end product).
        countries (list[str]): Countries of its facilities that carry flow.
        ceiling (str): The most of the end product if this stage alone were limited.
        limited_by (LimitedByEnum): * `capacity` - capacity
            * `supply_links` - supply_links
    """

    product: str
    countries: list[str]
    ceiling: str
    limited_by: LimitedByEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        countries = self.countries

        ceiling = self.ceiling

        limited_by = self.limited_by.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "countries": countries,
                "ceiling": ceiling,
                "limited_by": limited_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product = d.pop("product")

        countries = cast(list[str], d.pop("countries"))

        ceiling = d.pop("ceiling")

        limited_by = LimitedByEnum(d.pop("limited_by"))

        bottleneck = cls(
            product=product,
            countries=countries,
            ceiling=ceiling,
            limited_by=limited_by,
        )

        bottleneck.additional_properties = d
        return bottleneck

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
