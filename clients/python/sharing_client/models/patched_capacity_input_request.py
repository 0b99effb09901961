from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedCapacityInputRequest")


@_attrs_define
class PatchedCapacityInputRequest:
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
        facility (str | Unset): The external_id of your facility.
        product (str | Unset): Product code from the catalogue.
        nominal (str | Unset): Output per month at full capacity.
        in_use (str | Unset):
        spare (str | Unset): Available output per month.
        surge (str | Unset):  Default: '0.000'.
        lead_time_days (int | Unset):  Default: 0.
        releasable (str | Unset): Part of spare that may be released in an emergency. Default: '0.000'.
        unit_cost (None | str | Unset): Cost of one unit of this output in the reporting currency (PROCUREMENT_CURRENCY;
            USD unless configured). Optional; marked like the record. Used by the content share of what it feeds.
        as_of (datetime.date | Unset):
    """

    external_id: str | Unset = UNSET
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    facility: str | Unset = UNSET
    product: str | Unset = UNSET
    nominal: str | Unset = UNSET
    in_use: str | Unset = UNSET
    spare: str | Unset = UNSET
    surge: str | Unset = "0.000"
    lead_time_days: int | Unset = 0
    releasable: str | Unset = "0.000"
    unit_cost: None | str | Unset = UNSET
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

        facility = self.facility

        product = self.product

        nominal = self.nominal

        in_use = self.in_use

        spare = self.spare

        surge = self.surge

        lead_time_days = self.lead_time_days

        releasable = self.releasable

        unit_cost: None | str | Unset
        if isinstance(self.unit_cost, Unset):
            unit_cost = UNSET
        else:
            unit_cost = self.unit_cost

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
        if facility is not UNSET:
            field_dict["facility"] = facility
        if product is not UNSET:
            field_dict["product"] = product
        if nominal is not UNSET:
            field_dict["nominal"] = nominal
        if in_use is not UNSET:
            field_dict["in_use"] = in_use
        if spare is not UNSET:
            field_dict["spare"] = spare
        if surge is not UNSET:
            field_dict["surge"] = surge
        if lead_time_days is not UNSET:
            field_dict["lead_time_days"] = lead_time_days
        if releasable is not UNSET:
            field_dict["releasable"] = releasable
        if unit_cost is not UNSET:
            field_dict["unit_cost"] = unit_cost
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

        facility = d.pop("facility", UNSET)

        product = d.pop("product", UNSET)

        nominal = d.pop("nominal", UNSET)

        in_use = d.pop("in_use", UNSET)

        spare = d.pop("spare", UNSET)

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

        _as_of = d.pop("as_of", UNSET)
        as_of: datetime.date | Unset
        if isinstance(_as_of, Unset):
            as_of = UNSET
        else:
            as_of = datetime.date.fromisoformat(_as_of)

        patched_capacity_input_request = cls(
            external_id=external_id,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
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

        patched_capacity_input_request.additional_properties = d
        return patched_capacity_input_request

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
