from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.progress import Progress
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    agency: str | Unset = UNSET,
    partner: str | Unset = UNSET,
    quarter: int | Unset = UNSET,
    year: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["agency"] = agency

    params["partner"] = partner

    params["quarter"] = quarter

    params["year"] = year

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/procurement/progress/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Progress:
    if response.status_code == 200:
        response_200 = Progress.from_dict(response.json())

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
) -> Response[Problem | Progress]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    partner: str | Unset = UNSET,
    quarter: int | Unset = UNSET,
    year: int | Unset = UNSET,
) -> Response[Problem | Progress]:
    """Agency progress: per partner, agency and quarter, the domestic and allied shares of purchases,
    waivers by
    reason and value, and the concentration (HHI) of purchases by channel. Needs the ``reader`` role;
    only the
    records you may see are used; reads of non-public records are audited for their owners.

    Args:
        agency (str | Unset):
        partner (str | Unset):
        quarter (int | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Progress]
    """

    kwargs = _get_kwargs(
        agency=agency,
        partner=partner,
        quarter=quarter,
        year=year,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    partner: str | Unset = UNSET,
    quarter: int | Unset = UNSET,
    year: int | Unset = UNSET,
) -> Problem | Progress | None:
    """Agency progress: per partner, agency and quarter, the domestic and allied shares of purchases,
    waivers by
    reason and value, and the concentration (HHI) of purchases by channel. Needs the ``reader`` role;
    only the
    records you may see are used; reads of non-public records are audited for their owners.

    Args:
        agency (str | Unset):
        partner (str | Unset):
        quarter (int | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Progress
    """

    return sync_detailed(
        client=client,
        agency=agency,
        partner=partner,
        quarter=quarter,
        year=year,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    partner: str | Unset = UNSET,
    quarter: int | Unset = UNSET,
    year: int | Unset = UNSET,
) -> Response[Problem | Progress]:
    """Agency progress: per partner, agency and quarter, the domestic and allied shares of purchases,
    waivers by
    reason and value, and the concentration (HHI) of purchases by channel. Needs the ``reader`` role;
    only the
    records you may see are used; reads of non-public records are audited for their owners.

    Args:
        agency (str | Unset):
        partner (str | Unset):
        quarter (int | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Progress]
    """

    kwargs = _get_kwargs(
        agency=agency,
        partner=partner,
        quarter=quarter,
        year=year,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    agency: str | Unset = UNSET,
    partner: str | Unset = UNSET,
    quarter: int | Unset = UNSET,
    year: int | Unset = UNSET,
) -> Problem | Progress | None:
    """Agency progress: per partner, agency and quarter, the domestic and allied shares of purchases,
    waivers by
    reason and value, and the concentration (HHI) of purchases by channel. Needs the ``reader`` role;
    only the
    records you may see are used; reads of non-public records are audited for their owners.

    Args:
        agency (str | Unset):
        partner (str | Unset):
        quarter (int | Unset):
        year (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Progress
    """

    return (
        await asyncio_detailed(
            client=client,
            agency=agency,
            partner=partner,
            quarter=quarter,
            year=year,
        )
    ).parsed
