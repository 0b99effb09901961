from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.facility_ref import FacilityRef


T = TypeVar("T", bound="CapacityOutput")


@_attrs_define
class CapacityOutput:
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
        facility (FacilityRef):
        product (str):
        nominal (str):
        in_use (str):
        spare (str):
        surge (str):
        lead_time_days (int):
        releasable (str):
        unit_cost (None | str): In the reporting currency (PROCUREMENT_CURRENCY).
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
    facility: FacilityRef
    product: str
    nominal: str
    in_use: str
    spare: str
    surge: str
    lead_time_days: int
    releasable: str
    unit_cost: None | str
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

        facility = self.facility.to_dict()

        product = self.product

        nominal = self.nominal

        in_use = self.in_use

        spare = self.spare

        surge = self.surge

        lead_time_days = self.lead_time_days

        releasable = self.releasable

        unit_cost: None | str
        unit_cost = self.unit_cost

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
                "facility": facility,
                "product": product,
                "nominal": nominal,
                "in_use": in_use,
                "spare": spare,
                "surge": surge,
                "lead_time_days": lead_time_days,
                "releasable": releasable,
                "unit_cost": unit_cost,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.facility_ref import FacilityRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        external_id = d.pop("external_id")

        owner = d.pop("owner")

        marking = d.pop("marking")

        groups = cast(list[str], d.pop("groups"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        facility = FacilityRef.from_dict(d.pop("facility"))

        product = d.pop("product")

        nominal = d.pop("nominal")

        in_use = d.pop("in_use")

        spare = d.pop("spare")

        surge = d.pop("surge")

        lead_time_days = d.pop("lead_time_days")

        releasable = d.pop("releasable")

        def _parse_unit_cost(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        unit_cost = _parse_unit_cost(d.pop("unit_cost"))

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        capacity_output = cls(
            id=id,
            external_id=external_id,
            owner=owner,
            marking=marking,
            groups=groups,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            facility=facility,
            product=product,
            nominal=nominal,
            in_use=in_use,
            spare=spare,
            surge=surge,
            lead_time_days=lead_time_days,
            releasable=releasable,
            unit_cost=unit_cost,
            as_of=as_of,
        )

        capacity_output.additional_properties = d
        return capacity_output

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
