from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blank_enum import BlankEnum
from ..models.country_enum import CountryEnum
from ..models.marking_enum import MarkingEnum
from ..models.reason_enum import ReasonEnum
from ..models.unit_enum import UnitEnum
from ..models.waiver_input_status_enum import WaiverInputStatusEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedWaiverInputRequest")


@_attrs_define
class PatchedWaiverInputRequest:
    """
    Attributes:
        external_id (str | Unset): Your own identifier for the record: the key of upserts.
        marking (MarkingEnum | Unset): * `CLEAR` - TLP:CLEAR (anyone)
            * `GREEN` - TLP:GREEN (every active partner)
            * `AMBER` - TLP:AMBER (owner and the named sharing groups)
            * `AMBER+STRICT` - TLP:AMBER+STRICT (as AMBER; never in aggregates)
            * `RED` - TLP:RED (owner alone) Default: MarkingEnum.CLEAR.
        groups (list[str] | Unset): Names of sharing groups you belong to (AMBER and AMBER+STRICT only).
        confirm_loosening (bool | Unset): Required to widen who may see an existing record (a looser marking, or more
            groups). Default: False.
        agency (str | Unset): The buying agency.
        product (str | Unset): Catalogue product code; or leave empty and give product_text and hs_code.
        product_text (str | Unset):
        hs_code (str | Unset): e.g. 8507.60 (4-10 digits).
        description (str | Unset):
        quantity (str | Unset):
        unit (BlankEnum | UnitEnum | Unset): Default: the catalogue product's unit (required for a free-text product).

            * `t` - tonnes
            * `kg` - kilograms
            * `units` - units
            * `wafers` - wafers
            * `kWh` - kilowatt-hours
            * `doses` - doses Default: BlankEnum.VALUE_0.
        value (str | Unset):
        currency (str | Unset): ISO 4217 code, e.g. USD.
        origin_country (CountryEnum | Unset): * `AF` - Afghanistan
            * `AX` - Åland Islands
            * `AL` - Albania
            * `DZ` - Algeria
            * `AS` - American Samoa
            * `AD` - Andorra
            * `AO` - Angola
            * `AI` - Anguilla
            * `AQ` - Antarctica
            * `AG` - Antigua and Barbuda
            * `AR` - Argentina
            * `AM` - Armenia
            * `AW` - Aruba
            * `AU` - Australia
            * `AT` - Austria
            * `AZ` - Azerbaijan
            * `BS` - Bahamas (The)
            * `BH` - Bahrain
            * `BD` - Bangladesh
            * `BB` - Barbados
            * `BY` - Belarus
            * `BE` - Belgium
            * `BZ` - Belize
            * `BJ` - Benin
            * `BM` - Bermuda
            * `BT` - Bhutan
            * `BO` - Bolivia
            * `BQ` - Bonaire, Sint Eustatius and Saba
            * `BA` - Bosnia and Herzegovina
            * `BW` - Botswana
            * `BV` - Bouvet Island
            * `BR` - Brazil
            * `IO` - British Indian Ocean Territory
            * `BN` - Brunei
            * `BG` - Bulgaria
            * `BF` - Burkina Faso
            * `BI` - Burundi
            * `CV` - Cabo Verde
            * `KH` - Cambodia
            * `CM` - Cameroon
            * `CA` - Canada
            * `KY` - Cayman Islands
            * `CF` - Central African Republic
            * `TD` - Chad
            * `CL` - Chile
            * `CN` - China
            * `CX` - Christmas Island
            * `CC` - Cocos (Keeling) Islands
            * `CO` - Colombia
            * `KM` - Comoros
            * `CG` - Congo
            * `CK` - Cook Islands
            * `CR` - Costa Rica
            * `CI` - Côte d'Ivoire
            * `HR` - Croatia
            * `CU` - Cuba
            * `CW` - Curaçao
            * `CY` - Cyprus
            * `CZ` - Czechia
            * `CD` - Democratic Republic of the Congo
            * `DK` - Denmark
            * `DJ` - Djibouti
            * `DM` - Dominica
            * `DO` - Dominican Republic
            * `EC` - Ecuador
            * `EG` - Egypt
            * `SV` - El Salvador
            * `GQ` - Equatorial Guinea
            * `ER` - Eritrea
            * `EE` - Estonia
            * `SZ` - Eswatini
            * `ET` - Ethiopia
            * `FK` - Falkland Islands (Malvinas)
            * `FO` - Faroe Islands
            * `FJ` - Fiji
            * `FI` - Finland
            * `FR` - France
            * `GF` - French Guiana
            * `PF` - French Polynesia
            * `TF` - French Southern Territories
            * `GA` - Gabon
            * `GM` - Gambia
            * `GE` - Georgia
            * `DE` - Germany
            * `GH` - Ghana
            * `GI` - Gibraltar
            * `GR` - Greece
            * `GL` - Greenland
            * `GD` - Grenada
            * `GP` - Guadeloupe
            * `GU` - Guam
            * `GT` - Guatemala
            * `GG` - Guernsey
            * `GN` - Guinea
            * `GW` - Guinea-Bissau
            * `GY` - Guyana
            * `HT` - Haiti
            * `HM` - Heard Island and McDonald Islands
            * `HN` - Honduras
            * `HK` - Hong Kong
            * `HU` - Hungary
            * `IS` - Iceland
            * `IN` - India
            * `ID` - Indonesia
            * `IR` - Iran
            * `IQ` - Iraq
            * `IE` - Ireland
            * `IM` - Isle of Man
            * `IL` - Israel
            * `IT` - Italy
            * `JM` - Jamaica
            * `JP` - Japan
            * `JE` - Jersey
            * `JO` - Jordan
            * `KZ` - Kazakhstan
            * `KE` - Kenya
            * `KI` - Kiribati
            * `KW` - Kuwait
            * `KG` - Kyrgyzstan
            * `LA` - Laos
            * `LV` - Latvia
            * `LB` - Lebanon
            * `LS` - Lesotho
            * `LR` - Liberia
            * `LY` - Libya
            * `LI` - Liechtenstein
            * `LT` - Lithuania
            * `LU` - Luxembourg
            * `MO` - Macao
            * `MG` - Madagascar
            * `MW` - Malawi
            * `MY` - Malaysia
            * `MV` - Maldives
            * `ML` - Mali
            * `MT` - Malta
            * `MH` - Marshall Islands
            * `MQ` - Martinique
            * `MR` - Mauritania
            * `MU` - Mauritius
            * `YT` - Mayotte
            * `MX` - Mexico
            * `FM` - Micronesia
            * `MD` - Moldova
            * `MC` - Monaco
            * `MN` - Mongolia
            * `ME` - Montenegro
            * `MS` - Montserrat
            * `MA` - Morocco
            * `MZ` - Mozambique
            * `MM` - Myanmar
            * `NA` - Namibia
            * `NR` - Naoero
            * `NP` - Nepal
            * `NL` - Netherlands
            * `NC` - New Caledonia
            * `NZ` - New Zealand
            * `NI` - Nicaragua
            * `NE` - Niger
            * `NG` - Nigeria
            * `NU` - Niue
            * `NF` - Norfolk Island
            * `KP` - North Korea
            * `MK` - North Macedonia
            * `MP` - Northern Mariana Islands
            * `NO` - Norway
            * `OM` - Oman
            * `PK` - Pakistan
            * `PW` - Palau
            * `PS` - Palestine
            * `PA` - Panama
            * `PG` - Papua New Guinea
            * `PY` - Paraguay
            * `PE` - Peru
            * `PH` - Philippines
            * `PN` - Pitcairn
            * `PL` - Poland
            * `PT` - Portugal
            * `PR` - Puerto Rico
            * `QA` - Qatar
            * `RE` - Réunion
            * `RO` - Romania
            * `RU` - Russia
            * `RW` - Rwanda
            * `BL` - Saint Barthélemy
            * `SH` - Saint Helena
            * `KN` - Saint Kitts and Nevis
            * `LC` - Saint Lucia
            * `MF` - Saint Martin (French part)
            * `PM` - Saint Pierre and Miquelon
            * `VC` - Saint Vincent and the Grenadines
            * `WS` - Samoa
            * `SM` - San Marino
            * `ST` - Sao Tome and Principe
            * `SA` - Saudi Arabia
            * `SN` - Senegal
            * `RS` - Serbia
            * `SC` - Seychelles
            * `SL` - Sierra Leone
            * `SG` - Singapore
            * `SX` - Sint Maarten (Dutch part)
            * `SK` - Slovakia
            * `SI` - Slovenia
            * `SB` - Solomon Islands
            * `SO` - Somalia
            * `ZA` - South Africa
            * `GS` - South Georgia
            * `KR` - South Korea
            * `SS` - South Sudan
            * `ES` - Spain
            * `LK` - Sri Lanka
            * `SD` - Sudan
            * `SR` - Suriname
            * `SJ` - Svalbard and Jan Mayen
            * `SE` - Sweden
            * `CH` - Switzerland
            * `SY` - Syria
            * `TW` - Taiwan
            * `TJ` - Tajikistan
            * `TZ` - Tanzania
            * `TH` - Thailand
            * `TL` - Timor-Leste
            * `TG` - Togo
            * `TK` - Tokelau
            * `TO` - Tonga
            * `TT` - Trinidad and Tobago
            * `TN` - Tunisia
            * `TR` - Türkiye
            * `TM` - Turkmenistan
            * `TC` - Turks and Caicos Islands
            * `TV` - Tuvalu
            * `UG` - Uganda
            * `UA` - Ukraine
            * `AE` - United Arab Emirates
            * `GB` - United Kingdom
            * `UM` - United States Minor Outlying Islands
            * `US` - United States of America
            * `UY` - Uruguay
            * `UZ` - Uzbekistan
            * `VU` - Vanuatu
            * `VA` - Vatican City
            * `VE` - Venezuela
            * `VN` - Vietnam
            * `VG` - Virgin Islands (British)
            * `VI` - Virgin Islands (U.S.)
            * `WF` - Wallis and Futuna
            * `EH` - Western Sahara
            * `YE` - Yemen
            * `ZM` - Zambia
            * `ZW` - Zimbabwe
        vendor (str | Unset):
        reason (ReasonEnum | Unset): * `public_interest` - Inconsistent with the public interest (FAR 25.103(a))
            * `non_availability` - Non-availability (FAR 25.103(b))
            * `resale` - Resale (FAR 25.103(c))
            * `unreasonable_cost` - Unreasonable cost (FAR 25.103(d))
            * `commercial_it` - Information technology that is a commercial product (FAR 25.103(e))
        justification (str | Unset):
        status (WaiverInputStatusEnum | Unset): * `proposed` - Proposed
            * `posted` - Posted for review
            * `granted` - Granted
            * `denied` - Denied
            * `withdrawn` - Withdrawn Default: WaiverInputStatusEnum.PROPOSED.
        proposed_on (datetime.date | None | Unset):
        posted_on (datetime.date | None | Unset):
        decided_on (datetime.date | None | Unset):
        withdrawn_on (datetime.date | None | Unset):
        review_days (int | Unset):  Default: 15.
        delivery_latitude (None | str | Unset):
        delivery_longitude (None | str | Unset):
    """

    external_id: str | Unset = UNSET
    marking: MarkingEnum | Unset = MarkingEnum.CLEAR
    groups: list[str] | Unset = UNSET
    confirm_loosening: bool | Unset = False
    agency: str | Unset = UNSET
    product: str | Unset = UNSET
    product_text: str | Unset = UNSET
    hs_code: str | Unset = UNSET
    description: str | Unset = UNSET
    quantity: str | Unset = UNSET
    unit: BlankEnum | UnitEnum | Unset = BlankEnum.VALUE_0
    value: str | Unset = UNSET
    currency: str | Unset = UNSET
    origin_country: CountryEnum | Unset = UNSET
    vendor: str | Unset = UNSET
    reason: ReasonEnum | Unset = UNSET
    justification: str | Unset = UNSET
    status: WaiverInputStatusEnum | Unset = WaiverInputStatusEnum.PROPOSED
    proposed_on: datetime.date | None | Unset = UNSET
    posted_on: datetime.date | None | Unset = UNSET
    decided_on: datetime.date | None | Unset = UNSET
    withdrawn_on: datetime.date | None | Unset = UNSET
    review_days: int | Unset = 15
    delivery_latitude: None | str | Unset = UNSET
    delivery_longitude: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        marking: str | Unset = UNSET
        if not isinstance(self.marking, Unset):
            marking = self.marking.value

        groups: list[str] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        confirm_loosening = self.confirm_loosening

        agency = self.agency

        product: str | Unset
        if isinstance(self.product, Unset):
            product = UNSET
        else:
            product = self.product

        product_text: str | Unset
        if isinstance(self.product_text, Unset):
            product_text = UNSET
        else:
            product_text = self.product_text

        hs_code: str | Unset
        if isinstance(self.hs_code, Unset):
            hs_code = UNSET
        else:
            hs_code = self.hs_code

        description: str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        quantity = self.quantity

        unit: str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        elif isinstance(self.unit, UnitEnum):
            unit = self.unit.value
        else:
            unit = self.unit.value

        value = self.value

        currency = self.currency

        origin_country: str | Unset = UNSET
        if not isinstance(self.origin_country, Unset):
            origin_country = self.origin_country.value

        vendor: str | Unset
        if isinstance(self.vendor, Unset):
            vendor = UNSET
        else:
            vendor = self.vendor

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        justification: str | Unset
        if isinstance(self.justification, Unset):
            justification = UNSET
        else:
            justification = self.justification

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        proposed_on: None | str | Unset
        if isinstance(self.proposed_on, Unset):
            proposed_on = UNSET
        elif isinstance(self.proposed_on, datetime.date):
            proposed_on = self.proposed_on.isoformat()
        else:
            proposed_on = self.proposed_on

        posted_on: None | str | Unset
        if isinstance(self.posted_on, Unset):
            posted_on = UNSET
        elif isinstance(self.posted_on, datetime.date):
            posted_on = self.posted_on.isoformat()
        else:
            posted_on = self.posted_on

        decided_on: None | str | Unset
        if isinstance(self.decided_on, Unset):
            decided_on = UNSET
        elif isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        withdrawn_on: None | str | Unset
        if isinstance(self.withdrawn_on, Unset):
            withdrawn_on = UNSET
        elif isinstance(self.withdrawn_on, datetime.date):
            withdrawn_on = self.withdrawn_on.isoformat()
        else:
            withdrawn_on = self.withdrawn_on

        review_days = self.review_days

        delivery_latitude: None | str | Unset
        if isinstance(self.delivery_latitude, Unset):
            delivery_latitude = UNSET
        else:
            delivery_latitude = self.delivery_latitude

        delivery_longitude: None | str | Unset
        if isinstance(self.delivery_longitude, Unset):
            delivery_longitude = UNSET
        else:
            delivery_longitude = self.delivery_longitude

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if marking is not UNSET:
            field_dict["marking"] = marking
        if groups is not UNSET:
            field_dict["groups"] = groups
        if confirm_loosening is not UNSET:
            field_dict["confirm_loosening"] = confirm_loosening
        if agency is not UNSET:
            field_dict["agency"] = agency
        if product is not UNSET:
            field_dict["product"] = product
        if product_text is not UNSET:
            field_dict["product_text"] = product_text
        if hs_code is not UNSET:
            field_dict["hs_code"] = hs_code
        if description is not UNSET:
            field_dict["description"] = description
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if unit is not UNSET:
            field_dict["unit"] = unit
        if value is not UNSET:
            field_dict["value"] = value
        if currency is not UNSET:
            field_dict["currency"] = currency
        if origin_country is not UNSET:
            field_dict["origin_country"] = origin_country
        if vendor is not UNSET:
            field_dict["vendor"] = vendor
        if reason is not UNSET:
            field_dict["reason"] = reason
        if justification is not UNSET:
            field_dict["justification"] = justification
        if status is not UNSET:
            field_dict["status"] = status
        if proposed_on is not UNSET:
            field_dict["proposed_on"] = proposed_on
        if posted_on is not UNSET:
            field_dict["posted_on"] = posted_on
        if decided_on is not UNSET:
            field_dict["decided_on"] = decided_on
        if withdrawn_on is not UNSET:
            field_dict["withdrawn_on"] = withdrawn_on
        if review_days is not UNSET:
            field_dict["review_days"] = review_days
        if delivery_latitude is not UNSET:
            field_dict["delivery_latitude"] = delivery_latitude
        if delivery_longitude is not UNSET:
            field_dict["delivery_longitude"] = delivery_longitude

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id", UNSET)

        _marking = d.pop("marking", UNSET)
        marking: MarkingEnum | Unset
        if isinstance(_marking, Unset):
            marking = UNSET
        else:
            marking = MarkingEnum(_marking)

        groups = cast(list[str], d.pop("groups", UNSET))

        confirm_loosening = d.pop("confirm_loosening", UNSET)

        agency = d.pop("agency", UNSET)

        def _parse_product(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        product = _parse_product(d.pop("product", UNSET))

        def _parse_product_text(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        product_text = _parse_product_text(d.pop("product_text", UNSET))

        def _parse_hs_code(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        hs_code = _parse_hs_code(d.pop("hs_code", UNSET))

        def _parse_description(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        quantity = d.pop("quantity", UNSET)

        def _parse_unit(data: object) -> BlankEnum | UnitEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unit_type_0 = UnitEnum(data)

                return unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            unit_type_1 = BlankEnum(data)

            return unit_type_1

        unit = _parse_unit(d.pop("unit", UNSET))

        value = d.pop("value", UNSET)

        currency = d.pop("currency", UNSET)

        _origin_country = d.pop("origin_country", UNSET)
        origin_country: CountryEnum | Unset
        if isinstance(_origin_country, Unset):
            origin_country = UNSET
        else:
            origin_country = CountryEnum(_origin_country)

        def _parse_vendor(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        vendor = _parse_vendor(d.pop("vendor", UNSET))

        _reason = d.pop("reason", UNSET)
        reason: ReasonEnum | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = ReasonEnum(_reason)

        def _parse_justification(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        justification = _parse_justification(d.pop("justification", UNSET))

        _status = d.pop("status", UNSET)
        status: WaiverInputStatusEnum | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = WaiverInputStatusEnum(_status)

        def _parse_proposed_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                proposed_on_type_0 = datetime.date.fromisoformat(data)

                return proposed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        proposed_on = _parse_proposed_on(d.pop("proposed_on", UNSET))

        def _parse_posted_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                posted_on_type_0 = datetime.date.fromisoformat(data)

                return posted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        posted_on = _parse_posted_on(d.pop("posted_on", UNSET))

        def _parse_decided_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        decided_on = _parse_decided_on(d.pop("decided_on", UNSET))

        def _parse_withdrawn_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_on_type_0 = datetime.date.fromisoformat(data)

                return withdrawn_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        withdrawn_on = _parse_withdrawn_on(d.pop("withdrawn_on", UNSET))

        review_days = d.pop("review_days", UNSET)

        def _parse_delivery_latitude(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delivery_latitude = _parse_delivery_latitude(d.pop("delivery_latitude", UNSET))

        def _parse_delivery_longitude(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delivery_longitude = _parse_delivery_longitude(
            d.pop("delivery_longitude", UNSET)
        )

        patched_waiver_input_request = cls(
            external_id=external_id,
            marking=marking,
            groups=groups,
            confirm_loosening=confirm_loosening,
            agency=agency,
            product=product,
            product_text=product_text,
            hs_code=hs_code,
            description=description,
            quantity=quantity,
            unit=unit,
            value=value,
            currency=currency,
            origin_country=origin_country,
            vendor=vendor,
            reason=reason,
            justification=justification,
            status=status,
            proposed_on=proposed_on,
            posted_on=posted_on,
            decided_on=decided_on,
            withdrawn_on=withdrawn_on,
            review_days=review_days,
            delivery_latitude=delivery_latitude,
            delivery_longitude=delivery_longitude,
        )

        patched_waiver_input_request.additional_properties = d
        return patched_waiver_input_request

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
