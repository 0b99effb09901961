from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.allied_output import AlliedOutput
from ...models.analytics_allied_capacity_retrieve_basis import (
    AnalyticsAlliedCapacityRetrieveBasis,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    basis: AnalyticsAlliedCapacityRetrieveBasis | Unset = UNSET,
    countries: str | Unset = UNSET,
    excluding: str | Unset = UNSET,
    product: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_basis: str | Unset = UNSET
    if not isinstance(basis, Unset):
        json_basis = basis.value

    params["basis"] = json_basis

    params["countries"] = countries

    params["excluding"] = excluding

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/allied-capacity/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AlliedOutput | Problem:
    if response.status_code == 200:
        response_200 = AlliedOutput.from_dict(response.json())

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
) -> Response[AlliedOutput | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    basis: AnalyticsAlliedCapacityRetrieveBasis | Unset = UNSET,
    countries: str | Unset = UNSET,
    excluding: str | Unset = UNSET,
    product: str,
) -> Response[AlliedOutput | Problem]:
    """The most of a product that facilities in a chosen set of countries can make together in a month,
    through
    every stage of its bill of materials; the bottleneck stage; and who carries each stage.

    Facilities count by where they are. Without ``countries`` or ``excluding``: the countries of active
    partners.
    Under disclosure control: capacity you may not see counts only from published cells, as one
    undisclosed pool
    per stage and country; suppressed cells are left out whole and listed.

    Args:
        basis (AnalyticsAlliedCapacityRetrieveBasis | Unset):
        countries (str | Unset):
        excluding (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlliedOutput | Problem]
    """

    kwargs = _get_kwargs(
        basis=basis,
        countries=countries,
        excluding=excluding,
        product=product,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    basis: AnalyticsAlliedCapacityRetrieveBasis | Unset = UNSET,
    countries: str | Unset = UNSET,
    excluding: str | Unset = UNSET,
    product: str,
) -> AlliedOutput | Problem | None:
    """The most of a product that facilities in a chosen set of countries can make together in a month,
    through
    every stage of its bill of materials; the bottleneck stage; and who carries each stage.

    Facilities count by where they are. Without ``countries`` or ``excluding``: the countries of active
    partners.
    Under disclosure control: capacity you may not see counts only from published cells, as one
    undisclosed pool
    per stage and country; suppressed cells are left out whole and listed.

    Args:
        basis (AnalyticsAlliedCapacityRetrieveBasis | Unset):
        countries (str | Unset):
        excluding (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlliedOutput | Problem
    """

    return sync_detailed(
        client=client,
        basis=basis,
        countries=countries,
        excluding=excluding,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    basis: AnalyticsAlliedCapacityRetrieveBasis | Unset = UNSET,
    countries: str | Unset = UNSET,
    excluding: str | Unset = UNSET,
    product: str,
) -> Response[AlliedOutput | Problem]:
    """The most of a product that facilities in a chosen set of countries can make together in a month,
    through
    every stage of its bill of materials; the bottleneck stage; and who carries each stage.

    Facilities count by where they are. Without ``countries`` or ``excluding``: the countries of active
    partners.
    Under disclosure control: capacity you may not see counts only from published cells, as one
    undisclosed pool
    per stage and country; suppressed cells are left out whole and listed.

    Args:
        basis (AnalyticsAlliedCapacityRetrieveBasis | Unset):
        countries (str | Unset):
        excluding (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlliedOutput | Problem]
    """

    kwargs = _get_kwargs(
        basis=basis,
        countries=countries,
        excluding=excluding,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    basis: AnalyticsAlliedCapacityRetrieveBasis | Unset = UNSET,
    countries: str | Unset = UNSET,
    excluding: str | Unset = UNSET,
    product: str,
) -> AlliedOutput | Problem | None:
    """The most of a product that facilities in a chosen set of countries can make together in a month,
    through
    every stage of its bill of materials; the bottleneck stage; and who carries each stage.

    Facilities count by where they are. Without ``countries`` or ``excluding``: the countries of active
    partners.
    Under disclosure control: capacity you may not see counts only from published cells, as one
    undisclosed pool
    per stage and country; suppressed cells are left out whole and listed.

    Args:
        basis (AnalyticsAlliedCapacityRetrieveBasis | Unset):
        countries (str | Unset):
        excluding (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlliedOutput | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            basis=basis,
            countries=countries,
            excluding=excluding,
            product=product,
        )
    ).parsed
