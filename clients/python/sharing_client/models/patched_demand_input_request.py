from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedDemandInputRequest")


@_attrs_define
class PatchedDemandInputRequest:
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
        product (str | Unset): Product code from the catalogue; the quantities are in its unit.
        total_per_month (str | Unset): The partner's whole requirement a month.
        defence_per_month (str | Unset): The part of the total that is critical for defence. Default: '0.000'.
        health_per_month (str | Unset): The part of the total that is critical for health. Default: '0.000'.
        as_of (datetime.date | Unset): The date the figures hold as of (not in the future).
    """

    external_id: str | Unset = UNSET
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    product: str | Unset = UNSET
    total_per_month: str | Unset = UNSET
    defence_per_month: str | Unset = "0.000"
    health_per_month: str | Unset = "0.000"
    as_of: datetime.date | Unset = UNSET
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

        product = self.product

        total_per_month = self.total_per_month

        defence_per_month = self.defence_per_month

        health_per_month = self.health_per_month

        as_of: str | Unset = UNSET
        if not isinstance(self.as_of, Unset):
            as_of = self.as_of.isoformat()

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
        if product is not UNSET:
            field_dict["product"] = product
        if total_per_month is not UNSET:
            field_dict["total_per_month"] = total_per_month
        if defence_per_month is not UNSET:
            field_dict["defence_per_month"] = defence_per_month
        if health_per_month is not UNSET:
            field_dict["health_per_month"] = health_per_month
        if as_of is not UNSET:
            field_dict["as_of"] = as_of

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

        product = d.pop("product", UNSET)

        total_per_month = d.pop("total_per_month", UNSET)

        defence_per_month = d.pop("defence_per_month", UNSET)

        health_per_month = d.pop("health_per_month", UNSET)

        _as_of = d.pop("as_of", UNSET)
        as_of: datetime.date | Unset
        if isinstance(_as_of, Unset):
            as_of = UNSET
        else:
            as_of = datetime.date.fromisoformat(_as_of)

        patched_demand_input_request = cls(
            external_id=external_id,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
            product=product,
            total_per_month=total_per_month,
            defence_per_month=defence_per_month,
            health_per_month=health_per_month,
            as_of=as_of,
        )

        patched_demand_input_request.additional_properties = d
        return patched_demand_input_request

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
