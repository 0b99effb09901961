from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.analytics_facility import AnalyticsFacility


T = TypeVar("T", bound="SingleSupplier")


@_attrs_define
class SingleSupplier:
    """
    Attributes:
        buyer (AnalyticsFacility):
        supplier (AnalyticsFacility):
        volume_per_month (str):
        links (list[int]):
    """

    buyer: AnalyticsFacility
    supplier: AnalyticsFacility
    volume_per_month: str
    links: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyer = self.buyer.to_dict()

        supplier = self.supplier.to_dict()

        volume_per_month = self.volume_per_month

        links = self.links

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer": buyer,
                "supplier": supplier,
                "volume_per_month": volume_per_month,
                "links": links,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_facility import AnalyticsFacility  # noqa: PLC0415

        d = dict(src_dict)
        buyer = AnalyticsFacility.from_dict(d.pop("buyer"))

        supplier = AnalyticsFacility.from_dict(d.pop("supplier"))

        volume_per_month = d.pop("volume_per_month")

        links = cast(list[int], d.pop("links"))

        single_supplier = cls(
            buyer=buyer,
            supplier=supplier,
            volume_per_month=volume_per_month,
            links=links,
        )

        single_supplier.additional_properties = d
        return single_supplier

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
