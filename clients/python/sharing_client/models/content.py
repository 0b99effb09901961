from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verdict_enum import VerdictEnum

if TYPE_CHECKING:
    from ..models.content_component import ContentComponent
    from ..models.content_threshold import ContentThreshold
    from ..models.origin_shares import OriginShares
    from ..models.origins import Origins


T = TypeVar("T", bound="Content")


@_attrs_define
class Content:
    """
    Attributes:
        facility (int):
        product (str):
        currency (str):
        domestic_country (str):
        qualifying_countries (list[str]):
        defence (bool):
        cost_of_components (str):
        costs (Origins):
        shares (OriginShares):
        qualifying_share (str):
        threshold (ContentThreshold):
        verdict (VerdictEnum): * `meets` - meets
            * `fails` - fails
            * `undetermined` - undetermined
        deciding_components (list[str]):
        deciding_rule (str):
        components (list[ContentComponent]):
        unpriced (list[str]): Components with no known cost: the verdict is undetermined.
        inputs_exceed_unit_cost (list[str]): Products whose inputs cost more than a supplier's unit cost (scaled down to
            it).
        basis (str):
    """

    facility: int
    product: str
    currency: str
    domestic_country: str
    qualifying_countries: list[str]
    defence: bool
    cost_of_components: str
    costs: Origins
    shares: OriginShares
    qualifying_share: str
    threshold: ContentThreshold
    verdict: VerdictEnum
    deciding_components: list[str]
    deciding_rule: str
    components: list[ContentComponent]
    unpriced: list[str]
    inputs_exceed_unit_cost: list[str]
    basis: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        facility = self.facility

        product = self.product

        currency = self.currency

        domestic_country = self.domestic_country

        qualifying_countries = self.qualifying_countries

        defence = self.defence

        cost_of_components = self.cost_of_components

        costs = self.costs.to_dict()

        shares = self.shares.to_dict()

        qualifying_share = self.qualifying_share

        threshold = self.threshold.to_dict()

        verdict = self.verdict.value

        deciding_components = self.deciding_components

        deciding_rule = self.deciding_rule

        components = []
        for components_item_data in self.components:
            components_item = components_item_data.to_dict()
            components.append(components_item)

        unpriced = self.unpriced

        inputs_exceed_unit_cost = self.inputs_exceed_unit_cost

        basis = self.basis

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "facility": facility,
                "product": product,
                "currency": currency,
                "domestic_country": domestic_country,
                "qualifying_countries": qualifying_countries,
                "defence": defence,
                "cost_of_components": cost_of_components,
                "costs": costs,
                "shares": shares,
                "qualifying_share": qualifying_share,
                "threshold": threshold,
                "verdict": verdict,
                "deciding_components": deciding_components,
                "deciding_rule": deciding_rule,
                "components": components,
                "unpriced": unpriced,
                "inputs_exceed_unit_cost": inputs_exceed_unit_cost,
                "basis": basis,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.content_component import ContentComponent  # noqa: PLC0415
        from ..models.content_threshold import ContentThreshold  # noqa: PLC0415
        from ..models.origin_shares import OriginShares  # noqa: PLC0415
        from ..models.origins import Origins  # noqa: PLC0415

        d = dict(src_dict)
        facility = d.pop("facility")

        product = d.pop("product")

        currency = d.pop("currency")

        domestic_country = d.pop("domestic_country")

        qualifying_countries = cast(list[str], d.pop("qualifying_countries"))

        defence = d.pop("defence")

        cost_of_components = d.pop("cost_of_components")

        costs = Origins.from_dict(d.pop("costs"))

        shares = OriginShares.from_dict(d.pop("shares"))

        qualifying_share = d.pop("qualifying_share")

        threshold = ContentThreshold.from_dict(d.pop("threshold"))

        verdict = VerdictEnum(d.pop("verdict"))

        deciding_components = cast(list[str], d.pop("deciding_components"))

        deciding_rule = d.pop("deciding_rule")

        components = []
        _components = d.pop("components")
        for components_item_data in _components:
            components_item = ContentComponent.from_dict(components_item_data)

            components.append(components_item)

        unpriced = cast(list[str], d.pop("unpriced"))

        inputs_exceed_unit_cost = cast(list[str], d.pop("inputs_exceed_unit_cost"))

        basis = d.pop("basis")

        content = cls(
            facility=facility,
            product=product,
            currency=currency,
            domestic_country=domestic_country,
            qualifying_countries=qualifying_countries,
            defence=defence,
            cost_of_components=cost_of_components,
            costs=costs,
            shares=shares,
            qualifying_share=qualifying_share,
            threshold=threshold,
            verdict=verdict,
            deciding_components=deciding_components,
            deciding_rule=deciding_rule,
            components=components,
            unpriced=unpriced,
            inputs_exceed_unit_cost=inputs_exceed_unit_cost,
            basis=basis,
        )

        content.additional_properties = d
        return content

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
