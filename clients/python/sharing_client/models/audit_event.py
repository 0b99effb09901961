from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome_enum import OutcomeEnum

T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """
    Attributes:
        id (int):
        occurred_at (datetime.datetime):
        action (str):
        outcome (OutcomeEnum): * `success` - Success
            * `denied` - Denied
            * `failed` - Failed
        actor_partner (None | str):
        actor_key_prefix (str):
        actor_key_name (str):
        actor_user (None | str):
        object_type (str):
        object_id (str):
        object_ids (Any):
        object_owner (None | str):
        request_id (str):
        client_address (None | str):
        detail (Any):
    """

    id: int
    occurred_at: datetime.datetime
    action: str
    outcome: OutcomeEnum
    actor_partner: None | str
    actor_key_prefix: str
    actor_key_name: str
    actor_user: None | str
    object_type: str
    object_id: str
    object_ids: Any
    object_owner: None | str
    request_id: str
    client_address: None | str
    detail: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        occurred_at = self.occurred_at.isoformat()

        action = self.action

        outcome = self.outcome.value

        actor_partner: None | str
        actor_partner = self.actor_partner

        actor_key_prefix = self.actor_key_prefix

        actor_key_name = self.actor_key_name

        actor_user: None | str
        actor_user = self.actor_user

        object_type = self.object_type

        object_id = self.object_id

        object_ids = self.object_ids

        object_owner: None | str
        object_owner = self.object_owner

        request_id = self.request_id

        client_address: None | str
        client_address = self.client_address

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "occurred_at": occurred_at,
                "action": action,
                "outcome": outcome,
                "actor_partner": actor_partner,
                "actor_key_prefix": actor_key_prefix,
                "actor_key_name": actor_key_name,
                "actor_user": actor_user,
                "object_type": object_type,
                "object_id": object_id,
                "object_ids": object_ids,
                "object_owner": object_owner,
                "request_id": request_id,
                "client_address": client_address,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        action = d.pop("action")

        outcome = OutcomeEnum(d.pop("outcome"))

        def _parse_actor_partner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_partner = _parse_actor_partner(d.pop("actor_partner"))

        actor_key_prefix = d.pop("actor_key_prefix")

        actor_key_name = d.pop("actor_key_name")

        def _parse_actor_user(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_user = _parse_actor_user(d.pop("actor_user"))

        object_type = d.pop("object_type")

        object_id = d.pop("object_id")

        object_ids = d.pop("object_ids")

        def _parse_object_owner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        object_owner = _parse_object_owner(d.pop("object_owner"))

        request_id = d.pop("request_id")

        def _parse_client_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_address = _parse_client_address(d.pop("client_address"))

        detail = d.pop("detail")

        audit_event = cls(
            id=id,
            occurred_at=occurred_at,
            action=action,
            outcome=outcome,
            actor_partner=actor_partner,
            actor_key_prefix=actor_key_prefix,
            actor_key_name=actor_key_name,
            actor_user=actor_user,
            object_type=object_type,
            object_id=object_id,
            object_ids=object_ids,
            object_owner=object_owner,
            request_id=request_id,
            client_address=client_address,
            detail=detail,
        )

        audit_event.additional_properties = d
        return audit_event

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
