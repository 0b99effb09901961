from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.analytics_concentration_retrieve_sector import (
    AnalyticsConcentrationRetrieveSector,
)
from ...models.concentration import Concentration
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    product: str | Unset = UNSET,
    sector: AnalyticsConcentrationRetrieveSector | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["product"] = product

    json_sector: str | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector.value

    params["sector"] = json_sector

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/concentration/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Concentration | Problem:
    if response.status_code == 200:
        response_200 = Concentration.from_dict(response.json())

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
) -> Response[Concentration | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    product: str | Unset = UNSET,
    sector: AnalyticsConcentrationRetrieveSector | Unset = UNSET,
) -> Response[Concentration | Problem]:
    """Capacity of a product (or a sector's products) by country: shares, HHI, top country, partner share.

    Totals, shares and the index cover published cells only; suppressed cells are listed, without
    values.

    Args:
        product (str | Unset):
        sector (AnalyticsConcentrationRetrieveSector | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Concentration | Problem]
    """

    kwargs = _get_kwargs(
        product=product,
        sector=sector,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    product: str | Unset = UNSET,
    sector: AnalyticsConcentrationRetrieveSector | Unset = UNSET,
) -> Concentration | Problem | None:
    """Capacity of a product (or a sector's products) by country: shares, HHI, top country, partner share.

    Totals, shares and the index cover published cells only; suppressed cells are listed, without
    values.

    Args:
        product (str | Unset):
        sector (AnalyticsConcentrationRetrieveSector | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Concentration | Problem
    """

    return sync_detailed(
        client=client,
        product=product,
        sector=sector,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    product: str | Unset = UNSET,
    sector: AnalyticsConcentrationRetrieveSector | Unset = UNSET,
) -> Response[Concentration | Problem]:
    """Capacity of a product (or a sector's products) by country: shares, HHI, top country, partner share.

    Totals, shares and the index cover published cells only; suppressed cells are listed, without
    values.

    Args:
        product (str | Unset):
        sector (AnalyticsConcentrationRetrieveSector | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Concentration | Problem]
    """

    kwargs = _get_kwargs(
        product=product,
        sector=sector,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    product: str | Unset = UNSET,
    sector: AnalyticsConcentrationRetrieveSector | Unset = UNSET,
) -> Concentration | Problem | None:
    """Capacity of a product (or a sector's products) by country: shares, HHI, top country, partner share.

    Totals, shares and the index cover published cells only; suppressed cells are listed, without
    values.

    Args:
        product (str | Unset):
        sector (AnalyticsConcentrationRetrieveSector | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Concentration | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            product=product,
            sector=sector,
        )
    ).parsed
