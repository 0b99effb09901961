from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MatchRequest")


@_attrs_define
class MatchRequest:
    """
    Attributes:
        ask_again (list[str] | Unset): Partner codes whose decline of this request you lift: this run, and later ones,
            may offer their sources for it again (until they decline it again). Without it, a partner that declined is not
            asked again.
    """

    ask_again: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ask_again: list[str] | Unset = UNSET
        if not isinstance(self.ask_again, Unset):
            ask_again = self.ask_again

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if ask_again is not UNSET:
            field_dict["ask_again"] = ask_again

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ask_again = cast(list[str], d.pop("ask_again", UNSET))

        match_request = cls(
            ask_again=ask_again,
        )

        match_request.additional_properties = d
        return match_request

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
