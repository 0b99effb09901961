from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.exposure import Exposure
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str,
    max_tiers: int | Unset = UNSET,
    partner: str,
    product: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["country"] = country

    params["max_tiers"] = max_tiers

    params["partner"] = partner

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/exposure/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Exposure | Problem:
    if response.status_code == 200:
        response_200 = Exposure.from_dict(response.json())

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
) -> Response[Exposure | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: str,
    max_tiers: int | Unset = UNSET,
    partner: str,
    product: str,
) -> Response[Exposure | Problem]:
    """How much of a partner's supply of a product comes, tier by tier, from a country.

    Walks supply links upstream from the partner's facilities, through the bill of materials (an input's
    volume divided by its quantity per unit), using only the links and facilities you may see. A
    facility
    already on a path is not followed again (cycles); the walk stops at ``max_tiers``. Needs the
    ``reader`` role;
    reads of non-public links and facilities are audited for their owners.

    Args:
        country (str):
        max_tiers (int | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Exposure | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        max_tiers=max_tiers,
        partner=partner,
        product=product,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    country: str,
    max_tiers: int | Unset = UNSET,
    partner: str,
    product: str,
) -> Exposure | Problem | None:
    """How much of a partner's supply of a product comes, tier by tier, from a country.

    Walks supply links upstream from the partner's facilities, through the bill of materials (an input's
    volume divided by its quantity per unit), using only the links and facilities you may see. A
    facility
    already on a path is not followed again (cycles); the walk stops at ``max_tiers``. Needs the
    ``reader`` role;
    reads of non-public links and facilities are audited for their owners.

    Args:
        country (str):
        max_tiers (int | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Exposure | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        max_tiers=max_tiers,
        partner=partner,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: str,
    max_tiers: int | Unset = UNSET,
    partner: str,
    product: str,
) -> Response[Exposure | Problem]:
    """How much of a partner's supply of a product comes, tier by tier, from a country.

    Walks supply links upstream from the partner's facilities, through the bill of materials (an input's
    volume divided by its quantity per unit), using only the links and facilities you may see. A
    facility
    already on a path is not followed again (cycles); the walk stops at ``max_tiers``. Needs the
    ``reader`` role;
    reads of non-public links and facilities are audited for their owners.

    Args:
        country (str):
        max_tiers (int | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Exposure | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        max_tiers=max_tiers,
        partner=partner,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: str,
    max_tiers: int | Unset = UNSET,
    partner: str,
    product: str,
) -> Exposure | Problem | None:
    """How much of a partner's supply of a product comes, tier by tier, from a country.

    Walks supply links upstream from the partner's facilities, through the bill of materials (an input's
    volume divided by its quantity per unit), using only the links and facilities you may see. A
    facility
    already on a path is not followed again (cycles); the walk stops at ``max_tiers``. Needs the
    ``reader`` role;
    reads of non-public links and facilities are audited for their owners.

    Args:
        country (str):
        max_tiers (int | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Exposure | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            max_tiers=max_tiers,
            partner=partner,
            product=product,
        )
    ).parsed
