from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Origin")


@_attrs_define
class Origin:
    """
    Attributes:
        country (None | str):
        outside_alliance (bool):
        alliance_countries (list[str] | None): With outside_alliance: the countries of active partners.
    """

    country: None | str
    outside_alliance: bool
    alliance_countries: list[str] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country: None | str
        country = self.country

        outside_alliance = self.outside_alliance

        alliance_countries: list[str] | None
        if isinstance(self.alliance_countries, list):
            alliance_countries = self.alliance_countries

        else:
            alliance_countries = self.alliance_countries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "outside_alliance": outside_alliance,
                "alliance_countries": alliance_countries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        outside_alliance = d.pop("outside_alliance")

        def _parse_alliance_countries(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                alliance_countries_type_0 = cast(list[str], data)

                return alliance_countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        alliance_countries = _parse_alliance_countries(d.pop("alliance_countries"))

        origin = cls(
            country=country,
            outside_alliance=outside_alliance,
            alliance_countries=alliance_countries,
        )

        origin.additional_properties = d
        return origin

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
