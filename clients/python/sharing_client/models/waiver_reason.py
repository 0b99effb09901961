from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.waiver_value import WaiverValue


T = TypeVar("T", bound="WaiverReason")


@_attrs_define
class WaiverReason:
    """
    Attributes:
        reason (str):
        count (int):
        values (list[WaiverValue]):
    """

    reason: str
    count: int
    values: list[WaiverValue]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        count = self.count

        values = []
        for values_item_data in self.values:
            values_item = values_item_data.to_dict()
            values.append(values_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason": reason,
                "count": count,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.waiver_value import WaiverValue  # noqa: PLC0415

        d = dict(src_dict)
        reason = d.pop("reason")

        count = d.pop("count")

        values = []
        _values = d.pop("values")
        for values_item_data in _values:
            values_item = WaiverValue.from_dict(values_item_data)

            values.append(values_item)

        waiver_reason = cls(
            reason=reason,
            count=count,
            values=values,
        )

        waiver_reason.additional_properties = d
        return waiver_reason

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
