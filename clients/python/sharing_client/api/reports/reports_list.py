from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_report_run_list_list import PaginatedReportRunListList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["ordering"] = ordering

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reports/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedReportRunListList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedReportRunListList.from_dict(response.json())

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
) -> Response[PaginatedReportRunListList | Problem]:
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
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedReportRunListList | Problem]:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedReportRunListList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedReportRunListList | Problem | None:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedReportRunListList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedReportRunListList | Problem]:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedReportRunListList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedReportRunListList | Problem | None:
    """Sector reports: every product of a sector or industrial base reviewed (concentration, chokepoints,
    dependence, coverage, allied-only output), ranked by a documented vulnerability score, under your
    visibility
    and the disclosure rule. Asking answers 202: poll the run for its progress and, when done, its
    result.

    A run is visible to its requesting partner only.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedReportRunListList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            ordering=ordering,
            page_size=page_size,
        )
    ).parsed
