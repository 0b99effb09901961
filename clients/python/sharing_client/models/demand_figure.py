from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DemandFigure")


@_attrs_define
class DemandFigure:
    """
    Attributes:
        suppressed (bool):
        total_per_month (None | str):
        critical_per_month (None | str): Defence plus health.
        defence_per_month (None | str):
        health_per_month (None | str):
        as_of (datetime.date | None): The latest as-of date of the demand counted.
    """

    suppressed: bool
    total_per_month: None | str
    critical_per_month: None | str
    defence_per_month: None | str
    health_per_month: None | str
    as_of: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        suppressed = self.suppressed

        total_per_month: None | str
        total_per_month = self.total_per_month

        critical_per_month: None | str
        critical_per_month = self.critical_per_month

        defence_per_month: None | str
        defence_per_month = self.defence_per_month

        health_per_month: None | str
        health_per_month = self.health_per_month

        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "suppressed": suppressed,
                "total_per_month": total_per_month,
                "critical_per_month": critical_per_month,
                "defence_per_month": defence_per_month,
                "health_per_month": health_per_month,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        def _parse_total_per_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        total_per_month = _parse_total_per_month(d.pop("total_per_month"))

        def _parse_critical_per_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        critical_per_month = _parse_critical_per_month(d.pop("critical_per_month"))

        def _parse_defence_per_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        defence_per_month = _parse_defence_per_month(d.pop("defence_per_month"))

        def _parse_health_per_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        health_per_month = _parse_health_per_month(d.pop("health_per_month"))

        def _parse_as_of(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        demand_figure = cls(
            suppressed=suppressed,
            total_per_month=total_per_month,
            critical_per_month=critical_per_month,
            defence_per_month=defence_per_month,
            health_per_month=health_per_month,
            as_of=as_of,
        )

        demand_figure.additional_properties = d
        return demand_figure

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
