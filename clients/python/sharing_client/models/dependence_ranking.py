from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.origin import Origin
    from ..models.ranked_dependence import RankedDependence


T = TypeVar("T", bound="DependenceRanking")


@_attrs_define
class DependenceRanking:
    """
    Attributes:
        partner (str):
        sector (str):
        origin (Origin):
        max_tiers (int):
        products (list[RankedDependence]):
        basis (str):
    """

    partner: str
    sector: str
    origin: Origin
    max_tiers: int
    products: list[RankedDependence]
    basis: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        partner = self.partner

        sector = self.sector

        origin = self.origin.to_dict()

        max_tiers = self.max_tiers

        products = []
        for products_item_data in self.products:
            products_item = products_item_data.to_dict()
            products.append(products_item)

        basis = self.basis

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partner": partner,
                "sector": sector,
                "origin": origin,
                "max_tiers": max_tiers,
                "products": products,
                "basis": basis,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.origin import Origin  # noqa: PLC0415
        from ..models.ranked_dependence import RankedDependence  # noqa: PLC0415

        d = dict(src_dict)
        partner = d.pop("partner")

        sector = d.pop("sector")

        origin = Origin.from_dict(d.pop("origin"))

        max_tiers = d.pop("max_tiers")

        products = []
        _products = d.pop("products")
        for products_item_data in _products:
            products_item = RankedDependence.from_dict(products_item_data)

            products.append(products_item)

        basis = d.pop("basis")

        dependence_ranking = cls(
            partner=partner,
            sector=sector,
            origin=origin,
            max_tiers=max_tiers,
            products=products,
            basis=basis,
        )

        dependence_ranking.additional_properties = d
        return dependence_ranking

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
