from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.analytics_dependence_ranking_retrieve_sector import (
    AnalyticsDependenceRankingRetrieveSector,
)
from ...models.dependence_ranking import DependenceRanking
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    sector: AnalyticsDependenceRankingRetrieveSector,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["country"] = country

    params["max_tiers"] = max_tiers

    params["outside_alliance"] = outside_alliance

    params["partner"] = partner

    json_sector = sector.value
    params["sector"] = json_sector

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/dependence/ranking/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DependenceRanking | Problem:
    if response.status_code == 200:
        response_200 = DependenceRanking.from_dict(response.json())

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
) -> Response[DependenceRanking | Problem]:
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
    sector: AnalyticsDependenceRankingRetrieveSector,
) -> Response[DependenceRanking | Problem]:
    """The products of a sector ranked by a partner's dependence on one country (or on outside the
    alliance):
    the share of its supply whose path touches the origin at any tier, highest first.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        sector (AnalyticsDependenceRankingRetrieveSector):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DependenceRanking | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        max_tiers=max_tiers,
        outside_alliance=outside_alliance,
        partner=partner,
        sector=sector,
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
    sector: AnalyticsDependenceRankingRetrieveSector,
) -> DependenceRanking | Problem | None:
    """The products of a sector ranked by a partner's dependence on one country (or on outside the
    alliance):
    the share of its supply whose path touches the origin at any tier, highest first.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        sector (AnalyticsDependenceRankingRetrieveSector):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DependenceRanking | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        max_tiers=max_tiers,
        outside_alliance=outside_alliance,
        partner=partner,
        sector=sector,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    max_tiers: int | Unset = UNSET,
    outside_alliance: bool | Unset = UNSET,
    partner: str,
    sector: AnalyticsDependenceRankingRetrieveSector,
) -> Response[DependenceRanking | Problem]:
    """The products of a sector ranked by a partner's dependence on one country (or on outside the
    alliance):
    the share of its supply whose path touches the origin at any tier, highest first.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        sector (AnalyticsDependenceRankingRetrieveSector):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DependenceRanking | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        max_tiers=max_tiers,
        outside_alliance=outside_alliance,
        partner=partner,
        sector=sector,
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
    sector: AnalyticsDependenceRankingRetrieveSector,
) -> DependenceRanking | Problem | None:
    """The products of a sector ranked by a partner's dependence on one country (or on outside the
    alliance):
    the share of its supply whose path touches the origin at any tier, highest first.

    Args:
        country (str | Unset):
        max_tiers (int | Unset):
        outside_alliance (bool | Unset):
        partner (str):
        sector (AnalyticsDependenceRankingRetrieveSector):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DependenceRanking | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            max_tiers=max_tiers,
            outside_alliance=outside_alliance,
            partner=partner,
            sector=sector,
        )
    ).parsed
