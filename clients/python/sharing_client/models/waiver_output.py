from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WaiverOutput")


@_attrs_define
class WaiverOutput:
    """
    Attributes:
        id (int):
        external_id (str):
        owner (str):
        marking (str):
        groups (list[str]):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        buying_partner (str):
        agency (str):
        product (None | str):
        product_text (str):
        hs_code (str):
        sector (None | str):
        description (str):
        quantity (str):
        unit (str):
        value (str):
        currency (str):
        origin_country (str):
        vendor (str):
        reason (str):
        justification (str):
        status (str):
        proposed_on (datetime.date | None):
        posted_on (datetime.date | None):
        decided_on (datetime.date | None):
        withdrawn_on (datetime.date | None):
        review_days (int):
        review_ends_on (datetime.date | None):
        delivery_latitude (None | str):
        delivery_longitude (None | str):
    """

    id: int
    external_id: str
    owner: str
    marking: str
    groups: list[str]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    buying_partner: str
    agency: str
    product: None | str
    product_text: str
    hs_code: str
    sector: None | str
    description: str
    quantity: str
    unit: str
    value: str
    currency: str
    origin_country: str
    vendor: str
    reason: str
    justification: str
    status: str
    proposed_on: datetime.date | None
    posted_on: datetime.date | None
    decided_on: datetime.date | None
    withdrawn_on: datetime.date | None
    review_days: int
    review_ends_on: datetime.date | None
    delivery_latitude: None | str
    delivery_longitude: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        external_id = self.external_id

        owner = self.owner

        marking = self.marking

        groups = self.groups

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        buying_partner = self.buying_partner

        agency = self.agency

        product: None | str
        product = self.product

        product_text = self.product_text

        hs_code = self.hs_code

        sector: None | str
        sector = self.sector

        description = self.description

        quantity = self.quantity

        unit = self.unit

        value = self.value

        currency = self.currency

        origin_country = self.origin_country

        vendor = self.vendor

        reason = self.reason

        justification = self.justification

        status = self.status

        proposed_on: None | str
        if isinstance(self.proposed_on, datetime.date):
            proposed_on = self.proposed_on.isoformat()
        else:
            proposed_on = self.proposed_on

        posted_on: None | str
        if isinstance(self.posted_on, datetime.date):
            posted_on = self.posted_on.isoformat()
        else:
            posted_on = self.posted_on

        decided_on: None | str
        if isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        withdrawn_on: None | str
        if isinstance(self.withdrawn_on, datetime.date):
            withdrawn_on = self.withdrawn_on.isoformat()
        else:
            withdrawn_on = self.withdrawn_on

        review_days = self.review_days

        review_ends_on: None | str
        if isinstance(self.review_ends_on, datetime.date):
            review_ends_on = self.review_ends_on.isoformat()
        else:
            review_ends_on = self.review_ends_on

        delivery_latitude: None | str
        delivery_latitude = self.delivery_latitude

        delivery_longitude: None | str
        delivery_longitude = self.delivery_longitude

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "external_id": external_id,
                "owner": owner,
                "marking": marking,
                "groups": groups,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
                "buying_partner": buying_partner,
                "agency": agency,
                "product": product,
                "product_text": product_text,
                "hs_code": hs_code,
                "sector": sector,
                "description": description,
                "quantity": quantity,
                "unit": unit,
                "value": value,
                "currency": currency,
                "origin_country": origin_country,
                "vendor": vendor,
                "reason": reason,
                "justification": justification,
                "status": status,
                "proposed_on": proposed_on,
                "posted_on": posted_on,
                "decided_on": decided_on,
                "withdrawn_on": withdrawn_on,
                "review_days": review_days,
                "review_ends_on": review_ends_on,
                "delivery_latitude": delivery_latitude,
                "delivery_longitude": delivery_longitude,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        external_id = d.pop("external_id")

        owner = d.pop("owner")

        marking = d.pop("marking")

        groups = cast(list[str], d.pop("groups"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        buying_partner = d.pop("buying_partner")

        agency = d.pop("agency")

        def _parse_product(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product = _parse_product(d.pop("product"))

        product_text = d.pop("product_text")

        hs_code = d.pop("hs_code")

        def _parse_sector(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sector = _parse_sector(d.pop("sector"))

        description = d.pop("description")

        quantity = d.pop("quantity")

        unit = d.pop("unit")

        value = d.pop("value")

        currency = d.pop("currency")

        origin_country = d.pop("origin_country")

        vendor = d.pop("vendor")

        reason = d.pop("reason")

        justification = d.pop("justification")

        status = d.pop("status")

        def _parse_proposed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                proposed_on_type_0 = datetime.date.fromisoformat(data)

                return proposed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        proposed_on = _parse_proposed_on(d.pop("proposed_on"))

        def _parse_posted_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                posted_on_type_0 = datetime.date.fromisoformat(data)

                return posted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        posted_on = _parse_posted_on(d.pop("posted_on"))

        def _parse_decided_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        decided_on = _parse_decided_on(d.pop("decided_on"))

        def _parse_withdrawn_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_on_type_0 = datetime.date.fromisoformat(data)

                return withdrawn_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        withdrawn_on = _parse_withdrawn_on(d.pop("withdrawn_on"))

        review_days = d.pop("review_days")

        def _parse_review_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_ends_on_type_0 = datetime.date.fromisoformat(data)

                return review_ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        review_ends_on = _parse_review_ends_on(d.pop("review_ends_on"))

        def _parse_delivery_latitude(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        delivery_latitude = _parse_delivery_latitude(d.pop("delivery_latitude"))

        def _parse_delivery_longitude(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        delivery_longitude = _parse_delivery_longitude(d.pop("delivery_longitude"))

        waiver_output = cls(
            id=id,
            external_id=external_id,
            owner=owner,
            marking=marking,
            groups=groups,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            buying_partner=buying_partner,
            agency=agency,
            product=product,
            product_text=product_text,
            hs_code=hs_code,
            sector=sector,
            description=description,
            quantity=quantity,
            unit=unit,
            value=value,
            currency=currency,
            origin_country=origin_country,
            vendor=vendor,
            reason=reason,
            justification=justification,
            status=status,
            proposed_on=proposed_on,
            posted_on=posted_on,
            decided_on=decided_on,
            withdrawn_on=withdrawn_on,
            review_days=review_days,
            review_ends_on=review_ends_on,
            delivery_latitude=delivery_latitude,
            delivery_longitude=delivery_longitude,
        )

        waiver_output.additional_properties = d
        return waiver_output

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
