import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.capacities_list_format import CapacitiesListFormat
from ...models.capacities_list_marking_item import CapacitiesListMarkingItem
from ...models.capacities_list_sector_item import CapacitiesListSectorItem
from ...models.paginated_capacity_output_list import PaginatedCapacityOutputList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of_after: datetime.date | Unset = UNSET,
    as_of_before: datetime.date | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    facility: float | Unset = UNSET,
    format_: CapacitiesListFormat | Unset = UNSET,
    marking: list[CapacitiesListMarkingItem] | Unset = UNSET,
    min_releasable: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[CapacitiesListSectorItem] | Unset = UNSET,
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

    json_country: list[str] | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country

    params["country"] = json_country

    params["cursor"] = cursor

    params["external_id"] = external_id

    params["facility"] = facility

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

    params["min_releasable"] = min_releasable

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
        "url": "/api/v1/capacities/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedCapacityOutputList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedCapacityOutputList.from_dict(response.json())

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
) -> Response[PaginatedCapacityOutputList | Problem]:
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
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    facility: float | Unset = UNSET,
    format_: CapacitiesListFormat | Unset = UNSET,
    marking: list[CapacitiesListMarkingItem] | Unset = UNSET,
    min_releasable: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[CapacitiesListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedCapacityOutputList | Problem]:
    """A facility's monthly output of a product.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        facility (float | Unset):
        format_ (CapacitiesListFormat | Unset):
        marking (list[CapacitiesListMarkingItem] | Unset):
        min_releasable (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[CapacitiesListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedCapacityOutputList | Problem]
    """

    kwargs = _get_kwargs(
        as_of_after=as_of_after,
        as_of_before=as_of_before,
        country=country,
        cursor=cursor,
        external_id=external_id,
        facility=facility,
        format_=format_,
        marking=marking,
        min_releasable=min_releasable,
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
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    facility: float | Unset = UNSET,
    format_: CapacitiesListFormat | Unset = UNSET,
    marking: list[CapacitiesListMarkingItem] | Unset = UNSET,
    min_releasable: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[CapacitiesListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedCapacityOutputList | Problem | None:
    """A facility's monthly output of a product.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        facility (float | Unset):
        format_ (CapacitiesListFormat | Unset):
        marking (list[CapacitiesListMarkingItem] | Unset):
        min_releasable (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[CapacitiesListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedCapacityOutputList | Problem
    """

    return sync_detailed(
        client=client,
        as_of_after=as_of_after,
        as_of_before=as_of_before,
        country=country,
        cursor=cursor,
        external_id=external_id,
        facility=facility,
        format_=format_,
        marking=marking,
        min_releasable=min_releasable,
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
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    facility: float | Unset = UNSET,
    format_: CapacitiesListFormat | Unset = UNSET,
    marking: list[CapacitiesListMarkingItem] | Unset = UNSET,
    min_releasable: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[CapacitiesListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedCapacityOutputList | Problem]:
    """A facility's monthly output of a product.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        facility (float | Unset):
        format_ (CapacitiesListFormat | Unset):
        marking (list[CapacitiesListMarkingItem] | Unset):
        min_releasable (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[CapacitiesListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedCapacityOutputList | Problem]
    """

    kwargs = _get_kwargs(
        as_of_after=as_of_after,
        as_of_before=as_of_before,
        country=country,
        cursor=cursor,
        external_id=external_id,
        facility=facility,
        format_=format_,
        marking=marking,
        min_releasable=min_releasable,
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
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    facility: float | Unset = UNSET,
    format_: CapacitiesListFormat | Unset = UNSET,
    marking: list[CapacitiesListMarkingItem] | Unset = UNSET,
    min_releasable: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[CapacitiesListSectorItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedCapacityOutputList | Problem | None:
    """A facility's monthly output of a product.

    Args:
        as_of_after (datetime.date | Unset):
        as_of_before (datetime.date | Unset):
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        facility (float | Unset):
        format_ (CapacitiesListFormat | Unset):
        marking (list[CapacitiesListMarkingItem] | Unset):
        min_releasable (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[CapacitiesListSectorItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedCapacityOutputList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of_after=as_of_after,
            as_of_before=as_of_before,
            country=country,
            cursor=cursor,
            external_id=external_id,
            facility=facility,
            format_=format_,
            marking=marking,
            min_releasable=min_releasable,
            ordering=ordering,
            page_size=page_size,
            partner=partner,
            product=product,
            sector=sector,
            updated_after=updated_after,
        )
    ).parsed
