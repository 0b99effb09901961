from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_job_status_enum import ImportJobStatusEnum

T = TypeVar("T", bound="ImportJob")


@_attrs_define
class ImportJob:
    """
    Attributes:
        id (int):
        kind (str): The kind's path name, e.g. facilities.
        format_ (str):
        file_name (str):
        file_size (int):
        columns (Any):
        status (ImportJobStatusEnum): * `queued` - queued
            * `running` - running
            * `succeeded` - succeeded
            * `failed` - failed
        rows_read (int):
        created (int):
        updated (int):
        unchanged (int):
        rejected (int):
        error (str):
        created_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
    """

    id: int
    kind: str
    format_: str
    file_name: str
    file_size: int
    columns: Any
    status: ImportJobStatusEnum
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        format_ = self.format_

        file_name = self.file_name

        file_size = self.file_size

        columns = self.columns

        status = self.status.value

        rows_read = self.rows_read

        created = self.created

        updated = self.updated

        unchanged = self.unchanged

        rejected = self.rejected

        error = self.error

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "format": format_,
                "file_name": file_name,
                "file_size": file_size,
                "columns": columns,
                "status": status,
                "rows_read": rows_read,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "rejected": rejected,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        format_ = d.pop("format")

        file_name = d.pop("file_name")

        file_size = d.pop("file_size")

        columns = d.pop("columns")

        status = ImportJobStatusEnum(d.pop("status"))

        rows_read = d.pop("rows_read")

        created = d.pop("created")

        updated = d.pop("updated")

        unchanged = d.pop("unchanged")

        rejected = d.pop("rejected")

        error = d.pop("error")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        import_job = cls(
            id=id,
            kind=kind,
            format_=format_,
            file_name=file_name,
            file_size=file_size,
            columns=columns,
            status=status,
            rows_read=rows_read,
            created=created,
            updated=updated,
            unchanged=unchanged,
            rejected=rejected,
            error=error,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
        )

        import_job.additional_properties = d
        return import_job

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
