from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.channel import Channel
    from ..models.waiver_reason import WaiverReason


T = TypeVar("T", bound="ProgressCell")


@_attrs_define
class ProgressCell:
    """
    Attributes:
        partner (str):
        agency (str):
        year (int):
        quarter (int):
        total_value (str):
        domestic_value (str):
        allied_value (str):
        other_value (str):
        domestic_share (None | str):
        allied_share (None | str):
        other_share (None | str):
        channels (list[Channel]):
        channel_hhi (None | str):
        waivers (list[WaiverReason]):
    """

    partner: str
    agency: str
    year: int
    quarter: int
    total_value: str
    domestic_value: str
    allied_value: str
    other_value: str
    domestic_share: None | str
    allied_share: None | str
    other_share: None | str
    channels: list[Channel]
    channel_hhi: None | str
    waivers: list[WaiverReason]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        partner = self.partner

        agency = self.agency

        year = self.year

        quarter = self.quarter

        total_value = self.total_value

        domestic_value = self.domestic_value

        allied_value = self.allied_value

        other_value = self.other_value

        domestic_share: None | str
        domestic_share = self.domestic_share

        allied_share: None | str
        allied_share = self.allied_share

        other_share: None | str
        other_share = self.other_share

        channels = []
        for channels_item_data in self.channels:
            channels_item = channels_item_data.to_dict()
            channels.append(channels_item)

        channel_hhi: None | str
        channel_hhi = self.channel_hhi

        waivers = []
        for waivers_item_data in self.waivers:
            waivers_item = waivers_item_data.to_dict()
            waivers.append(waivers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partner": partner,
                "agency": agency,
                "year": year,
                "quarter": quarter,
                "total_value": total_value,
                "domestic_value": domestic_value,
                "allied_value": allied_value,
                "other_value": other_value,
                "domestic_share": domestic_share,
                "allied_share": allied_share,
                "other_share": other_share,
                "channels": channels,
                "channel_hhi": channel_hhi,
                "waivers": waivers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel import Channel  # noqa: PLC0415
        from ..models.waiver_reason import WaiverReason  # noqa: PLC0415

        d = dict(src_dict)
        partner = d.pop("partner")

        agency = d.pop("agency")

        year = d.pop("year")

        quarter = d.pop("quarter")

        total_value = d.pop("total_value")

        domestic_value = d.pop("domestic_value")

        allied_value = d.pop("allied_value")

        other_value = d.pop("other_value")

        def _parse_domestic_share(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        domestic_share = _parse_domestic_share(d.pop("domestic_share"))

        def _parse_allied_share(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        allied_share = _parse_allied_share(d.pop("allied_share"))

        def _parse_other_share(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        other_share = _parse_other_share(d.pop("other_share"))

        channels = []
        _channels = d.pop("channels")
        for channels_item_data in _channels:
            channels_item = Channel.from_dict(channels_item_data)

            channels.append(channels_item)

        def _parse_channel_hhi(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        channel_hhi = _parse_channel_hhi(d.pop("channel_hhi"))

        waivers = []
        _waivers = d.pop("waivers")
        for waivers_item_data in _waivers:
            waivers_item = WaiverReason.from_dict(waivers_item_data)

            waivers.append(waivers_item)

        progress_cell = cls(
            partner=partner,
            agency=agency,
            year=year,
            quarter=quarter,
            total_value=total_value,
            domestic_value=domestic_value,
            allied_value=allied_value,
            other_value=other_value,
            domestic_share=domestic_share,
            allied_share=allied_share,
            other_share=other_share,
            channels=channels,
            channel_hhi=channel_hhi,
            waivers=waivers,
        )

        progress_cell.additional_properties = d
        return progress_cell

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
