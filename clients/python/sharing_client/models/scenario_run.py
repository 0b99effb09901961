from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_status_enum import RunStatusEnum

if TYPE_CHECKING:
    from ..models.scenario_result import ScenarioResult


T = TypeVar("T", bound="ScenarioRun")


@_attrs_define
class ScenarioRun:
    """
    Attributes:
        id (int):
        requested_by (str):
        status (RunStatusEnum): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed
        inputs (Any):
        result (None | ScenarioResult):
        error (str):
        created_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
    """

    id: int
    requested_by: str
    status: RunStatusEnum
    inputs: Any
    result: None | ScenarioResult
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.scenario_result import ScenarioResult  # noqa: PLC0415

        id = self.id

        requested_by = self.requested_by

        status = self.status.value

        inputs = self.inputs

        result: dict[str, Any] | None
        if isinstance(self.result, ScenarioResult):
            result = self.result.to_dict()
        else:
            result = self.result

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
                "status": status,
                "inputs": inputs,
                "result": result,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scenario_result import ScenarioResult  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        requested_by = d.pop("requested_by")

        status = RunStatusEnum(d.pop("status"))

        inputs = d.pop("inputs")

        def _parse_result(data: object) -> None | ScenarioResult:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_1 = ScenarioResult.from_dict(data)

                return result_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScenarioResult, data)

        result = _parse_result(d.pop("result"))

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

        scenario_run = cls(
            id=id,
            requested_by=requested_by,
            status=status,
            inputs=inputs,
            result=result,
            error=error,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
        )

        scenario_run.additional_properties = d
        return scenario_run

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
