from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.events_enum import EventsEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointCreated")


@_attrs_define
class WebhookEndpointCreated:
    """
    Attributes:
        id (int):
        url (str):
        active (bool):
        created_at (datetime.datetime):
        previous_secret_expires_at (datetime.datetime | None):
        legacy_signature (bool): Whether deliveries still carry the old X-Sharing-Signature header too.
        secret (str): Shown this once: keep it to verify deliveries.
        events (list[EventsEnum] | Unset): Emergency events to receive; none for an endpoint that only receives
            subscriptions' batches.
    """

    id: int
    url: str
    active: bool
    created_at: datetime.datetime
    previous_secret_expires_at: datetime.datetime | None
    legacy_signature: bool
    secret: str
    events: list[EventsEnum] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        active = self.active

        created_at = self.created_at.isoformat()

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        legacy_signature = self.legacy_signature

        secret = self.secret

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.value
                events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "active": active,
                "created_at": created_at,
                "previous_secret_expires_at": previous_secret_expires_at,
                "legacy_signature": legacy_signature,
                "secret": secret,
            }
        )
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(
                    data
                )

                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(
            d.pop("previous_secret_expires_at")
        )

        legacy_signature = d.pop("legacy_signature")

        secret = d.pop("secret")

        _events = d.pop("events", UNSET)
        events: list[EventsEnum] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = EventsEnum(events_item_data)

                events.append(events_item)

        webhook_endpoint_created = cls(
            id=id,
            url=url,
            active=active,
            created_at=created_at,
            previous_secret_expires_at=previous_secret_expires_at,
            legacy_signature=legacy_signature,
            secret=secret,
            events=events,
        )

        webhook_endpoint_created.additional_properties = d
        return webhook_endpoint_created

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
