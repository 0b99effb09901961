from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_delivery_status_enum import WebhookDeliveryStatusEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookDelivery")


@_attrs_define
class WebhookDelivery:
    """
    Attributes:
        id (int):
        endpoint (int):
        event (str):
        payload (Any):
        attempts (int):
        last_status_code (int | None):
        created_at (datetime.datetime):
        status (WebhookDeliveryStatusEnum | Unset): * `pending` - Pending
            * `succeeded` - Succeeded
            * `failed` - Failed
        last_error (str | Unset):
        log (Any | Unset): One entry per attempt.
        next_attempt_at (datetime.datetime | None | Unset):
        delivered_at (datetime.datetime | None | Unset):
    """

    id: int
    endpoint: int
    event: str
    payload: Any
    attempts: int
    last_status_code: int | None
    created_at: datetime.datetime
    status: WebhookDeliveryStatusEnum | Unset = UNSET
    last_error: str | Unset = UNSET
    log: Any | Unset = UNSET
    next_attempt_at: datetime.datetime | None | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        endpoint = self.endpoint

        event = self.event

        payload = self.payload

        attempts = self.attempts

        last_status_code: int | None
        last_status_code = self.last_status_code

        created_at = self.created_at.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        last_error = self.last_error

        log = self.log

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        elif isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "endpoint": endpoint,
                "event": event,
                "payload": payload,
                "attempts": attempts,
                "last_status_code": last_status_code,
                "created_at": created_at,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if log is not UNSET:
            field_dict["log"] = log
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        endpoint = d.pop("endpoint")

        event = d.pop("event")

        payload = d.pop("payload")

        attempts = d.pop("attempts")

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        _status = d.pop("status", UNSET)
        status: WebhookDeliveryStatusEnum | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = WebhookDeliveryStatusEnum(_status)

        last_error = d.pop("last_error", UNSET)

        log = d.pop("log", UNSET)

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        webhook_delivery = cls(
            id=id,
            endpoint=endpoint,
            event=event,
            payload=payload,
            attempts=attempts,
            last_status_code=last_status_code,
            created_at=created_at,
            status=status,
            last_error=last_error,
            log=log,
            next_attempt_at=next_attempt_at,
            delivered_at=delivered_at,
        )

        webhook_delivery.additional_properties = d
        return webhook_delivery

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
