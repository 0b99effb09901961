from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.content_component_basis_enum import ContentComponentBasisEnum

if TYPE_CHECKING:
    from ..models.origin_shares import OriginShares
    from ..models.origins import Origins


T = TypeVar("T", bound="ContentComponent")


@_attrs_define
class ContentComponent:
    """
    Attributes:
        product (str):
        quantity_per_unit (str):
        cost (str): Cost of this component in one unit of the product.
        costs (Origins):
        shares (OriginShares):
        basis (ContentComponentBasisEnum): * `supplied` - supplied
            * `reference` - reference
            * `unpriced` - unpriced
        suppliers (int): Suppliers you may see.
    """

    product: str
    quantity_per_unit: str
    cost: str
    costs: Origins
    shares: OriginShares
    basis: ContentComponentBasisEnum
    suppliers: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        quantity_per_unit = self.quantity_per_unit

        cost = self.cost

        costs = self.costs.to_dict()

        shares = self.shares.to_dict()

        basis = self.basis.value

        suppliers = self.suppliers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "quantity_per_unit": quantity_per_unit,
                "cost": cost,
                "costs": costs,
                "shares": shares,
                "basis": basis,
                "suppliers": suppliers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.origin_shares import OriginShares  # noqa: PLC0415
        from ..models.origins import Origins  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        quantity_per_unit = d.pop("quantity_per_unit")

        cost = d.pop("cost")

        costs = Origins.from_dict(d.pop("costs"))

        shares = OriginShares.from_dict(d.pop("shares"))

        basis = ContentComponentBasisEnum(d.pop("basis"))

        suppliers = d.pop("suppliers")

        content_component = cls(
            product=product,
            quantity_per_unit=quantity_per_unit,
            cost=cost,
            costs=costs,
            shares=shares,
            basis=basis,
            suppliers=suppliers,
        )

        content_component.additional_properties = d
        return content_component

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
