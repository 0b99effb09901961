import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.demands_list_format import DemandsListFormat
from ...models.demands_list_marking_item import DemandsListMarkingItem
from ...models.demands_list_sector_item import DemandsListSectorItem
from ...models.paginated_demand_output_list import PaginatedDemandOutputList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of_after: datetime.date | Unset = UNSET,
    as_of_before: datetime.date | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: DemandsListFormat | Unset = UNSET,
    marking: list[DemandsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[DemandsListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of_after: str | Unset = UNSET
    if not isinstance(as_of_after, Unset):
        json_as_of_after = as_of_after.isoformat()
    params["as_of_after"] = json_as_of_after

    json_as_of_before: str | Unset = UNSET
    if not isinstance(as_of_before, Unset):
        json_as_of_before = as_of_before.isoformat()
    params["as_of_before"] = json_as_of_before

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

    json_product: list[str] | Unset = UNSET
    if not isinstance(product, Unset):
        json_product = product

    params["product"] = json_product

    json_sector: list[str] | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = []
        for sector_item_data in sector:
            sector_item = sector_item_data.value
            json_sector.append(sector_item)

    params["sector"] = json_sector

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/demands/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedDemandOutputList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedDemandOutputList.from_dict(response.json())

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
) -> Response[PaginatedDemandOutputList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    as_of_after: datetime.date | Unset = UNSET,
    as_of_before: datetime.date | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: DemandsListFormat | Unset = UNSET,
    marking: list[DemandsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[DemandsListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedDemandOutputList | Problem]:
    """A partner's monthly requirement of a product, and its critical part (defence, health), as of a date.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (DemandsListFormat | Unset):
        marking (list[DemandsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[DemandsListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedDemandOutputList | Problem]
    """

    kwargs = _get_kwargs(
        as_of_after=as_of_after,
        as_of_before=as_of_before,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        updated_after=updated_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    as_of_after: datetime.date | Unset = UNSET,
    as_of_before: datetime.date | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: DemandsListFormat | Unset = UNSET,
    marking: list[DemandsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[DemandsListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedDemandOutputList | Problem | None:
    """A partner's monthly requirement of a product, and its critical part (defence, health), as of a date.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (DemandsListFormat | Unset):
        marking (list[DemandsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[DemandsListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedDemandOutputList | Problem
    """

    return sync_detailed(
        client=client,
        as_of_after=as_of_after,
        as_of_before=as_of_before,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    as_of_after: datetime.date | Unset = UNSET,
    as_of_before: datetime.date | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: DemandsListFormat | Unset = UNSET,
    marking: list[DemandsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[DemandsListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedDemandOutputList | Problem]:
    """A partner's monthly requirement of a product, and its critical part (defence, health), as of a date.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (DemandsListFormat | Unset):
        marking (list[DemandsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[DemandsListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedDemandOutputList | Problem]
    """

    kwargs = _get_kwargs(
        as_of_after=as_of_after,
        as_of_before=as_of_before,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    as_of_after: datetime.date | Unset = UNSET,
    as_of_before: datetime.date | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: DemandsListFormat | Unset = UNSET,
    marking: list[DemandsListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[DemandsListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedDemandOutputList | Problem | None:
    """A partner's monthly requirement of a product, and its critical part (defence, health), as of a date.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (DemandsListFormat | Unset):
        marking (list[DemandsListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[DemandsListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedDemandOutputList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of_after=as_of_after,
            as_of_before=as_of_before,
            cursor=cursor,
            external_id=external_id,
            format_=format_,
            marking=marking,
            ordering=ordering,
            page_size=page_size,
            partner=partner,
            product=product,
            sector=sector,
            updated_after=updated_after,
        )
    ).parsed
