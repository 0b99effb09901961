import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.facilities_list_format import FacilitiesListFormat
from ...models.facilities_list_kind_item import FacilitiesListKindItem
from ...models.facilities_list_marking_item import FacilitiesListMarkingItem
from ...models.facilities_list_status_item import FacilitiesListStatusItem
from ...models.paginated_facility_output_list import PaginatedFacilityOutputList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: FacilitiesListFormat | Unset = UNSET,
    kind: list[FacilitiesListKindItem] | Unset = UNSET,
    marking: list[FacilitiesListMarkingItem] | Unset = UNSET,
    max_latitude: float | Unset = UNSET,
    max_longitude: float | Unset = UNSET,
    min_latitude: float | Unset = UNSET,
    min_longitude: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: str | Unset = UNSET,
    status: list[FacilitiesListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_country: list[str] | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country

    params["country"] = json_country

    params["cursor"] = cursor

    params["external_id"] = external_id

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_kind: list[str] | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = []
        for kind_item_data in kind:
            kind_item = kind_item_data.value
            json_kind.append(kind_item)

    params["kind"] = json_kind

    json_marking: list[str] | Unset = UNSET
    if not isinstance(marking, Unset):
        json_marking = []
        for marking_item_data in marking:
            marking_item = marking_item_data.value
            json_marking.append(marking_item)

    params["marking"] = json_marking

    params["max_latitude"] = max_latitude

    params["max_longitude"] = max_longitude

    params["min_latitude"] = min_latitude

    params["min_longitude"] = min_longitude

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

    params["sector"] = sector

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
        "url": "/api/v1/facilities/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedFacilityOutputList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedFacilityOutputList.from_dict(response.json())

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
) -> Response[PaginatedFacilityOutputList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: FacilitiesListFormat | Unset = UNSET,
    kind: list[FacilitiesListKindItem] | Unset = UNSET,
    marking: list[FacilitiesListMarkingItem] | Unset = UNSET,
    max_latitude: float | Unset = UNSET,
    max_longitude: float | Unset = UNSET,
    min_latitude: float | Unset = UNSET,
    min_longitude: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: str | Unset = UNSET,
    status: list[FacilitiesListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedFacilityOutputList | Problem]:
    """Mines, refineries, fabs, plants and warehouses that partners publish.

    Args:
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (FacilitiesListFormat | Unset):
        kind (list[FacilitiesListKindItem] | Unset):
        marking (list[FacilitiesListMarkingItem] | Unset):
        max_latitude (float | Unset):
        max_longitude (float | Unset):
        min_latitude (float | Unset):
        min_longitude (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (str | Unset):
        status (list[FacilitiesListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedFacilityOutputList | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        kind=kind,
        marking=marking,
        max_latitude=max_latitude,
        max_longitude=max_longitude,
        min_latitude=min_latitude,
        min_longitude=min_longitude,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
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
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: FacilitiesListFormat | Unset = UNSET,
    kind: list[FacilitiesListKindItem] | Unset = UNSET,
    marking: list[FacilitiesListMarkingItem] | Unset = UNSET,
    max_latitude: float | Unset = UNSET,
    max_longitude: float | Unset = UNSET,
    min_latitude: float | Unset = UNSET,
    min_longitude: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: str | Unset = UNSET,
    status: list[FacilitiesListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedFacilityOutputList | Problem | None:
    """Mines, refineries, fabs, plants and warehouses that partners publish.

    Args:
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (FacilitiesListFormat | Unset):
        kind (list[FacilitiesListKindItem] | Unset):
        marking (list[FacilitiesListMarkingItem] | Unset):
        max_latitude (float | Unset):
        max_longitude (float | Unset):
        min_latitude (float | Unset):
        min_longitude (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (str | Unset):
        status (list[FacilitiesListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedFacilityOutputList | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        kind=kind,
        marking=marking,
        max_latitude=max_latitude,
        max_longitude=max_longitude,
        min_latitude=min_latitude,
        min_longitude=min_longitude,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        status=status,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: FacilitiesListFormat | Unset = UNSET,
    kind: list[FacilitiesListKindItem] | Unset = UNSET,
    marking: list[FacilitiesListMarkingItem] | Unset = UNSET,
    max_latitude: float | Unset = UNSET,
    max_longitude: float | Unset = UNSET,
    min_latitude: float | Unset = UNSET,
    min_longitude: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: str | Unset = UNSET,
    status: list[FacilitiesListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedFacilityOutputList | Problem]:
    """Mines, refineries, fabs, plants and warehouses that partners publish.

    Args:
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (FacilitiesListFormat | Unset):
        kind (list[FacilitiesListKindItem] | Unset):
        marking (list[FacilitiesListMarkingItem] | Unset):
        max_latitude (float | Unset):
        max_longitude (float | Unset):
        min_latitude (float | Unset):
        min_longitude (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (str | Unset):
        status (list[FacilitiesListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedFacilityOutputList | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        kind=kind,
        marking=marking,
        max_latitude=max_latitude,
        max_longitude=max_longitude,
        min_latitude=min_latitude,
        min_longitude=min_longitude,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        status=status,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: FacilitiesListFormat | Unset = UNSET,
    kind: list[FacilitiesListKindItem] | Unset = UNSET,
    marking: list[FacilitiesListMarkingItem] | Unset = UNSET,
    max_latitude: float | Unset = UNSET,
    max_longitude: float | Unset = UNSET,
    min_latitude: float | Unset = UNSET,
    min_longitude: float | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: str | Unset = UNSET,
    status: list[FacilitiesListStatusItem] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedFacilityOutputList | Problem | None:
    """Mines, refineries, fabs, plants and warehouses that partners publish.

    Args:
        country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (FacilitiesListFormat | Unset):
        kind (list[FacilitiesListKindItem] | Unset):
        marking (list[FacilitiesListMarkingItem] | Unset):
        max_latitude (float | Unset):
        max_longitude (float | Unset):
        min_latitude (float | Unset):
        min_longitude (float | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (str | Unset):
        status (list[FacilitiesListStatusItem] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedFacilityOutputList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            cursor=cursor,
            external_id=external_id,
            format_=format_,
            kind=kind,
            marking=marking,
            max_latitude=max_latitude,
            max_longitude=max_longitude,
            min_latitude=min_latitude,
            min_longitude=min_longitude,
            ordering=ordering,
            page_size=page_size,
            partner=partner,
            product=product,
            sector=sector,
            status=status,
            updated_after=updated_after,
        )
    ).parsed
