from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.allocation_status_enum import AllocationStatusEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.allocation_source_type_0 import AllocationSourceType0
    from ..models.offer_request import OfferRequest


T = TypeVar("T", bound="Allocation")


@_attrs_define
class Allocation:
    """
    Attributes:
        id (int):
        match_run (int):
        request (OfferRequest):
        supplying_partner (str):
        quantity (str):
        estimated_arrival (datetime.date | None): Null for a requester that cannot see the source.
        confirmed_arrival (datetime.date | None): The arrival date the supplier confirmed on accepting.
        distance_km (None | str): Null for a requester that cannot see the source.
        expires_at (datetime.datetime):
        created_at (datetime.datetime):
        source (AllocationSourceType0 | None):
        status (AllocationStatusEnum | Unset): * `proposed` - Proposed
            * `accepted` - Accepted
            * `declined` - Declined
            * `expired` - Expired
            * `fulfilled` - Fulfilled
            * `cancelled` - Cancelled
        reason (str | Unset): Why it was declined or cancelled.
        responded_at (datetime.datetime | None | Unset):
    """

    id: int
    match_run: int
    request: OfferRequest
    supplying_partner: str
    quantity: str
    estimated_arrival: datetime.date | None
    confirmed_arrival: datetime.date | None
    distance_km: None | str
    expires_at: datetime.datetime
    created_at: datetime.datetime
    source: AllocationSourceType0 | None
    status: AllocationStatusEnum | Unset = UNSET
    reason: str | Unset = UNSET
    responded_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.allocation_source_type_0 import AllocationSourceType0  # noqa: PLC0415

        id = self.id

        match_run = self.match_run

        request = self.request.to_dict()

        supplying_partner = self.supplying_partner

        quantity = self.quantity

        estimated_arrival: None | str
        if isinstance(self.estimated_arrival, datetime.date):
            estimated_arrival = self.estimated_arrival.isoformat()
        else:
            estimated_arrival = self.estimated_arrival

        confirmed_arrival: None | str
        if isinstance(self.confirmed_arrival, datetime.date):
            confirmed_arrival = self.confirmed_arrival.isoformat()
        else:
            confirmed_arrival = self.confirmed_arrival

        distance_km: None | str
        distance_km = self.distance_km

        expires_at = self.expires_at.isoformat()

        created_at = self.created_at.isoformat()

        source: dict[str, Any] | None
        if isinstance(self.source, AllocationSourceType0):
            source = self.source.to_dict()
        else:
            source = self.source

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        reason = self.reason

        responded_at: None | str | Unset
        if isinstance(self.responded_at, Unset):
            responded_at = UNSET
        elif isinstance(self.responded_at, datetime.datetime):
            responded_at = self.responded_at.isoformat()
        else:
            responded_at = self.responded_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "match_run": match_run,
                "request": request,
                "supplying_partner": supplying_partner,
                "quantity": quantity,
                "estimated_arrival": estimated_arrival,
                "confirmed_arrival": confirmed_arrival,
                "distance_km": distance_km,
                "expires_at": expires_at,
                "created_at": created_at,
                "source": source,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if reason is not UNSET:
            field_dict["reason"] = reason
        if responded_at is not UNSET:
            field_dict["responded_at"] = responded_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allocation_source_type_0 import AllocationSourceType0  # noqa: PLC0415
        from ..models.offer_request import OfferRequest  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        match_run = d.pop("match_run")

        request = OfferRequest.from_dict(d.pop("request"))

        supplying_partner = d.pop("supplying_partner")

        quantity = d.pop("quantity")

        def _parse_estimated_arrival(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                estimated_arrival_type_0 = datetime.date.fromisoformat(data)

                return estimated_arrival_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        estimated_arrival = _parse_estimated_arrival(d.pop("estimated_arrival"))

        def _parse_confirmed_arrival(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_arrival_type_0 = datetime.date.fromisoformat(data)

                return confirmed_arrival_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        confirmed_arrival = _parse_confirmed_arrival(d.pop("confirmed_arrival"))

        def _parse_distance_km(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        distance_km = _parse_distance_km(d.pop("distance_km"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_source(data: object) -> AllocationSourceType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = AllocationSourceType0.from_dict(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AllocationSourceType0 | None, data)

        source = _parse_source(d.pop("source"))

        _status = d.pop("status", UNSET)
        status: AllocationStatusEnum | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AllocationStatusEnum(_status)

        reason = d.pop("reason", UNSET)

        def _parse_responded_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                responded_at_type_0 = datetime.datetime.fromisoformat(data)

                return responded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        responded_at = _parse_responded_at(d.pop("responded_at", UNSET))

        allocation = cls(
            id=id,
            match_run=match_run,
            request=request,
            supplying_partner=supplying_partner,
            quantity=quantity,
            estimated_arrival=estimated_arrival,
            confirmed_arrival=confirmed_arrival,
            distance_km=distance_km,
            expires_at=expires_at,
            created_at=created_at,
            source=source,
            status=status,
            reason=reason,
            responded_at=responded_at,
        )

        allocation.additional_properties = d
        return allocation

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
