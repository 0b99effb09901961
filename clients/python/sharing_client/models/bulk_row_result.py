from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bulk_row_result_status_enum import BulkRowResultStatusEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_row_result_errors import BulkRowResultErrors


T = TypeVar("T", bound="BulkRowResult")


@_attrs_define
class BulkRowResult:
    """
    Attributes:
        index (int):
        external_id (None | str):
        status (BulkRowResultStatusEnum): * `created` - created
            * `updated` - updated
            * `unchanged` - unchanged
            * `rejected` - rejected
        id (int | None):
        version (int | None):
        errors (BulkRowResultErrors | Unset): Field errors of a rejected row.
    """

    index: int
    external_id: None | str
    status: BulkRowResultStatusEnum
    id: int | None
    version: int | None
    errors: BulkRowResultErrors | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        external_id: None | str
        external_id = self.external_id

        status = self.status.value

        id: int | None
        id = self.id

        version: int | None
        version = self.version

        errors: dict[str, Any] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = self.errors.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "external_id": external_id,
                "status": status,
                "id": id,
                "version": version,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bulk_row_result_errors import BulkRowResultErrors  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        status = BulkRowResultStatusEnum(d.pop("status"))

        def _parse_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        id = _parse_id(d.pop("id"))

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))

        _errors = d.pop("errors", UNSET)
        errors: BulkRowResultErrors | Unset
        if isinstance(_errors, Unset):
            errors = UNSET
        else:
            errors = BulkRowResultErrors.from_dict(_errors)

        bulk_row_result = cls(
            index=index,
            external_id=external_id,
            status=status,
            id=id,
            version=version,
            errors=errors,
        )

        bulk_row_result.additional_properties = d
        return bulk_row_result

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
