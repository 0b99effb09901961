from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.country_enum import CountryEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scenario_input_request_demand import ScenarioInputRequestDemand


T = TypeVar("T", bound="ScenarioInputRequest")


@_attrs_define
class ScenarioInputRequest:
    """
    Attributes:
        countries (list[CountryEnum] | Unset):
        partners (list[str] | Unset): Partner codes.
        facilities (list[int] | Unset): Ids of facilities you can see.
        demand (ScenarioInputRequestDemand | Unset): Demand a month by product code.
    """

    countries: list[CountryEnum] | Unset = UNSET
    partners: list[str] | Unset = UNSET
    facilities: list[int] | Unset = UNSET
    demand: ScenarioInputRequestDemand | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        countries: list[str] | Unset = UNSET
        if not isinstance(self.countries, Unset):
            countries = []
            for countries_item_data in self.countries:
                countries_item = countries_item_data.value
                countries.append(countries_item)

        partners: list[str] | Unset = UNSET
        if not isinstance(self.partners, Unset):
            partners = self.partners

        facilities: list[int] | Unset = UNSET
        if not isinstance(self.facilities, Unset):
            facilities = self.facilities

        demand: dict[str, Any] | Unset = UNSET
        if not isinstance(self.demand, Unset):
            demand = self.demand.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if countries is not UNSET:
            field_dict["countries"] = countries
        if partners is not UNSET:
            field_dict["partners"] = partners
        if facilities is not UNSET:
            field_dict["facilities"] = facilities
        if demand is not UNSET:
            field_dict["demand"] = demand

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scenario_input_request_demand import ScenarioInputRequestDemand  # noqa: PLC0415

        d = dict(src_dict)
        _countries = d.pop("countries", UNSET)
        countries: list[CountryEnum] | Unset = UNSET
        if _countries is not UNSET:
            countries = []
            for countries_item_data in _countries:
                countries_item = CountryEnum(countries_item_data)

                countries.append(countries_item)

        partners = cast(list[str], d.pop("partners", UNSET))

        facilities = cast(list[int], d.pop("facilities", UNSET))

        _demand = d.pop("demand", UNSET)
        demand: ScenarioInputRequestDemand | Unset
        if isinstance(_demand, Unset):
            demand = UNSET
        else:
            demand = ScenarioInputRequestDemand.from_dict(_demand)

        scenario_input_request = cls(
            countries=countries,
            partners=partners,
            facilities=facilities,
            demand=demand,
        )

        scenario_input_request.additional_properties = d
        return scenario_input_request

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
