from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.chokepoints import Chokepoints
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/chokepoints/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Chokepoints | Problem:
    if response.status_code == 200:
        response_200 = Chokepoints.from_dict(response.json())

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
) -> Response[Chokepoints | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> Response[Chokepoints | Problem]:
    """The countries and facilities whose loss removes most of a product's capacity, ranked, and the buyers
    that
    depend on a single supplier for it. Facilities and links are those you can see.

    Args:
        limit (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Chokepoints | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        product=product,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> Chokepoints | Problem | None:
    """The countries and facilities whose loss removes most of a product's capacity, ranked, and the buyers
    that
    depend on a single supplier for it. Facilities and links are those you can see.

    Args:
        limit (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Chokepoints | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> Response[Chokepoints | Problem]:
    """The countries and facilities whose loss removes most of a product's capacity, ranked, and the buyers
    that
    depend on a single supplier for it. Facilities and links are those you can see.

    Args:
        limit (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Chokepoints | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    product: str | Unset = UNSET,
) -> Chokepoints | Problem | None:
    """The countries and facilities whose loss removes most of a product's capacity, ranked, and the buyers
    that
    depend on a single supplier for it. Facilities and links are those you can see.

    Args:
        limit (int | Unset):
        product (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Chokepoints | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            product=product,
        )
    ).parsed
