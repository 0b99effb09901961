import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_waiver_output_list import PaginatedWaiverOutputList
from ...models.problem import Problem
from ...models.waivers_list_format import WaiversListFormat
from ...models.waivers_list_marking_item import WaiversListMarkingItem
from ...models.waivers_list_reason_item import WaiversListReasonItem
from ...models.waivers_list_sector_item import WaiversListSectorItem
from ...models.waivers_list_status_item import WaiversListStatusItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    agency: str | Unset = UNSET,
    buying_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    decided_after: datetime.date | Unset = UNSET,
    decided_before: datetime.date | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: WaiversListFormat | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    marking: list[WaiversListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    origin_country: list[str] | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    posted_after: datetime.date | Unset = UNSET,
    posted_before: datetime.date | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    proposed_after: datetime.date | Unset = UNSET,
    proposed_before: datetime.date | Unset = UNSET,
    q: str | Unset = UNSET,
    reason: list[WaiversListReasonItem] | Unset = UNSET,
    sector: list[WaiversListSectorItem] | Unset = UNSET,
    status: list[WaiversListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["agency"] = agency

    json_buying_country: list[str] | Unset = UNSET
    if not isinstance(buying_country, Unset):
        json_buying_country = buying_country

    params["buying_country"] = json_buying_country

    params["cursor"] = cursor

    json_decided_after: str | Unset = UNSET
    if not isinstance(decided_after, Unset):
        json_decided_after = decided_after.isoformat()
    params["decided_after"] = json_decided_after

    json_decided_before: str | Unset = UNSET
    if not isinstance(decided_before, Unset):
        json_decided_before = decided_before.isoformat()
    params["decided_before"] = json_decided_before

    params["external_id"] = external_id

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["hs_code"] = hs_code

    json_marking: list[str] | Unset = UNSET
    if not isinstance(marking, Unset):
        json_marking = []
        for marking_item_data in marking:
            marking_item = marking_item_data.value
            json_marking.append(marking_item)

    params["marking"] = json_marking

    params["ordering"] = ordering

    json_origin_country: list[str] | Unset = UNSET
    if not isinstance(origin_country, Unset):
        json_origin_country = origin_country

    params["origin_country"] = json_origin_country

    params["page_size"] = page_size

    json_partner: list[str] | Unset = UNSET
    if not isinstance(partner, Unset):
        json_partner = partner

    params["partner"] = json_partner

    json_posted_after: str | Unset = UNSET
    if not isinstance(posted_after, Unset):
        json_posted_after = posted_after.isoformat()
    params["posted_after"] = json_posted_after

    json_posted_before: str | Unset = UNSET
    if not isinstance(posted_before, Unset):
        json_posted_before = posted_before.isoformat()
    params["posted_before"] = json_posted_before

    json_product: list[str] | Unset = UNSET
    if not isinstance(product, Unset):
        json_product = product

    params["product"] = json_product

    json_proposed_after: str | Unset = UNSET
    if not isinstance(proposed_after, Unset):
        json_proposed_after = proposed_after.isoformat()
    params["proposed_after"] = json_proposed_after

    json_proposed_before: str | Unset = UNSET
    if not isinstance(proposed_before, Unset):
        json_proposed_before = proposed_before.isoformat()
    params["proposed_before"] = json_proposed_before

    params["q"] = q

    json_reason: list[str] | Unset = UNSET
    if not isinstance(reason, Unset):
        json_reason = []
        for reason_item_data in reason:
            reason_item = reason_item_data.value
            json_reason.append(reason_item)

    params["reason"] = json_reason

    json_sector: list[str] | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = []
        for sector_item_data in sector:
            sector_item = sector_item_data.value
            json_sector.append(sector_item)

    params["sector"] = json_sector

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/waivers/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedWaiverOutputList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedWaiverOutputList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedWaiverOutputList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    buying_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    decided_after: datetime.date | Unset = UNSET,
    decided_before: datetime.date | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: WaiversListFormat | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    marking: list[WaiversListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    origin_country: list[str] | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    posted_after: datetime.date | Unset = UNSET,
    posted_before: datetime.date | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    proposed_after: datetime.date | Unset = UNSET,
    proposed_before: datetime.date | Unset = UNSET,
    q: str | Unset = UNSET,
    reason: list[WaiversListReasonItem] | Unset = UNSET,
    sector: list[WaiversListSectorItem] | Unset = UNSET,
    status: list[WaiversListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedWaiverOutputList | Problem]:
    """Waivers of a domestic-preference rule (CLEAR by default): the public registry, and for partners the
    published kind with bulk upsert, markings and the changes feed. Without a key: CLEAR waivers only.

    Args:
        agency (str | Unset):
        buying_country (list[str] | Unset):
        cursor (str | Unset):
        decided_after (datetime.date | Unset):
        decided_before (datetime.date | Unset):
        external_id (str | Unset):
        format_ (WaiversListFormat | Unset):
        hs_code (str | Unset):
        marking (list[WaiversListMarkingItem] | Unset):
        ordering (str | Unset):
        origin_country (list[str] | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        posted_after (datetime.date | Unset):
        posted_before (datetime.date | Unset):
        product (list[str] | Unset):
        proposed_after (datetime.date | Unset):
        proposed_before (datetime.date | Unset):
        q (str | Unset):
        reason (list[WaiversListReasonItem] | Unset):
        sector (list[WaiversListSectorItem] | Unset):
        status (list[WaiversListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedWaiverOutputList | Problem]
    """

    kwargs = _get_kwargs(
        agency=agency,
        buying_country=buying_country,
        cursor=cursor,
        decided_after=decided_after,
        decided_before=decided_before,
        external_id=external_id,
        format_=format_,
        hs_code=hs_code,
        marking=marking,
        ordering=ordering,
        origin_country=origin_country,
        page_size=page_size,
        partner=partner,
        posted_after=posted_after,
        posted_before=posted_before,
        product=product,
        proposed_after=proposed_after,
        proposed_before=proposed_before,
        q=q,
        reason=reason,
        sector=sector,
        status=status,
        updated_after=updated_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    buying_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    decided_after: datetime.date | Unset = UNSET,
    decided_before: datetime.date | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: WaiversListFormat | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    marking: list[WaiversListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    origin_country: list[str] | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    posted_after: datetime.date | Unset = UNSET,
    posted_before: datetime.date | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    proposed_after: datetime.date | Unset = UNSET,
    proposed_before: datetime.date | Unset = UNSET,
    q: str | Unset = UNSET,
    reason: list[WaiversListReasonItem] | Unset = UNSET,
    sector: list[WaiversListSectorItem] | Unset = UNSET,
    status: list[WaiversListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedWaiverOutputList | Problem | None:
    """Waivers of a domestic-preference rule (CLEAR by default): the public registry, and for partners the
    published kind with bulk upsert, markings and the changes feed. Without a key: CLEAR waivers only.

    Args:
        agency (str | Unset):
        buying_country (list[str] | Unset):
        cursor (str | Unset):
        decided_after (datetime.date | Unset):
        decided_before (datetime.date | Unset):
        external_id (str | Unset):
        format_ (WaiversListFormat | Unset):
        hs_code (str | Unset):
        marking (list[WaiversListMarkingItem] | Unset):
        ordering (str | Unset):
        origin_country (list[str] | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        posted_after (datetime.date | Unset):
        posted_before (datetime.date | Unset):
        product (list[str] | Unset):
        proposed_after (datetime.date | Unset):
        proposed_before (datetime.date | Unset):
        q (str | Unset):
        reason (list[WaiversListReasonItem] | Unset):
        sector (list[WaiversListSectorItem] | Unset):
        status (list[WaiversListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedWaiverOutputList | Problem
    """

    return sync_detailed(
        client=client,
        agency=agency,
        buying_country=buying_country,
        cursor=cursor,
        decided_after=decided_after,
        decided_before=decided_before,
        external_id=external_id,
        format_=format_,
        hs_code=hs_code,
        marking=marking,
        ordering=ordering,
        origin_country=origin_country,
        page_size=page_size,
        partner=partner,
        posted_after=posted_after,
        posted_before=posted_before,
        product=product,
        proposed_after=proposed_after,
        proposed_before=proposed_before,
        q=q,
        reason=reason,
        sector=sector,
        status=status,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    buying_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    decided_after: datetime.date | Unset = UNSET,
    decided_before: datetime.date | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: WaiversListFormat | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    marking: list[WaiversListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    origin_country: list[str] | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    posted_after: datetime.date | Unset = UNSET,
    posted_before: datetime.date | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    proposed_after: datetime.date | Unset = UNSET,
    proposed_before: datetime.date | Unset = UNSET,
    q: str | Unset = UNSET,
    reason: list[WaiversListReasonItem] | Unset = UNSET,
    sector: list[WaiversListSectorItem] | Unset = UNSET,
    status: list[WaiversListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedWaiverOutputList | Problem]:
    """Waivers of a domestic-preference rule (CLEAR by default): the public registry, and for partners the
    published kind with bulk upsert, markings and the changes feed. Without a key: CLEAR waivers only.

    Args:
        agency (str | Unset):
        buying_country (list[str] | Unset):
        cursor (str | Unset):
        decided_after (datetime.date | Unset):
        decided_before (datetime.date | Unset):
        external_id (str | Unset):
        format_ (WaiversListFormat | Unset):
        hs_code (str | Unset):
        marking (list[WaiversListMarkingItem] | Unset):
        ordering (str | Unset):
        origin_country (list[str] | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        posted_after (datetime.date | Unset):
        posted_before (datetime.date | Unset):
        product (list[str] | Unset):
        proposed_after (datetime.date | Unset):
        proposed_before (datetime.date | Unset):
        q (str | Unset):
        reason (list[WaiversListReasonItem] | Unset):
        sector (list[WaiversListSectorItem] | Unset):
        status (list[WaiversListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedWaiverOutputList | Problem]
    """

    kwargs = _get_kwargs(
        agency=agency,
        buying_country=buying_country,
        cursor=cursor,
        decided_after=decided_after,
        decided_before=decided_before,
        external_id=external_id,
        format_=format_,
        hs_code=hs_code,
        marking=marking,
        ordering=ordering,
        origin_country=origin_country,
        page_size=page_size,
        partner=partner,
        posted_after=posted_after,
        posted_before=posted_before,
        product=product,
        proposed_after=proposed_after,
        proposed_before=proposed_before,
        q=q,
        reason=reason,
        sector=sector,
        status=status,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    buying_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    decided_after: datetime.date | Unset = UNSET,
    decided_before: datetime.date | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: WaiversListFormat | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    marking: list[WaiversListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    origin_country: list[str] | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    posted_after: datetime.date | Unset = UNSET,
    posted_before: datetime.date | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    proposed_after: datetime.date | Unset = UNSET,
    proposed_before: datetime.date | Unset = UNSET,
    q: str | Unset = UNSET,
    reason: list[WaiversListReasonItem] | Unset = UNSET,
    sector: list[WaiversListSectorItem] | Unset = UNSET,
    status: list[WaiversListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedWaiverOutputList | Problem | None:
    """Waivers of a domestic-preference rule (CLEAR by default): the public registry, and for partners the
    published kind with bulk upsert, markings and the changes feed. Without a key: CLEAR waivers only.

    Args:
        agency (str | Unset):
        buying_country (list[str] | Unset):
        cursor (str | Unset):
        decided_after (datetime.date | Unset):
        decided_before (datetime.date | Unset):
        external_id (str | Unset):
        format_ (WaiversListFormat | Unset):
        hs_code (str | Unset):
        marking (list[WaiversListMarkingItem] | Unset):
        ordering (str | Unset):
        origin_country (list[str] | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        posted_after (datetime.date | Unset):
        posted_before (datetime.date | Unset):
        product (list[str] | Unset):
        proposed_after (datetime.date | Unset):
        proposed_before (datetime.date | Unset):
        q (str | Unset):
        reason (list[WaiversListReasonItem] | Unset):
        sector (list[WaiversListSectorItem] | Unset):
        status (list[WaiversListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedWaiverOutputList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            agency=agency,
            buying_country=buying_country,
            cursor=cursor,
            decided_after=decided_after,
            decided_before=decided_before,
            external_id=external_id,
            format_=format_,
            hs_code=hs_code,
            marking=marking,
            ordering=ordering,
            origin_country=origin_country,
            page_size=page_size,
            partner=partner,
            posted_after=posted_after,
            posted_before=posted_before,
            product=product,
            proposed_after=proposed_after,
            proposed_before=proposed_before,
            q=q,
            reason=reason,
            sector=sector,
            status=status,
            updated_after=updated_after,
        )
    ).parsed
