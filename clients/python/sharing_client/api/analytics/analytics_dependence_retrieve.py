from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.dependence import Dependence
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    product: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["country"] = country

    params["max_tiers"] = max_tiers

    params["outside_alliance"] = outside_alliance

    params["partner"] = partner

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/dependence/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Dependence | Problem:
    if response.status_code == 200:
        response_200 = Dependence.from_dict(response.json())

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
) -> Response[Dependence | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    product: str,
) -> Response[Dependence | Problem]:
    """How much of a partner's supply of a product comes, tier by tier, from one country or from outside
    the
    alliance. Only the links and facilities you may see are used.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Dependence | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        max_tiers=max_tiers,
        outside_alliance=outside_alliance,
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
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    product: str,
) -> Dependence | Problem | None:
    """How much of a partner's supply of a product comes, tier by tier, from one country or from outside
    the
    alliance. Only the links and facilities you may see are used.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Dependence | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        max_tiers=max_tiers,
        outside_alliance=outside_alliance,
        partner=partner,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    product: str,
) -> Response[Dependence | Problem]:
    """How much of a partner's supply of a product comes, tier by tier, from one country or from outside
    the
    alliance. Only the links and facilities you may see are used.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Dependence | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        max_tiers=max_tiers,
        outside_alliance=outside_alliance,
        partner=partner,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    product: str,
) -> Dependence | Problem | None:
    """How much of a partner's supply of a product comes, tier by tier, from one country or from outside
    the
    alliance. Only the links and facilities you may see are used.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Dependence | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            max_tiers=max_tiers,
            outside_alliance=outside_alliance,
            partner=partner,
            product=product,
        )
    ).parsed
