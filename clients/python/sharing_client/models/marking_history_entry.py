from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MarkingHistoryEntry")


@_attrs_define
class MarkingHistoryEntry:
    """
    Attributes:
        version (int):
        changed_at (datetime.datetime):
        marking (str):
        groups (list[str]):
        previous_marking (None | str):
        previous_groups (list[str]):
    """

    version: int
    changed_at: datetime.datetime
    marking: str
    groups: list[str]
    previous_marking: None | str
    previous_groups: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        changed_at = self.changed_at.isoformat()

        marking = self.marking

        groups = self.groups

        previous_marking: None | str
        previous_marking = self.previous_marking

        previous_groups = self.previous_groups

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "changed_at": changed_at,
                "marking": marking,
                "groups": groups,
                "previous_marking": previous_marking,
                "previous_groups": previous_groups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        marking = d.pop("marking")

        groups = cast(list[str], d.pop("groups"))

        def _parse_previous_marking(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_marking = _parse_previous_marking(d.pop("previous_marking"))

        previous_groups = cast(list[str], d.pop("previous_groups"))

        marking_history_entry = cls(
            version=version,
            changed_at=changed_at,
            marking=marking,
            groups=groups,
            previous_marking=previous_marking,
            previous_groups=previous_groups,
        )

        marking_history_entry.additional_properties = d
        return marking_history_entry

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
