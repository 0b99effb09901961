from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="CapacityInputRequest")


@_attrs_define
class CapacityInputRequest:
    """
    Attributes:
        external_id (str): Your own identifier for the record: the key of upserts.
        facility (str): The external_id of your facility.
        product (str): Product code from the catalogue.
        nominal (str): Output per month at full capacity.
        in_use (str):
        spare (str): Available output per month.
        as_of (datetime.date):
        marking (MarkingEnum | Unset): * `CLEAR` - TLP:CLEAR (anyone)
            * `GREEN` - TLP:GREEN (every active partner)
            * `AMBER` - TLP:AMBER (owner and the named sharing groups)
            * `AMBER+STRICT` - TLP:AMBER+STRICT (as AMBER; never in aggregates)
            * `RED` - TLP:RED (owner alone) Default: MarkingEnum.GREEN.
        groups (list[str] | Unset): Names of sharing groups you belong to (AMBER and AMBER+STRICT only).
        confirm_loosening (bool | Unset): Required to widen who may see an existing record (a looser marking, or more
            groups). Default: False.
        surge (str | Unset):  Default: '0.000'.
        lead_time_days (int | Unset):  Default: 0.
        releasable (str | Unset): Part of spare that may be released in an emergency. Default: '0.000'.
        unit_cost (None | str | Unset): Cost of one unit of this output in the reporting currency (PROCUREMENT_CURRENCY;
            USD unless configured). Optional; marked like the record. Used by the content share of what it feeds.
    """

    external_id: str
    facility: str
    product: str
    nominal: str
    in_use: str
    spare: str
    as_of: datetime.date
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    surge: str | Unset = "0.000"
    lead_time_days: int | Unset = 0
    releasable: str | Unset = "0.000"
    unit_cost: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        facility = self.facility

        product = self.product

        nominal = self.nominal

        in_use = self.in_use

        spare = self.spare

        as_of = self.as_of.isoformat()

        marking: str | Unset = UNSET
        if not isinstance(self.marking, Unset):
            marking = self.marking.value

        groups: list[str] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        confirm_loosening = self.confirm_loosening

        surge = self.surge

        lead_time_days = self.lead_time_days

        releasable = self.releasable

        unit_cost: None | str | Unset
        if isinstance(self.unit_cost, Unset):
            unit_cost = UNSET
        else:
            unit_cost = self.unit_cost

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "facility": facility,
                "product": product,
                "nominal": nominal,
                "in_use": in_use,
                "spare": spare,
                "as_of": as_of,
            }
        )
        if marking is not UNSET:
            field_dict["marking"] = marking
        if groups is not UNSET:
            field_dict["groups"] = groups
        if confirm_loosening is not UNSET:
            field_dict["confirm_loosening"] = confirm_loosening
        if surge is not UNSET:
            field_dict["surge"] = surge
        if lead_time_days is not UNSET:
            field_dict["lead_time_days"] = lead_time_days
        if releasable is not UNSET:
            field_dict["releasable"] = releasable
        if unit_cost is not UNSET:
            field_dict["unit_cost"] = unit_cost

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id")

        facility = d.pop("facility")

        product = d.pop("product")

        nominal = d.pop("nominal")

        in_use = d.pop("in_use")

        spare = d.pop("spare")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        _marking = d.pop("marking", UNSET)
        marking: MarkingEnum | Unset
        if isinstance(_marking, Unset):
            marking = UNSET
        else:
            marking = MarkingEnum(_marking)

        groups = cast(list[str], d.pop("groups", UNSET))

        confirm_loosening = d.pop("confirm_loosening", UNSET)

        surge = d.pop("surge", UNSET)

        lead_time_days = d.pop("lead_time_days", UNSET)

        releasable = d.pop("releasable", UNSET)

        def _parse_unit_cost(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit_cost = _parse_unit_cost(d.pop("unit_cost", UNSET))

        capacity_input_request = cls(
            external_id=external_id,
            facility=facility,
            product=product,
            nominal=nominal,
            in_use=in_use,
            spare=spare,
            as_of=as_of,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
            surge=surge,
            lead_time_days=lead_time_days,
            releasable=releasable,
            unit_cost=unit_cost,
        )

        capacity_input_request.additional_properties = d
        return capacity_input_request

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
