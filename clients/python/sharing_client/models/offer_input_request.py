from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OfferInputRequest")


@_attrs_define
class OfferInputRequest:
    """
    Attributes:
        id (str): Your name for the offer, returned as given.
        price (str):
        domestic (bool):
        small_business (bool | Unset):  Default: False.
    """

    id: str
    price: str
    domestic: bool
    small_business: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        price = self.price

        domestic = self.domestic

        small_business = self.small_business

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "price": price,
                "domestic": domestic,
            }
        )
        if small_business is not UNSET:
            field_dict["small_business"] = small_business

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        price = d.pop("price")

        domestic = d.pop("domestic")

        small_business = d.pop("small_business", UNSET)

        offer_input_request = cls(
            id=id,
            price=price,
            domestic=domestic,
            small_business=small_business,
        )

        offer_input_request.additional_properties = d
        return offer_input_request

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
