from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FacilityOutput")


@_attrs_define
class FacilityOutput:
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
        name (str):
        country (str):
        latitude (str):
        longitude (str):
        kind (str):
        status (str):
        operator (str):
    """

    id: int
    external_id: str
    owner: str
    marking: str
    groups: list[str]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    name: str
    country: str
    latitude: str
    longitude: str
    kind: str
    status: str
    operator: str
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

        name = self.name

        country = self.country

        latitude = self.latitude

        longitude = self.longitude

        kind = self.kind

        status = self.status

        operator = self.operator

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
                "name": name,
                "country": country,
                "latitude": latitude,
                "longitude": longitude,
                "kind": kind,
                "status": status,
                "operator": operator,
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

        name = d.pop("name")

        country = d.pop("country")

        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        kind = d.pop("kind")

        status = d.pop("status")

        operator = d.pop("operator")

        facility_output = cls(
            id=id,
            external_id=external_id,
            owner=owner,
            marking=marking,
            groups=groups,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            name=name,
            country=country,
            latitude=latitude,
            longitude=longitude,
            kind=kind,
            status=status,
            operator=operator,
        )

        facility_output.additional_properties = d
        return facility_output

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
