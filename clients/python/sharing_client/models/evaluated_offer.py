from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EvaluatedOffer")


@_attrs_define
class EvaluatedOffer:
    """
    Attributes:
        id (str):
        price (str):
        domestic (bool):
        small_business (bool):
        preference_percent (int): Percent added to this offer's price.
        evaluated_price (str): Exact; not rounded.
    """

    id: str
    price: str
    domestic: bool
    small_business: bool
    preference_percent: int
    evaluated_price: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        price = self.price

        domestic = self.domestic

        small_business = self.small_business

        preference_percent = self.preference_percent

        evaluated_price = self.evaluated_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "price": price,
                "domestic": domestic,
                "small_business": small_business,
                "preference_percent": preference_percent,
                "evaluated_price": evaluated_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        price = d.pop("price")

        domestic = d.pop("domestic")

        small_business = d.pop("small_business")

        preference_percent = d.pop("preference_percent")

        evaluated_price = d.pop("evaluated_price")

        evaluated_offer = cls(
            id=id,
            price=price,
            domestic=domestic,
            small_business=small_business,
            preference_percent=preference_percent,
            evaluated_price=evaluated_price,
        )

        evaluated_offer.additional_properties = d
        return evaluated_offer

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
