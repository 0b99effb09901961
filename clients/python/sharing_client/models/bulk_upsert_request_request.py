from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_upsert_request_request_records_item import (
        BulkUpsertRequestRequestRecordsItem,
    )


T = TypeVar("T", bound="BulkUpsertRequestRequest")


@_attrs_define
class BulkUpsertRequestRequest:
    """
    Attributes:
        records (list[BulkUpsertRequestRequestRecordsItem]):
        all_or_nothing (bool | Unset):  Default: False.
    """

    records: list[BulkUpsertRequestRequestRecordsItem]
    all_or_nothing: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        all_or_nothing = self.all_or_nothing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "records": records,
            }
        )
        if all_or_nothing is not UNSET:
            field_dict["all_or_nothing"] = all_or_nothing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bulk_upsert_request_request_records_item import (
            BulkUpsertRequestRequestRecordsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = BulkUpsertRequestRequestRecordsItem.from_dict(
                records_item_data
            )

            records.append(records_item)

        all_or_nothing = d.pop("all_or_nothing", UNSET)

        bulk_upsert_request_request = cls(
            records=records,
            all_or_nothing=all_or_nothing,
        )

        bulk_upsert_request_request.additional_properties = d
        return bulk_upsert_request_request

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
