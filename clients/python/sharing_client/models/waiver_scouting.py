from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.match_enum import MatchEnum

if TYPE_CHECKING:
    from ..models.scouted_facility import ScoutedFacility


T = TypeVar("T", bound="WaiverScouting")


@_attrs_define
class WaiverScouting:
    """
    Attributes:
        waiver (int):
        match (MatchEnum | None): How near the catalogue match is (null: no facility found).

            * `product` - product
            * `hs_heading` - hs_heading
            * `sector` - sector
        countries (list[str]):
        facilities (list[ScoutedFacility]):
    """

    waiver: int
    match: MatchEnum | None
    countries: list[str]
    facilities: list[ScoutedFacility]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        waiver = self.waiver

        match: None | str
        if isinstance(self.match, MatchEnum):
            match = self.match.value
        else:
            match = self.match

        countries = self.countries

        facilities = []
        for facilities_item_data in self.facilities:
            facilities_item = facilities_item_data.to_dict()
            facilities.append(facilities_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "waiver": waiver,
                "match": match,
                "countries": countries,
                "facilities": facilities,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scouted_facility import ScoutedFacility  # noqa: PLC0415

        d = dict(src_dict)
        waiver = d.pop("waiver")

        def _parse_match(data: object) -> MatchEnum | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                match_type_0 = MatchEnum(data)

                return match_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MatchEnum | None, data)

        match = _parse_match(d.pop("match"))

        countries = cast(list[str], d.pop("countries"))

        facilities = []
        _facilities = d.pop("facilities")
        for facilities_item_data in _facilities:
            facilities_item = ScoutedFacility.from_dict(facilities_item_data)

            facilities.append(facilities_item)

        waiver_scouting = cls(
            waiver=waiver,
            match=match,
            countries=countries,
            facilities=facilities,
        )

        waiver_scouting.additional_properties = d
        return waiver_scouting

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
