from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sector_enum import SectorEnum
from ..models.unit_enum import UnitEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.product_input_line import ProductInputLine


T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """
    Attributes:
        id (int):
        code (str):
        name (str):
        sector (SectorEnum): * `semiconductors` - Semiconductors and advanced packaging
            * `batteries` - Large-capacity batteries
            * `critical_minerals` - Critical minerals and materials
            * `pharmaceuticals` - Pharmaceuticals and APIs
            * `medical_supplies` - Medical supplies
            * `other` - Other
        unit (UnitEnum): * `t` - tonnes
            * `kg` - kilograms
            * `units` - units
            * `wafers` - wafers
            * `kWh` - kilowatt-hours
            * `doses` - doses
        inputs (list[ProductInputLine]):
        updated_at (datetime.datetime):
        hs_codes (Any | Unset):
        description (str | Unset):
        reference_unit_cost (None | str | Unset): Reference cost of one unit, in the reporting currency
            (PROCUREMENT_CURRENCY): the cost the content share uses for a component whose supplier is unknown or hidden.
    """

    id: int
    code: str
    name: str
    sector: SectorEnum
    unit: UnitEnum
    inputs: list[ProductInputLine]
    updated_at: datetime.datetime
    hs_codes: Any | Unset = UNSET
    description: str | Unset = UNSET
    reference_unit_cost: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        name = self.name

        sector = self.sector.value

        unit = self.unit.value

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        updated_at = self.updated_at.isoformat()

        hs_codes = self.hs_codes

        description = self.description

        reference_unit_cost: None | str | Unset
        if isinstance(self.reference_unit_cost, Unset):
            reference_unit_cost = UNSET
        else:
            reference_unit_cost = self.reference_unit_cost

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "sector": sector,
                "unit": unit,
                "inputs": inputs,
                "updated_at": updated_at,
            }
        )
        if hs_codes is not UNSET:
            field_dict["hs_codes"] = hs_codes
        if description is not UNSET:
            field_dict["description"] = description
        if reference_unit_cost is not UNSET:
            field_dict["reference_unit_cost"] = reference_unit_cost

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_input_line import ProductInputLine  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        name = d.pop("name")

        sector = SectorEnum(d.pop("sector"))

        unit = UnitEnum(d.pop("unit"))

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = ProductInputLine.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        hs_codes = d.pop("hs_codes", UNSET)

        description = d.pop("description", UNSET)

        def _parse_reference_unit_cost(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference_unit_cost = _parse_reference_unit_cost(
            d.pop("reference_unit_cost", UNSET)
        )

        product = cls(
            id=id,
            code=code,
            name=name,
            sector=sector,
            unit=unit,
            inputs=inputs,
            updated_at=updated_at,
            hs_codes=hs_codes,
            description=description,
            reference_unit_cost=reference_unit_cost,
        )

        product.additional_properties = d
        return product

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
