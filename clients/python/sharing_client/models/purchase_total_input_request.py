from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PurchaseTotalInputRequest")


@_attrs_define
class PurchaseTotalInputRequest:
    """
    Attributes:
        external_id (str): Your own identifier for the record: the key of upserts.
        agency (str): The buying agency.
        year (int):
        quarter (int):
        channel (str): The channel or marketplace the purchases went through.
        domestic_value (str): In the reporting currency (PROCUREMENT_CURRENCY).
        allied_value (str): From qualifying (allied) countries.
        other_value (str):
        marking (MarkingEnum | Unset): * `CLEAR` - TLP:CLEAR (anyone)
            * `GREEN` - TLP:GREEN (every active partner)
            * `AMBER` - TLP:AMBER (owner and the named sharing groups)
            * `AMBER+STRICT` - TLP:AMBER+STRICT (as AMBER; never in aggregates)
            * `RED` - TLP:RED (owner alone) Default: MarkingEnum.GREEN.
        groups (list[str] | Unset): Names of sharing groups you belong to (AMBER and AMBER+STRICT only).
        confirm_loosening (bool | Unset): Required to widen who may see an existing record (a looser marking, or more
            groups). Default: False.
    """

    external_id: str
    agency: str
    year: int
    quarter: int
    channel: str
    domestic_value: str
    allied_value: str
    other_value: str
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        agency = self.agency

        year = self.year

        quarter = self.quarter

        channel = self.channel

        domestic_value = self.domestic_value

        allied_value = self.allied_value

        other_value = self.other_value

        marking: str | Unset = UNSET
        if not isinstance(self.marking, Unset):
            marking = self.marking.value

        groups: list[str] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        confirm_loosening = self.confirm_loosening

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "agency": agency,
                "year": year,
                "quarter": quarter,
                "channel": channel,
                "domestic_value": domestic_value,
                "allied_value": allied_value,
                "other_value": other_value,
            }
        )
        if marking is not UNSET:
            field_dict["marking"] = marking
        if groups is not UNSET:
            field_dict["groups"] = groups
        if confirm_loosening is not UNSET:
            field_dict["confirm_loosening"] = confirm_loosening

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id")

        agency = d.pop("agency")

        year = d.pop("year")

        quarter = d.pop("quarter")

        channel = d.pop("channel")

        domestic_value = d.pop("domestic_value")

        allied_value = d.pop("allied_value")

        other_value = d.pop("other_value")

        _marking = d.pop("marking", UNSET)
        marking: MarkingEnum | Unset
        if isinstance(_marking, Unset):
            marking = UNSET
        else:
            marking = MarkingEnum(_marking)

        groups = cast(list[str], d.pop("groups", UNSET))

        confirm_loosening = d.pop("confirm_loosening", UNSET)

        purchase_total_input_request = cls(
            external_id=external_id,
            agency=agency,
            year=year,
            quarter=quarter,
            channel=channel,
            domestic_value=domestic_value,
            allied_value=allied_value,
            other_value=other_value,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
        )

        purchase_total_input_request.additional_properties = d
        return purchase_total_input_request

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
