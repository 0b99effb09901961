from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ScoutedFacility")


@_attrs_define
class ScoutedFacility:
    """
    Attributes:
        facility (int):
        external_id (str):
        owner (str):
        name (str):
        country (str):
        product (str):
        spare (str):
        releasable (str):
        distance_km (float | None):
    """

    facility: int
    external_id: str
    owner: str
    name: str
    country: str
    product: str
    spare: str
    releasable: str
    distance_km: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        facility = self.facility

        external_id = self.external_id

        owner = self.owner

        name = self.name

        country = self.country

        product = self.product

        spare = self.spare

        releasable = self.releasable

        distance_km: float | None
        distance_km = self.distance_km

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "facility": facility,
                "external_id": external_id,
                "owner": owner,
                "name": name,
                "country": country,
                "product": product,
                "spare": spare,
                "releasable": releasable,
                "distance_km": distance_km,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        facility = d.pop("facility")

        external_id = d.pop("external_id")

        owner = d.pop("owner")

        name = d.pop("name")

        country = d.pop("country")

        product = d.pop("product")

        spare = d.pop("spare")

        releasable = d.pop("releasable")

        def _parse_distance_km(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        distance_km = _parse_distance_km(d.pop("distance_km"))

        scouted_facility = cls(
            facility=facility,
            external_id=external_id,
            owner=owner,
            name=name,
            country=country,
            product=product,
            spare=spare,
            releasable=releasable,
            distance_km=distance_km,
        )

        scouted_facility.additional_properties = d
        return scouted_facility

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
