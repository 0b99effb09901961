from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_status_enum import RunStatusEnum

if TYPE_CHECKING:
    from ..models.report_progress import ReportProgress


T = TypeVar("T", bound="ReportRunList")


@_attrs_define
class ReportRunList:
    """A list row: the run without its (large) result; read it at the run's own URL.

    Attributes:
        id (int):
        requested_by (str):
        sector (str):
        as_of (datetime.date): The review's reference date.
        compare_to (int | None):
        status (RunStatusEnum): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed
        progress (ReportProgress):
        error (str): Why the run failed (empty otherwise).
        created_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
    """

    id: int
    requested_by: str
    sector: str
    as_of: datetime.date
    compare_to: int | None
    status: RunStatusEnum
    progress: ReportProgress
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        requested_by = self.requested_by

        sector = self.sector

        as_of = self.as_of.isoformat()

        compare_to: int | None
        compare_to = self.compare_to

        status = self.status.value

        progress = self.progress.to_dict()

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
                "requested_by": requested_by,
                "sector": sector,
                "as_of": as_of,
                "compare_to": compare_to,
                "status": status,
                "progress": progress,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_progress import ReportProgress  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        requested_by = d.pop("requested_by")

        sector = d.pop("sector")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        def _parse_compare_to(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        compare_to = _parse_compare_to(d.pop("compare_to"))

        status = RunStatusEnum(d.pop("status"))

        progress = ReportProgress.from_dict(d.pop("progress"))

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

        report_run_list = cls(
            id=id,
            requested_by=requested_by,
            sector=sector,
            as_of=as_of,
            compare_to=compare_to,
            status=status,
            progress=progress,
            error=error,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
        )

        report_run_list.additional_properties = d
        return report_run_list

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
