from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_status_enum import RunStatusEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.match_run_objective import MatchRunObjective


T = TypeVar("T", bound="MatchRun")


@_attrs_define
class MatchRun:
    """Staff read a run whole. A partner reads its own requests' figures only (``context["figures"]``): what they
    still needed, and the offers for them it may know of; nothing that counts others' requests or sources it
    cannot see (the solver's name and timings, the transport cost, the number of sources and arcs).

        Attributes:
            id (int):
            product (str):
            triggered_by_request (int | None):
            attempts (int):
            created_at (datetime.datetime):
            objective (MatchRunObjective):
            solve_ms (int | None):
            total_ms (int | None):
            reason (str | Unset):
            status (RunStatusEnum | Unset): * `queued` - Queued
                * `running` - Running
                * `succeeded` - Succeeded
                * `failed` - Failed
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            solver (str | Unset):
            inputs (Any | Unset):
            quantity_requested (str | Unset):
            quantity_offered (str | Unset):
            shortfall (str | Unset):
            error (str | Unset):
    """

    id: int
    product: str
    triggered_by_request: int | None
    attempts: int
    created_at: datetime.datetime
    objective: MatchRunObjective
    solve_ms: int | None
    total_ms: int | None
    reason: str | Unset = UNSET
    status: RunStatusEnum | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    solver: str | Unset = UNSET
    inputs: Any | Unset = UNSET
    quantity_requested: str | Unset = UNSET
    quantity_offered: str | Unset = UNSET
    shortfall: str | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        product = self.product

        triggered_by_request: int | None
        triggered_by_request = self.triggered_by_request

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        objective = self.objective.to_dict()

        solve_ms: int | None
        solve_ms = self.solve_ms

        total_ms: int | None
        total_ms = self.total_ms

        reason = self.reason

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        solver = self.solver

        inputs = self.inputs

        quantity_requested = self.quantity_requested

        quantity_offered = self.quantity_offered

        shortfall = self.shortfall

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product": product,
                "triggered_by_request": triggered_by_request,
                "attempts": attempts,
                "created_at": created_at,
                "objective": objective,
                "solve_ms": solve_ms,
                "total_ms": total_ms,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if status is not UNSET:
            field_dict["status"] = status
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if solver is not UNSET:
            field_dict["solver"] = solver
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if quantity_requested is not UNSET:
            field_dict["quantity_requested"] = quantity_requested
        if quantity_offered is not UNSET:
            field_dict["quantity_offered"] = quantity_offered
        if shortfall is not UNSET:
            field_dict["shortfall"] = shortfall
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.match_run_objective import MatchRunObjective  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        product = d.pop("product")

        def _parse_triggered_by_request(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        triggered_by_request = _parse_triggered_by_request(
            d.pop("triggered_by_request")
        )

        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        objective = MatchRunObjective.from_dict(d.pop("objective"))

        def _parse_solve_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        solve_ms = _parse_solve_ms(d.pop("solve_ms"))

        def _parse_total_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        total_ms = _parse_total_ms(d.pop("total_ms"))

        reason = d.pop("reason", UNSET)

        _status = d.pop("status", UNSET)
        status: RunStatusEnum | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = RunStatusEnum(_status)

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        solver = d.pop("solver", UNSET)

        inputs = d.pop("inputs", UNSET)

        quantity_requested = d.pop("quantity_requested", UNSET)

        quantity_offered = d.pop("quantity_offered", UNSET)

        shortfall = d.pop("shortfall", UNSET)

        error = d.pop("error", UNSET)

        match_run = cls(
            id=id,
            product=product,
            triggered_by_request=triggered_by_request,
            attempts=attempts,
            created_at=created_at,
            objective=objective,
            solve_ms=solve_ms,
            total_ms=total_ms,
            reason=reason,
            status=status,
            started_at=started_at,
            finished_at=finished_at,
            solver=solver,
            inputs=inputs,
            quantity_requested=quantity_requested,
            quantity_offered=quantity_offered,
            shortfall=shortfall,
            error=error,
        )

        match_run.additional_properties = d
        return match_run

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
