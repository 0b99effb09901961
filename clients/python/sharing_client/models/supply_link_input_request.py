from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marking_enum import MarkingEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="SupplyLinkInputRequest")


@_attrs_define
class SupplyLinkInputRequest:
    """
    Attributes:
        external_id (str): Your own identifier for the record: the key of upserts.
        supplier (str): external_id of the supplying facility.
        buyer (str):
        product (str):
        volume_per_month (str):
        marking (MarkingEnum | Unset): * `CLEAR` - TLP:CLEAR (anyone)
            * `GREEN` - TLP:GREEN (every active partner)
            * `AMBER` - TLP:AMBER (owner and the named sharing groups)
            * `AMBER+STRICT` - TLP:AMBER+STRICT (as AMBER; never in aggregates)
            * `RED` - TLP:RED (owner alone) Default: MarkingEnum.GREEN.
        groups (list[str] | Unset): Names of sharing groups you belong to (AMBER and AMBER+STRICT only).
        confirm_loosening (bool | Unset): Required to widen who may see an existing record (a looser marking, or more
            groups). Default: False.
        supplier_owner (str | Unset): Code of the partner that published the supplier facility (default: you).
        buyer_owner (str | Unset):
    """

    external_id: str
    supplier: str
    buyer: str
    product: str
    volume_per_month: str
    marking: MarkingEnum | Unset = MarkingEnum.GREEN
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    supplier_owner: str | Unset = UNSET
    buyer_owner: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        supplier = self.supplier

        buyer = self.buyer

        product = self.product

        volume_per_month = self.volume_per_month

        marking: str | Unset = UNSET
        if not isinstance(self.marking, Unset):
            marking = self.marking.value

        groups: list[str] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        confirm_loosening = self.confirm_loosening

        supplier_owner: str | Unset
        if isinstance(self.supplier_owner, Unset):
            supplier_owner = UNSET
        else:
            supplier_owner = self.supplier_owner

        buyer_owner: str | Unset
        if isinstance(self.buyer_owner, Unset):
            buyer_owner = UNSET
        else:
            buyer_owner = self.buyer_owner

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "supplier": supplier,
                "buyer": buyer,
                "product": product,
                "volume_per_month": volume_per_month,
            }
        )
        if marking is not UNSET:
            field_dict["marking"] = marking
        if groups is not UNSET:
            field_dict["groups"] = groups
        if confirm_loosening is not UNSET:
            field_dict["confirm_loosening"] = confirm_loosening
        if supplier_owner is not UNSET:
            field_dict["supplier_owner"] = supplier_owner
        if buyer_owner is not UNSET:
            field_dict["buyer_owner"] = buyer_owner

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id")

        supplier = d.pop("supplier")

        buyer = d.pop("buyer")

        product = d.pop("product")

        volume_per_month = d.pop("volume_per_month")

        _marking = d.pop("marking", UNSET)
        marking: MarkingEnum | Unset
        if isinstance(_marking, Unset):
            marking = UNSET
        else:
            marking = MarkingEnum(_marking)

        groups = cast(list[str], d.pop("groups", UNSET))

        confirm_loosening = d.pop("confirm_loosening", UNSET)

        def _parse_supplier_owner(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        supplier_owner = _parse_supplier_owner(d.pop("supplier_owner", UNSET))

        def _parse_buyer_owner(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        buyer_owner = _parse_buyer_owner(d.pop("buyer_owner", UNSET))

        supply_link_input_request = cls(
            external_id=external_id,
            supplier=supplier,
            buyer=buyer,
            product=product,
            volume_per_month=volume_per_month,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
            supplier_owner=supplier_owner,
            buyer_owner=buyer_owner,
        )

        supply_link_input_request.additional_properties = d
        return supply_link_input_request

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
