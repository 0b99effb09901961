from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportRequestRequest")


@_attrs_define
class ReportRequestRequest:
    """
    Attributes:
        sector (str): A sector or industrial base code (GET /api/v1/sectors/).
        as_of (datetime.date | Unset): The review's reference date (default: today, UTC): stockpiles expiring on or
            before it are left out.
        compare_to (int | None | Unset): The id of an earlier report of yours, of the same sector and finished: the
            result says what changed since.
    """

    sector: str
    as_of: datetime.date | Unset = UNSET
    compare_to: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sector = self.sector

        as_of: str | Unset = UNSET
        if not isinstance(self.as_of, Unset):
            as_of = self.as_of.isoformat()

        compare_to: int | None | Unset
        if isinstance(self.compare_to, Unset):
            compare_to = UNSET
        else:
            compare_to = self.compare_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sector": sector,
            }
        )
        if as_of is not UNSET:
            field_dict["as_of"] = as_of
        if compare_to is not UNSET:
            field_dict["compare_to"] = compare_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sector = d.pop("sector")

        _as_of = d.pop("as_of", UNSET)
        as_of: datetime.date | Unset
        if isinstance(_as_of, Unset):
            as_of = UNSET
        else:
            as_of = datetime.date.fromisoformat(_as_of)

        def _parse_compare_to(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        compare_to = _parse_compare_to(d.pop("compare_to", UNSET))

        report_request_request = cls(
            sector=sector,
            as_of=as_of,
            compare_to=compare_to,
        )

        report_request_request.additional_properties = d
        return report_request_request

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
