from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OfferRequest")


@_attrs_define
class OfferRequest:
    """
    Attributes:
        id (int):
        product (str):
        requesting_partner (str):
        destination_country (str):
        needed_by (datetime.date):
        priority (int):
    """

    id: int
    product: str
    requesting_partner: str
    destination_country: str
    needed_by: datetime.date
    priority: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        product = self.product

        requesting_partner = self.requesting_partner

        destination_country = self.destination_country

        needed_by = self.needed_by.isoformat()

        priority = self.priority

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product": product,
                "requesting_partner": requesting_partner,
                "destination_country": destination_country,
                "needed_by": needed_by,
                "priority": priority,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        product = d.pop("product")

        requesting_partner = d.pop("requesting_partner")

        destination_country = d.pop("destination_country")

        needed_by = datetime.date.fromisoformat(d.pop("needed_by"))

        priority = d.pop("priority")

        offer_request = cls(
            id=id,
            product=product,
            requesting_partner=requesting_partner,
            destination_country=destination_country,
            needed_by=needed_by,
            priority=priority,
        )

        offer_request.additional_properties = d
        return offer_request

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
