from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.waiver_response_output_facility import WaiverResponseOutputFacility


T = TypeVar("T", bound="WaiverResponseOutput")


@_attrs_define
class WaiverResponseOutput:
    """
    Attributes:
        id (int):
        waiver (int):
        partner (str):
        facility (WaiverResponseOutputFacility):
        quantity (str):
        available_by (datetime.date):
        note (str):
        created_at (datetime.datetime):
    """

    id: int
    waiver: int
    partner: str
    facility: WaiverResponseOutputFacility
    quantity: str
    available_by: datetime.date
    note: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        waiver = self.waiver

        partner = self.partner

        facility = self.facility.to_dict()

        quantity = self.quantity

        available_by = self.available_by.isoformat()

        note = self.note

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "waiver": waiver,
                "partner": partner,
                "facility": facility,
                "quantity": quantity,
                "available_by": available_by,
                "note": note,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.waiver_response_output_facility import (
            WaiverResponseOutputFacility,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        waiver = d.pop("waiver")

        partner = d.pop("partner")

        facility = WaiverResponseOutputFacility.from_dict(d.pop("facility"))

        quantity = d.pop("quantity")

        available_by = datetime.date.fromisoformat(d.pop("available_by"))

        note = d.pop("note")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        waiver_response_output = cls(
            id=id,
            waiver=waiver,
            partner=partner,
            facility=facility,
            quantity=quantity,
            available_by=available_by,
            note=note,
            created_at=created_at,
        )

        waiver_response_output.additional_properties = d
        return waiver_response_output

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
