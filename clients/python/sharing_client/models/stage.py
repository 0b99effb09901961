from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.stage_partner import StagePartner


T = TypeVar("T", bound="Stage")


@_attrs_define
class Stage:
    """
    Attributes:
        product (str): The stage: a product of the bill of materials.
        unit (str):
        depth (int): 0: the end product; n: n steps down the bill of materials.
        per_unit_of_end_product (float): Units of this stage in one unit of the end product (9 significant digits).
        capacity (str): Capacity counted at this stage (published cells, allowed countries), a month.
        used (str): Output at this stage in the plan, a month.
        utilisation (float | None): used / capacity.
        capacity_limit (str): capacity / per_unit_of_end_product: the most of the end product this stage's capacity
            allows, supply links aside.
        countries (list[str]): Countries of the facilities that carry flow at this stage.
        partners (list[StagePartner]): Partners whose facilities (that you may see) carry flow, most first.
        undisclosed (str): Flow from capacity you may not see (published cells of K or more partners).
    """

    product: str
    unit: str
    depth: int
    per_unit_of_end_product: float
    capacity: str
    used: str
    utilisation: float | None
    capacity_limit: str
    countries: list[str]
    partners: list[StagePartner]
    undisclosed: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        unit = self.unit

        depth = self.depth

        per_unit_of_end_product = self.per_unit_of_end_product

        capacity = self.capacity

        used = self.used

        utilisation: float | None
        utilisation = self.utilisation

        capacity_limit = self.capacity_limit

        countries = self.countries

        partners = []
        for partners_item_data in self.partners:
            partners_item = partners_item_data.to_dict()
            partners.append(partners_item)

        undisclosed = self.undisclosed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "unit": unit,
                "depth": depth,
                "per_unit_of_end_product": per_unit_of_end_product,
                "capacity": capacity,
                "used": used,
                "utilisation": utilisation,
                "capacity_limit": capacity_limit,
                "countries": countries,
                "partners": partners,
                "undisclosed": undisclosed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_partner import StagePartner  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        unit = d.pop("unit")

        depth = d.pop("depth")

        per_unit_of_end_product = d.pop("per_unit_of_end_product")

        capacity = d.pop("capacity")

        used = d.pop("used")

        def _parse_utilisation(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        utilisation = _parse_utilisation(d.pop("utilisation"))

        capacity_limit = d.pop("capacity_limit")

        countries = cast(list[str], d.pop("countries"))

        partners = []
        _partners = d.pop("partners")
        for partners_item_data in _partners:
            partners_item = StagePartner.from_dict(partners_item_data)

            partners.append(partners_item)

        undisclosed = d.pop("undisclosed")

        stage = cls(
            product=product,
            unit=unit,
            depth=depth,
            per_unit_of_end_product=per_unit_of_end_product,
            capacity=capacity,
            used=used,
            utilisation=utilisation,
            capacity_limit=capacity_limit,
            countries=countries,
            partners=partners,
            undisclosed=undisclosed,
        )

        stage.additional_properties = d
        return stage

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
