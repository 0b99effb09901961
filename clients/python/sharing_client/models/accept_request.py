from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AcceptRequest")


@_attrs_define
class AcceptRequest:
    """
    Attributes:
        confirmed_arrival (datetime.date | Unset): The arrival date you tell the requester (your estimate if left out).
            A requester that cannot see your source learns this date, your partner and the quantity; never the distance or
            the place.
    """

    confirmed_arrival: datetime.date | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmed_arrival: str | Unset = UNSET
        if not isinstance(self.confirmed_arrival, Unset):
            confirmed_arrival = self.confirmed_arrival.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if confirmed_arrival is not UNSET:
            field_dict["confirmed_arrival"] = confirmed_arrival

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _confirmed_arrival = d.pop("confirmed_arrival", UNSET)
        confirmed_arrival: datetime.date | Unset
        if isinstance(_confirmed_arrival, Unset):
            confirmed_arrival = UNSET
        else:
            confirmed_arrival = datetime.date.fromisoformat(_confirmed_arrival)

        accept_request = cls(
            confirmed_arrival=confirmed_arrival,
        )

        accept_request.additional_properties = d
        return accept_request

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
