from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CountryCapacity")


@_attrs_define
class CountryCapacity:
    """
    Attributes:
        country (str):
        nominal (str):
        spare (str):
        share (float | None): Share of the published total (0..1).
        partner_country (bool): The country of an active partner.
    """

    country: str
    nominal: str
    spare: str
    share: float | None
    partner_country: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        nominal = self.nominal

        spare = self.spare

        share: float | None
        share = self.share

        partner_country = self.partner_country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "nominal": nominal,
                "spare": spare,
                "share": share,
                "partner_country": partner_country,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        nominal = d.pop("nominal")

        spare = d.pop("spare")

        def _parse_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        share = _parse_share(d.pop("share"))

        partner_country = d.pop("partner_country")

        country_capacity = cls(
            country=country,
            nominal=nominal,
            spare=spare,
            share=share,
            partner_country=partner_country,
        )

        country_capacity.additional_properties = d
        return country_capacity

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
