from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PurchaseTotalOutput")


@_attrs_define
class PurchaseTotalOutput:
    """
    Attributes:
        id (int):
        external_id (str):
        owner (str):
        marking (str):
        groups (list[str]):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        agency (str):
        year (int):
        quarter (int):
        channel (str):
        domestic_value (str):
        allied_value (str):
        other_value (str):
    """

    id: int
    external_id: str
    owner: str
    marking: str
    groups: list[str]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    agency: str
    year: int
    quarter: int
    channel: str
    domestic_value: str
    allied_value: str
    other_value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        external_id = self.external_id

        owner = self.owner

        marking = self.marking

        groups = self.groups

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        agency = self.agency

        year = self.year

        quarter = self.quarter

        channel = self.channel

        domestic_value = self.domestic_value

        allied_value = self.allied_value

        other_value = self.other_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "external_id": external_id,
                "owner": owner,
                "marking": marking,
                "groups": groups,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
                "agency": agency,
                "year": year,
                "quarter": quarter,
                "channel": channel,
                "domestic_value": domestic_value,
                "allied_value": allied_value,
                "other_value": other_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        external_id = d.pop("external_id")

        owner = d.pop("owner")

        marking = d.pop("marking")

        groups = cast(list[str], d.pop("groups"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        agency = d.pop("agency")

        year = d.pop("year")

        quarter = d.pop("quarter")

        channel = d.pop("channel")

        domestic_value = d.pop("domestic_value")

        allied_value = d.pop("allied_value")

        other_value = d.pop("other_value")

        purchase_total_output = cls(
            id=id,
            external_id=external_id,
            owner=owner,
            marking=marking,
            groups=groups,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            agency=agency,
            year=year,
            quarter=quarter,
            channel=channel,
            domestic_value=domestic_value,
            allied_value=allied_value,
            other_value=other_value,
        )

        purchase_total_output.additional_properties = d
        return purchase_total_output

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
