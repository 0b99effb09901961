from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.partner import Partner


T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """
    Attributes:
        partner (None | Partner):
        roles (list[str]):
        key_name (None | str):
        key_prefix (None | str):
        key_expires_at (datetime.datetime | None):
        read_only (bool):
        user (None | str):
        is_staff (bool):
    """

    partner: None | Partner
    roles: list[str]
    key_name: None | str
    key_prefix: None | str
    key_expires_at: datetime.datetime | None
    read_only: bool
    user: None | str
    is_staff: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.partner import Partner  # noqa: PLC0415

        partner: dict[str, Any] | None
        if isinstance(self.partner, Partner):
            partner = self.partner.to_dict()
        else:
            partner = self.partner

        roles = self.roles

        key_name: None | str
        key_name = self.key_name

        key_prefix: None | str
        key_prefix = self.key_prefix

        key_expires_at: None | str
        if isinstance(self.key_expires_at, datetime.datetime):
            key_expires_at = self.key_expires_at.isoformat()
        else:
            key_expires_at = self.key_expires_at

        read_only = self.read_only

        user: None | str
        user = self.user

        is_staff = self.is_staff

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partner": partner,
                "roles": roles,
                "key_name": key_name,
                "key_prefix": key_prefix,
                "key_expires_at": key_expires_at,
                "read_only": read_only,
                "user": user,
                "is_staff": is_staff,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partner import Partner  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_partner(data: object) -> None | Partner:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                partner_type_1 = Partner.from_dict(data)

                return partner_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Partner, data)

        partner = _parse_partner(d.pop("partner"))

        roles = cast(list[str], d.pop("roles"))

        def _parse_key_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key_name = _parse_key_name(d.pop("key_name"))

        def _parse_key_prefix(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key_prefix = _parse_key_prefix(d.pop("key_prefix"))

        def _parse_key_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                key_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return key_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        key_expires_at = _parse_key_expires_at(d.pop("key_expires_at"))

        read_only = d.pop("read_only")

        def _parse_user(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user = _parse_user(d.pop("user"))

        is_staff = d.pop("is_staff")

        me = cls(
            partner=partner,
            roles=roles,
            key_name=key_name,
            key_prefix=key_prefix,
            key_expires_at=key_expires_at,
            read_only=read_only,
            user=user,
            is_staff=is_staff,
        )

        me.additional_properties = d
        return me

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
