from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WaiverResponseInputRequest")


@_attrs_define
class WaiverResponseInputRequest:
    """
    Attributes:
        facility (str): The external_id of your facility that could supply.
        quantity (str): How much, in the waiver's unit.
        available_by (datetime.date): By when.
        note (str | Unset):
    """

    facility: str
    quantity: str
    available_by: datetime.date
    note: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        facility = self.facility

        quantity = self.quantity

        available_by = self.available_by.isoformat()

        note: str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "facility": facility,
                "quantity": quantity,
                "available_by": available_by,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        facility = d.pop("facility")

        quantity = d.pop("quantity")

        available_by = datetime.date.fromisoformat(d.pop("available_by"))

        def _parse_note(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        waiver_response_input_request = cls(
            facility=facility,
            quantity=quantity,
            available_by=available_by,
            note=note,
        )

        waiver_response_input_request.additional_properties = d
        return waiver_response_input_request

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
