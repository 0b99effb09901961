from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedPurchaseTotalInputRequest")


@_attrs_define
class PatchedPurchaseTotalInputRequest:
    """
    Attributes:
        external_id (str | Unset): Your own identifier for the record: the key of upserts.
        marking (MarkingEnum | Unset): * `CLEAR` - TLP:CLEAR (anyone)
            * `GREEN` - TLP:GREEN (every active partner)
            * `AMBER` - TLP:AMBER (owner and the named sharing groups)
            * `AMBER+STRICT` - TLP:AMBER+STRICT (as AMBER; never in aggregates)
            * `RED` - TLP:RED (owner alone) Default: MarkingEnum.GREEN.
        groups (list[str] | Unset): Names of sharing groups you belong to (AMBER and AMBER+STRICT only).
        confirm_loosening (bool | Unset): Required to widen who may see an existing record (a looser marking, or more
            groups). Default: False.
        agency (str | Unset): The buying agency.
        year (int | Unset):
        quarter (int | Unset):
        channel (str | Unset): The channel or marketplace the purchases went through.
        domestic_value (str | Unset): In the reporting currency (PROCUREMENT_CURRENCY).
        allied_value (str | Unset): From qualifying (allied) countries.
        other_value (str | Unset):
    """

    external_id: str | Unset = UNSET
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    agency: str | Unset = UNSET
    year: int | Unset = UNSET
    quarter: int | Unset = UNSET
    channel: str | Unset = UNSET
    domestic_value: str | Unset = UNSET
    allied_value: str | Unset = UNSET
    other_value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        marking: str | Unset = UNSET
        if not isinstance(self.marking, Unset):
            marking = self.marking.value

        groups: list[str] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        confirm_loosening = self.confirm_loosening

        agency = self.agency

        year = self.year

        quarter = self.quarter

        channel = self.channel

        domestic_value = self.domestic_value

        allied_value = self.allied_value

        other_value = self.other_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if marking is not UNSET:
            field_dict["marking"] = marking
        if groups is not UNSET:
            field_dict["groups"] = groups
        if confirm_loosening is not UNSET:
            field_dict["confirm_loosening"] = confirm_loosening
        if agency is not UNSET:
            field_dict["agency"] = agency
        if year is not UNSET:
            field_dict["year"] = year
        if quarter is not UNSET:
            field_dict["quarter"] = quarter
        if channel is not UNSET:
            field_dict["channel"] = channel
        if domestic_value is not UNSET:
            field_dict["domestic_value"] = domestic_value
        if allied_value is not UNSET:
            field_dict["allied_value"] = allied_value
        if other_value is not UNSET:
            field_dict["other_value"] = other_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id", UNSET)

        _marking = d.pop("marking", UNSET)
        marking: MarkingEnum | Unset
        if isinstance(_marking, Unset):
            marking = UNSET
        else:
            marking = MarkingEnum(_marking)

        groups = cast(list[str], d.pop("groups", UNSET))

        confirm_loosening = d.pop("confirm_loosening", UNSET)

        agency = d.pop("agency", UNSET)

        year = d.pop("year", UNSET)

        quarter = d.pop("quarter", UNSET)

        channel = d.pop("channel", UNSET)

        domestic_value = d.pop("domestic_value", UNSET)

        allied_value = d.pop("allied_value", UNSET)

        other_value = d.pop("other_value", UNSET)

        patched_purchase_total_input_request = cls(
            external_id=external_id,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
            agency=agency,
            year=year,
            quarter=quarter,
            channel=channel,
            domestic_value=domestic_value,
            allied_value=allied_value,
            other_value=other_value,
        )

        patched_purchase_total_input_request.additional_properties = d
        return patched_purchase_total_input_request

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
