from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exposure_facility import ExposureFacility


T = TypeVar("T", bound="ExposurePathStep")


@_attrs_define
class ExposurePathStep:
    """
    Attributes:
        tier (int): 0 is the partner's own facility.
        facility (ExposureFacility):
        product (None | str): What this facility supplies on the path.
        supply_link (int | None): The link to the facility one tier down.
        share_of_buyer (float | None): The link's share of the supply of the facility it feeds.
        share_of_supply (float): Share of the partner's supply on the path up to here.
    """

    tier: int
    facility: ExposureFacility
    product: None | str
    supply_link: int | None
    share_of_buyer: float | None
    share_of_supply: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tier = self.tier

        facility = self.facility.to_dict()

        product: None | str
        product = self.product

        supply_link: int | None
        supply_link = self.supply_link

        share_of_buyer: float | None
        share_of_buyer = self.share_of_buyer

        share_of_supply = self.share_of_supply

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tier": tier,
                "facility": facility,
                "product": product,
                "supply_link": supply_link,
                "share_of_buyer": share_of_buyer,
                "share_of_supply": share_of_supply,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exposure_facility import ExposureFacility  # noqa: PLC0415

        d = dict(src_dict)
        tier = d.pop("tier")

        facility = ExposureFacility.from_dict(d.pop("facility"))

        def _parse_product(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product = _parse_product(d.pop("product"))

        def _parse_supply_link(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        supply_link = _parse_supply_link(d.pop("supply_link"))

        def _parse_share_of_buyer(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        share_of_buyer = _parse_share_of_buyer(d.pop("share_of_buyer"))

        share_of_supply = d.pop("share_of_supply")

        exposure_path_step = cls(
            tier=tier,
            facility=facility,
            product=product,
            supply_link=supply_link,
            share_of_buyer=share_of_buyer,
            share_of_supply=share_of_supply,
        )

        exposure_path_step.additional_properties = d
        return exposure_path_step

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
