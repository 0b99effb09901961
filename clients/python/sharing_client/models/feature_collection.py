from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.type_enum import TypeEnum

if TYPE_CHECKING:
    from ..models.feature_collection_features_item import FeatureCollectionFeaturesItem


T = TypeVar("T", bound="FeatureCollection")


@_attrs_define
class FeatureCollection:
    """GeoJSON (RFC 7946): the whole filtered list as points, each feature's id the record's.

    Attributes:
        type_ (TypeEnum): * `FeatureCollection` - FeatureCollection
        features (list[FeatureCollectionFeaturesItem]):
    """

    type_: TypeEnum
    features: list[FeatureCollectionFeaturesItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        features = []
        for features_item_data in self.features:
            features_item = features_item_data.to_dict()
            features.append(features_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "features": features,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feature_collection_features_item import (
            FeatureCollectionFeaturesItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        type_ = TypeEnum(d.pop("type"))

        features = []
        _features = d.pop("features")
        for features_item_data in _features:
            features_item = FeatureCollectionFeaturesItem.from_dict(features_item_data)

            features.append(features_item)

        feature_collection = cls(
            type_=type_,
            features=features,
        )

        feature_collection.additional_properties = d
        return feature_collection

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
