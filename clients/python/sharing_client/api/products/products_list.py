from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_product_list import PaginatedProductList
from ...models.problem import Problem
from ...models.products_list_sector_item import ProductsListSectorItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    code: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    sector: list[ProductsListSectorItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_code: list[str] | Unset = UNSET
    if not isinstance(code, Unset):
        json_code = code

    params["code"] = json_code

    params["cursor"] = cursor

    params["hs_code"] = hs_code

    params["ordering"] = ordering

    params["page_size"] = page_size

    params["search"] = search

    json_sector: list[str] | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = []
        for sector_item_data in sector:
            sector_item = sector_item_data.value
            json_sector.append(sector_item)

    params["sector"] = json_sector

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/products/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedProductList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedProductList.from_dict(response.json())

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
) -> Response[PaginatedProductList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    code: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    sector: list[ProductsListSectorItem] | Unset = UNSET,
) -> Response[PaginatedProductList | Problem]:
    """The product catalogue: public (TLP:CLEAR), managed by administrators in the admin.

    Args:
        code (list[str] | Unset):
        cursor (str | Unset):
        hs_code (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        search (str | Unset):
        sector (list[ProductsListSectorItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedProductList | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        cursor=cursor,
        hs_code=hs_code,
        ordering=ordering,
        page_size=page_size,
        search=search,
        sector=sector,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    code: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    sector: list[ProductsListSectorItem] | Unset = UNSET,
) -> PaginatedProductList | Problem | None:
    """The product catalogue: public (TLP:CLEAR), managed by administrators in the admin.

    Args:
        code (list[str] | Unset):
        cursor (str | Unset):
        hs_code (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        search (str | Unset):
        sector (list[ProductsListSectorItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedProductList | Problem
    """

    return sync_detailed(
        client=client,
        code=code,
        cursor=cursor,
        hs_code=hs_code,
        ordering=ordering,
        page_size=page_size,
        search=search,
        sector=sector,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    code: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    sector: list[ProductsListSectorItem] | Unset = UNSET,
) -> Response[PaginatedProductList | Problem]:
    """The product catalogue: public (TLP:CLEAR), managed by administrators in the admin.

    Args:
        code (list[str] | Unset):
        cursor (str | Unset):
        hs_code (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        search (str | Unset):
        sector (list[ProductsListSectorItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedProductList | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        cursor=cursor,
        hs_code=hs_code,
        ordering=ordering,
        page_size=page_size,
        search=search,
        sector=sector,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    code: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    hs_code: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    sector: list[ProductsListSectorItem] | Unset = UNSET,
) -> PaginatedProductList | Problem | None:
    """The product catalogue: public (TLP:CLEAR), managed by administrators in the admin.

    Args:
        code (list[str] | Unset):
        cursor (str | Unset):
        hs_code (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        search (str | Unset):
        sector (list[ProductsListSectorItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedProductList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            code=code,
            cursor=cursor,
            hs_code=hs_code,
            ordering=ordering,
            page_size=page_size,
            search=search,
            sector=sector,
        )
    ).parsed
