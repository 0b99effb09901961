from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exposure_path_step import ExposurePathStep
    from ..models.exposure_tier import ExposureTier
    from ..models.exposure_total import ExposureTotal


T = TypeVar("T", bound="Exposure")


@_attrs_define
class Exposure:
    """
    Attributes:
        product (str):
        partner (str):
        country (str):
        supply_volume_per_month (str): The partner's visible supply of the product (sum of the links into its
            facilities).
        tiers (list[ExposureTier]):
        total (ExposureTotal):
        top_path (list[ExposurePathStep]): The single path carrying the largest share of the supply to a supplier in the
            country, from the partner's facility upstream (empty if none).
        max_tiers (int):
        depth_limit_reached (bool): True when suppliers at the last tier publish further links that were not followed.
        work_limit_reached (bool): True when the walk stopped before max_tiers: tangled cycles gave one tier more
            distinct paths than the server follows (EXPOSURE_MAX_STATES); ask for fewer tiers.
        beyond_depth (float): Share at the last tier whose further links were not followed.
        supply_links_used (int):
        as_of (datetime.datetime | None):
        as_of_basis (str):
        basis (str):
        shares (str):
    """

    product: str
    partner: str
    country: str
    supply_volume_per_month: str
    tiers: list[ExposureTier]
    total: ExposureTotal
    top_path: list[ExposurePathStep]
    max_tiers: int
    depth_limit_reached: bool
    work_limit_reached: bool
    beyond_depth: float
    supply_links_used: int
    as_of: datetime.datetime | None
    as_of_basis: str
    basis: str
    shares: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        partner = self.partner

        country = self.country

        supply_volume_per_month = self.supply_volume_per_month

        tiers = []
        for tiers_item_data in self.tiers:
            tiers_item = tiers_item_data.to_dict()
            tiers.append(tiers_item)

        total = self.total.to_dict()

        top_path = []
        for top_path_item_data in self.top_path:
            top_path_item = top_path_item_data.to_dict()
            top_path.append(top_path_item)

        max_tiers = self.max_tiers

        depth_limit_reached = self.depth_limit_reached

        work_limit_reached = self.work_limit_reached

        beyond_depth = self.beyond_depth

        supply_links_used = self.supply_links_used

        as_of: None | str
        if isinstance(self.as_of, datetime.datetime):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        as_of_basis = self.as_of_basis

        basis = self.basis

        shares = self.shares

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "partner": partner,
                "country": country,
                "supply_volume_per_month": supply_volume_per_month,
                "tiers": tiers,
                "total": total,
                "top_path": top_path,
                "max_tiers": max_tiers,
                "depth_limit_reached": depth_limit_reached,
                "work_limit_reached": work_limit_reached,
                "beyond_depth": beyond_depth,
                "supply_links_used": supply_links_used,
                "as_of": as_of,
                "as_of_basis": as_of_basis,
                "basis": basis,
                "shares": shares,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exposure_path_step import ExposurePathStep  # noqa: PLC0415
        from ..models.exposure_tier import ExposureTier  # noqa: PLC0415
        from ..models.exposure_total import ExposureTotal  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        partner = d.pop("partner")

        country = d.pop("country")

        supply_volume_per_month = d.pop("supply_volume_per_month")

        tiers = []
        _tiers = d.pop("tiers")
        for tiers_item_data in _tiers:
            tiers_item = ExposureTier.from_dict(tiers_item_data)

            tiers.append(tiers_item)

        total = ExposureTotal.from_dict(d.pop("total"))

        top_path = []
        _top_path = d.pop("top_path")
        for top_path_item_data in _top_path:
            top_path_item = ExposurePathStep.from_dict(top_path_item_data)

            top_path.append(top_path_item)

        max_tiers = d.pop("max_tiers")

        depth_limit_reached = d.pop("depth_limit_reached")

        work_limit_reached = d.pop("work_limit_reached")

        beyond_depth = d.pop("beyond_depth")

        supply_links_used = d.pop("supply_links_used")

        def _parse_as_of(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.datetime.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        as_of_basis = d.pop("as_of_basis")

        basis = d.pop("basis")

        shares = d.pop("shares")

        exposure = cls(
            product=product,
            partner=partner,
            country=country,
            supply_volume_per_month=supply_volume_per_month,
            tiers=tiers,
            total=total,
            top_path=top_path,
            max_tiers=max_tiers,
            depth_limit_reached=depth_limit_reached,
            work_limit_reached=work_limit_reached,
            beyond_depth=beyond_depth,
            supply_links_used=supply_links_used,
            as_of=as_of,
            as_of_basis=as_of_basis,
            basis=basis,
            shares=shares,
        )

        exposure.additional_properties = d
        return exposure

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
