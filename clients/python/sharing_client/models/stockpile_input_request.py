from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="StockpileInputRequest")


@_attrs_define
class StockpileInputRequest:
    """
    Attributes:
        external_id (str): Your own identifier for the record: the key of upserts.
        facility (str): The external_id of your facility or warehouse.
        product (str):
        quantity (str):
        as_of (datetime.date):
        marking (MarkingEnum | Unset): * `CLEAR` - TLP:CLEAR (anyone)
            * `GREEN` - TLP:GREEN (every active partner)
            * `AMBER` - TLP:AMBER (owner and the named sharing groups)
            * `AMBER+STRICT` - TLP:AMBER+STRICT (as AMBER; never in aggregates)
            * `RED` - TLP:RED (owner alone) Default: MarkingEnum.GREEN.
        groups (list[str] | Unset): Names of sharing groups you belong to (AMBER and AMBER+STRICT only).
        confirm_loosening (bool | Unset): Required to widen who may see an existing record (a looser marking, or more
            groups). Default: False.
        releasable (str | Unset):  Default: '0.000'.
        expiry (datetime.date | None | Unset):
    """

    external_id: str
    facility: str
    product: str
    quantity: str
    as_of: datetime.date
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    releasable: str | Unset = "0.000"
    expiry: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        facility = self.facility

        product = self.product

        quantity = self.quantity

        as_of = self.as_of.isoformat()

        marking: str | Unset = UNSET
        if not isinstance(self.marking, Unset):
            marking = self.marking.value

        groups: list[str] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        confirm_loosening = self.confirm_loosening

        releasable = self.releasable

        expiry: None | str | Unset
        if isinstance(self.expiry, Unset):
            expiry = UNSET
        elif isinstance(self.expiry, datetime.date):
            expiry = self.expiry.isoformat()
        else:
            expiry = self.expiry

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "facility": facility,
                "product": product,
                "quantity": quantity,
                "as_of": as_of,
            }
        )
        if marking is not UNSET:
            field_dict["marking"] = marking
        if groups is not UNSET:
            field_dict["groups"] = groups
        if confirm_loosening is not UNSET:
            field_dict["confirm_loosening"] = confirm_loosening
        if releasable is not UNSET:
            field_dict["releasable"] = releasable
        if expiry is not UNSET:
            field_dict["expiry"] = expiry

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id")

        facility = d.pop("facility")

        product = d.pop("product")

        quantity = d.pop("quantity")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        _marking = d.pop("marking", UNSET)
        marking: MarkingEnum | Unset
        if isinstance(_marking, Unset):
            marking = UNSET
        else:
            marking = MarkingEnum(_marking)

        groups = cast(list[str], d.pop("groups", UNSET))

        confirm_loosening = d.pop("confirm_loosening", UNSET)

        releasable = d.pop("releasable", UNSET)

        def _parse_expiry(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expiry_type_0 = datetime.date.fromisoformat(data)

                return expiry_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expiry = _parse_expiry(d.pop("expiry", UNSET))

        stockpile_input_request = cls(
            external_id=external_id,
            facility=facility,
            product=product,
            quantity=quantity,
            as_of=as_of,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
            releasable=releasable,
            expiry=expiry,
        )

        stockpile_input_request.additional_properties = d
        return stockpile_input_request

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
