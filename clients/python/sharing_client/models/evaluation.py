from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.preference_basis_enum import PreferenceBasisEnum

if TYPE_CHECKING:
    from ..models.evaluated_offer import EvaluatedOffer


T = TypeVar("T", bound="Evaluation")


@_attrs_define
class Evaluation:
    """
    Attributes:
        defence (bool):
        offers (list[EvaluatedOffer]):
        winner (str):
        preference_applied (bool):
        preference_percent (int):
        preference_basis (PreferenceBasisEnum): * `none` - none
            * `standard` - standard
            * `small_business` - small_business
            * `defence` - defence
        rule (str):
    """

    defence: bool
    offers: list[EvaluatedOffer]
    winner: str
    preference_applied: bool
    preference_percent: int
    preference_basis: PreferenceBasisEnum
    rule: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        defence = self.defence

        offers = []
        for offers_item_data in self.offers:
            offers_item = offers_item_data.to_dict()
            offers.append(offers_item)

        winner = self.winner

        preference_applied = self.preference_applied

        preference_percent = self.preference_percent

        preference_basis = self.preference_basis.value

        rule = self.rule

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "defence": defence,
                "offers": offers,
                "winner": winner,
                "preference_applied": preference_applied,
                "preference_percent": preference_percent,
                "preference_basis": preference_basis,
                "rule": rule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluated_offer import EvaluatedOffer  # noqa: PLC0415

        d = dict(src_dict)
        defence = d.pop("defence")

        offers = []
        _offers = d.pop("offers")
        for offers_item_data in _offers:
            offers_item = EvaluatedOffer.from_dict(offers_item_data)

            offers.append(offers_item)

        winner = d.pop("winner")

        preference_applied = d.pop("preference_applied")

        preference_percent = d.pop("preference_percent")

        preference_basis = PreferenceBasisEnum(d.pop("preference_basis"))

        rule = d.pop("rule")

        evaluation = cls(
            defence=defence,
            offers=offers,
            winner=winner,
            preference_applied=preference_applied,
            preference_percent=preference_percent,
            preference_basis=preference_basis,
            rule=rule,
        )

        evaluation.additional_properties = d
        return evaluation

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
