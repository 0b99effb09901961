from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dependence_tier import DependenceTier


T = TypeVar("T", bound="RankedDependence")


@_attrs_define
class RankedDependence:
    """
    Attributes:
        product (str):
        supply_volume_per_month (str):
        tiers (list[DependenceTier]):
        through_origin (float): Share whose path touches the origin at any tier, once.
        first_tier (float): Share bought directly from suppliers in the origin.
        unknown (float):
        cyclic (float):
        depth_limit_reached (bool):
        work_limit_reached (bool):
        supply_links_used (int):
        rank (int):
    """

    product: str
    supply_volume_per_month: str
    tiers: list[DependenceTier]
    through_origin: float
    first_tier: float
    unknown: float
    cyclic: float
    depth_limit_reached: bool
    work_limit_reached: bool
    supply_links_used: int
    rank: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        supply_volume_per_month = self.supply_volume_per_month

        tiers = []
        for tiers_item_data in self.tiers:
            tiers_item = tiers_item_data.to_dict()
            tiers.append(tiers_item)

        through_origin = self.through_origin

        first_tier = self.first_tier

        unknown = self.unknown

        cyclic = self.cyclic

        depth_limit_reached = self.depth_limit_reached

        work_limit_reached = self.work_limit_reached

        supply_links_used = self.supply_links_used

        rank = self.rank

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "supply_volume_per_month": supply_volume_per_month,
                "tiers": tiers,
                "through_origin": through_origin,
                "first_tier": first_tier,
                "unknown": unknown,
                "cyclic": cyclic,
                "depth_limit_reached": depth_limit_reached,
                "work_limit_reached": work_limit_reached,
                "supply_links_used": supply_links_used,
                "rank": rank,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dependence_tier import DependenceTier  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        supply_volume_per_month = d.pop("supply_volume_per_month")

        tiers = []
        _tiers = d.pop("tiers")
        for tiers_item_data in _tiers:
            tiers_item = DependenceTier.from_dict(tiers_item_data)

            tiers.append(tiers_item)

        through_origin = d.pop("through_origin")

        first_tier = d.pop("first_tier")

        unknown = d.pop("unknown")

        cyclic = d.pop("cyclic")

        depth_limit_reached = d.pop("depth_limit_reached")

        work_limit_reached = d.pop("work_limit_reached")

        supply_links_used = d.pop("supply_links_used")

        rank = d.pop("rank")

        ranked_dependence = cls(
            product=product,
            supply_volume_per_month=supply_volume_per_month,
            tiers=tiers,
            through_origin=through_origin,
            first_tier=first_tier,
            unknown=unknown,
            cyclic=cyclic,
            depth_limit_reached=depth_limit_reached,
            work_limit_reached=work_limit_reached,
            supply_links_used=supply_links_used,
            rank=rank,
        )

        ranked_dependence.additional_properties = d
        return ranked_dependence

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
