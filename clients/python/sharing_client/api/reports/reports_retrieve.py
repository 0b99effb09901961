from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.report_run import ReportRun
from ...types import Response


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reports/{id}/".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReportRun:
    if response.status_code == 200:
        response_200 = ReportRun.from_dict(response.json())

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
) -> Response[Problem | ReportRun]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | ReportRun]:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportRun]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Problem | ReportRun | None:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportRun
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | ReportRun]:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportRun]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Problem | ReportRun | None:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportRun
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
