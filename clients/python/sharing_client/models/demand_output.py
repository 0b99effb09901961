from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DemandOutput")


@_attrs_define
class DemandOutput:
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
        product (str):
        unit (str): The product's unit of measure.
        total_per_month (str):
        defence_per_month (str):
        health_per_month (str):
        critical_per_month (str): Defence plus health.
        as_of (datetime.date):
    """

    id: int
    external_id: str
    owner: str
    marking: str
    groups: list[str]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    product: str
    unit: str
    total_per_month: str
    defence_per_month: str
    health_per_month: str
    critical_per_month: str
    as_of: datetime.date
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

        product = self.product

        unit = self.unit

        total_per_month = self.total_per_month

        defence_per_month = self.defence_per_month

        health_per_month = self.health_per_month

        critical_per_month = self.critical_per_month

        as_of = self.as_of.isoformat()

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
                "product": product,
                "unit": unit,
                "total_per_month": total_per_month,
                "defence_per_month": defence_per_month,
                "health_per_month": health_per_month,
                "critical_per_month": critical_per_month,
                "as_of": as_of,
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

        product = d.pop("product")

        unit = d.pop("unit")

        total_per_month = d.pop("total_per_month")

        defence_per_month = d.pop("defence_per_month")

        health_per_month = d.pop("health_per_month")

        critical_per_month = d.pop("critical_per_month")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        demand_output = cls(
            id=id,
            external_id=external_id,
            owner=owner,
            marking=marking,
            groups=groups,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            product=product,
            unit=unit,
            total_per_month=total_per_month,
            defence_per_month=defence_per_month,
            health_per_month=health_per_month,
            critical_per_month=critical_per_month,
            as_of=as_of,
        )

        demand_output.additional_properties = d
        return demand_output

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
