from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.change_kind_enum import ChangeKindEnum
from ..models.op_enum import OpEnum

if TYPE_CHECKING:
    from ..models.change_record_type_0 import ChangeRecordType0


T = TypeVar("T", bound="Change")


@_attrs_define
class Change:
    """
    Attributes:
        kind (ChangeKindEnum): * `facility` - facility
            * `capacity` - capacity
            * `stockpile` - stockpile
            * `supply_link` - supply_link
            * `demand` - demand
            * `waiver` - waiver
            * `purchase_total` - purchase_total
        id (int):
        op (OpEnum): * `upsert` - upsert
            * `delete` - delete
        record (ChangeRecordType0 | None): The record as its list endpoint shows it (upserts).
    """

    kind: ChangeKindEnum
    id: int
    op: OpEnum
    record: ChangeRecordType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.change_record_type_0 import ChangeRecordType0  # noqa: PLC0415

        kind = self.kind.value

        id = self.id

        op = self.op.value

        record: dict[str, Any] | None
        if isinstance(self.record, ChangeRecordType0):
            record = self.record.to_dict()
        else:
            record = self.record

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "id": id,
                "op": op,
                "record": record,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change_record_type_0 import ChangeRecordType0  # noqa: PLC0415

        d = dict(src_dict)
        kind = ChangeKindEnum(d.pop("kind"))

        id = d.pop("id")

        op = OpEnum(d.pop("op"))

        def _parse_record(data: object) -> ChangeRecordType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                record_type_0 = ChangeRecordType0.from_dict(data)

                return record_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChangeRecordType0 | None, data)

        record = _parse_record(d.pop("record"))

        change = cls(
            kind=kind,
            id=id,
            op=op,
            record=record,
        )

        change.additional_properties = d
        return change

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
