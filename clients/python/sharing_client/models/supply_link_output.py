from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.facility_ref import FacilityRef


T = TypeVar("T", bound="SupplyLinkOutput")


@_attrs_define
class SupplyLinkOutput:
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
        supplier (FacilityRef):
        buyer (FacilityRef):
        product (str):
        volume_per_month (str):
    """

    id: int
    external_id: str
    owner: str
    marking: str
    groups: list[str]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    supplier: FacilityRef
    buyer: FacilityRef
    product: str
    volume_per_month: str
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

        supplier = self.supplier.to_dict()

        buyer = self.buyer.to_dict()

        product = self.product

        volume_per_month = self.volume_per_month

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
                "supplier": supplier,
                "buyer": buyer,
                "product": product,
                "volume_per_month": volume_per_month,
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

        supplier = FacilityRef.from_dict(d.pop("supplier"))

        buyer = FacilityRef.from_dict(d.pop("buyer"))

        product = d.pop("product")

        volume_per_month = d.pop("volume_per_month")

        supply_link_output = cls(
            id=id,
            external_id=external_id,
            owner=owner,
            marking=marking,
            groups=groups,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            supplier=supplier,
            buyer=buyer,
            product=product,
            volume_per_month=volume_per_month,
        )

        supply_link_output.additional_properties = d
        return supply_link_output

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
