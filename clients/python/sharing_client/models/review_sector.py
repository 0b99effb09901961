from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.review_sector_kind_enum import ReviewSectorKindEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReviewSector")


@_attrs_define
class ReviewSector:
    """
    Attributes:
        id (int):
        code (str):
        name (str):
        kind (ReviewSectorKindEnum): * `supply_chain` - Supply chain
            * `industrial_base` - Industrial base
        product_sector (None | str): The catalogue sector whose products belong.
        products (list[str]):
        updated_at (datetime.datetime):
        description (str | Unset):
    """

    id: int
    code: str
    name: str
    kind: ReviewSectorKindEnum
    product_sector: None | str
    products: list[str]
    updated_at: datetime.datetime
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        name = self.name

        kind = self.kind.value

        product_sector: None | str
        product_sector = self.product_sector

        products = self.products

        updated_at = self.updated_at.isoformat()

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "kind": kind,
                "product_sector": product_sector,
                "products": products,
                "updated_at": updated_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        name = d.pop("name")

        kind = ReviewSectorKindEnum(d.pop("kind"))

        def _parse_product_sector(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product_sector = _parse_product_sector(d.pop("product_sector"))

        products = cast(list[str], d.pop("products"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        description = d.pop("description", UNSET)

        review_sector = cls(
            id=id,
            code=code,
            name=name,
            kind=kind,
            product_sector=product_sector,
            products=products,
            updated_at=updated_at,
            description=description,
        )

        review_sector.additional_properties = d
        return review_sector

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
