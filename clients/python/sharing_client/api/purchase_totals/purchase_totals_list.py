import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_purchase_total_output_list import (
    PaginatedPurchaseTotalOutputList,
)
from ...models.problem import Problem
from ...models.purchase_totals_list_format import PurchaseTotalsListFormat
from ...models.purchase_totals_list_marking_item import PurchaseTotalsListMarkingItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    agency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: PurchaseTotalsListFormat | Unset = UNSET,
    marking: list[PurchaseTotalsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    quarter: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    year: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["agency"] = agency

    params["channel"] = channel

    params["cursor"] = cursor

    params["external_id"] = external_id

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_marking: list[str] | Unset = UNSET
    if not isinstance(marking, Unset):
        json_marking = []
        for marking_item_data in marking:
            marking_item = marking_item_data.value
            json_marking.append(marking_item)

    params["marking"] = json_marking

    params["ordering"] = ordering

    params["page_size"] = page_size

    json_partner: list[str] | Unset = UNSET
    if not isinstance(partner, Unset):
        json_partner = partner

    params["partner"] = json_partner

    params["quarter"] = quarter

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["year"] = year

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/purchase-totals/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedPurchaseTotalOutputList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedPurchaseTotalOutputList.from_dict(response.json())

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
) -> Response[PaginatedPurchaseTotalOutputList | Problem]:
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
    channel: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: PurchaseTotalsListFormat | Unset = UNSET,
    marking: list[PurchaseTotalsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    quarter: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    year: int | Unset = UNSET,
) -> Response[PaginatedPurchaseTotalOutputList | Problem]:
    """Purchase totals of an agency in a quarter through one channel or marketplace: domestic, allied and
    other value, in the reporting currency (PROCUREMENT_CURRENCY).

    Args:
        agency (str | Unset):
        channel (str | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (PurchaseTotalsListFormat | Unset):
        marking (list[PurchaseTotalsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        quarter (int | Unset):
        updated_after (datetime.datetime | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPurchaseTotalOutputList | Problem]
    """

    kwargs = _get_kwargs(
        agency=agency,
        channel=channel,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        quarter=quarter,
        updated_after=updated_after,
        year=year,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: PurchaseTotalsListFormat | Unset = UNSET,
    marking: list[PurchaseTotalsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    quarter: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    year: int | Unset = UNSET,
) -> PaginatedPurchaseTotalOutputList | Problem | None:
    """Purchase totals of an agency in a quarter through one channel or marketplace: domestic, allied and
    other value, in the reporting currency (PROCUREMENT_CURRENCY).

    Args:
        agency (str | Unset):
        channel (str | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (PurchaseTotalsListFormat | Unset):
        marking (list[PurchaseTotalsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        quarter (int | Unset):
        updated_after (datetime.datetime | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPurchaseTotalOutputList | Problem
    """

    return sync_detailed(
        client=client,
        agency=agency,
        channel=channel,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        quarter=quarter,
        updated_after=updated_after,
        year=year,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: PurchaseTotalsListFormat | Unset = UNSET,
    marking: list[PurchaseTotalsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    quarter: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    year: int | Unset = UNSET,
) -> Response[PaginatedPurchaseTotalOutputList | Problem]:
    """Purchase totals of an agency in a quarter through one channel or marketplace: domestic, allied and
    other value, in the reporting currency (PROCUREMENT_CURRENCY).

    Args:
        agency (str | Unset):
        channel (str | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (PurchaseTotalsListFormat | Unset):
        marking (list[PurchaseTotalsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        quarter (int | Unset):
        updated_after (datetime.datetime | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPurchaseTotalOutputList | Problem]
    """

    kwargs = _get_kwargs(
        agency=agency,
        channel=channel,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        quarter=quarter,
        updated_after=updated_after,
        year=year,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: PurchaseTotalsListFormat | Unset = UNSET,
    marking: list[PurchaseTotalsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    quarter: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    year: int | Unset = UNSET,
) -> PaginatedPurchaseTotalOutputList | Problem | None:
    """Purchase totals of an agency in a quarter through one channel or marketplace: domestic, allied and
    other value, in the reporting currency (PROCUREMENT_CURRENCY).

    Args:
        agency (str | Unset):
        channel (str | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (PurchaseTotalsListFormat | Unset):
        marking (list[PurchaseTotalsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        quarter (int | Unset):
        updated_after (datetime.datetime | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPurchaseTotalOutputList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            agency=agency,
            channel=channel,
            cursor=cursor,
            external_id=external_id,
            format_=format_,
            marking=marking,
            ordering=ordering,
            page_size=page_size,
            partner=partner,
            quarter=quarter,
            updated_after=updated_after,
            year=year,
        )
    ).parsed
