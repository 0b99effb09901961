from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.change import Change


T = TypeVar("T", bound="ChangesPage")


@_attrs_define
class ChangesPage:
    """
    Attributes:
        results (list[Change]):
        next_ (str): Where to resume: this URL, with an opaque cursor (`?cursor=`) and the `page_size` asked for; never
            null (at the end it is where the next sync starts). With the deprecated `?after=`, the bare cursor instead. A
            fresh token on every page, even when nothing changed; it reveals nothing, and only the partner it was given to
            may use it.
        has_more (bool):
    """

    results: list[Change]
    next_: str
    has_more: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        next_ = self.next_

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
                "next": next_,
                "has_more": has_more,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change import Change  # noqa: PLC0415

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = Change.from_dict(results_item_data)

            results.append(results_item)

        next_ = d.pop("next")

        has_more = d.pop("has_more")

        changes_page = cls(
            results=results,
            next_=next_,
            has_more=has_more,
        )

        changes_page.additional_properties = d
        return changes_page

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
