from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_review_sector_list import PaginatedReviewSectorList
from ...models.problem import Problem
from ...models.sectors_list_kind_item import SectorsListKindItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    kind: list[SectorsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    json_kind: list[str] | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = []
        for kind_item_data in kind:
            kind_item = kind_item_data.value
            json_kind.append(kind_item)

    params["kind"] = json_kind

    params["ordering"] = ordering

    params["page_size"] = page_size

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/sectors/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedReviewSectorList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedReviewSectorList.from_dict(response.json())

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
) -> Response[PaginatedReviewSectorList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: list[SectorsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> Response[PaginatedReviewSectorList | Problem]:
    """The sectors and industrial bases reviews are organised by, and their products: public (TLP:CLEAR),
    extended by
    the secretariat in the admin.

    Args:
        cursor (str | Unset):
        kind (list[SectorsListKindItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedReviewSectorList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
        product=product,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: list[SectorsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> PaginatedReviewSectorList | Problem | None:
    """The sectors and industrial bases reviews are organised by, and their products: public (TLP:CLEAR),
    extended by
    the secretariat in the admin.

    Args:
        cursor (str | Unset):
        kind (list[SectorsListKindItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedReviewSectorList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: list[SectorsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> Response[PaginatedReviewSectorList | Problem]:
    """The sectors and industrial bases reviews are organised by, and their products: public (TLP:CLEAR),
    extended by
    the secretariat in the admin.

    Args:
        cursor (str | Unset):
        kind (list[SectorsListKindItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedReviewSectorList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: list[SectorsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> PaginatedReviewSectorList | Problem | None:
    """The sectors and industrial bases reviews are organised by, and their products: public (TLP:CLEAR),
    extended by
    the secretariat in the admin.

    Args:
        cursor (str | Unset):
        kind (list[SectorsListKindItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedReviewSectorList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            kind=kind,
            ordering=ordering,
            page_size=page_size,
            product=product,
        )
    ).parsed
