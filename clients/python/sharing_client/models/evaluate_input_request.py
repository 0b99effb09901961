from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offer_input_request import OfferInputRequest


T = TypeVar("T", bound="EvaluateInputRequest")


@_attrs_define
class EvaluateInputRequest:
    """
    Attributes:
        offers (list[OfferInputRequest]):
        defence (bool | Unset):  Default: False.
    """

    offers: list[OfferInputRequest]
    defence: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offers = []
        for offers_item_data in self.offers:
            offers_item = offers_item_data.to_dict()
            offers.append(offers_item)

        defence = self.defence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "offers": offers,
            }
        )
        if defence is not UNSET:
            field_dict["defence"] = defence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_input_request import OfferInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        offers = []
        _offers = d.pop("offers")
        for offers_item_data in _offers:
            offers_item = OfferInputRequest.from_dict(offers_item_data)

            offers.append(offers_item)

        defence = d.pop("defence", UNSET)

        evaluate_input_request = cls(
            offers=offers,
            defence=defence,
        )

        evaluate_input_request.additional_properties = d
        return evaluate_input_request

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
