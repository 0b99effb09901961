from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StockFigure")


@_attrs_define
class StockFigure:
    """
    Attributes:
        suppressed (bool): True: the figure is withheld (null values), not zero.
        quantity (None | str):
        releasable (None | str):
        as_of (datetime.date | None):
    """

    suppressed: bool
    quantity: None | str
    releasable: None | str
    as_of: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        suppressed = self.suppressed

        quantity: None | str
        quantity = self.quantity

        releasable: None | str
        releasable = self.releasable

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
                "quantity": quantity,
                "releasable": releasable,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        def _parse_quantity(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quantity = _parse_quantity(d.pop("quantity"))

        def _parse_releasable(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        releasable = _parse_releasable(d.pop("releasable"))

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

        stock_figure = cls(
            suppressed=suppressed,
            quantity=quantity,
            releasable=releasable,
            as_of=as_of,
        )

        stock_figure.additional_properties = d
        return stock_figure

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
